"""The action plan of one review: every action with its context, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model.framework import Framework
from ..model.resolved import Action, Finding, PointResult, Review
from .progress import NO_PROGRESS, Progress, Report, due_now, note_now, status_now


@dataclass(frozen=True)
class PlanItem:
    point: PointResult
    finding: Finding
    action: Action
    goal: str  # goal id implied by the finding's rating
    open: bool
    overdue: bool
    # The latest progress reported on the action since the review, if any: its status,
    # due date and note now. ``action`` keeps what the review itself recorded.
    report: Report | None = None

    @property
    def where(self) -> str:
        """The cell in identifier form, as printed on the paper sheets."""
        return f"{self.point.domain} · {self.point.level} · {self.point.point}"

    @property
    def status(self) -> str:
        return status_now(self.action, self.report)

    @property
    def due(self) -> date | None:
        return due_now(self.action, self.report)

    @property
    def note(self) -> str | None:
        return note_now(self.action, self.report)


def plan_items(review: Review, fw: Framework, today: date,
               progress: Progress = NO_PROGRESS) -> list[PlanItem]:
    """Open actions first — red findings' work before amber's, then by due date — then
    done and dropped ones. Overdue means open with a due date before ``today``. Both go by
    the latest progress reported since the review (``progress``), where there is any."""
    open_ids = fw.open_statuses()
    rating_order = {r: i for i, r in enumerate(reversed(fw.ids("ratings")))}
    domain_order = {d: i for i, d in enumerate(fw.ids("domains"))}
    items = []
    for point, finding, action in review.all_actions():
        report = progress.latest(action)
        is_open = status_now(action, report) in open_ids
        due = due_now(action, report)
        items.append(PlanItem(
            point=point, finding=finding, action=action,
            goal=fw.rating(finding.rating).goal, open=is_open,
            overdue=is_open and due is not None and due < today, report=report,
        ))

    def order(item: PlanItem) -> tuple[object, ...]:
        due = item.due or date.max
        return (not item.open, rating_order[item.finding.rating], not item.overdue, due,
                domain_order[item.point.domain])

    return sorted(items, key=order)


@dataclass(frozen=True)
class PlanGroup:
    """One finding and its actions, as the printed plan shows them: the finding once."""

    point: PointResult
    finding: Finding
    goal: str
    items: tuple[PlanItem, ...]

    @property
    def where(self) -> str:
        return self.items[0].where

    @property
    def overdue(self) -> bool:
        return any(item.overdue for item in self.items)


def by_finding(items: list[PlanItem]) -> list[PlanGroup]:
    """``items`` gathered under their findings, each finding where its most urgent action
    stands in plan order, and its actions in plan order under it."""
    groups: dict[int, list[PlanItem]] = {}
    for item in items:
        groups.setdefault(id(item.finding), []).append(item)
    return [PlanGroup(g[0].point, g[0].finding, g[0].goal, tuple(g)) for g in groups.values()]
