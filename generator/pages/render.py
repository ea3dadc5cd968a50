"""The Jinja environment that turns the model into page text, with autoescape on."""

from __future__ import annotations

import functools
import html
import json
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..source.resources import site_templates
from ..views.action_plan import by_finding
from .fragments import FILTERS, long_date, not_reviewed
from .grid import FILTERS as GRID_FILTERS
from .grid import GLOBALS
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
    env.filters.update(FILTERS)
    env.filters.update(GRID_FILTERS)
    env.globals["not_reviewed"] = not_reviewed
    env.globals.update(GLOBALS)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
