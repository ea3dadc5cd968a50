"""`csreview import`: a filled recording workbook becomes a review file.

The workbook is read into a draft (``recording_read``) and written as a review file in the
style of `csreview new` (``reviewtext``). That text is then checked by the real loader, its
rules and the checks across the area's reviews, as `csreview check` would check the file,
and every problem is told at the sheet and cell it came from:
``next.xlsx:Target!G12: error: Rating: found …``. Nothing is written while there is an
error; an existing file is never replaced; nothing is written outside the reviews folder.
"""

from __future__ import annotations

import re
import sys
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from ...checks.continuity import check_continuity
from ...loading.reviews import AREA_ID, display, load_review_file
from ...model.content import Content, load_content
from ...model.framework import Framework
from ...model.resolved import Area
from ...pages.fragments import long_date
from ...source.diagnostics import Diagnostic, Diagnostics
from ...source.yamlsource import KeyPath, format_key_path, parse_yaml
from ...views.draft import Draft
from ..newreview import open_for_next
from ..reviewtext import domain_lines, top_lines
from . import layout as L
from .read import Place, Reading, read_workbook

# A message from the checker starts with the key path it is about; the cell says that now.
LEADING_PATH = re.compile(r"^[a-z][\w-]*(?:\.[\w-]+|\[\d+\])*: ")


@dataclass(frozen=True)
class Told:
    place: Place
    severity: str
    message: str


def imported_text(area: Area, day: date, book: str, draft: Draft, fw: Framework) -> str:
    lines = [
        f"# {area.name}: system review on {long_date(day)}.",
        f"# Imported by `csreview import` from the recording workbook {book}.",
        "# To change it, edit this file and run `csreview check`; or delete it, correct the",
        "# workbook and import it again.",
        "",
        *top_lines(draft),
        *domain_lines(draft, fw, "not reviewed at this session"),
    ]
    return "\n".join(lines) + "\n"


def run(content_dir: Path, reviews: Path, book: Path, area_arg: str | None,
        day_arg: date | None, dry_run: bool = False,
        out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    base = Path.cwd()
    shown_book = display(book, base)

    def fail(message: str) -> int:
        print(f"csreview import: {message}", file=err)
        return 1

    started = begin(content_dir, book, area_arg, fail, err)
    if isinstance(started, int):
        return started
    wb, given, reading = started
    fw = given.framework
    told = [Told(place, "error", message) for place, message in reading.problems]
    if not reading.draft.domains and not reading.problems:
        first = L.domain_sheet(fw, fw.domains[0].id)
        told.append(Told(Place(first, L.cell("rating", L.FIRST_ROW), "Rating"), "error",
                         "the workbook has no finding and no Values Checker reflection, so"
                         " there is no review to import; fill in what the group found"))
    area_id, day = area_and_day(reading, area_arg, day_arg, told)
    if area_id is None or day is None:
        return fail(f"nothing was written ({tell(told, [], shown_book, wb, err)}); correct"
                    " the workbook and import it again")
    target = reviews / area_id / f"{day.isoformat()}.yaml"
    shown = display(target, base)
    loaded = open_for_next(content_dir, reviews, area_id, day, target,
                           "Choose another date with --date, or delete that file first",
                           err, given)
    if isinstance(loaded, str):
        return fail(loaded)
    content, area = loaded
    text = imported_text(area, day, book.name, reading.draft, fw)
    found = _checked(text, shown, area, day, content)
    told += _placed(found, text, shown, reading)
    others = [d for d in found if d.path != shown]  # an open action left out of this one
    errors = tell(told, others, shown_book, wb, err)
    if errors:
        return fail(f"nothing was written ({errors}); correct the workbook and import it"
                    " again")
    if dry_run:
        out.write(text)
        print(f"csreview import: dry run: {shown} would be written as above; nothing was"
              " written", file=err)
        return 0
    try:
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        return fail(f"{shown} already exists; it was left as it is")
    _report(reading.draft, shown, shown_book, fw, out)
    return 0


def begin(content_dir: Path, book: Path, area_arg: str | None, fail: Callable[[str], int],
          err: TextIO) -> tuple[Workbook, Content, Reading] | int:
    """What both kinds of import start from: the workbook, the framework content and what
    the workbook says; or the exit code, once ``fail`` has said why not."""
    if area_arg is not None and not AREA_ID.match(area_arg):
        return fail(f"'{area_arg}' is not a valid area identifier: use lowercase letters,"
                    " digits and hyphens, like northbridge; nothing was written")
    wb = open_workbook(book)
    if isinstance(wb, str):
        return fail(f"{display(book, Path.cwd())}: {wb}; nothing was written")
    diags = Diagnostics()
    content = load_content(content_dir, diags, Path.cwd())
    if content is None:
        for d in diags.errors:
            print(d.format(), file=err)
        return fail("the framework content has errors; nothing was written")
    return wb, content, read_workbook(wb, content.framework)


def open_workbook(book: Path) -> Workbook | str:
    """The workbook, or why it cannot be read."""
    try:
        with warnings.catch_warnings():
            # Calc and Excel add parts openpyxl does not read (and says so); what we read
            # is cells.
            warnings.simplefilter("ignore")
            return load_workbook(book, data_only=True)
    except FileNotFoundError:
        return "there is no such file"
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        return (f"cannot be read as an Excel workbook ({exc}); save it from the spreadsheet"
                " program as an Excel workbook (.xlsx)")


def area_and_day(reading: Reading, area_arg: str | None, day_arg: date | None,
                  told: list[Told]) -> tuple[str | None, date | None]:
    area_place = reading.area_place or Place("Session", "C4", "Area")
    day_place = reading.day_place or Place("Session", "C5", "Date of the session")
    area = area_arg or reading.area
    if area_arg and reading.area and reading.area != area_arg:
        told.append(Told(area_place, "error", f"the workbook is for '{reading.area}', but"
                         f" --area says '{area_arg}'; leave --area out, or change this cell"))
        area = None
    elif area is None:
        told.append(Told(area_place, "error", "found nothing; write the area's folder name"
                         " here, or give it with --area"))
    elif not AREA_ID.match(area):
        told.append(Told(area_place, "error", f"found '{area}', allowed an area identifier:"
                         " lowercase letters, digits and hyphens, like northbridge"))
        area = None
    day = day_arg
    if day is None:
        if isinstance(reading.day, date):
            day = reading.day
        else:
            found = f"'{reading.day}'" if reading.day else "nothing"
            told.append(Told(day_place, "error", f"found {found}, allowed a date written like"
                             " 2027-03-10 (or give it with --date)"))
    return area, day


def _checked(text: str, shown: str, area: Area, day: date, content: Content) -> Diagnostics:
    """What `csreview check` would say of ``text`` as the area's newest review file."""
    diags = Diagnostics()
    with tempfile.TemporaryDirectory(prefix="csreview-import-") as folder:
        path = Path(folder) / f"{day.isoformat()}.yaml"
        path.write_text(text, encoding="utf-8")
        new = load_review_file(path, shown, area.id, day, area.audience, content, diags)
        if new is not None:
            across = Diagnostics()
            check_continuity([*area.reviews, new], content.framework, across, area.updates)
            # Only what the new file brings: the earlier files' own warnings are theirs.
            diags.extend(d for d in across.items if d.path == shown or shown in d.message)
    return diags


def _placed(found: Diagnostics, text: str, shown: str, reading: Reading) -> list[Told]:
    """Each problem in the new file at the cell its value came from."""
    doc = parse_yaml(text, shown, Diagnostics())
    assert doc is not None, "the text written from a draft always parses"
    at: dict[tuple[int, int], list[KeyPath]] = {}
    for path in reading.places:
        for pos in {doc.where(path), doc.where(path, key=True)}:
            at.setdefault(pos, []).append(path)
    known = sorted(at)
    told = []
    for d in found.items:
        if d.path != shown:
            continue
        pos = (d.line, d.col)
        if pos not in at:  # a place no cell gave: the nearest before it
            earlier = [p for p in known if p <= pos]
            pos = earlier[-1] if earlier else known[0]
        paths = sorted(at[pos], key=len, reverse=True)
        path = next((p for p in paths if d.message.startswith(format_key_path(p) + ":")),
                    paths[0])
        place = reading.places[path]
        message = LEADING_PATH.sub("", d.message, count=1)
        told.append(Told(place, d.severity, message))
    return told


def tell(told: list[Told], others: list[Diagnostic], shown_book: str, wb: Workbook,
          err: TextIO) -> str:
    """Print every problem, in the order of the sheets and their cells; say how many."""
    order = {name: n for n, name in enumerate(wb.sheetnames)}

    def key(t: Told) -> tuple[int, int, int]:
        try:
            letters, row = coordinate_from_string(t.place.cell)
            column = column_index_from_string(letters)
        except ValueError:
            row, column = 0, 0
        return order.get(t.place.sheet, len(order)), row, column

    for t in sorted(dict.fromkeys(told), key=key):
        print(f"{shown_book}:{t.place}: {t.severity}: {t.place.heading}: {t.message}",
              file=err)
    for d in others:
        print(d.format(), file=err)
    errors = sum(t.severity == "error" for t in told) + sum(
        d.severity == "error" for d in others)
    warned = len(told) + len(others) - errors
    return (f"{errors} error{'s' * (errors != 1)}, {warned} warning{'s' * (warned != 1)}"
            if errors else "")


def _report(draft: Draft, shown: str, shown_book: str, fw: Framework, out: TextIO) -> None:
    points = [p for d in draft.domains.values() for p in d.points.values()]
    findings = [f for p in points for f in p.findings]
    actions = [a for f in findings for a in f.actions]
    still = sum((a.status or fw.default_status) in fw.open_statuses() for a in actions)
    print(f"csreview import: wrote {shown} from {shown_book}", file=out)
    print(f"  {len(draft.domains)} domain{'s' * (len(draft.domains) != 1)},"
          f" {len(points)} system points, {len(findings)} findings, {len(actions)} actions"
          f" ({still} open)", file=out)
    print("next: run `csreview check`, then `csreview build` to see it with the area's"
          " history", file=out)
