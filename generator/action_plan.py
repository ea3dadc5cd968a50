"""The action plan of one review: every action with its context, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .framework import Framework
from .model import Action, Finding, PointResult, Review


@dataclass(frozen=True)
class PlanItem:
    point: PointResult
    finding: Finding
    action: Action
    goal: str  # goal id implied by the finding's rating
    open: bool
    overdue: bool

    @property
    def where(self) -> str:
        """The cell in identifier form, as printed on the paper sheets."""
        return f"{self.point.domain} · {self.point.level} · {self.point.point}"


def plan_items(review: Review, fw: Framework, today: date) -> list[PlanItem]:
    """Open actions first — red findings' work before amber's, then by due date — then
    done and dropped ones. Overdue means open with a due date before ``today``."""
    open_ids = fw.open_statuses()
    rating_order = {r: i for i, r in enumerate(reversed(fw.ids("ratings")))}
    domain_order = {d: i for i, d in enumerate(fw.ids("domains"))}
    items = []
    for point, finding, action in review.all_actions():
        is_open = action.status in open_ids
        items.append(PlanItem(
            point=point, finding=finding, action=action,
            goal=fw.rating(finding.rating).goal, open=is_open,
            overdue=is_open and action.due is not None and action.due < today,
        ))

    def order(item: PlanItem) -> tuple[object, ...]:
        due = item.action.due or date.max
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
