"""Render Markdown typed into review files, safely.

Review text comes from people outside the project's control, so raw HTML is shown as text,
images are not rendered (an image URL would make readers' browsers call another host), and
only http, https, mailto and relative links survive.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markupsafe import Markup

SAFE_SCHEMES = {"http", "https", "mailto"}


def _safe_link(url: str) -> bool:
    cleaned = "".join(ch for ch in url if ch.isprintable() and not ch.isspace())
    scheme = urlsplit(cleaned).scheme.lower()
    if scheme:
        return scheme in SAFE_SCHEMES
    # No scheme: relative links only; "//host/path" would leave the site.
    return not cleaned.startswith("//") and ":" not in cleaned.split("/")[0]


@functools.lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    md.validateLink = _safe_link  # type: ignore[method-assign]
    return md


@functools.lru_cache(maxsize=4096)
def render_markdown(text: str) -> Markup:
    """HTML for a text field; safe to place in a page as it is."""
    html = _renderer().render(text)
    return Markup(html.strip())  # noqa: S704 - html=False: markdown-it escapes all raw HTML


def render_inline(text: str) -> Markup:
    """Like ``render_markdown`` for one line, without the wrapping paragraph."""
    html = _renderer().renderInline(text)
    return Markup(html)  # noqa: S704
