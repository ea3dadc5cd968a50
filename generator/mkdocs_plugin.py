"""The MkDocs adapter: serves the core's pages as generated files. No logic of its own.

Nothing is written into ``docs_dir`` (``mkdocs serve`` would see its own output and loop);
pages reach MkDocs as ``File.generated`` objects.
"""

from __future__ import annotations

import logging
import os
import re
import zlib
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .build_date import build_date
from .diagnostics import Diagnostics
from .exports import PendingExports
from .framework import Framework
from .loading import Loaded, load_all
from .mkdocs_parallel import PageSplit, split_pages
from .pages import Site, SiteOptions, generate
from .pdf import render_pdfs
from .render import HTML_BLOCK_END, HTML_BLOCK_START

log = logging.getLogger("mkdocs.plugins.csreview")

_PLACEHOLDER = "CSRHTMLBLOCK"
_PACKED = "<!-- csreview: this page's HTML is held compressed until it is written -->"
_OPEN, _CLOSE = f"{HTML_BLOCK_START}\n", f"\n{HTML_BLOCK_END}"


def _searchless(page: Page) -> bool:
    search = page.meta.get("search") or {}
    return isinstance(search, dict) and bool(search.get("exclude"))


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


TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"


class PluginConfig(base.Config):  # type: ignore[no-untyped-call]  # mkdocs is untyped here
    content = c.Type(str, default="content")
    reviews = c.Type(str, default="reviews")
    audience = c.Choice(("internal", "public"), default="internal")
    strict = c.Type(bool, default=False)
    pdf = c.Type(bool, default=True)  # csreview build --no-pdf sets False; or CSREVIEW_NO_PDF=1
    pdf_cache = c.Type(str, default=".cache/pdf")  # relative to mkdocs.yml; CSREVIEW_PDF_CACHE


class ReviewWorkbookPlugin(BasePlugin[PluginConfig]):  # type: ignore[no-untyped-call]
    """Loads content and reviews, checks them, and adds every generated page."""

    def __init__(self) -> None:
        # The CLI checks before building and hands over what it loaded, to avoid a second load.
        self.preloaded: Loaded | None = None
        self.pregenerated: Site | None = None
        self.site: Site | None = None
        self.dirs: list[Path] = []
        self.html_blocks: dict[str, list[str]] = {}
        self.packed: dict[str, bytes] = {}
        self.framework: Framework | None = None
        self.exports: PendingExports | None = None
        self.may_split = False  # only a plain `build` may fork (see mkdocs_parallel)
        self.nav: Any = None
        self.split: PageSplit | None = None

    def _paths(self, config: MkDocsConfig) -> tuple[Path, Path]:
        root = Path(config.config_file_path or ".").resolve().parent
        reviews = os.environ.get("CSREVIEW_REVIEWS") or self.config.reviews
        return root / self.config.content, root / reviews

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        audience = os.environ.get("CSREVIEW_AUDIENCE") or self.config.audience
        content_dir, reviews_dir = self._paths(config)
        self.dirs = [content_dir, reviews_dir, TEMPLATES]
        loaded = self.preloaded
        if loaded is None:
            diags = Diagnostics()
            loaded = load_all(content_dir, reviews_dir, diags, audience=audience)
            for d in diags:
                (log.error if d.severity == "error" else log.warning)(d.format())
            if loaded is None or diags.failed(self.config.strict):
                raise PluginError(f"csreview: the inputs have problems ({diags.summary()})")
        self.framework = loaded.content.framework
        day = build_date()
        pdf = self.config.pdf and not os.environ.get("CSREVIEW_NO_PDF")
        self.site = self.pregenerated or generate(
            loaded, SiteOptions(audience=audience, build_date=day, pdf=pdf))
        # For the theme's banner (site_templates/overrides/main.html) on every page.
        config.extra["csreview"] = self.site.theme_extra
        if not config.nav:
            config.nav = self.site.nav
        return config

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.may_split = command == "build" and not dirty

    def on_nav(self, nav: Any, config: MkDocsConfig, files: Files) -> Any:
        self.nav = nav
        return nav

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        # Every page is read and converted by now: share the rendering of the results pages
        # the search leaves out with a second process (see mkdocs_parallel).
        if self.may_split:
            share = [f for f in files.documentation_pages()
                     if f.page is not None and f.src_uri.startswith("areas/")
                     and _searchless(f.page)]
            self.split = split_pages(files, config, self.nav, env, share)
        return env

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.site is not None
        root = Path(config.config_file_path or ".").resolve().parent
        cache = root / (os.environ.get("CSREVIEW_PDF_CACHE") or self.config.pdf_cache)
        assert self.framework is not None
        # Spreadsheets are made on other processes while MkDocs renders pages, and written
        # into the site once it has: no page needs them to be built.
        self.exports = PendingExports(self.site.export_jobs, self.framework,
                                      cache.parent / "exports")
        try:
            pdfs = render_pdfs(self.site.pdf_jobs, cache)
        except RuntimeError as exc:
            self.exports.cancel()
            raise PluginError(f"csreview: {exc}") from exc
        for path, content in [*self.site.files.items(), *pdfs.items()]:
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            # Explicitly included: MkDocs excludes docs under /templates/ by default, and
            # that is where the blank sheets live.
            files.append(File.generated(config, path, content=content,
                                        inclusion=InclusionLevel.INCLUDED))
        # MkDocs holds the pages from here on; letting go of ours halves peak memory.
        self.site.files.clear()
        return files

    def on_page_markdown(self, markdown: str, page: Page, **kwargs: Any) -> str:
        # Finished HTML blocks are set aside so Markdown need not parse them: the output is
        # the same, and parsing them was most of the cost of a large build.
        markdown, blocks = set_aside(markdown)
        if blocks:
            self.html_blocks[page.file.src_uri] = blocks
        if page.file.generated_by:
            # Read once, never again: MkDocs would otherwise keep every page's source.
            page.file.content_string = ""
        return markdown

    def on_page_content(self, html: str, page: Page, **kwargs: Any) -> str:
        blocks = self.html_blocks.pop(page.file.src_uri, None)
        if blocks:
            html = re.sub(rf"<p>{_PLACEHOLDER}(\d+)</p>", lambda m: blocks[int(m.group(1))],
                          html)
        # MkDocs turns every page into HTML before it writes any, so a national build held
        # them all (over a gigabyte). Each is kept compressed until its turn to be written.
        self.packed[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
        return _PACKED

    @event_priority(100)  # before any other plugin reads the page's HTML
    def _unpack_early(self, /, context: Any, page: Page, **kwargs: Any) -> Any:
        if not _searchless(page):
            self._unpack(page)
        return context

    @event_priority(-100)
    def _unpack_late(self, /, context: Any, page: Page, **kwargs: Any) -> Any:
        # A page the search leaves out is unpacked after the search plugin has run: it
        # would otherwise scan the whole page with a regular expression for nothing.
        self._unpack(page)
        return context

    on_page_context = CombinedEvent(_unpack_early, _unpack_late)

    def _unpack(self, page: Page) -> None:
        packed = self.packed.pop(page.file.src_uri, None)
        if self.split is not None and self.split.is_elsewhere(page.file.src_uri):
            return  # rendered by the second process; here only its stand-in
        if packed is not None:
            page.content = zlib.decompress(packed).decode("utf-8")

    def on_post_page(self, output: str, page: Page, **kwargs: Any) -> str:
        page.content = None  # written; the anchors were noted when it was made
        return output

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.split is not None:
            split, self.split = self.split, None
            try:
                split.finish()
            except RuntimeError as exc:
                raise PluginError(f"csreview: {exc}") from exc
        if self.exports is None:
            return
        site_dir = Path(config.site_dir)
        for path, data in self.exports.result().items():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        self.exports = None

    def on_build_error(self, error: Exception) -> None:
        if self.split is not None:
            self.split.abandon()
            self.split = None
        if self.exports is not None:
            self.exports.cancel()
            self.exports = None

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        for folder in self.dirs:
            if folder.exists():
                server.watch(str(folder))
        return server
