"""The Jinja environment that turns the model into page text, with autoescape on."""

from __future__ import annotations

import functools
import html
import json
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..model.framework import Framework
from ..model.ratings import overall_name, overall_parts
from ..source.resources import site_templates
from ..views.action_plan import by_finding
from .markdown import render_inline, render_markdown

TEMPLATE_ROOT = site_templates()
TEMPLATES = TEMPLATE_ROOT / "pages"


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|~"})


def md_escape(text: str) -> str:
    """Text typed by users, made literal for a Markdown context such as a heading."""
    return text.translate(_MD_SPECIAL)


def front_matter_value(text: str) -> Markup:
    """A page title or description for YAML front matter, HTML-escaped first: themes print
    them as raw HTML in <title> and meta tags, and ours hold names typed by users."""
    return Markup(json.dumps(html.escape(str(text)), ensure_ascii=False))


HTML_BLOCK_START = "<!--csr:html-->"
HTML_BLOCK_END = "<!--/csr:html-->"


def html_block(rendered: str) -> Markup:
    """Mark a block of finished HTML in a Markdown page. Markdown passes it through as raw
    HTML either way; the MkDocs plugin uses the marks to skip parsing it, which is most of
    the cost of building a large results page."""
    return Markup(f"{HTML_BLOCK_START}\n{rendered.strip()}\n{HTML_BLOCK_END}")


# Both are called for every rating and date on every results page, with few distinct
# arguments: cached, since a national build makes millions of them.
@functools.lru_cache(maxsize=8192)
def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


_BADGES: dict[tuple[int, str | None, str | None], tuple[Framework, Markup]] = {}


def rating_badge(fw: Framework, overall: str | None, *, label: str | None = None) -> Markup:
    """A rating as symbol and word, never colour alone; pairs show both parts."""
    # Keyed by the framework's identity: hashing the framework itself costs more than
    # making the badge. The framework is kept with it, so a reused id cannot mislead.
    key = (id(fw), overall, label)
    cached = _BADGES.get(key)
    if cached is not None and cached[0] is fw:
        return cached[1]
    badge = _make_badge(fw, overall, label)
    _BADGES[key] = (fw, badge)
    return badge


def _make_badge(fw: Framework, overall: str | None, label: str | None) -> Markup:
    if overall is None:
        return Markup('<span class="csr-rating csr-rating--none">Not stated</span>')
    parts = overall_parts(overall)
    marks = "".join(fw.rating(p).symbol for p in parts)
    words = escape(label or overall_name(fw, overall))
    css = "-".join(parts)
    return Markup(
        f'<span class="csr-rating csr-rating--{css}">'
        f'<span class="csr-rating__mark" aria-hidden="true">{marks}</span> {words}</span>'
    )


def not_reviewed() -> Markup:
    return Markup(
        '<span class="csr-rating csr-rating--none">'
        '<span class="csr-rating__mark" aria-hidden="true">–</span> Not reviewed</span>'
    )


@functools.lru_cache(maxsize=4)
def environment(template_dir: Path = TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        # Page macros (the grid, targets) are shared: other folders fall back to pages/.
        loader=jinja2.FileSystemLoader([template_dir, TEMPLATES]),
        autoescape=True,  # every page, including .md templates: names go into HTML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = render_markdown
    env.filters["md_inline"] = render_inline
    env.filters["long_date"] = long_date
    env.filters["mdesc"] = md_escape
    env.filters["meta"] = front_matter_value
    env.filters["html_block"] = html_block
    env.filters["by_finding"] = by_finding
    env.globals["not_reviewed"] = not_reviewed
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
