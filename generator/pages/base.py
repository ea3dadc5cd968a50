"""The output of generation: files by docs path, the nav, and the options that shape them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..model.resolved import Area, Review
from ..views.progress import NO_PROGRESS, Progress
from .branding import Branding

if TYPE_CHECKING:  # only a type here; the workbook's module is loaded where it is written
    from ..views.recording import Recording


@dataclass(frozen=True)
class SiteOptions:
    audience: str = "internal"
    build_date: date = field(default_factory=date.today)
    # PDFs are slow to make; with False no PdfJob is queued and no page links to a PDF.
    pdf: bool = True
    # A workbook's own logo and colour; the bundled site has none.
    branding: Branding = field(default_factory=Branding)


@dataclass(frozen=True)
class PdfJob:
    """One PDF to make: where it goes (``templates/target.pdf``) and the standalone HTML
    document it is printed from. The core stays free of WeasyPrint; adapters render jobs."""

    path: str
    html: str
    title: str


@dataclass(frozen=True)
class ExportJob:
    """The spreadsheets of one action plan (``<base>.xlsx`` and ``<base>.csv``). Like PDFs
    they are bytes no page needs in order to be built, so adapters make them — the MkDocs
    plugin while MkDocs renders pages, on the core that rendering leaves idle."""

    base: str  # areas/<area>/<date>/action-plan
    area: Area  # without its reviews: only its name and id are used
    review: Review
    options: SiteOptions
    show_leads: bool
    progress: Progress = NO_PROGRESS  # reported on the review's actions since


@dataclass(frozen=True)
class PlanExport:
    """An ``ExportJob`` as an area's pages queue it, naming the review by its place in the
    area. Pages are made on other processes, and sending each review back whole cost a
    third as much as making its pages (a national review: 55 KB, 3 ms to pickle and read
    back) and held it twice; the build binds each to its own copy of the review
    (``pages.areas.add_pages``)."""

    base: str
    review: int  # index in the area's reviews
    show_leads: bool
    progress: Progress = NO_PROGRESS


@dataclass(frozen=True)
class WorkbookJob:
    """A recording workbook (``<base>.xlsx``): the blank one, or an area's next review
    pre-filled (internal builds only: it holds the whole review). Made like the action
    plans' spreadsheets, while MkDocs renders pages, and cached."""

    base: str  # templates/recording-workbook, areas/<area>/next-review
    recording: Recording


@dataclass
class Site:
    """Every generated file by docs path (``areas/example/index.md``) and the nav."""

    # Pages are held as UTF-8: as str, one symbol beyond Latin-1 (● ◐ ○) makes a page take
    # two bytes a character, and a national build holds thousands of pages at once.
    files: dict[str, bytes] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)
    site_name: str = ""
    pdf_jobs: list[PdfJob] = field(default_factory=list)
    export_jobs: list[ExportJob | WorkbookJob] = field(default_factory=list)
    # An area's action plans to export, until the build binds them to its reviews.
    plan_exports: list[PlanExport] = field(default_factory=list)
    # What the theme needs to know on every page (the audience banner); config `extra`.
    theme_extra: dict[str, str] = field(default_factory=dict)
    # Pages the search index leaves out (a national build's results pages): no other
    # page's output depends on them, so `serve` rebuilds one only when it changed.
    unsearched: set[str] = field(default_factory=set)

    def merge(self, other: Site) -> None:
        """Take in the files and PDF jobs of a part made separately (e.g. in a worker)."""
        for path, content in other.files.items():
            self.add(path, content, searched=path not in other.unsearched)
        self.pdf_jobs.extend(other.pdf_jobs)
        self.export_jobs.extend(other.export_jobs)

    def add(self, path: str, content: str | bytes, *, searched: bool = True) -> None:
        if path in self.files:
            raise ValueError(f"two pages want the same path: {path}")
        self.files[path] = content.encode("utf-8") if isinstance(content, str) else content
        if not searched:
            self.unsearched.add(path)

    def text(self, path: str) -> str:
        """A page's Markdown source."""
        return self.files[path].decode("utf-8")
