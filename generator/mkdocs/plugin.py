"""The MkDocs adapter: hands the core's pages to MkDocs as generated files.

Each event hands over to one helper: the core generates the pages (on_config), pages.py
converts each shape of results page once (on_nav), dirty.py keeps unchanged pages under
`serve --dirty` (on_files), and spreadsheets are made on other processes meanwhile and
written at the end (on_post_build).

Nothing is written into ``docs_dir`` (``mkdocs serve`` would see its own output and loop);
pages reach MkDocs as ``File.generated`` objects.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..loading.load import Loaded
from ..loading.project import Project, load_project
from ..model.framework import Framework
from ..model.workbook import load_workbook
from ..outputs.exports import PendingExports
from ..outputs.pdf import render_pdfs
from ..pages import Site, SiteOptions, generate
from ..pages.branding import Branding
from ..pages.render import TEMPLATE_ROOT
from ..runtime.output_guard import inputs_of, output_problem
from ..runtime.parallel import freeze_for_good, thaw
from ..runtime.reuse import Reuse
from ..runtime.staging import mark
from ..runtime.tool_warnings import ToolWarnings
from ..runtime.work import Pooled
from ..source.build_date import build_date
from ..source.diagnostics import Diagnostics
from ..source.errors import InputError, OutputFailed
from ..source.resources import bundled_content
from .config import branding
from .dirty import DirtyWrites
from .pages import SharedHeader, SharedSidebars, SkeletonPage, fill, held, set_aside
from .serve import ProblemsInBrowser

log = logging.getLogger("mkdocs.plugins.csreview")


def _searchless(page: Page) -> bool:
    search = page.meta.get("search") or {}
    return isinstance(search, dict) and bool(search.get("exclude"))


class _KeptFile(File):
    """A generated file that an earlier rebuild of this `serve` wrote and that has not
    changed since. MkDocs, building only what changed (``--dirty``, which `csreview serve`
    turns on), leaves the copy it wrote then instead of rendering the page again."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged and super().is_modified()


class PluginConfig(base.Config):  # type: ignore[no-untyped-call]  # mkdocs is untyped here
    # Folders relative to mkdocs.yml. `csreview` passes every option explicitly, resolved
    # (see mkdocs_config.load_options); these defaults serve a plain `mkdocs build`.
    content = c.Type(str, default="")  # empty: the framework content the package carries
    reviews = c.Type(str, default="reviews")
    workbook = c.Type(str, default="")  # a workbook folder (csreview init), when building one
    audience = c.Choice(("internal", "public"), default="internal")
    strict = c.Type(bool, default=False)
    pdf = c.Type(bool, default=True)  # csreview build --no-pdf sets False
    pdf_cache = c.Type(str, default=".cache/pdf")  # CSREVIEW_PDF_CACHE overrides it


class ReviewWorkbookPlugin(BasePlugin[PluginConfig]):  # type: ignore[no-untyped-call]
    """Loads content and reviews, checks them, and adds every generated page."""

    def __init__(self) -> None:
        # The CLI checks before building and hands over what it loaded, to avoid a second load.
        self.preloaded: Loaded | None = None
        self.site: Site | None = None
        self.dirs: list[Path] = []
        self.html_blocks: dict[str, list[bytes]] = {}
        self.framework: Framework | None = None
        self.exports: PendingExports | None = None
        self.one_off = False  # a plain `build`, whose model lives to its end
        self.command: str | None = None  # from on_startup: `build`, `gh-deploy` or `serve`
        self.sidebars: SharedSidebars | None = None
        self.header: SharedHeader | None = None
        # Kept across `serve` rebuilds (a plugin with on_startup lives as long as the
        # server): the areas loaded and the pages made, reused while their inputs are
        # unchanged; and, under --dirty, what each generated file was when last written.
        self.loads = Pooled()
        self.pages = Pooled()
        self.dirty = DirtyWrites()
        self.branding = Branding()
        self.tool_warnings = ToolWarnings()  # WeasyPrint's, for the closing line

    def _project(self, config: MkDocsConfig, diags: Diagnostics) -> Project | None:
        """The project this build is of, from the plugin's options."""
        root = Path(config.config_file_path or ".").resolve().parent
        workbook = None
        if self.config.workbook:
            workbook = load_workbook(root / self.config.workbook, diags)
            if workbook is None:
                return None
            root = workbook.root
        return Project(
            root=root, workbook=workbook,
            mkdocs_file=None if workbook else Path(config.config_file_path or "mkdocs.yml"),
            content=root / self.config.content if self.config.content else bundled_content(),
            reviews=root / self.config.reviews)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        audience = self.config.audience
        diags = Diagnostics()
        project = self._project(config, diags)
        if project is not None:
            self.dirs = [*project.inputs, TEMPLATE_ROOT]
            self.branding = branding(project)
            if self.command not in (None, "serve"):  # a build replaces site_dir's contents
                folders = {"docs_dir": config.docs_dir,
                           "theme": {"custom_dir": config.theme.custom_dir}}
                refused = output_problem(Path(config.site_dir), inputs_of(project, folders))
                if refused:
                    raise PluginError(f"csreview: {refused}")
        loaded = self.preloaded
        if loaded is None:
            loaded = load_project(project, diags, audience=audience, work=self.loads) \
                if project is not None else None
            for d in diags:
                (log.error if d.severity == "error" else log.warning)(d.format())
            if loaded is None or diags.failed(self.config.strict):
                raise PluginError(f"csreview: the inputs have problems ({diags.summary()})"
                                  ) from InputError(diags)  # see mkdocs_serve
        self.framework = loaded.content.framework
        day = build_date()
        self.site = generate(loaded, SiteOptions(
            audience=audience, build_date=day, pdf=self.config.pdf, branding=self.branding),
            self.pages)
        # For the theme's banner (site_templates/overrides/main.html) on every page.
        config.extra["csreview"] = self.site.theme_extra
        if not config.nav:
            config.nav = self.site.nav
        if self.one_off:
            # The model and the pages stay alive to the end of the build. Only for a
            # one-off build: under `serve` frozen garbage would build up for good.
            freeze_for_good()
        return config

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.one_off = command == "build" and not dirty
        if command == "serve":
            self.loads, self.pages = Pooled(Reuse()), Pooled(Reuse())
            self.dirty = DirtyWrites(enabled=dirty)

    def on_nav(self, nav: Any, config: MkDocsConfig, files: Files) -> Any:
        # Results pages outside the nav: Markdown converts each shape of page once (see
        # pages.py). Pages in the nav keep the objects the nav holds.
        in_nav = {id(page) for page in nav.pages}
        shapes: dict[str, Any] = {}
        outside = set()
        for file in files.documentation_pages():
            if (file.generated_by and file.src_uri.startswith("areas/")
                    and id(file.page) not in in_nav):
                SkeletonPage(file, config, shapes)
                outside.add(file.src_uri)
        self.sidebars = SharedSidebars(nav, config, outside)
        self.header = SharedHeader(self.sidebars)
        return nav

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        env.globals["csreview_sidebars"] = self.sidebars  # see overrides/main.html
        env.globals["csreview_header"] = self.header
        return env

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.site is not None
        root = Path(config.config_file_path or ".").resolve().parent
        cache = root / (os.environ.get("CSREVIEW_PDF_CACHE") or self.config.pdf_cache)
        assert self.framework is not None
        self.dirty.rebuild(self._surroundings(config))
        site_dir = Path(config.site_dir)
        pdf_jobs = [job for job in self.site.pdf_jobs
                    if not self.dirty.kept(job.path, job, [site_dir / job.path])]
        try:
            pdfs = render_pdfs(pdf_jobs, cache, warnings=self.tool_warnings)
        except OutputFailed as exc:
            raise PluginError(f"csreview: {exc}") from exc
        # Spreadsheets are made on other processes while MkDocs converts and renders pages,
        # and written into the site once it has: no page needs them to be built. They start
        # after the PDFs, which use every core anyway, so the PDF workers are forked while
        # no pool thread runs (see parallel.fork_is_safe).
        export_jobs = [job for job in self.site.export_jobs if not self.dirty.kept(
            job.base, job, [site_dir / f"{job.base}.{kind}" for kind in ("xlsx", "csv")])]
        self.exports = PendingExports(export_jobs, self.framework, cache.parent / "exports")
        # Left as they are in the site folder; MkDocs is told so and never reads them.
        kept_pdfs = {job.path: b"" for job in self.site.pdf_jobs if job.path not in pdfs}
        kept = 0  # results pages
        for path, content in [*self.site.files.items(), *pdfs.items(), *kept_pdfs.items()]:
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            # Explicitly included: MkDocs excludes docs under /templates/ by default, and
            # that is where the blank sheets live.
            file = _KeptFile.generated(config, path, content=content,
                                       inclusion=InclusionLevel.INCLUDED)
            assert isinstance(file, _KeptFile)
            if path in kept_pdfs:
                file.unchanged = True
            elif path in self.site.unsearched:
                file.unchanged = self.dirty.kept(path, content, [Path(file.abs_dest_path)])
                kept += file.unchanged
            files.append(file)
        if kept:
            log.info(f"csreview: {kept} of {len(self.site.unsearched)} results pages are"
                     " unchanged since the last rebuild: left as they were")
        # MkDocs holds the pages from here on; letting go of ours halves peak memory.
        self.site.files.clear()
        return files

    def _surroundings(self, config: MkDocsConfig) -> list[Path]:
        """What every page carries besides its own content (see DirtyWrites.rebuild): the
        inputs of the nav and site name, the theme and its overrides, and mkdocs.yml.
        Reviews are left out: they are reused area by area instead."""
        reviews = self.dirs[1]  # see on_config
        found = [p for p in self.dirs if p != reviews]
        found.append(Path(config.docs_dir))
        if config.theme.custom_dir:  # this project's theme overrides
            found.append(Path(config.theme.custom_dir))
        if config.config_file_path:
            found.append(Path(config.config_file_path))
        return found

    def on_page_markdown(self, markdown: str, page: Page, **kwargs: Any) -> str:
        # Finished HTML blocks are set aside so Markdown need not parse them: the output is
        # the same, and parsing them was most of the cost of a large build. They go back in
        # only when the page is rendered (_fill): MkDocs converts every page before it
        # writes any, so holding them finished costs less memory than holding them rendered.
        markdown, blocks = set_aside(markdown)
        if blocks:
            self.html_blocks[page.file.src_uri] = held(blocks)
        if page.file.generated_by:
            # Read once, never again: MkDocs would otherwise keep every page's source.
            page.file.content_string = ""
        return markdown

    @event_priority(100)  # before any other plugin reads the page's HTML
    def _fill_early(self, /, context: Any, page: Page, **kwargs: Any) -> Any:
        if not _searchless(page):
            self._fill(page)
        return context

    @event_priority(-100)
    def _fill_late(self, /, context: Any, page: Page, **kwargs: Any) -> Any:
        # A page the search leaves out is filled after the search plugin has run: it
        # would otherwise scan the whole page with a regular expression for nothing.
        self._fill(page)
        return context

    on_page_context = CombinedEvent(_fill_early, _fill_late)

    def _fill(self, page: Page) -> None:
        blocks = self.html_blocks.pop(page.file.src_uri, None)
        if blocks is not None and page.content is not None:
            page.content = fill(page.content, blocks)

    def on_post_page(self, output: str, page: Page, **kwargs: Any) -> str:
        page.content = None  # written; the anchors were noted when it was made
        return output

    def on_post_build(self, config: MkDocsConfig) -> None:
        thaw()  # a caller that builds again in this process collects as usual
        site_dir = Path(config.site_dir)
        if self.exports is not None:
            for path, data in self.exports.result().items():
                target = site_dir / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            self.exports = None
        self.dirty.finish()
        if self.command not in (None, "serve"):
            mark(site_dir, f"mkdocs {self.command}")

    def on_build_error(self, error: Exception) -> None:
        thaw()
        if self.exports is not None:
            self.exports.cancel()
            self.exports = None

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        ProblemsInBrowser(server, Path(config.site_dir), config.site_name)
        for folder in self.dirs:
            if folder.exists():
                server.watch(str(folder))
        return server
