"""What progress updates mean for a review's actions: each action's status now.

The latest update wins. A review's own record (its status, due date and note) is never
replaced: pages show both, and only ``csreview new`` starts from the latest.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from ..model.resolved import (
    Action,
    ActionUpdate,
    Area,
    Finding,
    PointResult,
    Review,
    Update,
)


@dataclass(frozen=True)
class Report:
    """One action's progress as one meeting heard it."""

    update: Update
    entry: ActionUpdate

    @property
    def date(self) -> date:
        return self.update.date

    @property
    def meeting(self) -> str | None:
        return self.update.meeting


@dataclass(frozen=True)
class Progress:
    """Every report on one review's actions, by action id, oldest first."""

    reports: dict[str, tuple[Report, ...]] = field(default_factory=dict)
    updates: tuple[Update, ...] = ()  # the update files, oldest first

    def of(self, action: Action) -> tuple[Report, ...]:
        return self.reports.get(action.id, ()) if action.id else ()

    def latest(self, action: Action) -> Report | None:
        found = self.of(action)
        return found[-1] if found else None


NO_PROGRESS = Progress()


def progress_by_review(area: Area) -> dict[date, Progress]:
    """Each review's progress (by review date), for the reviews that have any."""
    by_review: dict[date, list[Update]] = {}
    for update in area.updates:
        by_review.setdefault(update.review, []).append(update)
    out = {}
    for day, updates in by_review.items():
        reports: dict[str, list[Report]] = {}
        for update in sorted(updates, key=lambda u: u.date):
            for entry in update.actions:
                reports.setdefault(entry.action_id, []).append(Report(update, entry))
        out[day] = Progress({k: tuple(v) for k, v in reports.items()},
                            tuple(sorted(updates, key=lambda u: u.date)))
    return out


def status_now(action: Action, report: Report | None) -> str:
    return report.entry.status if report else action.status


def due_now(action: Action, report: Report | None) -> date | None:
    return (report.entry.due or action.due) if report else action.due


def note_now(action: Action, report: Report | None) -> str | None:
    return (report.entry.note or action.note) if report else action.note


def with_progress(review: Review, progress: Mapping[date, Progress]) -> Review:
    """``review`` as its latest reports leave it: what the next review starts from. Actions
    nobody reported on stay the very same objects."""
    found = progress.get(review.date)
    if found is None:
        return review

    def action(a: Action) -> Action:
        report = found.latest(a)
        if report is None:
            return a
        return dataclasses.replace(a, status=status_now(a, report), due=due_now(a, report),
                                   note=note_now(a, report))

    def finding(f: Finding) -> Finding:
        return dataclasses.replace(f, actions=tuple(action(a) for a in f.actions))

    def point(p: PointResult) -> PointResult:
        return dataclasses.replace(p, findings=tuple(finding(f) for f in p.findings))

    domains = {d: dataclasses.replace(r, points={k: point(p) for k, p in r.points.items()})
               for d, r in review.domains.items()}
    return dataclasses.replace(review, domains=domains)
