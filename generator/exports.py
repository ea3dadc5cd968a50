"""Spreadsheet exports of an action plan: ``.xlsx`` for people, ``.csv`` for other tools.

Rows follow ``plan_items`` (the order of the action plan page) and carry the identifiers of the
review file, so a partnership can filter, sort and annotate the plan in a spreadsheet at its
governance meetings and still find each action in the file. Both are pure bytes from the
model; the same inputs always give the same bytes (the xlsx is dated by the build date).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from .action_plan import plan_items
from .framework import Framework
from .model import Area, Review

if TYPE_CHECKING:  # generator.pages imports this module: a runtime import would be circular
    from .pages.base import SiteOptions

Cell = str | int | date | None

# Columns whose text is long enough to wrap rather than widen the column.
WRAPPED = {"Finding", "Action", "Note"}
MIN_WIDTH, MAX_WIDTH = 8, 60
# A spreadsheet treats a CSV cell starting with one of these as a formula (CSV injection);
# a leading apostrophe makes it text, as OWASP recommends.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class PlanTable:
    header: list[str]
    rows: list[list[Cell]]


def plain(text: str | None) -> str:
    """Markdown source as one cell: soft line breaks become spaces (as Markdown reads them);
    paragraph breaks and list items keep a line of their own."""
    if not text:
        return ""
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
               *, show_leads: bool) -> PlanTable:
    """One row per action, most urgent first, as on the action plan page."""
    internal = options.audience != "public"
    header = ["Order", "Where", "Domain", "Level", "System point", "Finding rating",
              "Finding", "Goal", "Action", "Action id"]
    header += ["Lead"] if show_leads else []
    header += ["Agency", "Due", "Status", "Overdue", "Note"]
    header += ["Internal"] if internal else []
    level_short = {lv.id: lv.short for lv in fw.levels}
    rows: list[list[Cell]] = []
    for number, item in enumerate(plan_items(review, fw, options.build_date), 1):
        a = item.action
        row: list[Cell] = [
            number, item.where, fw.name("domains", item.point.domain),
            level_short[item.point.level], fw.name("system_points", item.point.point),
            fw.name("ratings", item.finding.rating), plain(item.finding.text),
            fw.name("goals", item.goal), plain(a.text), a.id or "",
        ]
        row += [a.lead or ""] if show_leads else []
        row += [a.agency or "", a.due, fw.name("statuses", a.status),
                "Yes" if item.overdue else "No", plain(a.note)]
        row += ["Yes" if (a.internal or item.finding.internal) else "No"] if internal else []
        rows.append(row)
    return PlanTable(header, rows)


def action_plan_csv(area: Area, review: Review, fw: Framework, options: SiteOptions,
                    *, show_leads: bool) -> bytes:
    table = plan_table(area, review, fw, options, show_leads=show_leads)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([_csv_cell(v) for v in row])
    # The byte-order mark makes Excel read the file as UTF-8 rather than a legacy code page.
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_START) else text


def action_plan_xlsx(area: Area, review: Review, fw: Framework, options: SiteOptions,
                     *, show_leads: bool) -> bytes:
    table = plan_table(area, review, fw, options, show_leads=show_leads)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Action plan"
    ws.append(table.header)
    for row in table.rows:
        ws.append(row)
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    # One style object per kind, shared by every cell: openpyxl hashes each assignment, and
    # a fresh object per cell made spreadsheets the slowest part of a build.
    alignments = {True: Alignment(vertical="top", wrap_text=True),
                  False: Alignment(vertical="top", wrap_text=False)}
    styled: dict[tuple[int, bool], Any] = {}
    for col, name in enumerate(table.header, 1):
        alignment = alignments[name in WRAPPED]
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            if isinstance(cell.value, str):
                # Text typed by users stays text, even when it starts with "=".
                cell.data_type = "s"
            is_date = isinstance(cell.value, date)
            model = styled.get((col, is_date))
            if model is not None:
                # Copying a styled cell's style array, as openpyxl's own worksheet copier
                # does, skips the per-assignment hashing that dominated build time.
                cell._style = copy(model._style)  # type: ignore[union-attr]
                continue
            if is_date:
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = alignment
            styled[(col, is_date)] = cell
        ws.column_dimensions[get_column_letter(col)].width = _width(
            name, [r[col - 1] for r in table.rows])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(table.header))}{len(table.rows) + 1}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]

    about = wb.create_sheet("About")
    for pair in _about(area, review, options):
        about.append(list(pair))
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 70

    stamp = datetime(options.build_date.year, options.build_date.month, options.build_date.day)
    wb.properties.title = f"Action plan: {area.name}, {review.date.isoformat()}"
    wb.properties.creator = "csreview"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    return _fixed_zip(wb, stamp)


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
    longest = max([len(name)] + [
        max((len(line) for line in str(v).splitlines()), default=0)
        for v in values if v is not None
    ])
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def _fixed_zip(wb: Workbook, stamp: datetime) -> bytes:
    """Save through openpyxl's writer (``save_workbook`` would stamp 'now' as modified),
    then repack with every member dated ``stamp``, so rebuilds give identical bytes."""
    raw = io.BytesIO()
    # Stored, not deflated: the repack below compresses once.
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as archive:
        ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    when = (stamp.year, stamp.month, stamp.day, 0, 0, 0)
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=when)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()
