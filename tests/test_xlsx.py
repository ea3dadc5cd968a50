"""Our own .xlsx writer (csreview.outputs.xlsx), checked against two independent implementations:
XlsxWriter writing the same table must read back identically through openpyxl, and
LibreOffice, a real spreadsheet program, must show the same rows as the CSV export.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import xlsxwriter  # type: ignore[import-untyped]  # ships no type information
from csreview.loading.load import Loaded
from csreview.outputs import xlsx
from csreview.outputs.exports import plan_sheets, plan_table
from csreview.pages.base import SiteOptions
from openpyxl import load_workbook

BUILD_DAY = date(2026, 9, 21)
AWKWARD = ["&<>\"'", "  leading space", "trailing space  ", "two\nlines\n", "a\x01control",
           "=1+1", "é ● 🙂 – “quoted”", "tab\there", "carriage\rreturn", "\ufffe"]


def awkward_sheets() -> list[xlsx.Sheet]:
    rows: list[list[xlsx.Cell]] = [["Text", "Number", "Day"]]
    rows += [[text, n, date(2026, 1, n + 1)] for n, text in enumerate(AWKWARD)]
    rows.append([None, 99, None])
    # 20.5: a width that is not a whole number of pixels
    return [xlsx.Sheet("Action plan", rows, [20.5, 8, 12], table=True, wrapped=frozenset({0})),
            xlsx.Sheet("About", [["Area", "Example"], ["Note", "x < y"]], [18, 70])]


def with_xlsxwriter(sheets: list[xlsx.Sheet], title: str, created: datetime) -> bytes:
    """The same workbook as XlsxWriter writes it (what the build used before)."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_numbers": False, "strings_to_urls": False})
    bold = wb.add_format({"bold": True})
    top = wb.add_format({"valign": "top"})
    wrapped = wb.add_format({"valign": "top", "text_wrap": True})
    day = wb.add_format({"valign": "top", "num_format": "yyyy-mm-dd"})
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.name)
        for col, width in enumerate(sheet.widths):
            ws.set_column(col, col, width)
        for r, row in enumerate(sheet.rows):
            for col, value in enumerate(row):
                style = ((bold if r == 0 else wrapped if col in sheet.wrapped else top)
                         if sheet.table else None)
                if isinstance(value, date):
                    ws.write_datetime(r, col, datetime(value.year, value.month, value.day), day)
                elif isinstance(value, str):
                    ws.write_string(r, col, value, style)
                elif value is not None:
                    ws.write_number(r, col, value, style)
        if sheet.table:
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, len(sheet.rows) - 1, len(sheet.widths) - 1)
            ws.repeat_rows(0)
            ws.set_landscape()
            ws.set_paper(9)
            ws.fit_to_pages(1, 0)
    wb.set_properties({"title": title, "author": "csreview", "created": created})
    wb.close()
    return out.getvalue()


def as_read(data: bytes) -> dict[str, Any]:
    """What openpyxl reads: every cell with its type and style, and each sheet's settings."""
    wb = load_workbook(io.BytesIO(data))
    seen: dict[str, Any] = {"properties": (wb.properties.title, wb.properties.creator,
                                           wb.properties.created, wb.properties.modified)}
    for ws in wb.worksheets:
        setup = ws.page_setup
        seen[ws.title] = {
            "cells": [(c.coordinate, c.value, c.data_type, c.font.b, c.alignment.vertical,
                       c.alignment.wrap_text, c.number_format)
                      for row in ws.iter_rows() for c in row],
            # Columns of equal width may be stored as one range.
            "widths": {i: d.width for d in ws.column_dimensions.values()
                       for i in range(d.min, d.max + 1)},
            "frozen": ws.freeze_panes, "filter": ws.auto_filter.ref,
            "print titles": ws.print_title_rows, "dimensions": ws.dimensions,
            "setup": (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight),
            "fit to page": ws.sheet_properties.pageSetUpPr is not None
            and ws.sheet_properties.pageSetUpPr.fitToPage,
        }
    return seen


def test_reads_back_as_xlsxwriter_writes_the_same_table(loaded: Loaded) -> None:
    created = datetime(2026, 9, 21)
    # A plan with no actions is a header alone.
    tables = [awkward_sheets(), [xlsx.Sheet("Action plan", [["Order", "Action"]], [8, 60],
                                            table=True)]]
    fw = loaded.content.framework
    options = SiteOptions(audience="internal", build_date=BUILD_DAY)
    for area in loaded.workbook.areas:
        for review in area.reviews:
            table = plan_table(area, review, fw, options, show_leads=True)
            tables.append(plan_sheets(area, review, options, table))
    compared = 0
    for sheets in tables:
        ours = as_read(xlsx.workbook(sheets, title="Plan: A & B", author="csreview",
                                     created=created))
        assert ours == as_read(with_xlsxwriter(sheets, "Plan: A & B", created))
        compared += len(ours["Action plan"]["cells"])
    assert compared > 1000, "the example's plans are compared, not only the small tables"


def test_text_is_text_whatever_it_looks_like(tmp_path: Path) -> None:
    data = xlsx.workbook(awkward_sheets(), title="<t> & \x01", author="a",
                         created=datetime(2026, 1, 1))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
        assert archive.testzip() is None
        for name in archive.namelist():  # every part is well-formed XML
            ElementTree.fromstring(archive.read(name))
    assert "<f>" not in sheet and "=1+1</t>" in sheet
    # XML 1.0 cannot carry a control character; Excel's own escape stands in for it, and a
    # literal "_x0041_" is escaped in turn so that Excel does not read it as "A".
    assert "a_x0001_control" in sheet and "carriage_x000D_return" in sheet
    literal = xlsx.workbook([xlsx.Sheet("S", [["_x0041_ stays"]], [10])], title="t",
                            author="a", created=datetime(2026, 1, 1))
    with zipfile.ZipFile(io.BytesIO(literal)) as archive:
        assert "_x005F_x0041_ stays" in archive.read("xl/worksheets/sheet1.xml").decode()


def libreoffice_csv(book: Path, out: Path) -> dict[str, list[list[str]]]:
    """Every sheet of ``book`` as LibreOffice reads it, by sheet name."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: ./scripts/test installs libreoffice-calc-nogui"
    # UTF-8 (76), every sheet (-1) to its own file, cells as shown (formatted dates).
    options = "44,34,76,1,,0,false,true,false,false,false,-1"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{out / 'profile'}", "--headless",
         "--convert-to", f"csv:Text - txt - csv (StarCalc):{options}", "--outdir", str(out),
         str(book)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    sheets = {}
    for path in out.glob(f"{book.stem}-*.csv"):
        with path.open(encoding="utf-8", newline="") as f:
            sheets[path.stem.removeprefix(f"{book.stem}-")] = list(csv.reader(f))
    assert sheets, result.stdout + result.stderr
    return sheets


def test_libreoffice_shows_the_rows_of_the_csv_export(example_site: Path, tmp_path: Path
                                                      ) -> None:
    folder = example_site / "areas" / "example" / "2026-09-15"
    book = tmp_path / "action-plan.xlsx"
    shutil.copy(folder / "action-plan.xlsx", book)
    sheets = libreoffice_csv(book, tmp_path)
    exported = list(csv.reader(io.StringIO(
        (folder / "action-plan.csv").read_text("utf-8-sig"), newline="")))
    assert len(exported) > 5
    assert sheets["Action plan"] == exported
    about = dict((row[0], row[1]) for row in sheets["About"])
    assert about["Review date"] == "2026-09-15"


@pytest.mark.slow
def test_libreoffice_reads_awkward_text_as_written(tmp_path: Path) -> None:
    book = tmp_path / "awkward.xlsx"
    book.write_bytes(xlsx.workbook(awkward_sheets(), title="t", author="a",
                                   created=datetime(2026, 1, 1)))
    rows = libreoffice_csv(book, tmp_path)["Action plan"]
    assert rows[0] == ["Text", "Number", "Day"]
    shown = {text: row for text, row in zip(AWKWARD, rows[1:], strict=False)}
    for text in ("&<>\"'", "  leading space", "trailing space  ", "two\nlines\n", "=1+1",
                 "é ● 🙂 – “quoted”", "tab\there"):
        assert shown[text][0] == text
    assert rows[1][1:] == ["0", "2026-01-01"]
    assert rows[-1] == ["", "99", ""]
