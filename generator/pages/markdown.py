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


# Characters that may start Markdown syntax (or an entity) anywhere in a line, and the
# first characters a plain sentence may have.
_SYNTAX = frozenset("\\`*_[]<>&!~\n\r\t\x00")
_PLAIN_START = frozenset("(\"'‘“")


def _plain_paragraph(text: str) -> str | None:
    """The HTML markdown-it gives a single plain sentence, without running it: most text
    fields are one such sentence, and a national build renders hundreds of thousands."""
    if not text or text[-1].isspace() or not (text[0].isalpha() or text[0] in _PLAIN_START):
        return None
    if not _SYNTAX.isdisjoint(text):
        return None
    return "<p>" + text.replace('"', "&quot;") + "</p>"


@functools.lru_cache(maxsize=4096)
def render_markdown(text: str) -> Markup:
    """HTML for a text field; safe to place in a page as it is."""
    html = _plain_paragraph(text) or _renderer().render(text)
    return Markup(html.strip())  # noqa: S704 - html=False: markdown-it escapes all raw HTML


@functools.lru_cache(maxsize=4096)
def render_inline(text: str) -> Markup:
    """Like ``render_markdown`` for one line, without the wrapping paragraph."""
    plain = _plain_paragraph(text)
    html = plain[3:-4] if plain else _renderer().renderInline(text)
    return Markup(html)  # noqa: S704
