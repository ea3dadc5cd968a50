"""What a review inherits from the one before it, and the warnings about it that matter.

`csreview new` starts a review from the last one: its findings word for word, for the
facilitator to revise, and every open action as it stood. Two things follow, and both are
about what the facilitator still has to do with the group, so they are said once per file,
not once per finding or action — forty lines saying the same would bury the warnings that
need a decision (a child's details, a missing lead):

* **Overdue actions nobody has touched.** An action carried forward exactly as it was
  (same text, status, due date and note) that fell due before this review and is still
  not started is one item on the facilitator's list: go through the carried actions with
  the group. Such actions are named together in one warning. An action someone has
  edited since, or a new one, that is overdue and not started gets its own warning, as
  before: there someone decided something and left it inconsistent.
* **Findings kept word for word.** A finding whose text is the same as one at the same
  system point last time may be true again, or may be last time's words never revised.
  One warning per review counts them and points at the first; a public build lists each
  published one (``unrevised_findings``), because there the old words would be presented
  as what this review found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from ..model.framework import Framework
from ..model.resolved import Action, Finding, PointResult, Review
from ..source.diagnostics import Diagnostics
from ..source.yamlsource import format_key_path
from ..views.history import normal_text


def check_inherited(reviews: Sequence[Review | None], fw: Framework, diags: Diagnostics) -> None:
    """``reviews`` are one area's, oldest first; None where a file did not load (the
    review after it is then compared with nothing)."""
    previous: Review | None = None
    # Each finding's text is compared twice (with the review before and the one after):
    # normalised once, as a national folder holds over a hundred thousand of them.
    normal: dict[int, str] = {}

    def text_of(finding: Finding) -> str:
        key = id(finding)  # the findings outlive this call, so ids are not reused
        if key not in normal:
            normal[key] = normal_text(finding.text)
        return normal[key]

    for review in reviews:
        if review is not None:
            _due_dates(review, previous, fw, diags)
            _kept_findings(review, previous, diags, text_of)
        previous = review


def _untouched(action: Action, before: dict[str, Action]) -> bool:
    old = before.get(action.key)
    return old is not None and (old.text, old.status, old.due, old.note) == (
        action.text, action.status, action.due, action.note)


def _due_dates(review: Review, previous: Review | None, fw: Framework,
               diags: Diagnostics) -> None:
    before = {a.key: a for _, _, a in previous.all_actions()} if previous else {}
    carried: list[Action] = []
    for _, _, action in review.all_actions():
        if action.due is None or action.status != fw.default_status or (
                action.due >= review.date):
            continue
        if _untouched(action, before):
            carried.append(action)
            continue
        where = format_key_path(action.key_path)
        diags.warning(review.path, *review.locate(action.key_path + ("due",)),
                      f"{where}.due: {action.due.isoformat()} is before the review date"
                      f" {review.slug} but the action is not started; give a new due date"
                      " or update its status")
    if carried:
        assert previous is not None  # an untouched action is one it had
        first = carried[0]
        names = [a.id or f"\"{a.text[:40]}\"" for a in carried]
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        n = len(carried)
        diags.warning(
            review.path, *review.locate(first.key_path + ("due",)),
            f"{n} action{'s' * (n != 1)} carried forward unchanged from the review on"
            f" {previous.slug} fell due before this review and {'are' if n != 1 else 'is'}"
            f" still not started ({shown}): when the group goes through them, give each a"
            " new due date, or a status and a note saying where it stands")


def kept(
    review: Review, previous: Review | None,
    text_of: Callable[[Finding], str] = lambda f: normal_text(f.text),
) -> Iterator[tuple[PointResult, Finding]]:
    """Findings of ``review`` whose text is, word for word, a finding's at the same
    system point in ``previous`` (spacing and capitals aside)."""
    if previous is None:
        return
    for point in review.all_points():
        before = previous.point(point.domain, point.level, point.point)
        if before is None:
            continue
        old = {text_of(f) for f in before.findings}
        same = [f for f in point.findings if text_of(f) in old]
        moved = None not in (point.overall, before.overall) and point.overall != before.overall
        if moved and len(same) == len(point.findings):
            continue  # a rating moved with every text kept: continuity.py says so already
        for finding in same:
            yield point, finding


def _kept_findings(
    review: Review, previous: Review | None, diags: Diagnostics,
    text_of: Callable[[Finding], str],
) -> None:
    same = [f for _, f in kept(review, previous, text_of)]
    if not same or previous is None:
        return
    total = sum(len(p.findings) for p in review.all_points())
    line, col = review.locate(same[0].key_path + ("text",))
    n = len(same)
    diags.warning(
        review.path, line, col,
        f"{n} of {total} finding{'s' * (total != 1)} {'are' if n != 1 else 'is'} word for"
        f" word as in the review on {previous.slug}, the first here at line {line}"
        f" ({format_key_path(same[0].key_path)}): `csreview new` copies last time's findings"
        " for you to revise. Rewrite each with what the group found this time; where it"
        " found the same again, say so in the text. A public build lists each one")


def unrevised_findings(review: Review, previous: Review | None, diags: Diagnostics) -> None:
    """For a public build: each published finding kept word for word from ``previous``,
    or one line when every finding was."""
    same = [f for _, f in kept(review, previous)]
    if not same or previous is None:
        return
    total = sum(len(p.findings) for p in review.all_points())
    if len(same) == total and total > 1:
        diags.warning(review.path, *review.locate(("domains",)),
                      f"every finding ({total}) is word for word as in the review on"
                      f" {previous.slug}: the file looks as `csreview new` left it. Revise"
                      " it with the group's notes before publishing it")
        return
    for finding in same:
        where = format_key_path(finding.key_path + ("text",))
        diags.warning(
            review.path, *review.locate(finding.key_path + ("text",)),
            f"{where}: word for word the finding of the review on {previous.slug}; a public"
            " page would present last time's words as what this review found. Rewrite it"
            " with what the group found, or if it found the same, say so (\"As in"
            f" {previous.date.strftime('%B %Y')}: …\")")
