"""The typed, resolved model of areas and reviews that page generation works from.

Input models (``review_schema``) mirror the file; these mirror what a reader sees:
defaults applied, overall ratings derived, audiences resolved. Findings, actions and cells
keep their key path in the file (``key_path``); the line and column are looked up only
when a message needs them (``Review.locate``), which is rare: a position object for every
action made loading a third slower, and sending them between processes cost more again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..source.yamlsource import KeyPath, locate


@dataclass(frozen=True, kw_only=True)
class Action:
    text: str
    id: str | None
    lead: str | None
    agency: str | None
    due: date | None
    status: str
    note: str | None
    internal: bool
    key_path: KeyPath = field(compare=False)
    accept: tuple[str, ...] = ()  # phrases the author cleared for publishing checks

    @property
    def key(self) -> str:
        """Identity across reviews: the id, or lacking one, the text."""
        return self.id or " ".join(self.text.split()).lower()


@dataclass(frozen=True, kw_only=True)
class Finding:
    rating: str
    text: str
    evidence: tuple[str, ...]
    internal: bool
    actions: tuple[Action, ...]
    key_path: KeyPath = field(compare=False)
    accept: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class PointResult:
    """One system point at one level of one domain."""

    domain: str
    level: str
    point: str
    overall: str | None  # None when it cannot be derived (red and green findings)
    overall_stated: bool
    findings: tuple[Finding, ...]
    key_path: KeyPath = field(compare=False)
    target: str | None = None  # the overall rating aimed for by the next review

    @property
    def anchor(self) -> str:
        return f"{self.domain}-{self.level}-{self.point}"


@dataclass(frozen=True, kw_only=True)
class DomainResult:
    domain: str
    points: dict[tuple[str, str], PointResult]  # (level, point) → result
    levels_reviewed: tuple[str, ...]
    values: dict[str, str]  # value id → reflection


@dataclass(frozen=True, kw_only=True)
class Review:
    area: str
    date: date
    edition: str
    title: str | None
    audience: str
    facilitators: tuple[str, ...]
    participants: tuple[str, ...]
    methods: tuple[str, ...]
    summary: str | None
    domains: dict[str, DomainResult]  # only the domains present in the file
    path: str
    accept: tuple[str, ...] = ()
    # The file as opened (``path`` is how messages name it), so a check that needs the
    # position of a text field can read it again: keeping every value's position for every
    # review would cost more memory and load time than the rare warning is worth.
    source: str = field(default="", compare=False, repr=False)

    @property
    def slug(self) -> str:
        return self.date.isoformat()

    def locate(self, key_path: KeyPath) -> tuple[int, int]:
        """Line and column of ``key_path`` in this review's file, for a message."""
        return locate(self.source, self.path, key_path)

    def point(self, domain: str, level: str, point: str) -> PointResult | None:
        d = self.domains.get(domain)
        return d.points.get((level, point)) if d else None

    def all_points(self) -> list[PointResult]:
        return [p for d in self.domains.values() for p in d.points.values()]

    def all_actions(self) -> list[tuple[PointResult, Finding, Action]]:
        return [(p, f, a) for p in self.all_points() for f in p.findings for a in f.actions]


@dataclass(frozen=True, kw_only=True)
class ActionUpdate:
    """What one meeting between reviews heard about one action."""

    action_id: str
    status: str
    note: str | None
    due: date | None  # a new due date; the review keeps the old one
    key_path: KeyPath = field(compare=False)
    accept: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Update:
    """A progress update (``updates/<date>.yaml``): one meeting between reviews."""

    area: str
    review: date  # the review whose actions it reports on: the latest before ``date``
    date: date
    meeting: str | None
    audience: str
    actions: tuple[ActionUpdate, ...]
    path: str
    accept: tuple[str, ...] = ()
    source: str = field(default="", compare=False, repr=False)  # as for Review

    @property
    def slug(self) -> str:
        return self.date.isoformat()

    def locate(self, key_path: KeyPath) -> tuple[int, int]:
        return locate(self.source, self.path, key_path)


@dataclass(frozen=True, kw_only=True)
class Area:
    id: str
    name: str
    partnership: str | None
    audience: str
    publish_leads: bool
    reviews: tuple[Review, ...]  # oldest first
    path: str
    updates: tuple[Update, ...] = ()  # oldest first, each after the review it reports on

    @property
    def latest(self) -> Review | None:
        return self.reviews[-1] if self.reviews else None


@dataclass(frozen=True, kw_only=True)
class Workbook:
    """Every area in a reviews folder, alphabetical by id."""

    areas: tuple[Area, ...]
    # Files that were found but could not be loaded (they have errors), as messages name them.
    not_loaded: tuple[str, ...] = ()

    def area(self, ident: str) -> Area | None:
        return next((a for a in self.areas if a.id == ident), None)
