"""Spreadsheet exports of an action plan: ``.xlsx`` for people, ``.csv`` for other tools.

Rows follow ``plan_items`` (the order of the action plan page) and carry the identifiers of the
review file, so a partnership can filter, sort and annotate the plan in a spreadsheet at its
governance meetings and still find each action in the file. Both are pure bytes from the
model; the same inputs always give the same bytes (the xlsx is dated by the build date).
"""

from __future__ import annotations

import functools
import pickle
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.framework import Framework
from ..model.resolved import Area, Review
from ..runtime.parallel import Background, background_map
from ..views.action_plan import plan_items
from ..views.progress import NO_PROGRESS, Progress
from . import xlsx
from .filecache import FileCache, digest

if TYPE_CHECKING:  # generator.pages imports this module: a runtime import would be circular
    from ..pages.base import ExportJob, SiteOptions, WorkbookJob

Cell = xlsx.Cell

# Columns whose text is long enough to wrap rather than widen the column.
WRAPPED = {"Finding", "Action", "Note", "Update note"}
# After the review's own record: the latest progress reported at a meeting since.
PROGRESS_COLUMNS = ["Status now", "Due now", "Reported on", "Reported at", "Update note"]
MIN_WIDTH, MAX_WIDTH = 8, 60
# A spreadsheet treats a CSV cell starting with one of these as a formula (CSV injection);
# a leading apostrophe makes it text, as OWASP recommends.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What makes a CSV field need quotes.
_QUOTED = re.compile('[,"\r\n]').search
# What str.splitlines splits at.
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]").search


@dataclass(frozen=True)
class PlanTable:
    header: list[str]
    rows: list[list[Cell]]


def plain(text: str | None) -> str:
    """Markdown source as one cell: soft line breaks become spaces (as Markdown reads them);
    paragraph breaks and list items keep a line of their own."""
    if not text:
        return ""
    if not _LINE_BREAK(text):  # one line, as most cells are: nothing to join
        return text.strip()
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for line in paragraph.splitlines():
            stripped = line.strip()
            if lines and not re.match(r"([-*+]|\d+[.)])\s", stripped):
                lines[-1] += " " + stripped
            else:
                lines.append(stripped)
        out.append("\n".join(lines))
    return "\n".join(out)


def plan_table(area: Area, review: Review, fw: Framework, options: SiteOptions,
               *, show_leads: bool, progress: Progress = NO_PROGRESS) -> PlanTable:
    """One row per action, most urgent first, as on the action plan page. "Due",
    "Status" and "Note" are the review's; the progress columns say what is true now."""
    internal = options.audience != "public"
    header = ["Order", "Where", "Domain", "Level", "System point", "Finding rating",
              "Finding", "Goal", "Action", "Action id"]
    header += ["Lead"] if show_leads else []
    header += ["Agency", "Due", "Status", "Overdue", "Note", *PROGRESS_COLUMNS]
    header += ["Internal"] if internal else []
    level_short = {lv.id: lv.short for lv in fw.levels}
    rows: list[list[Cell]] = []
    for number, item in enumerate(plan_items(review, fw, options.build_date, progress), 1):
        a, report = item.action, item.report
        row: list[Cell] = [
            number, item.where, fw.name("domains", item.point.domain),
            level_short[item.point.level], fw.name("system_points", item.point.point),
            fw.name("ratings", item.finding.rating), plain(item.finding.text),
            fw.name("goals", item.goal), plain(a.text), a.id or "",
        ]
        row += [a.lead or ""] if show_leads else []
        row += [a.agency or "", a.due, fw.name("statuses", a.status),
                "Yes" if item.overdue else "No", plain(a.note),
                fw.name("statuses", item.status), item.due,
                report.date if report else None, (report.meeting or "") if report else "",
                plain(report.entry.note) if report else ""]
        row += ["Yes" if (a.internal or item.finding.internal) else "No"] if internal else []
        rows.append(row)
    return PlanTable(header, rows)


def action_plan_csv(area: Area, review: Review, fw: Framework, options: SiteOptions,
                    *, show_leads: bool, table: PlanTable | None = None) -> bytes:
    """``table``, when given, is this plan's ``plan_table`` made already."""
    table = table or plan_table(area, review, fw, options, show_leads=show_leads)
    # Written here rather than by csv.writer, in the same dialect (commas, CRLF, a field
    # quoted only when it holds a comma, a quote or a line break, quotes doubled): the
    # module took 1.8 of the 10 ms an action plan's exports cost (measured on 1 December
    # 2026). tests/test_csv.py holds the two to the same bytes on random tables.
    header = ",".join(map(_quoted, table.header))  # our own column names: no formulas
    lines = [header, *map(_csv_line, table.rows), ""]
    # The byte-order mark makes Excel read the file as UTF-8 rather than a legacy code page.
    return ("\ufeff" + "\r\n".join(lines)).encode("utf-8")


def _csv_line(row: Sequence[Cell]) -> str:
    # Most cells are text that needs neither quotes nor a guard against formulas.
    return ",".join([v if type(v) is str and not _QUOTED(v) and not v.startswith(FORMULA_START)
                     else _csv_field(v) for v in row])


def _csv_field(value: Cell) -> str:
    return _quoted(_csv_cell(value))


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if _QUOTED(text) else text


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_START) else text


def action_plan_xlsx(area: Area, review: Review, fw: Framework, options: SiteOptions,
                     *, show_leads: bool, table: PlanTable | None = None) -> bytes:
    """``table``, when given, is this plan's ``plan_table`` made already. Every string is
    written as text: nothing typed into a review becomes a formula, number or link, even
    when it starts with "=" (generator.xlsx writes no formulas at all)."""
    table = table or plan_table(area, review, fw, options, show_leads=show_leads)
    day = options.build_date
    # Dated by the build, not the clock, so rebuilds give identical bytes.
    return xlsx.workbook(
        plan_sheets(area, review, options, table),
        title=f"Action plan: {area.name}, {review.date.isoformat()}", author="csreview",
        created=datetime(day.year, day.month, day.day))


def plan_sheets(area: Area, review: Review, options: SiteOptions, table: PlanTable
                ) -> list[xlsx.Sheet]:
    """The plan as a table people can filter and print, and a sheet saying what it is."""
    plan = xlsx.Sheet(
        "Action plan", [table.header, *table.rows],
        [_width(name, [r[col] for r in table.rows]) for col, name in enumerate(table.header)],
        table=True,
        wrapped=frozenset(i for i, name in enumerate(table.header) if name in WRAPPED))
    return [plan, xlsx.Sheet("About", _about(area, review, options), [18, 70])]


def _about(area: Area, review: Review, options: SiteOptions) -> list[tuple[str, str]]:
    return [
        ("Area", area.name),
        ("Review date", review.date.isoformat()),
        ("Review", review.title or "System review"),
        ("Review file", review.path),
        ("Overdue as of", options.build_date.isoformat()),
        ("Audience", options.audience),
    ]


def _width(name: str, values: list[Cell]) -> float:
    """The column's width in characters: its longest line, within bounds."""
    # One join and one split for the whole column: each cell's lines stay apart.
    text = "\n".join([name, *(v if isinstance(v, str) else str(v)
                             for v in values if v is not None)])
    longest = max(map(len, text.splitlines()), default=0)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


# Bump when what is written changes in a way the inputs and this file's text do not show.
RECIPE = "1"
_SOURCE = "".join(Path(path).read_text(encoding="utf-8") for path in (__file__, xlsx.__file__))


def export_files(job: ExportJob | WorkbookJob, shared: tuple[Framework, Path | None]
                 ) -> dict[str, bytes]:
    """The files of one export job, by docs path; from the cache when one was made from
    the same inputs (the plan's rows, the About sheet, the build date) and this code."""
    from ..pages.base import WorkbookJob  # loaded by now: it made the job

    if isinstance(job, WorkbookJob):
        return workbook_files(job, shared)
    fw, cache_dir = shared
    table = plan_table(job.area, job.review, fw, job.options, show_leads=job.show_leads,
                       progress=job.progress)
    # Pickled rather than repr'd: a third of the time, and equal bytes mean equal inputs.
    key = digest((RECIPE, _SOURCE, pickle.dumps(
        (table.header, table.rows, _about(job.area, job.review, job.options), job.options),
        protocol=5)))
    cache = FileCache(cache_dir)
    files = {}
    for suffix, make in (("xlsx", action_plan_xlsx), ("csv", action_plan_csv)):
        data = cache.read(f"{key}.{suffix}")
        if data is None:
            data = make(job.area, job.review, fw, job.options, show_leads=job.show_leads,
                        table=table)
            cache.write(f"{key}.{suffix}", data)  # a cache that cannot be written only costs
        files[f"{job.base}.{suffix}"] = data
    return files


def workbook_files(job: WorkbookJob, shared: tuple[Framework, Path | None]
                   ) -> dict[str, bytes]:
    """A recording workbook, from the cache while what it shows and the code that writes
    it (and XlsxWriter's version) are unchanged."""
    from .recording import sheet as recording_sheet

    fw, cache_dir = shared
    key = digest((RECIPE, _workbook_code(), fw.model_dump_json(), repr(job.recording)))
    cache = FileCache(cache_dir)
    data = cache.read(f"{key}.xlsx")
    if data is None:
        data = recording_sheet.workbook_bytes(job.recording, fw)
        cache.write(f"{key}.xlsx", data)
    return {f"{job.base}.xlsx": data}


@functools.cache
def _workbook_code() -> str:
    """What writes a workbook: our modules' text and XlsxWriter's version."""
    import xlsxwriter

    from .recording import layout as recording_layout
    from .recording import sheet as recording_sheet
    from .recording import words as recording_words

    return str(xlsxwriter.__version__) + "".join(
        Path(m.__file__ or "").read_text(encoding="utf-8")
        for m in (recording_sheet, recording_layout, recording_words))


# Below this many jobs, starting processes costs more than it saves.
BACKGROUND_FROM = 40


class PendingExports:
    """Spreadsheets being made on other processes while this one gets on (MkDocs renders
    pages on one core); ``result()`` waits for them. Few jobs are simply made here.
    ``cache_dir`` keeps each file for reuse while its inputs are unchanged."""

    def __init__(self, jobs: list[ExportJob | WorkbookJob], fw: Framework,
                 cache_dir: Path | None = None) -> None:
        self._done: dict[str, bytes] | None = None
        self._pending: Background | None = None
        self._cache = FileCache(cache_dir)
        shared = (fw, cache_dir)
        if len(jobs) < BACKGROUND_FROM:
            self._done = {path: data for job in jobs
                          for path, data in export_files(job, shared).items()}
        else:
            self._pending = background_map(export_files, jobs, shared, chunk=10)

    def result(self) -> dict[str, bytes]:
        if self._done is None:
            assert self._pending is not None
            self._done = {path: data for part in self._pending.result()
                          for path, data in part.items()}
        self._cache.prune("*.xlsx")
        self._cache.prune("*.csv")
        return self._done

    def cancel(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
