"""The recording workbook: a review to type a session into, written with openpyxl.

What it holds is a ``Recording`` (``views.recording``): the draft `csreview new` would start
from, or a blank one. Identifiers are shown on grey, protected cells (the sheets are
protected without a password, so anyone can lift it); every input cell is unlocked, with a
drop-down where the answer is one of a list. `csreview import` reads it back
(``importer``).
"""

from __future__ import annotations

import io
import math
import re
import sys
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ...loading.reviews import display
from ...model.framework import Framework
from ...views.draft import DraftFinding
from ...views.recording import Recording, next_recording
from ..newreview import open_for_next
from . import layout as L
from .words import instructions, session_rows

_GREY = PatternFill("solid", fgColor="EDEDED")
_HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
_TOP = Border(top=Side(style="thin", color="808080"))
_WRAP = Alignment(vertical="top", wrap_text=True)
_OPEN = Protection(locked=False)
# Named once per workbook, then given to cells by name: openpyxl hashes every style object
# set on a cell, which made setting them one by one most of the time of writing a workbook.
_STYLES: dict[str, dict[str, Any]] = {
    "id": {"fill": _GREY, "alignment": _WRAP},
    "entry": {"protection": _OPEN, "alignment": _WRAP},
    "date": {"protection": _OPEN, "number_format": "yyyy-mm-dd",
             "alignment": Alignment(vertical="top")},
    "head": {"font": Font(bold=True), "fill": _HEAD_FILL, "alignment": _WRAP},
    "key": {"font": Font(color="595959", size=9), "fill": _HEAD_FILL, "alignment": _WRAP},
    "title": {"font": Font(bold=True, size=14)},
    "note": {"alignment": Alignment(vertical="top")},  # runs on across the empty cells
    "bold": {"font": Font(bold=True), "alignment": _WRAP},
    "plain": {"alignment": _WRAP},
}
_UNWRAPPED = {"head", "key", "title", "note"}
# OOXML cannot hold most control characters; Excel's own escape stands in for them, and a
# literal "_x0041_" is escaped in turn so that a spreadsheet does not read it as "A".
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]|_(?=x[0-9A-Fa-f]{4}_)")
LINE_HEIGHT, MAX_HEIGHT = 15.0, 409.0  # points; 409 is Excel's largest row


def _name_styles(wb: Workbook) -> None:
    for name, settings in _STYLES.items():
        wb.add_named_style(NamedStyle(name=f"csr {name}", **settings))


def _safe(text: str) -> str:
    return _UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _put(ws: Worksheet, row: int, col: int, value: object, style: str | None) -> None:
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = _safe(value)
        cell.data_type = "s"  # text stays text: "=1+1" typed into a review is not a formula
    elif value is not None:
        cell.value = value  # type: ignore[assignment]  # numbers and dates only, from here
    if style:
        cell.style = f"csr {style}"


def _height(texts: Iterable[tuple[str, float]]) -> float | None:
    """A row's height for its wrapped text, which neither Excel nor every Calc version
    works out for a file it did not write; None for one line."""
    lines = max((sum(max(1, math.ceil(len(part) / max(width, 1)))
                     for part in text.split("\n")) for text, width in texts), default=1)
    return min(MAX_HEIGHT, lines * LINE_HEIGHT) if lines > 1 else None


class _Sheet:
    """One worksheet being written: columns, rows with their heights, drop-downs."""

    def __init__(self, wb: Workbook, title: str, columns: tuple[L.Column, ...],
                 lists: dict[str, str]) -> None:
        self.ws = wb.create_sheet(title)
        self.columns, self.lists = columns, lists
        self.row = 0
        self.defaults: list[str] = []
        for n, column in enumerate(columns, 1):
            dim = self.ws.column_dimensions[get_column_letter(n)]
            dim.width = column.width
            # A cell not written takes its column's style: grey and protected, or open for
            # typing in. Only cells that differ from their column are written.
            self.defaults.append("id" if column.kind == L.FIXED else "entry")
            for attribute, setting in _STYLES[self.defaults[-1]].items():
                setattr(dim, attribute, setting)

    def line(self, values: list[object], styles: list[str | None]) -> int:
        """One row. An empty cell styled as its column (or None) is not written, and
        an empty date is an entry like any other."""
        self.row += 1
        texts = []
        for n, (value, style) in enumerate(zip(values, styles, strict=True), 1):
            default = self.defaults[n - 1] if n <= len(self.defaults) else "entry"
            style = style or default
            if value is None and style in (default, "date"):
                continue
            _put(self.ws, self.row, n, value, style)
            if isinstance(value, str) and style not in _UNWRAPPED:
                texts.append((value, self.columns[n - 1].width))
        height = _height(texts)
        if height:
            self.ws.row_dimensions[self.row].height = height
        return self.row

    def headings(self, title: str, about: str) -> None:
        self.line([title], ["title"])
        self.line([about], ["note"])
        self.line([c.heading for c in self.columns], ["head"] * len(self.columns))
        self.line([c.key for c in self.columns], ["key"] * len(self.columns))
        self.ws.row_dimensions[L.HEAD_ROW].height = 2 * LINE_HEIGHT

    def finish(self, fw: Framework, freeze: str, group_by: str | None = None) -> None:
        """Drop-downs, frozen headings, protection; and with ``group_by`` (a column
        letter), a line above each row that has something in that column."""
        last = max(self.row, L.FIRST_ROW) + 200  # rows a user inserts still get the lists
        if group_by:
            # A conditional format draws the lines: borders on cells would mean writing
            # every cell of those rows, a third of a workbook's cells.
            end = get_column_letter(len(self.columns))
            line = FormulaRule(  # type: ignore[no-untyped-call]
                formula=[f'${group_by}{L.FIRST_ROW}<>""'], border=_TOP)
            self.ws.conditional_formatting.add(f"A{L.FIRST_ROW}:{end}{last}", line)
        for n, column in enumerate(self.columns, 1):
            if column.kind in self.lists or column.kind == L.DATE:
                letter = get_column_letter(n)
                self.ws.add_data_validation(self._validation(
                    fw, column, f"{letter}{L.FIRST_ROW}:{letter}{last}"))
        self.ws.freeze_panes = freeze
        protect(self.ws)

    def _validation(self, fw: Framework, column: L.Column, cells: str) -> DataValidation:
        if column.kind == L.DATE:
            check = DataValidation(type="date", operator="greaterThan", formula1="1")
            check.error = "Write the date like 2026-06-30."
        else:
            check = DataValidation(type="list", formula1=self.lists[column.kind])
            allowed = L.options(fw, column.kind)
            check.error = f"Choose one of: {', '.join(allowed)}."
            # Several evidence methods go in one cell, so any text is let through.
            check.showErrorMessage = column.kind != L.EVIDENCE
        check.errorStyle, check.errorTitle = "warning", column.heading
        check.allow_blank = True
        check.add(cells)
        return check


def protect(ws: Worksheet) -> None:
    """Protected without a password, so a user who must can lift it (Review → Unprotect
    Sheet in Excel; Tools → Protect Sheet in Calc). Rows may be inserted and resized."""
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = False
    ws.protection.insertRows = False


def workbook_bytes(rec: Recording, fw: Framework) -> bytes:
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    _name_styles(wb)
    lists = _lists(wb, fw)
    _instructions(wb, rec, fw)
    _session(wb, rec, fw, lists)
    for domain in fw.domains:
        _domain(wb, rec, fw, domain.id, lists)
    _values(wb, rec, fw, lists)
    wb.move_sheet(L.LISTS, offset=len(wb.sheetnames))
    wb.active = 1  # opens on the Session sheet
    made = datetime(rec.made_on.year, rec.made_on.month, rec.made_on.day)
    wb.properties.title = (f"Recording workbook: {rec.area_name}" if rec.area_name
                           else "Recording workbook")
    wb.properties.creator, wb.properties.created = "csreview", made
    return _saved(wb, made)


def _saved(wb: Workbook, made: datetime) -> bytes:
    """The workbook's bytes, dated by ``made`` throughout (openpyxl would stamp the clock on
    the file and on every part of the zip), so the same inputs give the same bytes."""
    out = io.BytesIO()
    archive = _DatedZip(out, "w", zipfile.ZIP_DEFLATED, stamp=made)
    wb.properties.modified = made
    writer = ExcelWriter(wb, archive)
    writer.write_data()
    archive.close()
    return out.getvalue()


class _DatedZip(zipfile.ZipFile):
    def __init__(self, *args: Any, stamp: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stamp = stamp.timetuple()[:6]

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.stamp)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        # openpyxl writes each worksheet to a file first; its time must not reach the zip.
        self.writestr(arcname or str(filename), Path(filename).read_bytes())


def _lists(wb: Workbook, fw: Framework) -> dict[str, str]:
    """Drop-down choices on a hidden sheet: a list written into the check itself could not
    hold a comma, nor more than 255 characters."""
    ws = wb.create_sheet(L.LISTS)
    ws.sheet_state = "hidden"
    refs = {}
    kinds = (L.RATING, L.OVERALL, L.STATUS, L.EVIDENCE, L.EDITION, L.AUDIENCE, L.YESNO)
    for n, kind in enumerate(kinds, 1):
        words = L.options(fw, kind)
        for row, word in enumerate(words, 1):
            _put(ws, row, n, word, None)
        letter = get_column_letter(n)
        refs[kind] = f"'{L.LISTS}'!${letter}$1:${letter}${len(words)}"
    protect(ws)
    return refs


def _instructions(wb: Workbook, rec: Recording, fw: Framework) -> None:
    ws = wb.create_sheet(L.INSTRUCTIONS)
    ws.column_dimensions["A"].width = 100
    for row, (style, text) in enumerate(instructions(rec, fw), 1):
        _put(ws, row, 1, text, style)
        height = _height([(text, 100)])
        if height:
            ws.row_dimensions[row].height = height
    protect(ws)


def _session(wb: Workbook, rec: Recording, fw: Framework, lists: dict[str, str]) -> None:
    sheet = _Sheet(wb, L.SESSION, L.SESSION_COLUMNS, lists)
    sheet.line(["Session details: the top of the review file"], ["title"])
    sheet.line(["Grey cells say where each entry goes in the review file; type in the white"
                " cells of the Entry column."], ["note"])
    sheet.line([c.heading for c in L.SESSION_COLUMNS], ["head"] * 4)
    ws = sheet.ws
    for label, key, value, kind, help_text in session_rows(rec, fw):
        row = sheet.line([label, key, value, help_text],
                         ["id", "id", "date" if kind == L.DATE else "entry", "id"])
        if kind in lists or kind == L.DATE:
            column = L.Column(key, label, 0, kind)
            ws.add_data_validation(sheet._validation(fw, column, f"C{row}"))
    ws.freeze_panes = f"A{L.SESSION_HEAD_ROW + 1}"
    protect(ws)


def _domain(wb: Workbook, rec: Recording, fw: Framework, domain_id: str,
            lists: dict[str, str]) -> None:
    domain = next(d for d in fw.domains if d.id == domain_id)
    sheet = _Sheet(wb, L.domain_sheet(fw, domain_id), L.DOMAIN_COLUMNS, lists)
    sheet.headings(f"Recording sheet · Domain {domain.number} of {len(fw.domains)}:"
                   f" {domain.name} · domains{L.SEP}{domain.id}", domain.asks)
    drafted = rec.draft.domains.get(domain_id)
    for level in fw.levels:
        for point in fw.system_points:
            found = drafted.points.get((level.id, point.id)) if drafted else None
            findings = list(found.findings) if found else []
            stated = [L.shown(fw, L.OVERALL, v) if (v := getattr(found, k, None)) else None
                      for k in L.POINT_KEYS]
            blocks: list[tuple[DraftFinding | None, int]] = [
                (f, max(len(f.actions), 1) + L.SPARE_ACTION_ROWS) for f in findings]
            blocks += [(None, L.ROWS_PER_NEW_FINDING)] * L.SPARE_FINDINGS
            first = True
            for number, (finding, rows) in enumerate(blocks, 1):
                for i in range(rows):
                    ident = ([level.short, point.name, L.where(domain_id, level.id, point.id),
                              *stated] if first else [None] * (3 + len(stated)))
                    values = [*ident, number if i == 0 else None,
                              *_finding(fw, finding if i == 0 else None),
                              *_action(fw, finding, i)]
                    sheet.line(values, _ROW_STYLES)
                    first = False
    sheet.finish(fw, f"D{L.FIRST_ROW}", group_by="C")


def _finding(fw: Framework, f: DraftFinding | None) -> list[object]:
    if f is None:
        return [None] * len(L.FINDING_KEYS)
    return [L.shown(fw, L.RATING, f.rating) if f.rating else None, f.text,
            ", ".join(f.evidence) or None, L.YES if f.internal else None,
            "\n".join(f.accept) or None]


def _action(fw: Framework, finding: DraftFinding | None, i: int) -> list[object]:
    if finding is None or i >= len(finding.actions):
        return [None] * _ACTION_COLUMNS
    a = finding.actions[i]
    due = a.due if isinstance(a.due, str) or a.due is None else datetime(
        a.due.year, a.due.month, a.due.day)
    return [a.text, a.id, a.lead, a.agency, due,
            L.shown(fw, L.STATUS, a.status) if a.status else None, a.note,
            L.YES if a.internal else None, "\n".join(a.accept) or None]


_ACTION_COLUMNS = sum(c.key.startswith(L.ACTION_PREFIX) for c in L.DOMAIN_COLUMNS)
# Every cell of a domain row is as its column is (grey identifiers, open entries), but for
# the due date's format.
_ROW_STYLES: list[str | None] = [None] * len(L.DOMAIN_COLUMNS)
_ROW_STYLES[[c.kind for c in L.DOMAIN_COLUMNS].index(L.DATE)] = "date"


def _values(wb: Workbook, rec: Recording, fw: Framework, lists: dict[str, str]) -> None:
    sheet = _Sheet(wb, L.VALUES, L.VALUES_COLUMNS, lists)
    sheet.headings("Values Checker", "Where a system point is rated green, ask whether the way"
                   " it is achieved fits the values behind Contextual Safeguarding. Each"
                   " reflection goes under the domain's values, for the value it names.")
    editions = len(fw.editions)
    for domain_id, value_id, questions in rec.questions:
        value = next(v for v in fw.values if v.id == value_id)
        name = value.name + (f" ({', '.join(value.editions)} edition only)"
                             if len(value.editions) < editions else "")
        drafted = rec.draft.domains.get(domain_id)
        sheet.line([fw.name("domains", domain_id), name,
                    L.where(domain_id, "values", value_id),
                    "\n".join(f"• {q}" for q in questions) or None,
                    drafted.values.get(value_id) if drafted else None],
                   [None] * 5)
    sheet.finish(fw, f"A{L.FIRST_ROW}")  # headings only: the columns are wide



# --- The command --------------------------------------------------------------------------

def run(content_dir: Path, reviews: Path, area_id: str, day: date | None, target: Path | None,
        made_on: date, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """`csreview sheet`: the workbook for an area's next review; never overwrites a file."""
    base = Path.cwd()
    target = target or Path(f"{area_id}-next-review.xlsx")
    shown = display(target, base)

    def fail(message: str) -> int:
        print(f"csreview sheet: {message}", file=err)
        return 1

    if target.suffix.lower() != ".xlsx":
        return fail(f"{shown} does not end in .xlsx; name the workbook like {area_id}.xlsx")
    loaded = open_for_next(content_dir, reviews, area_id, day, target,
                           "Choose another name with -o, or delete that file first", err)
    if isinstance(loaded, str):
        return fail(loaded)
    content, area = loaded
    rec, plan = next_recording(content, area, made_on, day)
    try:
        with target.open("xb") as handle:
            handle.write(workbook_bytes(rec, content.framework))
    except FileExistsError:
        return fail(f"{shown} already exists; it was left as it is")
    except OSError as exc:
        return fail(f"cannot write {shown}: {exc.strerror}")
    print(f"csreview sheet: wrote {shown}, the recording workbook for the next review of"
          f" {area.name}", file=out)
    if plan.source is None:
        print("  blank: the area has no review yet", file=out)
    else:
        print(f"  started from the review on {plan.source.slug} as `csreview new` would:"
              f" {plan.points} system points and their {plan.findings} findings kept to"
              f" revise, {len(plan.carried)} open actions carried", file=out)
        print("  it holds everything in that review, internal findings and action leads"
              " included: keep it inside the partnership", file=out)
    when = day.isoformat() if day else "YYYY-MM-DD"
    print(f"next: fill it in, then `csreview import {shown} --area {area_id} --date {when}`",
          file=out)
    return 0
