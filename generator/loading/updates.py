"""Progress updates: ``reviews/<area>/updates/<YYYY-MM-DD>.yaml``, one meeting between reviews.

An update reports on the actions of the area's latest review before its date. It is checked
like a review file (shape, identifiers, ``path:line:col`` messages), then against that review:
every id must name one of its open actions. Review files are never changed by an update.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..model.content import Content
from ..model.resolved import Action, ActionUpdate, Review, Update
from ..model.review_schema import review_models
from ..source.diagnostics import Diagnostics, did_you_mean
from ..source.validation import validate
from ..source.yamlsource import YamlDocument, format_key_path, load_yaml

FOLDER = "updates"

UpdateFile = tuple[date, Path, str]  # the meeting's date, the file, how messages name it


def find_update_files(
    folder: Path, root: Path, diags: Diagnostics, base: Path, skipped: list[str] | None = None,
) -> tuple[tuple[date, Path], ...]:
    """The dated files in ``folder/updates/``, by date; a misnamed one is an error."""
    from .reviews import dated_files  # reviews imports this module

    updates = folder / FOLDER
    if not updates.is_dir():
        return ()
    return tuple(dated_files(updates, root, diags, base, skipped, files="update files",
                             naming="each progress update by the date of its meeting, like"
                                    " 2025-06-04.yaml"))


def load_updates(
    files: Sequence[UpdateFile], review_days: Sequence[date], reviews: Sequence[Review | None],
    area: str, default_audience: str, content: Content, diags: Diagnostics,
) -> list[Update]:
    """Every update that checks out. ``review_days`` are the dates of all the area's review
    files, oldest first, and ``reviews`` what loaded of each (None where a file failed)."""
    out = []
    for day, path, shown in files:
        doc = load_yaml(path, shown, diags)
        if doc is None:
            continue
        update = _load_update(doc, day, review_days, reviews, area, default_audience,
                              content, diags)
        if update is not None:
            out.append(update)
    return out


def _load_update(
    doc: YamlDocument, day: date, review_days: Sequence[date],
    reviews: Sequence[Review | None], area: str, default_audience: str, content: Content,
    diags: Diagnostics,
) -> Update | None:
    if doc.data is None:
        diags.error(doc.display_path, 1, 1, "the update file is empty; it needs `actions:`,"
                    " with the id of each action the meeting heard about")
        return None
    parsed = validate(review_models(content.framework).Update, doc, diags)
    if parsed is None:
        return None
    if not parsed.actions:
        diags.error(doc.display_path, *doc.where(("actions",)), "actions: the mapping is"
                    " empty; give the id of each action the meeting heard about, with its status")
        return None
    before = bisect.bisect_left(review_days, day)  # how many reviews came before this day
    if not _dated_between(doc, day, review_days, before, diags):
        return None
    review = reviews[before - 1]
    if review is None:
        return None  # its review did not load: its own errors say why
    entries = tuple(
        ActionUpdate(action_id=ident, status=a.status, note=a.note, due=a.due,
                     key_path=("actions", ident), accept=a.accept)
        for ident, a in parsed.actions.items())
    if not _ids_check_out(doc, day, entries, review, reviews, content, diags):
        return None
    return Update(
        area=area, date=day, review=review.date, meeting=parsed.meeting,
        audience=parsed.audience or default_audience, actions=entries,
        path=doc.display_path, accept=parsed.accept, source=doc.source,
    )


def _dated_between(doc: YamlDocument, day: date, review_days: Sequence[date], before: int,
                   diags: Diagnostics) -> bool:
    """An update comes after the review it reports on and before the next review."""
    shown = day.isoformat()
    if before == 0:
        first = (f"on or before the area's first review ({review_days[0].isoformat()})"
                 if review_days else "but the area has no review yet")
        diags.error(doc.display_path, 1, 1, f"this update is dated {shown}, {first}; an"
                    " update reports progress on the actions of the latest review before its"
                    " date, so name the file by the date of a meeting held after a review")
        return False
    if before < len(review_days) and review_days[before] == day:
        diags.error(doc.display_path, 1, 1, f"this update is dated {shown}, the day of the"
                    f" review {shown}.yaml: an update must come after the review it reports on"
                    " and before the next one; record progress heard that day in the review"
                    " itself, or name the file by the date of the meeting")
        return False
    return True


def _ids_check_out(
    doc: YamlDocument, day: date, entries: Sequence[ActionUpdate], review: Review,
    reviews: Sequence[Review | None], content: Content, diags: Diagnostics,
) -> bool:
    fw = content.framework
    actions = {a.id: a for _, _, a in review.all_actions() if a.id}
    ok = True
    for entry in entries:
        action = actions.get(entry.action_id)
        where = format_key_path(entry.key_path)
        if action is not None and action.status in fw.open_statuses():
            if entry.due is not None and entry.due < day and entry.status == fw.default_status:
                diags.warning(doc.display_path, *doc.where(entry.key_path + ("due",)),
                              f"{where}.due: {entry.due.isoformat()} is before this meeting"
                              f" ({day.isoformat()}) but the action is not started; give a"
                              " due date still ahead")
            continue
        ok = False
        line, col = doc.where(entry.key_path, key=True)
        if action is not None:
            status = fw.name("statuses", action.status).lower()
            diags.error(doc.display_path, line, col, f"{where}: the action"
                        f" '{entry.action_id}' is already {status} in the review of"
                        f" {review.slug} ({review.path}); an update reports only on actions"
                        " still open there")
            continue
        diags.error(doc.display_path, line, col, f"{where}: "
                    + _not_there(entry.action_id, day, review, reviews, actions))
    return ok


def _not_there(ident: str, day: date, review: Review, reviews: Sequence[Review | None],
               actions: dict[str, Action]) -> str:
    """Why an id is not one this update can report on, and what to do."""
    head = (f"'{ident}' is not an action of the review of {review.slug} ({review.path}),"
            " the latest review before this update")
    for other in reviews:
        if other is None or other is review:
            continue
        if any(a.id == ident for _, _, a in other.all_actions()):
            if other.date < review.date:
                return (f"{head}: it is an action of the review of {other.slug}, but this"
                        f" update is dated {day.isoformat()}, after the next review"
                        f" ({review.slug}); date the update before {review.slug}, or carry"
                        f" the action into {review.path}")
            return (f"{head}: it is first recorded in the review of {other.slug}, after"
                    " this update's date")
    hint = did_you_mean(ident, list(actions))
    return head + (hint or "; use the `id:` an action has in that review")
