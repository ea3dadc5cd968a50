"""How an area moved from one review to the next: cell changes, action journeys and slips.

Pure functions over the typed model. Each review is compared only with the one before it,
and actions are matched through dictionaries, so the cost grows with the number of reviews
(a national build has thousands) and never with its square.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..model.framework import Framework
from ..model.ratings import overall_rank
from ..model.resolved import Action, Area, Finding, PointResult, Review
from .progress import Progress, Report

CellKey = tuple[str, str, str]  # domain, level, system point

# How a cell moved since the previous review. The words and symbols live in the templates.
IMPROVED = "improved"
SLIPPED = "slipped"
UNCHANGED = "unchanged"
NEW = "new"  # reviewed now, not reviewed last time
UNCLEAR = "unclear"  # one of the two overall ratings could not be derived
GONE = "gone"  # reviewed last time, not reviewed now
KINDS = (IMPROVED, SLIPPED, NEW, GONE, UNCLEAR, UNCHANGED)


def normal_text(text: str) -> str:
    """Text as compared across reviews: case and spacing do not make a new finding."""
    return " ".join(text.split()).lower()


def excerpt(text: str, limit: int = 180) -> str:
    """The opening sentence of a Markdown text, for a one-line 'why' beside a change."""
    flat = " ".join(text.split())
    ends = [i for i in (flat.find(e, 40) for e in (". ", "? ", "! ")) if 0 < i < limit]
    if ends:
        return flat[: min(ends) + 1]
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


@dataclass(frozen=True)
class CellChange:
    """One system point compared with the previous review."""

    domain: str
    level: str
    point: str
    kind: str
    before: PointResult | None
    after: PointResult | None
    reason: Finding | None  # the finding whose new text explains the change, if any

    @property
    def key(self) -> CellKey:
        return (self.domain, self.level, self.point)

    @property
    def anchor(self) -> str:
        return f"{self.domain}-{self.level}-{self.point}"

    @property
    def reason_number(self) -> int | None:
        """1-based position of ``reason`` among the cell's findings, as the review page counts."""
        if self.reason is None or self.after is None:
            return None
        return next(i for i, f in enumerate(self.after.findings, 1) if f is self.reason)

    @property
    def texts_unchanged(self) -> bool:
        """Whether every finding now says exactly what a finding said last time."""
        if self.before is None or self.after is None:
            return False
        old = {normal_text(f.text) for f in self.before.findings}
        return all(normal_text(f.text) in old for f in self.after.findings)


def _kind(fw: Framework, before: PointResult | None, after: PointResult | None) -> str:
    if after is None:
        return GONE
    if before is None:
        return NEW
    if before.overall is None or after.overall is None:
        return UNCHANGED if before.overall == after.overall else UNCLEAR
    was, now = overall_rank(fw, before.overall), overall_rank(fw, after.overall)
    if now < was:  # rank 0 is the best rating
        return IMPROVED
    return SLIPPED if now > was else UNCHANGED


def _reason(
    fw: Framework, kind: str, before: PointResult | None, after: PointResult | None
) -> Finding | None:
    """The finding that explains a change: one whose text is new, the best-rated for an
    improvement, the worst-rated for a slip, else the first."""
    if after is None or kind == UNCHANGED:
        return None
    old = {normal_text(f.text) for f in before.findings} if before else set()
    fresh = [f for f in after.findings if normal_text(f.text) not in old]
    if not fresh:
        return None
    order = fw.ids("ratings")
    if kind == IMPROVED:
        return min(fresh, key=lambda f: order.index(f.rating))
    if kind == SLIPPED:
        return max(fresh, key=lambda f: order.index(f.rating))
    return fresh[0]


def cell_changes(
    fw: Framework, previous: Review | None, current: Review
) -> dict[CellKey, CellChange]:
    """Every cell reviewed in either review, in framework order; empty for a first review."""
    if previous is None:
        return {}
    changes: dict[CellKey, CellChange] = {}
    for domain in fw.ids("domains"):
        if domain not in previous.domains and domain not in current.domains:
            continue
        for level in fw.ids("levels"):
            for point in fw.ids("system_points"):
                before = previous.point(domain, level, point)
                after = current.point(domain, level, point)
                if before is None and after is None:
                    continue
                kind = _kind(fw, before, after)
                changes[(domain, level, point)] = CellChange(
                    domain, level, point, kind, before, after, _reason(fw, kind, before, after))
    return changes


@dataclass(frozen=True)
class Step:
    """One review with its changes since the review before it."""

    review: Review
    previous: Review | None
    changes: dict[CellKey, CellChange]

    def change(self, domain: str, level: str, point: str) -> CellChange | None:
        return self.changes.get((domain, level, point))

    def counts(self) -> dict[str, int]:
        """How many cells moved each way, every kind present (zero when none)."""
        counts = dict.fromkeys(KINDS, 0)
        for change in self.changes.values():
            counts[change.kind] += 1
        return counts

    def notable(self) -> list[CellChange]:
        """Every change worth telling: all but the unchanged cells, in framework order."""
        return [c for c in self.changes.values() if c.kind != UNCHANGED]


@dataclass(frozen=True)
class Sighting:
    """An action as one review recorded it."""

    index: int  # position of the review in the area's reviews, oldest first
    review: Review
    point: PointResult
    finding: Finding
    action: Action


@dataclass(frozen=True)
class Slip:
    """A review at which an open action had a due date already behind it."""

    review: Review
    due: date  # the due date that had passed
    moved_to: date | None  # the new due date, when this review moved it
    moved: bool


@dataclass(frozen=True)
class Journey:
    """One action followed across the reviews that mention it."""

    key: str
    sightings: tuple[Sighting, ...]
    review_count: int  # how many reviews the area has
    # Progress reported between reviews, by the index of the review reported on.
    reports: Mapping[int, tuple[Report, ...]] = field(default_factory=dict)

    @property
    def first(self) -> Sighting:
        return self.sightings[0]

    @property
    def latest(self) -> Sighting:
        return self.sightings[-1]

    @property
    def raised(self) -> date:
        return self.first.review.date

    @property
    def latest_report(self) -> Report | None:
        """The latest progress reported since the latest review that records the action."""
        found = self.reports.get(self.latest.index)
        return found[-1] if found else None

    @property
    def status(self) -> str:
        """Its status now: as last reported, else as its latest review recorded it."""
        report = self.latest_report
        return report.entry.status if report else self.latest.action.status

    def is_open(self, fw: Framework) -> bool:
        return self.status in fw.open_statuses()

    def lost(self, fw: Framework) -> bool:
        """Open when last seen, yet missing from a later review: silently dropped."""
        return self.is_open(fw) and self.latest.index < self.review_count - 1

    def gaps(self) -> list[int]:
        """For each sighting, how many reviews before it skipped the action."""
        out, last = [], self.first.index - 1
        for s in self.sightings:
            out.append(s.index - last - 1)
            last = s.index
        return out

    def days_open(self, fw: Framework, as_of: date) -> int | None:
        """Days since it was first raised, for an action still open; None once closed."""
        return max((as_of - self.raised).days, 0) if self.is_open(fw) else None

    def note(self) -> str | None:
        """The most recent progress note any review or update gave it."""
        for s in reversed(self.sightings):
            for report in reversed(self.reports.get(s.index, ())):
                if report.entry.note:
                    return report.entry.note
            if s.action.note:
                return s.action.note
        return None

    def slips(self, fw: Framework) -> list[Slip]:
        """Reviews at which the action was still open with a due date already passed: either
        the date written there, or the one the review before gave it (then moved)."""
        open_ids = fw.open_statuses()
        out: list[Slip] = []
        previous_due: date | None = None
        for s in self.sightings:
            due, day = s.action.due, s.review.date
            if s.action.status in open_ids:
                if previous_due is not None and previous_due < day and due != previous_due:
                    out.append(Slip(s.review, previous_due, due, True))
                elif due is not None and due < day:
                    out.append(Slip(s.review, due, None, False))
            previous_due = due
        return out

    def slipped_repeatedly(self, fw: Framework) -> bool:
        return len(self.slips(fw)) >= 2

    def outline(self, fw: Framework) -> list[tuple[int, Sighting | Stretch]]:
        """The sightings to show one by one, each with how many reviews before it left the
        action out: all of a short journey; of a long one, the first and the last two, with
        the reviews between told as one stretch. A page then grows with the number of
        actions, not with actions times reviews."""
        gaps = self.gaps()
        shown: list[tuple[int, Sighting | Stretch]] = list(zip(gaps, self.sightings,
                                                               strict=True))
        if len(self.sightings) <= SHOWN_AT_START + SHOWN_AT_END + 1:
            return shown
        middle = self.sightings[SHOWN_AT_START:-SHOWN_AT_END]
        slipped = {slip.review.date for slip in self.slips(fw)}
        stretch = Stretch(
            first=middle[0], last=middle[-1], count=len(middle),
            statuses=tuple(dict.fromkeys(s.action.status for s in middle)),
            slips=sum(1 for s in middle if s.review.date in slipped),
            missing=sum(gaps[SHOWN_AT_START + 1:-SHOWN_AT_END]),
        )
        middle_gap = gaps[SHOWN_AT_START]
        return [*shown[:SHOWN_AT_START], (middle_gap, stretch), *shown[-SHOWN_AT_END:]]


SHOWN_AT_START, SHOWN_AT_END = 1, 2


@dataclass(frozen=True)
class Stretch:
    """The middle of a long journey, in one line: how many reviews, which statuses, how
    often the action slipped there, and how many reviews left it out."""

    first: Sighting
    last: Sighting
    count: int
    statuses: tuple[str, ...]  # in the order first seen
    slips: int
    missing: int


def journeys(reviews: Sequence[Review],
             progress: Mapping[date, Progress] | None = None) -> list[Journey]:
    """Every action in ``reviews`` (oldest first), followed by ``id`` or, lacking one on
    either side, by its text; in the order each was first raised. With ``progress`` (by
    review date), each journey carries what updates reported on it."""
    found: list[list[Sighting]] = []
    by_id: dict[str, int] = {}
    by_text: dict[str, int] = {}
    ids: list[str | None] = []  # the id each journey goes by, once it has one
    for index, review in enumerate(reviews):
        taken: set[int] = set()  # a journey takes at most one action per review
        for point, finding, action in review.all_actions():
            text = normal_text(action.text)
            j = by_id.get(action.id) if action.id else None
            if j is None:
                j = by_text.get(text)
                if j is not None and action.id and ids[j] not in (None, action.id):
                    j = None  # same words, different ids: two actions
            if j is None or j in taken:
                j = len(found)
                found.append([])
                ids.append(None)
            taken.add(j)
            found[j].append(Sighting(index, review, point, finding, action))
            if action.id:
                ids[j] = ids[j] or action.id
                by_id.setdefault(action.id, j)
            by_text[text] = j
    progress = progress or {}
    return [
        Journey(ids[j] or s[0].action.key, tuple(s), len(reviews), _reports(s, progress))
        for j, s in enumerate(found)
    ]


def _reports(sightings: list[Sighting], progress: Mapping[date, Progress]
             ) -> dict[int, tuple[Report, ...]]:
    out = {}
    for s in sightings:
        found = progress[s.review.date].of(s.action) if s.review.date in progress else ()
        if found:
            out[s.index] = found
    return out


@dataclass(frozen=True)
class AreaHistory:
    """An area's reviews as a story: each step's changes and every action's journey."""

    area: Area
    steps: tuple[Step, ...]  # oldest first
    journeys: tuple[Journey, ...]
    as_of: date

    @property
    def latest(self) -> Step | None:
        return self.steps[-1] if self.steps else None

    def newest_first(self) -> list[Step]:
        return list(reversed(self.steps))

    def open_journeys(self, fw: Framework) -> list[Journey]:
        """Open actions, the longest open first."""
        found = [j for j in self.journeys if j.is_open(fw)]
        return sorted(found, key=lambda j: (j.raised, j.first.index))

    def closed_journeys(self, fw: Framework) -> list[Journey]:
        """Done and dropped actions, the most recently closed first."""
        found = [j for j in self.journeys if not j.is_open(fw)]
        return sorted(found, key=lambda j: -j.latest.index)

    def repeated_slips(self, fw: Framework) -> list[Journey]:
        return [j for j in self.journeys if j.slipped_repeatedly(fw)]


def latest_step(area: Area, fw: Framework) -> Step | None:
    """The area's latest review and what changed since the one before: all the areas
    index shows of an area, without the cost of following every action's journey."""
    if not area.reviews:
        return None
    previous = area.reviews[-2] if len(area.reviews) > 1 else None
    return Step(area.reviews[-1], previous, cell_changes(fw, previous, area.reviews[-1]))


def area_history(area: Area, fw: Framework, as_of: date,
                 progress: Mapping[date, Progress] | None = None) -> AreaHistory:
    steps = []
    previous: Review | None = None
    for review in area.reviews:
        steps.append(Step(review, previous, cell_changes(fw, previous, review)))
        previous = review
    return AreaHistory(area, tuple(steps), tuple(journeys(area.reviews, progress)), as_of)
