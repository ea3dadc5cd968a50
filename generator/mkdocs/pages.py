"""Results pages as MkDocs sees them: finished HTML set aside, Markdown run once per shape.

A results page is mostly finished HTML between markers (``render.html_block``). Before
Markdown runs, the plugin sets those blocks aside (``set_aside``) and Markdown sees only a
skeleton: headings and numbered placeholders. Thousands of review pages of a national build
share one skeleton, since they differ only inside their blocks, yet MkDocs made a new
Markdown converter for each page and ran it: a quarter of the build. ``SkeletonPage``
converts a skeleton the first time it is seen, in MkDocs' own way, and gives every later
page of the same skeleton that result. A skeleton with links or raw HTML, whose conversion
depends on the page it is on, is converted for each page as usual.

The blocks go back in (``fill``) when the page is rendered, on whichever process renders it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

from ..pages.render import HTML_BLOCK_END, HTML_BLOCK_START

_PLACEHOLDER = "CSRHTMLBLOCK"
_OPEN, _CLOSE = f"{HTML_BLOCK_START}\n", f"\n{HTML_BLOCK_END}"
_FILLED = re.compile(rf"<p>{_PLACEHOLDER}(\d+)</p>")


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """Replace each finished HTML block (its markers on lines of their own) with a numbered
    placeholder paragraph; return the Markdown and the blocks. A scan with str.find, since
    a regular expression for this cost a millisecond a page on large pages."""
    out: list[str] = []
    blocks: list[str] = []
    pos = 0
    while (start := markdown.find(_OPEN, pos)) >= 0:
        if start and markdown[start - 1] != "\n":  # not on a line of its own: leave it be
            out.append(markdown[pos:start + 1])
            pos = start + 1
            continue
        end = markdown.find(_CLOSE, start + len(_OPEN))
        while end >= 0 and markdown[end + len(_CLOSE):end + len(_CLOSE) + 1] not in ("", "\n"):
            end = markdown.find(_CLOSE, end + 1)
        if end < 0:
            break
        out.append(markdown[pos:start])
        blocks.append(markdown[start + len(_OPEN):end])
        out.append(f"\n\n{_PLACEHOLDER}{len(blocks) - 1}\n\n")
        pos = end + len(_CLOSE)
    out.append(markdown[pos:])
    return "".join(out), blocks


def held(blocks: list[str]) -> list[bytes]:
    """Blocks as they wait to be filled in: as UTF-8. As str, one symbol beyond Latin-1
    (● ◐ ○, —) makes a whole block take two bytes a character, and a national build holds
    the blocks of thousands of pages at once (1.7 GB at peak rather than 1.3)."""
    return [block.encode("utf-8") for block in blocks]


def fill(html: str, blocks: list[bytes]) -> str:
    """The converted skeleton with each placeholder paragraph replaced by its block."""
    return _FILLED.sub(lambda m: blocks[int(m.group(1))].decode("utf-8"), html)


def portable(skeleton: str) -> bool:
    """Whether converting this Markdown gives the same HTML on any page. MkDocs rewrites
    links and images for the page they are on, and raw HTML may hold either; both need a
    ``[`` or a ``<``. Headings, placeholders and plain text convert alike everywhere."""
    return "[" not in skeleton and "<" not in skeleton


@dataclass(frozen=True)
class _Converted:
    content: str
    toc: Any
    anchors: frozenset[str]
    links: Any


class SkeletonPage(Page):
    """A page not in the nav whose skeleton, when portable, is converted once per build
    (``shapes`` is that build's record, shared by its pages)."""

    def __init__(self, file: Any, config: Any, shapes: dict[str, _Converted]) -> None:
        super().__init__(None, file, config)
        self._shapes = shapes

    def render(self, config: Any, files: Any) -> None:
        skeleton = self.markdown or ""
        if not portable(skeleton):
            super().render(config, files)
            return
        done = self._shapes.get(skeleton)
        if done is None:
            super().render(config, files)
            assert self.content is not None
            self._shapes[skeleton] = _Converted(
                self.content, self.toc, frozenset(self.present_anchor_ids or ()),
                self.links_to_anchors)
            return
        # What MkDocs' render sets (compat.RENDERED). Its title from a first heading does
        # not count here: every generated page names its title in its front matter.
        self.content = done.content
        self.toc = done.toc
        self.present_anchor_ids = set(done.anchors)
        self.links_to_anchors = done.links


_INDENT = re.compile(r"\n[ \t]+")


def _unindented(sidebars: str) -> Markup:
    """The sidebars without the theme's indentation: a third of their bytes, on every
    page. They hold no <pre>, where spaces would count."""
    return Markup(_INDENT.sub("\n", sidebars))


class SharedSidebars:
    """Material's sidebars (the site nav and the page's table of contents) for a page
    outside the nav depend only on where its links lead and on its table of contents;
    thousands of review pages share both. ``site_templates/overrides/main.html`` calls
    this around Material's own block, which renders once for each such pair. The nav was
    half the time of rendering a results page."""

    def __init__(self, nav: Any, config: Any, outside: set[str]) -> None:
        self.outside = outside
        # Every address the sidebars turn into a link relative to the page.
        urls = [item.url for item in _nav_items(nav.items) if getattr(item, "url", None)]
        urls += [config.extra.get("homepage") or "", config.theme.get("logo") or ""]
        if nav.homepage is not None:
            urls.append(nav.homepage.url)
        self.urls = urls
        self.made: dict[tuple[Any, ...], Any] = {}  # as the template's caller gave it
        # The page last asked about and its links: its header asks first (SharedHeader).
        self._last: tuple[Any, tuple[str, ...]] | None = None

    def __call__(self, page: Any, caller: Any) -> Any:
        key = self._key(page)
        if key is None:
            return _unindented(caller())
        made = self.made.get(key)
        if made is None:
            made = self.made[key] = _unindented(caller())
        return made

    def _key(self, page: Any) -> tuple[Any, ...] | None:
        if page is None or page.file.src_uri not in self.outside:
            return None  # in the nav: marked active, with its own entries
        toc = _toc_key(page.toc)
        if toc is None:
            return None
        return (self.links(page), toc, repr(page.meta.get("hide")))

    def links(self, page: Any) -> tuple[str, ...]:
        """Where every link the theme draws around a page leads, from that page."""
        if self._last is not None and self._last[0] is page:
            return self._last[1]
        links = tuple(normalize_url(url, page) for url in self.urls)
        self._last = (page, links)
        return links


# Material's header names the page in its second topic; nothing else in it is the page's own.
_TOPIC = re.compile(r'(data-md-component="header-topic">\s*<span class="md-ellipsis">\s*)'
                    r"(.*?)(\s*</span>)", re.DOTALL)


class SharedHeader:
    """Material's header, for a page outside the nav, depends only on where its links lead
    and on the page's title; ``site_templates/overrides/main.html`` calls this around
    Material's own block. It is rendered once for each set of links and given each page's
    title: a third of rendering the theme around a results page. A header whose title is
    not found where Material writes it is rendered for each page, as it would be anyway."""

    def __init__(self, sidebars: SharedSidebars) -> None:
        self.sidebars = sidebars
        self.made: dict[tuple[str, ...], tuple[str, str]] = {}

    def __call__(self, page: Any, caller: Any) -> Any:
        if page is None or page.file.src_uri not in self.sidebars.outside:
            return caller()
        title = str((page.meta or {}).get("title") or page.title or "")
        key = self.sidebars.links(page)
        made = self.made.get(key)
        if made is not None:
            return Markup(f"{made[0]}{title}{made[1]}")  # noqa: S704 - as Material prints it
        header = caller()
        topic = _TOPIC.search(header)
        if topic is not None and topic.group(2) == title and title:
            self.made[key] = (header[:topic.start(2)], header[topic.end(2):])
        return header


def _nav_items(items: list[Any]) -> list[Any]:
    out = []
    for item in items:
        out.append(item)
        out += _nav_items(getattr(item, "children", None) or [])
    return out


def _toc_key(toc: Any) -> tuple[Any, ...] | None:
    """The table of contents as plain values; None when an entry carries more than
    MkDocs' own fields (a plugin's typeset title), which the key would not show."""
    out = []
    for item in toc:
        if getattr(item, "typeset", None):
            return None
        children = _toc_key(item.children)
        if children is None:
            return None
        out.append((item.level, item.id, item.title, children))
    return tuple(out)
