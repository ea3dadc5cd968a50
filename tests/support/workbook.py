"""A recording workbook read the way a person reads it: columns by their heading, a finding by
the Where of its system point and its number, an action by its id. Nothing here comes from
the code that writes the workbook, so a test using it checks what a user sees."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet


def heading_row(ws: Worksheet) -> int:
    for row in ws.iter_rows(max_row=10):
        if any(c.value in ("Rating", "Reflection", "Entry") for c in row):
            return row[0].row or 0
    raise AssertionError(f"no row of headings in {ws.title}")


def column(ws: Worksheet, heading: str) -> str:
    """The column letter under ``heading``."""
    for cell in ws[heading_row(ws)]:
        if cell.value == heading:
            return str(cell.column_letter)
    raise AssertionError(f"no column headed {heading!r} in {ws.title}")


def column_locked(ws: Worksheet, letter: str) -> bool:
    """Whether a cell never written in column ``letter`` is locked: the style of the
    column's range (a file may describe neighbouring columns alike as one range)."""
    index = column_index_from_string(letter)
    for dim in ws.column_dimensions.values():
        if dim.min is not None and dim.max is not None and dim.min <= index <= dim.max:
            return bool(dim.protection.locked)
    return True  # a column with no style of its own takes the default: locked


def block(ws: Worksheet, where: str, number: int) -> list[int]:
    """The rows of finding ``number`` at the system point ``where``
    (like target · level-1 · referral)."""
    where_col, number_col = column(ws, "Where"), column(ws, "Finding")
    here, current, rows = None, None, []
    for r in range(heading_row(ws) + 2, ws.max_row + 1):
        if ws[f"{where_col}{r}"].value:
            here, current = ws[f"{where_col}{r}"].value, None
        if ws[f"{number_col}{r}"].value is not None:
            current = ws[f"{number_col}{r}"].value
        if here == where and current == number:
            rows.append(r)
    assert rows, f"no finding {number} at {where} in {ws.title}"
    return rows


def action_row(ws: Worksheet, ident: str) -> int:
    col = column(ws, "Action id")
    for r in range(heading_row(ws) + 2, ws.max_row + 1):
        if ws[f"{col}{r}"].value == ident:
            return r
    raise AssertionError(f"no action {ident!r} in {ws.title}")


def libreoffice_resave(book: Path, out: Path) -> Path:
    """``book`` opened in LibreOffice Calc and saved again as .xlsx, in ``out``."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: ./scripts/test installs libreoffice-calc-nogui"
    out.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{out / 'profile'}", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(book)],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    saved = out / book.name
    assert saved.is_file(), result.stdout + result.stderr
    return saved
