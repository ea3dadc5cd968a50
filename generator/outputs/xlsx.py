"""A small writer of ``.xlsx`` workbooks (SpreadsheetML, ECMA-376) for plain tables.

Why not a library: a national build writes one spreadsheet per review, 2,000 of them, and
XlsxWriter took about 30 ms each (12 µs a cell, all in pure Python), four fifths of the
CPU of the MkDocs phase. Our sheets are one fixed shape (text, whole numbers and dates;
a bold, frozen, filtered header row; A4 landscape printing), which needs a dozen fixed
parts and one loop over the cells. The tests read every file back with openpyxl and
compare it with what XlsxWriter writes for the same table.

Cells are inline strings (no shared-string table): Excel and LibreOffice read them, and
Excel turns them into shared strings when it saves the file.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from xml.sax.saxutils import escape, quoteattr

Cell = str | int | date | None

# Styles by index into cellXfs below.
PLAIN, BOLD, TOP, WRAPPED, DAY = range(5)
_EPOCH = date(1899, 12, 30).toordinal()  # day 0 of Excel's 1900 date system
# Characters XML 1.0 cannot carry, and a literal "_x" + four hex digits + "_", which
# Excel would read as such an escape; both are written the way Excel writes them.
_NOT_XML = r"\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff"
_UNSAFE = re.compile(rf"[{_NOT_XML}]|_(?=x[0-9A-Fa-f]{{4}}_)")
# Anything escape() or _UNSAFE would change: most cells have none.
_SPECIAL = re.compile(rf"[&<>{_NOT_XML}]|_x[0-9A-Fa-f]{{4}}_").search


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: Sequence[Sequence[Cell]]
    widths: Sequence[float]  # in characters, one per column
    # A table: its first row is a bold header, frozen, filtered and printed on every page;
    # other cells are top-aligned, and wrapped in the columns ``wrapped`` names; printed
    # A4 landscape, one page wide. Otherwise plain cells and default printing.
    table: bool = False
    wrapped: frozenset[int] = frozenset()


def workbook(sheets: Sequence[Sheet], *, title: str, author: str, created: datetime) -> bytes:
    """The ``.xlsx`` file; the same arguments always give the same bytes."""
    parts = {
        "[Content_Types].xml": _content_types(len(sheets)),
        "_rels/.rels": _ROOT_RELS,
        "docProps/core.xml": _core(title, author, created),
        "xl/workbook.xml": _workbook(sheets),
        "xl/_rels/workbook.xml.rels": _workbook_rels(len(sheets)),
        "xl/styles.xml": _STYLES,
    }
    for number, sheet in enumerate(sheets, 1):
        parts[f"xl/worksheets/sheet{number}.xml"] = _worksheet(sheet, selected=number == 1)
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            # A fixed date on every member, so rebuilds give identical bytes.
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            # zlib's fastest level: a third of the default's time, for files about a third
            # larger (25 KB rather than 19 KB for a plan of 128 actions).
            archive.writestr(info, text.encode("utf-8"), compresslevel=1)
    return out.getvalue()


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    if not _SPECIAL(value):
        return value
    text = escape(value)
    return _UNSAFE.sub(_excel_escape, text) if _UNSAFE.search(text) else text


def _excel_escape(match: re.Match[str]) -> str:
    return f"_x{ord(match.group()):04X}_"


def _stored_width(width: float) -> float:
    # As Excel stores a width: whole pixels of 7-pixel digits plus 5 pixels of padding,
    # in steps of 1/256 of a character. Without the padding a column shows narrower.
    pixels = int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)
    return int(pixels / 7 * 256) / 256


def _corner(sheet: Sheet) -> tuple[str, int]:
    """The column letter and row number of the sheet's last cell (A1 when empty)."""
    return column_letter(max(len(sheet.widths), 1) - 1), max(len(sheet.rows), 1)


def _worksheet(sheet: Sheet, *, selected: bool) -> str:
    columns = len(sheet.widths)
    letters = [column_letter(i) for i in range(columns)]
    last = "".join(map(str, _corner(sheet)))
    out = [_XML, f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">']
    if sheet.table:
        out.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
    chosen = ' tabSelected="1"' if selected else ""
    out.append(f'<dimension ref="A1:{last}"/><sheetViews><sheetView{chosen}'
               ' workbookViewId="0">')
    if sheet.table:
        out.append('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                   '<selection pane="bottomLeft"/>')
    out.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
    if columns:  # <cols> may not be empty
        out.append("<cols>")
        out += [f'<col min="{i}" max="{i}" width="{_stored_width(w)}" customWidth="1"/>'
                for i, w in enumerate(sheet.widths, 1)]
        out.append("</cols>")
    out.append("<sheetData>")
    body = TOP if sheet.table else PLAIN
    styles = [WRAPPED if i in sheet.wrapped else body for i in range(columns)]
    # One search of all the sheet's text rather than one a cell (a fifth of the sheet's
    # time): most sheets hold nothing to escape. The cells are joined by a line break,
    # which is neither escaped nor part of an "_x0000_".
    clean = not _SPECIAL("\n".join(v for row in sheet.rows for v in row if isinstance(v, str)))
    # Each cell's markup up to its row number, and a text cell's after it, column by column.
    opening = [f'<c r="{letter}' for letter in letters]
    text_at = [f'" s="{s}" t="inlineStr"><is><t xml:space="preserve">' for s in styles]
    bold_at = [f'" s="{BOLD}" t="inlineStr"><is><t xml:space="preserve">'] * columns
    for r, row in enumerate(sheet.rows, 1):
        n = str(r)
        out.append(f'<row r="{n}">')
        header = sheet.table and r == 1
        for start, text, style, value in zip(opening, bold_at if header else text_at,
                                             styles, row, strict=True):
            if value is None:
                continue
            if isinstance(value, str):
                out.append(f"{start}{n}{text}{value if clean else _text(value)}</t></is></c>")
            elif isinstance(value, date):
                days = value.toordinal() - _EPOCH  # a datetime's time of day is dropped
                out.append(f'{start}{n}" s="{DAY}"><v>{days}</v></c>')
            else:
                out.append(f'{start}{n}" s="{BOLD if header else style}"><v>{value}</v></c>')
        out.append("</row>")
    out.append("</sheetData>")
    if sheet.table:
        out.append(f'<autoFilter ref="A1:{last}"/>')
    out.append('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3"'
               ' footer="0.3"/>')
    if sheet.table:
        out.append('<pageSetup paperSize="9" fitToHeight="0" orientation="landscape"/>')
    out.append("</worksheet>")
    return "".join(out)


def _workbook(sheets: Sequence[Sheet]) -> str:
    listed = "".join(f'<sheet name={quoteattr(s.name)} sheetId="{i}" r:id="rId{i}"/>'
                     for i, s in enumerate(sheets, 1))
    names = []
    for i, s in enumerate(sheets):
        if s.table:  # as the sheet's own autoFilter (_worksheet)
            quoted = "'" + s.name.replace("'", "''") + "'"
            last = "$" + "$".join(map(str, _corner(s)))
            names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}"'
                         f' hidden="1">{escape(quoted)}!$A$1:{last}</definedName>'
                         f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
                         f"{escape(quoted)}!$1:$1</definedName>")
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    return (f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/>'
            f"</bookViews><sheets>{listed}</sheets>{defined}</workbook>")


def _content_types(count: int) -> str:
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType='
                     f'"{_OFFICE}.spreadsheetml.worksheet+xml"/>' for i in range(1, count + 1))
    return (f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType='
            '"application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType='
            '"application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType='
            f'"{_OFFICE}.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType='
            f'"{_OFFICE}.spreadsheetml.sheet.main+xml"/>{sheets}</Types>')


def _workbook_rels(count: int) -> str:
    sheets = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet"'
                     f' Target="worksheets/sheet{i}.xml"/>' for i in range(1, count + 1))
    return (f'{_XML}<Relationships xmlns="{_PKG_REL}">{sheets}<Relationship'
            f' Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            "</Relationships>")


def _core(title: str, author: str, created: datetime) -> str:
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (f'{_XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"'
            ' xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{_text(title)}</dc:title><dc:creator>{_text(author)}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "</cp:coreProperties>")


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "application/vnd.openxmlformats-officedocument"
_ROOT_RELS = (
    f'{_XML}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1"'
    f' Type="{_REL}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2"'
    f' Type="{_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/></Relationships>')
_FONT = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
_XF = 'fontId="{}" fillId="0" borderId="0" xfId="0"'
# In the order of PLAIN, BOLD, TOP, WRAPPED, DAY.
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    f'<fonts count="2"><font>{_FONT}</font><font><b/>{_FONT}</font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    f'<xf numFmtId="0" {_XF.format(0)}/>'
    f'<xf numFmtId="0" {_XF.format(1)} applyFont="1"/>'
    f'<xf numFmtId="0" {_XF.format(0)} applyAlignment="1"><alignment vertical="top"/></xf>'
    f'<xf numFmtId="0" {_XF.format(0)} applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    f'<xf numFmtId="164" {_XF.format(0)} applyNumberFormat="1" applyAlignment="1">'
    '<alignment vertical="top"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>")
