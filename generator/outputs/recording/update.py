"""`csreview import --update`: what a meeting between reviews heard, from a recording workbook.

The workbook `csreview sheet` makes for an area's next review carries every open action of
its latest review with the action's status, note and due date as they stand. After a
partnership meeting someone changes those cells; this reads them back and writes
``reviews/<area>/updates/<date>.yaml`` with the actions whose status, note or due date now
differ. Findings, ratings and new actions in the workbook are left for the next review's
`csreview import`. The file is checked by the real loader, as `csreview check` would check
it, and each problem is told at the cell it came from. Nothing is written while there is an
error, and an existing file is never replaced.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TextIO

from ...loading.reviews import display, load_area
from ...loading.updates import FOLDER
from ...model.content import Content
from ...model.resolved import Area, Review
from ...pages.fragments import long_date
from ...source.diagnostics import Diagnostic, Diagnostics
from ...source.yamlsource import KeyPath
from ...views.draft import DraftAction, DraftDomain
from ...views.progress import due_now, note_now, progress_by_review, status_now
from ..reviewtext import scalar, text_field
from .importer import LEADING_PATH, Told, area_and_day, begin, tell
from .read import Place


@dataclass(frozen=True)
class _Change:
    ident: str
    status: str
    note: str | None  # None: unchanged
    due: date | None  # None: unchanged
    place: Place  # the action's Status cell


def run_update(content_dir: Path, reviews: Path, book: Path, area_arg: str | None,
               day_arg: date | None, meeting: str | None, dry_run: bool = False,
               out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    base = Path.cwd()
    shown_book = display(book, base)

    def fail(message: str) -> int:
        print(f"csreview import --update: {message}", file=err)
        return 1

    if day_arg is None:
        return fail("give the date of the meeting with --date YYYY-MM-DD (the workbook's"
                    " own date is its next review's); nothing was written")
    started = begin(content_dir, book, area_arg, fail, err)
    if isinstance(started, int):
        return started
    wb, content, reading = started
    diags = Diagnostics()
    told = [Told(place, "error", message) for place, message in reading.problems]
    area_id, _ = area_and_day(reading, area_arg, day_arg, told)
    if area_id is None or told:
        return fail(f"nothing was written ({tell(told, [], shown_book, wb, err)}); correct"
                    " the workbook and import it again")
    folder = reviews / area_id
    area = load_area(folder, reviews, content, diags, base) if folder.is_dir() else None
    if area is None:
        for d in diags.errors:
            print(d.format(), file=err)
        return fail(f"there is no area '{area_id}' in {display(reviews, base)} that loads"
                    " without errors; nothing was written")
    review = next((r for r in reversed(area.reviews) if r.date < day_arg), None)
    if review is None:
        return fail(f"{area.name} has no review before {long_date(day_arg)}, so there is"
                    " nothing to report progress on; nothing was written")
    target = folder / FOLDER / f"{day_arg.isoformat()}.yaml"
    shown = display(target, base)
    if target.exists():
        return fail(f"{shown} already exists; it was left as it is. Choose another date"
                    " with --date, or delete that file first")
    changes = _changes(reading.draft.domains, reading.places, area, review, day_arg, told)
    if not changes and not told:
        return fail(f"no open action of the review on {long_date(review.date)} has a status,"
                    " note or due date that differs from what is recorded now; nothing was"
                    " written")
    text = _update_text(area, review, day_arg, meeting, book.name, changes)
    found = _checked(text, folder, area_id, day_arg, content, shown)
    placed, unplaced = _placed(found, text, changes)
    errors = tell(told + placed, unplaced, shown_book, wb, err)
    if errors:
        return fail(f"nothing was written ({errors}); correct the workbook and import it"
                    " again")
    if dry_run:
        out.write(text)
        print(f"csreview import --update: dry run: {shown} would be written as above;"
              " nothing was written", file=err)
        return 0
    target.parent.mkdir(exist_ok=True)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        return fail(f"{shown} already exists; it was left as it is")
    print(f"csreview import --update: wrote {shown} from {shown_book}: progress on"
          f" {len(changes)} action{'s' * (len(changes) != 1)} of the review on"
          f" {long_date(review.date)}", file=out)
    print("next: run `csreview check`, then `csreview build` to see the statuses now",
          file=out)
    return 0


def _changes(domains: dict[str, DraftDomain], places: dict[KeyPath, Place], area: Area,
             review: Review, day: date, told: list[Told]) -> list[_Change]:
    """The actions of ``review`` whose cells now say something other than their status,
    note and due date as reported before ``day``."""
    progress = progress_by_review(area).get(review.date)
    known = {a.id: a for _, _, a in review.all_actions() if a.id}
    found: list[_Change] = []
    seen: set[str] = set()
    for path, action in _actions(domains):
        if action.id is None or action.id in seen:
            continue  # a new action is for the next review's import
        seen.add(action.id)
        place = places.get(path + ("status",)) or places[path]
        recorded = known.get(action.id)
        if recorded is None:
            continue  # not an action of that review: the next review's import says so
        # What stood before this meeting: a report from a later meeting does not count.
        report = next((r for r in reversed(progress.of(recorded)) if r.date < day),
                      None) if progress else None
        status = action.status or status_now(recorded, report)
        note = action.note if action.note != note_now(recorded, report) else None
        due = action.due if action.due != due_now(recorded, report) else None
        if isinstance(due, str):
            told.append(Told(places.get(path + ("due",), place), "error",
                             f"found '{due}', allowed a date written like 2027-03-10"))
            continue
        if status != status_now(recorded, report) or note is not None or due is not None:
            found.append(_Change(action.id, status, note, due, place))
    return found


def _actions(domains: dict[str, DraftDomain]) -> list[tuple[KeyPath, DraftAction]]:
    """Every action of the draft with its key path, in the workbook's order."""
    out: list[tuple[KeyPath, DraftAction]] = []
    for domain_id, domain in domains.items():
        for (level, point_id), point in domain.points.items():
            for i, finding in enumerate(point.findings):
                for j, action in enumerate(finding.actions):
                    out.append((("domains", domain_id, level, point_id, "findings", i,
                                 "actions", j), action))
    return out


def _update_text(area: Area, review: Review, day: date, meeting: str | None, book: str,
                 changes: list[_Change]) -> str:
    lines = [
        f"# {area.name}: progress reported on {long_date(day)} on the actions of the system"
        f" review on {long_date(review.date)}.",
        f"# Imported by `csreview import --update` from the recording workbook {book}.",
        *([f"meeting: {scalar(meeting)}"] if meeting else []),
        "actions:",
    ]
    for change in changes:
        lines += [f"  {change.ident}:", f"    status: {change.status}"]
        if change.note is not None:
            lines += text_field("note", change.note, "    ")
        if change.due is not None:
            lines.append(f"    due: {change.due.isoformat()}")
    return "\n".join(lines) + "\n"


def _checked(text: str, folder: Path, area_id: str, day: date, content: Content,
             shown: str) -> Diagnostics:
    """What `csreview check` would say of the area with ``text`` as its new update file,
    with the new file's messages naming it as ``shown``."""
    diags = Diagnostics()
    with tempfile.TemporaryDirectory(prefix="csreview-update-") as tmp:
        copy = Path(tmp) / area_id
        shutil.copytree(folder, copy)
        (copy / FOLDER).mkdir(exist_ok=True)
        new = copy / FOLDER / f"{day.isoformat()}.yaml"
        new.write_text(text, encoding="utf-8")
        found = Diagnostics()
        load_area(copy, Path(tmp), content, found, Path(tmp))
        mine = display(new, Path(tmp))
        for d in found.items:
            if d.path == mine:
                diags.extend([replace(d, path=shown)])
    return diags


def _placed(found: Diagnostics, text: str, changes: list[_Change]
            ) -> tuple[list[Told], list[Diagnostic]]:
    """Each problem in the new file at the Status cell of the action its line is under;
    one above every action (the meeting's name, say) stays at its line in the file."""
    starts = {}
    for number, line in enumerate(text.splitlines(), 1):
        for change in changes:
            if line == f"  {change.ident}:":
                starts[number] = change
    told, unplaced = [], []
    for d in found.items:
        above = [n for n in starts if n <= d.line]
        if above:
            told.append(Told(starts[max(above)].place, d.severity,
                             LEADING_PATH.sub("", d.message, count=1)))
        else:
            unplaced.append(d)
    return told, unplaced
