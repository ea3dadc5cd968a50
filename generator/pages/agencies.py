"""One page per area: the open actions of its latest review, grouped by the agency that
holds them, with a list of leads — what each agency, and each person, still owes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..model.resolved import Area, Review
from ..views.action_plan import PlanItem
from ..views.progress import NO_PROGRESS, Progress
from .base import Site, SiteOptions
from .render import render

NO_AGENCY = "No agency named"


@dataclass(frozen=True)
class AgencyGroup:
    name: str  # as first written in the review; NO_AGENCY for actions without one
    anchor: str
    items: tuple[PlanItem, ...]  # by due date, overdue first

    @property
    def unnamed(self) -> bool:
        return not self.items[0].action.agency

    @property
    def overdue(self) -> int:
        return sum(item.overdue for item in self.items)


@dataclass(frozen=True)
class Lead:
    name: str
    items: int
    overdue: int
    groups: tuple[tuple[AgencyGroup, int], ...]  # where their actions are, and how many


def _key(text: str | None) -> str:
    """Agencies and leads typed with other spacing or letter case are the same one."""
    return " ".join((text or "").split()).casefold()


def _anchor(name: str, taken: set[str]) -> str:
    base = "agency-" + ("-".join(re.findall(r"[a-z0-9]+", name.lower())) or "unnamed")
    anchor, n = base, 2
    while anchor in taken:
        anchor, n = f"{base}-{n}", n + 1
    taken.add(anchor)
    return anchor


def by_agency(items: list[PlanItem]) -> list[AgencyGroup]:
    """The open items by agency, agencies in alphabetical order, actions without one last."""
    found: dict[str, list[PlanItem]] = {}
    names: dict[str, str] = {}
    for item in items:
        if not item.open:
            continue
        key = _key(item.action.agency)
        found.setdefault(key, []).append(item)
        names.setdefault(key, " ".join((item.action.agency or "").split()) or NO_AGENCY)
    taken: set[str] = set()
    groups = []
    for key in sorted(found, key=lambda k: (k == "", k)):
        ordered = sorted(found[key], key=lambda i: (not i.overdue, i.due or date.max,
                                                    _key(i.action.lead)))
        groups.append(AgencyGroup(names[key], _anchor(names[key], taken), tuple(ordered)))
    return groups


def by_lead(groups: list[AgencyGroup]) -> list[Lead]:
    """Every lead of an open action, alphabetical, with where their actions are listed."""
    names: dict[str, str] = {}
    where: dict[str, dict[str, list[PlanItem]]] = {}  # lead → agency anchor → items
    for group in groups:
        for item in group.items:
            if item.action.lead:
                key = _key(item.action.lead)
                names.setdefault(key, " ".join(item.action.lead.split()))
                where.setdefault(key, {}).setdefault(group.anchor, []).append(item)
    anchors = {g.anchor: g for g in groups}
    leads = []
    for key in sorted(where):
        held = [i for found in where[key].values() for i in found]
        leads.append(Lead(names[key], len(held), sum(i.overdue for i in held),
                          tuple((anchors[a], len(found)) for a, found in where[key].items())))
    return leads


def add_agency_page(site: Site, area: Area, review: Review, items: list[PlanItem],
                    options: SiteOptions, *, show_leads: bool, common: dict[str, Any],
                    searched: bool, progress: Progress = NO_PROGRESS) -> None:
    """``items``: the latest review's plan, with the progress reported since."""
    groups = by_agency(items)
    site.add(f"areas/{area.id}/actions-by-agency.md", render(
        "actions_by_agency.md.j2", area=area, review=review, groups=groups,
        leads=by_lead(groups) if show_leads else [], show_leads=show_leads,
        today=options.build_date, progress=progress, **common), searched=searched)
