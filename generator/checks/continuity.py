"""Warnings that need more than one review: what changed, or vanished, without a word why.

Run once per area after its reviews load. Each review is compared only with the one before
it, so the cost grows with the number of reviews.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..model.framework import Framework
from ..model.ratings import overall_name
from ..model.resolved import Review, Update
from ..source.diagnostics import Diagnostics
from ..source.yamlsource import format_key_path
from ..views.history import IMPROVED, SLIPPED, cell_changes, journeys


def check_continuity(reviews: Sequence[Review], fw: Framework, diags: Diagnostics,
                     updates: Sequence[Update] = ()) -> None:
    """``reviews`` are one area's, oldest first; ``updates`` its progress updates."""
    for previous, current in zip(reviews, reviews[1:], strict=False):
        _unexplained_ratings(previous, current, fw, diags)
    _lost_actions(reviews, fw, diags, updates)


def _unexplained_ratings(
    previous: Review, current: Review, fw: Framework, diags: Diagnostics
) -> None:
    for change in cell_changes(fw, previous, current).values():
        if change.kind not in (IMPROVED, SLIPPED) or not change.texts_unchanged:
            continue
        assert change.before is not None and change.after is not None
        assert change.before.overall is not None and change.after.overall is not None
        at = change.after.key_path
        was = overall_name(fw, change.before.overall)
        now = overall_name(fw, change.after.overall)
        diags.warning(
            current.path, *current.locate(at),
            f"{format_key_path(at)}: the overall rating changed from {was} to {now} since"
            f" the review on {previous.slug} ({previous.path}), but every finding's text is"
            " the same as then; say in a finding what changed",
        )


def _lost_actions(reviews: Sequence[Review], fw: Framework, diags: Diagnostics,
                  updates: Sequence[Update]) -> None:
    """An open action must reach the next review, even if only to be marked done or dropped;
    or be reported done or dropped at a meeting before it, which `csreview new` then does
    not carry."""
    open_ids = fw.open_statuses()
    reports: dict[tuple[date, str], list[tuple[date, str]]] = {}  # the latest wins
    for update in sorted(updates, key=lambda u: u.date):
        for entry in update.actions:
            reports.setdefault((update.review, entry.action_id), []).append(
                (update.date, entry.status))
    for journey in journeys(reviews):
        following = journey.sightings[1:] + (None,)
        for seen, after in zip(journey.sightings, following, strict=True):
            gone = after.index > seen.index + 1 if after else seen.index < len(reviews) - 1
            if not gone or seen.action.status not in open_ids:
                continue
            action, nxt = seen.action, reviews[seen.index + 1]
            heard = [status for day, status in reports.get((seen.review.date, action.id or ""), ())
                     if day < nxt.date]
            if heard and heard[-1] not in open_ids:
                continue
            at = action.key_path
            name = f"'{action.id}'" if action.id else f"\"{short_text(action.text)}\""
            status = fw.name("statuses", action.status).lower()
            diags.warning(
                seen.review.path, *seen.review.locate(at),
                f"{format_key_path(at)}: the action {name} is {status} here but missing from the"
                f" next review ({nxt.path}); carry it forward there, marked done or dropped if"
                " it is finished with",
            )


def short_text(text: str, limit: int = 50) -> str:
    """An action named by its words when it has no id: one line, cut at about 50 characters."""
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"
