"""The framework's identifiers and names, read from ``content/framework.yaml``.

Nothing about the framework is hard-coded in Python: a new edition is a content change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pydantic import Field, model_validator

from ..source.diagnostics import Diagnostics
from ..source.validation import validate
from ..source.yamlsource import load_yaml
from .base import StrictModel

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"




class Named(StrictModel):
    id: str = Field(pattern=SLUG)
    name: str


class Edition(StrictModel):
    id: str
    name: str
    publication: str | None = None


class Domain(Named):
    number: int
    asks: str


class Level(Named):
    short: str
    focus: str


class Rating(Named):
    goal: str
    symbol: str


class Value(Named):
    editions: tuple[str, ...]
    summary: str


class Status(Named):
    open: bool


class Publication(StrictModel):
    id: str
    title: str
    by: str


class Framework(StrictModel):
    editions: tuple[Edition, ...]
    latest_edition: str
    domains: tuple[Domain, ...]
    levels: tuple[Level, ...]
    system_points: tuple[Named, ...]
    ratings: tuple[Rating, ...]
    goals: tuple[Named, ...]
    values: tuple[Value, ...]
    evidence_methods: tuple[Named, ...]
    statuses: tuple[Status, ...]
    default_status: str
    audiences: tuple[Named, ...]
    default_audience: str
    publications: tuple[Publication, ...]

    @model_validator(mode="after")
    def _references_resolve(self) -> Framework:
        editions = {e.id for e in self.editions}
        problems = []
        if self.latest_edition not in editions:
            problems.append(f"latest_edition '{self.latest_edition}' is not among the editions")
        for v in self.values:
            problems += [f"value '{v.id}' names unknown edition '{e}'"
                         for e in v.editions if e not in editions]
        goals = {g.id for g in self.goals}
        problems += [f"rating '{r.id}' names unknown goal '{r.goal}'" for r in self.ratings
                     if r.goal not in goals]
        if self.default_status not in {s.id for s in self.statuses}:
            problems.append(f"default_status '{self.default_status}' is not among the statuses")
        if self.default_audience not in {a.id for a in self.audiences}:
            problems.append(f"default_audience '{self.default_audience}' is not an audience")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # Lookups used everywhere (a national build makes millions): tables made once, since
    # the framework never changes. The tuples keep the content's order.
    @cached_property
    def lookup(self) -> _Lookup:
        kinds = [k for k in type(self).model_fields  # every list of named things
                 if isinstance(getattr(self, k), tuple) and k != "publications"]
        return _Lookup(
            ids={k: tuple(item.id for item in getattr(self, k)) for k in kinds},
            names={(k, item.id): str(item.name) for k in kinds for item in getattr(self, k)},
            ratings={r.id: r for r in self.ratings},
            open=frozenset(s.id for s in self.statuses if s.open),
        )

    def ids(self, kind: str) -> list[str]:
        return list(self.lookup.ids[kind])

    def name(self, kind: str, ident: str) -> str:
        return self.lookup.names.get((kind, ident), ident)

    def rating(self, ident: str) -> Rating:
        return self.lookup.ratings[ident]

    def overall_options(self) -> list[str]:
        """Single ratings and adjacent pairs, better first: green, green/amber, amber, …"""
        ids = self.ids("ratings")
        options = []
        for i, rid in enumerate(ids):
            options.append(rid)
            if i + 1 < len(ids):
                options.append(f"{rid}/{ids[i + 1]}")
        return options

    def values_for(self, edition: str) -> list[str]:
        return [v.id for v in self.values if edition in v.editions]

    def open_statuses(self) -> frozenset[str]:
        return self.lookup.open


@dataclass(frozen=True)
class _Lookup:
    ids: dict[str, tuple[str, ...]]
    names: dict[tuple[str, str], str]
    ratings: dict[str, Rating]
    open: frozenset[str]


def load_framework(path: Path, display: str, diags: Diagnostics) -> Framework | None:
    doc = load_yaml(path, display, diags)
    if doc is None:
        return None
    return validate(Framework, doc, diags)
