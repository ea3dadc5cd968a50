"""The recording workbook: a review to type a session into, written with XlsxWriter.

What it holds is a ``Recording`` (``views.recording``): the draft `csreview new` would start
from, or a blank one. Identifiers are shown on grey, protected cells (the sheets are
protected without a password, so anyone can lift it); every input cell is unlocked, with a
drop-down where the answer is one of a list. `csreview import` reads it back with openpyxl
(``importer``).

Why XlsxWriter, when openpyxl reads it back: a national build writes one workbook per
area, and openpyxl took about 90 ms for a national-size one, a fifth of the CPU of a
national build's MkDocs phase; XlsxWriter writes the same workbook several times faster.
"""

from __future__ import annotations

import io
import math
import sys
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from ...loading.reviews import display
from ...model.framework import Framework
from ...views.draft import DraftFinding
from ...views.recording import Recording, next_recording
from ..newreview import open_for_next
from . import layout as L
from .words import instructions, session_rows

_GREY, _HEAD_FILL = "#EDEDED", "#D9D9D9"
_WRAP = {"valign": "top", "text_wrap": True}
# Each kind of cell's look, made once per workbook as an XlsxWriter format.
_STYLES: dict[str, dict[str, Any]] = {
    "id": {"bg_color": _GREY, **_WRAP},
    "entry": {"locked": False, **_WRAP},
    "date": {"locked": False, "num_format": "yyyy-mm-dd", "valign": "top"},
    "head": {"bold": True, "bg_color": _HEAD_FILL, **_WRAP},
    "key": {"font_color": "#595959", "font_size": 9, "bg_color": _HEAD_FILL, **_WRAP},
    "title": {"bold": True, "font_size": 14},
    "note": {"valign": "top"},  # runs on across the empty cells
    "bold": {"bold": True, **_WRAP},
    "plain": _WRAP,
}
_UNWRAPPED = {"head", "key", "title", "note"}
LINE_HEIGHT, MAX_HEIGHT = 15.0, 409.0  # points; 409 is Excel's largest row
TITLE_LIMIT = 32  # characters in a drop-down's error title, in Excel


def _height(texts: Iterable[tuple[str, float]]) -> float | None:
    """A row's height for its wrapped text, which neither Excel nor every Calc version
    works out for a file it did not write; None for one line."""
    lines = max((sum(max(1, math.ceil(len(part) / max(width, 1)))
                     for part in text.split("\n")) for text, width in texts), default=1)
    return min(MAX_HEIGHT, lines * LINE_HEIGHT) if lines > 1 else None


class _Book:
    """The workbook being written, with its formats."""

    def __init__(self, out: io.BytesIO) -> None:
        # In memory: XlsxWriter would otherwise write each part to a temporary file.
        self.wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False,
                                            "strings_to_formulas": False,
                                            "strings_to_urls": False})
        self.formats: dict[str, Format] = {
            name: self.wb.add_format(settings) for name, settings in _STYLES.items()}
        self.line_above = self.wb.add_format({"top": 1, "top_color": "#808080"})

    def put(self, ws: Worksheet, row: int, col: int, value: object, style: str | None) -> None:
        """One cell; ``row`` and ``col`` count from 1, as a spreadsheet shows them."""
        fmt = self.formats[style] if style else None
        if isinstance(value, str):
            # Text stays text: "=1+1" typed into a review is not a formula.
            ws.write_string(row - 1, col - 1, value, fmt)
        elif isinstance(value, datetime):
            ws.write_datetime(row - 1, col - 1, value, fmt)
        elif isinstance(value, int | float):
            ws.write_number(row - 1, col - 1, value, fmt)
        else:
            ws.write_blank(row - 1, col - 1, None, fmt)


class _Sheet:
    """One worksheet being written: columns, rows with their heights, drop-downs."""

    def __init__(self, book: _Book, title: str, columns: tuple[L.Column, ...],
                 lists: dict[str, str]) -> None:
        self.book = book
        self.ws = book.wb.add_worksheet(title)
        self.columns, self.lists = columns, lists
        self.row = 0
        self.defaults: list[str] = []
        for n, column in enumerate(columns):
            # A cell not written takes its column's style: grey and protected, or open for
            # typing in. Only cells that differ from their column are written.
            self.defaults.append("id" if column.kind == L.FIXED else "entry")
            self.ws.set_column(n, n, column.width, book.formats[self.defaults[-1]])

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
            self.book.put(self.ws, self.row, n, value, style)
            if isinstance(value, str) and style not in _UNWRAPPED:
                texts.append((value, self.columns[n - 1].width))
        height = _height(texts)
        if height:
            self.ws.set_row(self.row - 1, height)
        return self.row

    def headings(self, title: str, about: str) -> None:
        self.line([title], ["title"])
        self.line([about], ["note"])
        self.line([c.heading for c in self.columns], ["head"] * len(self.columns))
        self.line([c.key for c in self.columns], ["key"] * len(self.columns))
        self.ws.set_row(L.HEAD_ROW - 1, 2 * LINE_HEIGHT)

    def finish(self, fw: Framework, freeze: str, group_by: str | None = None) -> None:
        """Drop-downs, frozen headings, protection; and with ``group_by`` (a column
        letter), a line above each row that has something in that column."""
        last = max(self.row, L.FIRST_ROW) + 200  # rows a user inserts still get the lists
        if group_by:
            # A conditional format draws the lines: borders on cells would mean writing
            # every cell of those rows, a third of a workbook's cells.
            end = xl_col_to_name(len(self.columns) - 1)
            self.ws.conditional_format(f"A{L.FIRST_ROW}:{end}{last}", {
                "type": "formula", "criteria": f'=${group_by}{L.FIRST_ROW}<>""',
                "format": self.book.line_above})
        for n, column in enumerate(self.columns):
            if column.kind in self.lists or column.kind == L.DATE:
                letter = xl_col_to_name(n)
                self.ws.data_validation(f"{letter}{L.FIRST_ROW}:{letter}{last}",
                                        self.validation(fw, column))
        self.ws.freeze_panes(freeze)
        protect(self.ws)

    def validation(self, fw: Framework, column: L.Column) -> dict[str, Any]:
        check: dict[str, Any] = {"error_type": "warning", "ignore_blank": True,
                                 "error_title": column.heading[:TITLE_LIMIT]}
        if column.kind == L.DATE:
            check.update(validate="date", criteria=">", value=1,
                         error_message="Write the date like 2026-06-30.")
        else:
            allowed = L.options(fw, column.kind)
            check.update(validate="list", source=f"={self.lists[column.kind]}",
                         error_message=f"Choose one of: {', '.join(allowed)}.",
                         # Several evidence methods go in one cell: any text is let through.
                         show_error=column.kind != L.EVIDENCE)
        return check


def protect(ws: Worksheet) -> None:
    """Protected without a password, so a user who must can lift it (Review → Unprotect
    Sheet in Excel; Tools → Protect Sheet in Calc). Rows may be inserted and resized."""
    ws.protect("", {"format_columns": True, "format_rows": True, "insert_rows": True})


def workbook_bytes(rec: Recording, fw: Framework) -> bytes:
    """The workbook's bytes; the same inputs give the same bytes (XlsxWriter dates the
    parts of the zip with a fixed date, and the file by ``rec.made_on``)."""
    out = io.BytesIO()
    book = _Book(out)
    lists = _list_refs(fw)
    _instructions(book, rec, fw)
    session = _session(book, rec, fw, lists)
    for domain in fw.domains:
        _domain(book, rec, fw, domain.id, lists)
    _values(book, rec, fw, lists)
    _lists(book, fw)
    session.activate()  # opens on the Session sheet
    made = datetime(rec.made_on.year, rec.made_on.month, rec.made_on.day)
    book.wb.set_properties({
        "title": (f"Recording workbook: {rec.area_name}" if rec.area_name
                  else "Recording workbook"),
        "author": "csreview", "created": made})
    book.wb.close()
    return out.getvalue()


_LIST_KINDS = (L.RATING, L.OVERALL, L.STATUS, L.EVIDENCE, L.EDITION, L.AUDIENCE, L.YESNO)


def _list_refs(fw: Framework) -> dict[str, str]:
    """Where each drop-down's choices are, on the hidden Lists sheet: a list written into
    the check itself could not hold a comma, nor more than 255 characters."""
    refs = {}
    for n, kind in enumerate(_LIST_KINDS):
        letter = xl_col_to_name(n)
        refs[kind] = f"'{L.LISTS}'!${letter}$1:${letter}${len(L.options(fw, kind))}"
    return refs


def _lists(book: _Book, fw: Framework) -> None:
    ws = book.wb.add_worksheet(L.LISTS)
    ws.hide()
    for n, kind in enumerate(_LIST_KINDS, 1):
        for row, word in enumerate(L.options(fw, kind), 1):
            book.put(ws, row, n, word, None)
    protect(ws)


def _instructions(book: _Book, rec: Recording, fw: Framework) -> None:
    ws = book.wb.add_worksheet(L.INSTRUCTIONS)
    ws.set_column(0, 0, 100)
    for row, (style, text) in enumerate(instructions(rec, fw), 1):
        book.put(ws, row, 1, text, style)
        height = _height([(text, 100)])
        if height:
            ws.set_row(row - 1, height)
    protect(ws)


def _session(book: _Book, rec: Recording, fw: Framework, lists: dict[str, str]) -> Worksheet:
    sheet = _Sheet(book, L.SESSION, L.SESSION_COLUMNS, lists)
    sheet.line(["Session details: the top of the review file"], ["title"])
    sheet.line(["Grey cells say where each entry goes in the review file; type in the white"
                " cells of the Entry column."], ["note"])
    sheet.line([c.heading for c in L.SESSION_COLUMNS], ["head"] * 4)
    ws = sheet.ws
    for label, key, value, kind, help_text in session_rows(rec, fw):
        row = sheet.line([label, key, value, help_text],
                         ["id", "id", "date" if kind == L.DATE else "entry", "id"])
        if kind in lists or kind == L.DATE:
            ws.data_validation(f"C{row}", sheet.validation(fw, L.Column(key, label, 0, kind)))
    ws.freeze_panes(f"A{L.SESSION_HEAD_ROW + 1}")
    protect(ws)
    return ws


def _domain(book: _Book, rec: Recording, fw: Framework, domain_id: str,
            lists: dict[str, str]) -> None:
    domain = next(d for d in fw.domains if d.id == domain_id)
    sheet = _Sheet(book, L.domain_sheet(fw, domain_id), L.DOMAIN_COLUMNS, lists)
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


def _values(book: _Book, rec: Recording, fw: Framework, lists: dict[str, str]) -> None:
    sheet = _Sheet(book, L.VALUES, L.VALUES_COLUMNS, lists)
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
