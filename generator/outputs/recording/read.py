"""Read a filled recording workbook back into a draft, noting where each value came from.

Values are taken as typed: ratings and statuses in any letter case become identifiers, and
anything else stays as it was, for the real validator to report (``importer``).
What only the workbook can get wrong (an action with no finding above it, a Where cell
that names no system point) is reported here, with its sheet and cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ...model.framework import Framework
from ...source.yamlsource import KeyPath
from ...views.draft import Draft, DraftAction, DraftDomain, DraftFinding, DraftPoint
from . import layout as L

# Excel's escapes: control characters, and "_x005F_" for the "_" of a literal "_x0041_".
# No other: LibreOffice saves a literal "_x0041_" as it is, and it must stay so.
_ESCAPED = re.compile(r"_x(00[01][0-9A-Fa-f]|005[Ff])_")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YES = {"yes", "y", "true", "x", "✓", "✔", "1"}
_NO = {"no", "n", "false", "0"}


@dataclass(frozen=True)
class Place:
    sheet: str
    cell: str  # like F12
    heading: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}"


@dataclass
class Reading:
    """A workbook read back: the draft, where each key path's value was typed, and the
    problems only the workbook can have."""

    draft: Draft = field(default_factory=Draft)
    places: dict[KeyPath, Place] = field(default_factory=dict)
    problems: list[tuple[Place, str]] = field(default_factory=list)
    area: str | None = None
    day: date | str | None = None
    area_place: Place | None = None
    day_place: Place | None = None


def text(value: Any) -> str | None:
    """A cell as text, or None when empty. Excel's escapes (see ``_ESCAPED``) are undone;
    numbers typed into a text cell are text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    out = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), str(value)).replace("\r\n", "\n")
    return out if out.strip() else None


def _line(value: Any) -> str | None:
    found = text(value)
    return found.strip() if found is not None else None


def _lines(value: Any) -> tuple[str, ...]:
    found = text(value)
    return tuple(p.strip() for p in (found or "").split("\n") if p.strip())


def _day(value: Any) -> date | str | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    found = _line(value)
    if found and _ISO_DAY.match(found):
        try:
            return date.fromisoformat(found)
        except ValueError:
            pass
    return found  # as typed: the validator says what is wrong with it


class _Reader:
    def __init__(self, wb: Workbook, fw: Framework) -> None:
        self.wb, self.fw, self.out = wb, fw, Reading()

    def sheet(self, name: str) -> Worksheet | None:
        if name in self.wb.sheetnames:
            return self.wb[name]
        self.out.problems.append((Place(name, "A1", name), f"the workbook has no sheet"
                                  f" '{name}'; sheets: {', '.join(self.wb.sheetnames)}."
                                  " Sheets must keep the names they were made with"))
        return None

    def problem(self, place: Place, message: str) -> None:
        self.out.problems.append((place, message))

    def yes(self, place: Place, value: Any) -> bool:
        found = _line(value)
        if found is None or found.casefold() in _NO:
            return False
        if found.casefold() in _YES:
            return True
        self.problem(place, f"found '{found}', allowed {L.YES}, {L.NO} or nothing")
        return False


def read_workbook(wb: Workbook, fw: Framework) -> Reading:
    reader = _Reader(wb, fw)
    _session(reader)
    for domain in fw.domains:
        _domain(reader, domain.id)
    _values(reader)
    return reader.out


def _columns(reader: _Reader, ws: Worksheet, columns: tuple[L.Column, ...]
             ) -> dict[str, tuple[int, str]]:
    """Each column's key → (position, heading), found by the key row."""
    found: dict[str, tuple[int, str]] = {}
    heads = {c.column: _line(c.value) for c in ws[L.HEAD_ROW]}
    for cell in ws[L.KEY_ROW]:
        key = _line(cell.value)
        if key and cell.column:
            found[key] = (cell.column, heads.get(cell.column) or key)
    for column in columns:
        if column.key and column.key not in found and not column.later:
            reader.problem(Place(ws.title, f"A{L.KEY_ROW}", column.heading),
                           f"the column with '{column.key}' under its heading is missing")
    return found


def _session(reader: _Reader) -> None:
    ws = reader.sheet(L.SESSION)
    if ws is None:
        return
    out, draft = reader.out, reader.out.draft
    lists: dict[str, list[str]] = {"facilitators": [], "participants": []}
    current = None
    for row in ws.iter_rows(min_row=L.SESSION_HEAD_ROW + 1, max_col=3):
        label, key_cell, cell = row
        key, value = _line(key_cell.value), cell.value
        place = Place(ws.title, cell.coordinate, _line(label.value) or key or "Entry")
        current = key if key else current
        if key is None and current not in lists:
            if text(value) is not None:
                reader.problem(place, "this row has nothing in the grey Key column, so it"
                               " is not known where it goes; move it to its row")
            continue
        assert current is not None
        if current in lists:
            items = lists[current]
            out.places.setdefault((current,), place)
            for item in _lines(value):
                out.places[(current, len(items))] = place
                items.append(item)
        elif current == L.AREA_KEY:
            out.area, out.area_place = _line(value), place
        elif current == L.DATE_KEY:
            out.day, out.day_place = _day(value), place
        elif current.startswith(f"{L.METHODS_KEY}{L.SEP}"):
            method = current.split(L.SEP, 1)[1]
            out.places.setdefault((L.METHODS_KEY,), place)
            if reader.yes(place, value):
                out.places[(L.METHODS_KEY, len(draft.methods))] = place
                draft.methods += (method,)
        else:
            _session_value(reader, current, value, place)
    draft.facilitators, draft.participants = (tuple(lists["facilitators"]),
                                              tuple(lists["participants"]))


def _session_value(reader: _Reader, key: str, value: Any, place: Place) -> None:
    draft, fw = reader.out.draft, reader.fw
    reader.out.places[(key,)] = place
    if key == "title":
        draft.title = _line(value)
    elif key == "summary":
        draft.summary = text(value)
    elif key == "accept":
        draft.accept = _lines(value)
        for k in range(len(draft.accept)):
            reader.out.places[(key, k)] = place
    elif key in ("framework", "audience"):
        found = _line(value)
        kind = L.EDITION if key == "framework" else L.AUDIENCE
        chosen = L.chosen(fw, kind, found) if found else None
        if key == "framework":
            draft.edition = chosen
        else:
            draft.audience = chosen
    else:
        reader.problem(place, f"'{key}' in the grey Key column is not a detail of a review")


def _domain(reader: _Reader, domain_id: str) -> None:
    fw, out = reader.fw, reader.out
    ws = reader.sheet(L.domain_sheet(fw, domain_id))
    if ws is None:
        return
    cols = _columns(reader, ws, L.DOMAIN_COLUMNS)
    points: dict[tuple[str, str], DraftPoint] = {}
    here: KeyPath | None = None
    key = ("", "")
    finding: DraftFinding | None = None
    block_row = 0
    example = L.where(domain_id, fw.levels[0].id, fw.system_points[0].id)
    action_keys = [k for k in cols if k.startswith(L.ACTION_PREFIX)]
    for row in ws.iter_rows(min_row=L.FIRST_ROW):
        number = row[0].row or 0
        cells = {key: row[col - 1] for key, (col, _) in cols.items() if col <= len(row)}

        def at(key: str, cells: Any = cells, number: int = number) -> Place:
            cell = cells.get(key)
            coordinate = cell.coordinate if cell is not None else (
                f"{get_column_letter(cols[key][0])}{number}" if key in cols else "A1")
            return Place(ws.title, coordinate, cols.get(key, (0, key))[1])

        def value(key: str, cells: Any = cells) -> Any:
            cell = cells.get(key)
            return cell.value if cell is not None else None

        where = _line(value(L.WHERE))
        if where is not None:
            parts = tuple(p.strip() for p in where.split(L.SEP.strip()))
            if (len(parts) != 3 or parts[0] != domain_id or parts[1] not in fw.ids("levels")
                    or parts[2] not in fw.ids("system_points")):
                reader.problem(at(L.WHERE), f"found '{where}', allowed a system point of this"
                               f" domain, written like {example}")
                here, finding = None, None
                continue
            here, finding = ("domains", domain_id, parts[1], parts[2]), None
            key = (parts[1], parts[2])
            points.setdefault(key, DraftPoint([]))
            out.places[here] = out.places[here + ("findings",)] = at(L.OVERALL_KEY)
            for k in L.POINT_KEYS:
                out.places[here + (k,)] = at(k)
        if _line(value(L.NUMBER)) is not None:
            finding, block_row = None, number
        has_finding = any(text(value(k)) is not None for k in L.FINDING_KEYS)
        has_action = any(text(value(k)) is not None for k in action_keys)
        stated = {k: found for k in L.POINT_KEYS if (found := _line(value(k))) is not None}
        if here is None:
            if has_finding or has_action or stated:
                reader.problem(at("rating" if has_finding else next(iter(stated))),
                               "this row is above every system point; move it to the rows"
                               " of its system point")
            continue
        point = points[key]
        for k, typed in stated.items():
            _point_value(reader, point, here, k, typed, at(k))
        if has_finding:
            finding = _finding(reader, point, here, value, at)
        if has_action:
            if finding is None:
                reader.problem(at(f"{L.ACTION_PREFIX}text"), "this action has no finding:"
                               " write the finding's rating and summary of why in the first"
                               f" row of its block (row {block_row or number})")
                continue
            _action(reader, finding, here + ("findings", point.findings.index(finding)),
                    value, at)
    for (level, point_id), point in points.items():
        if point.findings:
            domain = out.draft.domains.setdefault(domain_id, DraftDomain())
            domain.points[(level, point_id)] = point
            continue
        for k, said in ((L.OVERALL_KEY, point.overall), (L.TARGET_KEY, point.target)):
            if said is not None:
                place = out.places[("domains", domain_id, level, point_id, k)]
                reader.problem(place, f"found '{said}', but this system point has no"
                               " finding; add a finding with its rating and summary of why,"
                               f" or clear the {_WHAT[k][1]}")


# What a system point's own cells hold, in words, with their article.
_WHAT = {L.OVERALL_KEY: ("an", "overall rating"), L.TARGET_KEY: ("a", "target")}


def _point_value(reader: _Reader, point: DraftPoint, here: KeyPath, key: str, typed: str,
                 place: Place) -> None:
    """An Overall or Target cell: one a system point, in any of its rows."""
    if getattr(point, key) is not None:
        reader.problem(place, f"found '{typed}', but this system point has"
                       f" {' '.join(_WHAT[key])} already; give it one only")
        return
    setattr(point, key, L.chosen(reader.fw, L.OVERALL, typed))
    reader.out.places[here + (key,)] = place
    if key == L.OVERALL_KEY:
        reader.out.places[here] = place


def _finding(reader: _Reader, point: DraftPoint, here: KeyPath, value: Any, at: Any
             ) -> DraftFinding:
    fw, places = reader.fw, reader.out.places
    rating = _line(value("rating"))
    found = DraftFinding(
        L.chosen(fw, L.RATING, rating) if rating else None, text(value("text")),
        L.evidence_list(fw, text(value("evidence")) or ""),
        reader.yes(at("internal"), value("internal")), _lines(value("accept")))
    path = here + ("findings", len(point.findings))
    point.findings.append(found)
    places[path] = places[path + ("rating",)] = at("rating")
    for key in ("text", "evidence", "internal", "accept"):
        places[path + (key,)] = at(key)
    for k in range(max(len(found.evidence), len(found.accept))):
        places[path + ("evidence", k)] = at("evidence")
        places[path + ("accept", k)] = at("accept")
    return found


def _action(reader: _Reader, finding: DraftFinding, path: KeyPath, value: Any, at: Any
            ) -> None:
    fw, places = reader.fw, reader.out.places
    p = L.ACTION_PREFIX
    status = _line(value(f"{p}status"))
    action = DraftAction(
        text(value(f"{p}text")), _line(value(f"{p}id")), _line(value(f"{p}lead")),
        _line(value(f"{p}agency")), _day(value(f"{p}due")),
        L.chosen(fw, L.STATUS, status) if status else None, text(value(f"{p}note")),
        reader.yes(at(f"{p}internal"), value(f"{p}internal")), _lines(value(f"{p}accept")))
    path = path + ("actions", len(finding.actions))
    finding.actions.append(action)
    places[path] = places[path + ("text",)] = at(f"{p}text")
    for key in ("id", "lead", "agency", "due", "status", "note", "internal", "accept"):
        places[path + (key,)] = at(f"{p}{key}")
    for k in range(len(action.accept)):
        places[path + ("accept", k)] = at(f"{p}accept")


def _values(reader: _Reader) -> None:
    ws = reader.sheet(L.VALUES)
    if ws is None:
        return
    fw, out = reader.fw, reader.out
    cols = _columns(reader, ws, L.VALUES_COLUMNS)
    if "values" not in cols or L.VALUES_COLUMNS[2].key not in cols:
        return
    (where_col, _), (text_col, heading) = cols[L.VALUES_COLUMNS[2].key], cols["values"]
    for row in ws.iter_rows(min_row=L.FIRST_ROW):
        where = _line(row[where_col - 1].value) if where_col <= len(row) else None
        cell = ws.cell(row=row[0].row or 0, column=text_col)
        place = Place(ws.title, cell.coordinate, heading)
        reflection = text(cell.value)
        parts = tuple(p.strip() for p in (where or "").split(L.SEP.strip()))
        known = (len(parts) == 3 and parts[0] in fw.ids("domains") and parts[1] == "values"
                 and parts[2] in fw.ids("values"))
        if not known:
            if reflection is not None:
                reader.problem(place, f"the Where cell of this row ({where or 'empty'}) names"
                               " no domain and value, so it is not known where this goes")
            continue
        domain_path = ("domains", parts[0])
        out.places.setdefault(domain_path, place)
        out.places.setdefault(domain_path + ("values",), place)
        out.places[domain_path + ("values", parts[2])] = place
        if reflection is not None:
            domain = out.draft.domains.setdefault(parts[0], DraftDomain())
            domain.values[parts[2]] = reflection
