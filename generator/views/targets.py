"""Targets: the overall rating a review aims for at each system point by the next review.

The next review judges each target against its own overall rating there, on the five-step
scale red < amber/red < amber < green/amber < green (``ratings.overall_rank``): met when
equal, exceeded when better, missed when worse, not reviewed when it gave no rating.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model.framework import Framework
from ..model.ratings import overall_rank
from ..model.resolved import PointResult, Review
from .history import CellKey

MET = "met"
EXCEEDED = "exceeded"
MISSED = "missed"
NOT_REVIEWED = "not-reviewed"
# The order a list of judged targets is read in: misses first.
OUTCOMES = (MISSED, NOT_REVIEWED, MET, EXCEEDED)


@dataclass(frozen=True)
class Target:
    """One system point's target, and how the next review did against it (``outcome`` is
    None while there is no next review: the review is still "aiming for" it)."""

    set_by: Review
    set_at: PointResult
    target: str
    judged_at: Review | None
    actual: str | None  # the next review's overall rating there
    outcome: str | None

    @property
    def key(self) -> CellKey:
        return (self.set_at.domain, self.set_at.level, self.set_at.point)

    @property
    def anchor(self) -> str:
        return self.set_at.anchor


def outcome(fw: Framework, target: str, actual: str | None) -> str:
    if actual is None:
        return NOT_REVIEWED
    now, aim = overall_rank(fw, actual), overall_rank(fw, target)
    if now == aim:
        return MET
    return EXCEEDED if now < aim else MISSED  # rank 0 is the best rating


def targets(fw: Framework, review: Review, following: Review | None) -> dict[CellKey, Target]:
    """The targets ``review`` set, judged by ``following`` (the next review), if any."""
    out = {}
    for point in review.all_points():
        if point.target is None:
            continue
        actual = None
        if following is not None:
            there = following.point(point.domain, point.level, point.point)
            actual = there.overall if there is not None else None
        out[(point.domain, point.level, point.point)] = Target(
            review, point, point.target, following, actual,
            outcome(fw, point.target, actual) if following is not None else None)
    return out


def misses_first(fw: Framework, found: dict[CellKey, Target]) -> list[Target]:
    """Judged targets, misses first, then in framework order."""
    order = {d: i for i, d in enumerate(fw.ids("domains"))}
    levels = {lv: i for i, lv in enumerate(fw.ids("levels"))}
    points = {p: i for i, p in enumerate(fw.ids("system_points"))}
    return sorted((t for t in found.values() if t.outcome is not None),
                  key=lambda t: (OUTCOMES.index(t.outcome or MISSED), order[t.key[0]],
                                 levels[t.key[1]], points[t.key[2]]))


def counts(judged: Sequence[Target]) -> dict[str, int]:
    """How many targets had each outcome, every outcome present (zero when none)."""
    out = dict.fromkeys(OUTCOMES, 0)
    for t in judged:
        if t.outcome is not None:
            out[t.outcome] += 1
    return out
