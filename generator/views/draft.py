"""A review as it is being written: what the next review starts from, or what was typed.

``plan_next`` decides what an area's next review starts from: findings kept for the
facilitator to revise, every open action carried with an id. Two things write that plan
down: the review file (``reviewtext``, for `csreview new`) and the recording workbook
(``recording.sheet``, for `csreview sheet`); `csreview import` reads the workbook back into a
draft and writes the file from it. A draft holds values as typed, unchecked: one read from a
workbook may hold a mistake, which the real validator finds in the file written from it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ..model.framework import Framework
from ..model.resolved import Action, Area, Finding, Review
from .history import Journey, journeys
from .progress import progress_by_review, with_progress


@dataclass
class DraftAction:
    text: str | None  # None: left empty, which the validator reports
    id: str | None = None
    lead: str | None = None
    agency: str | None = None
    due: date | str | None = None  # text when what was typed is not a date
    status: str | None = None  # None: not stated, so the format's default
    note: str | None = None
    internal: bool = False
    accept: tuple[str, ...] = ()


@dataclass
class DraftFinding:
    rating: str | None
    text: str | None
    evidence: tuple[str, ...] = ()
    internal: bool = False
    accept: tuple[str, ...] = ()
    actions: list[DraftAction] = field(default_factory=list)


@dataclass
class DraftPoint:
    findings: list[DraftFinding]
    overall: str | None = None  # as stated; None: derived from the findings
    target: str | None = None  # the rating aimed for by the next review; None: no target


@dataclass
class DraftDomain:
    points: dict[tuple[str, str], DraftPoint] = field(default_factory=dict)  # (level, point)
    values: dict[str, str] = field(default_factory=dict)  # value id → reflection


@dataclass
class Draft:
    edition: str | None = None
    title: str | None = None
    audience: str | None = None  # stated only when it differs from the area's
    facilitators: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    summary: str | None = None
    accept: tuple[str, ...] = ()
    domains: dict[str, DraftDomain] = field(default_factory=dict)  # only those present


def draft_action(action: Action, ident: str | None) -> DraftAction:
    return DraftAction(action.text, ident, action.lead, action.agency, action.due,
                       action.status, action.note, action.internal, action.accept)


def draft_finding(finding: Finding, actions: list[DraftAction]) -> DraftFinding:
    return DraftFinding(finding.rating, finding.text, finding.evidence, finding.internal,
                        finding.accept, actions)


def draft_of(review: Review, area: Area) -> Draft:
    """``review`` as it stands, every action included: a workbook made from it and read
    back gives the same review."""
    out = _top(review, area)
    out.title, out.summary, out.accept = review.title, review.summary, review.accept
    for domain_id, result in review.domains.items():
        points = {key: DraftPoint(
                      [draft_finding(f, [draft_action(a, a.id) for a in f.actions])
                       for f in p.findings], p.overall if p.overall_stated else None, p.target)
                  for key, p in result.points.items()}
        out.domains[domain_id] = DraftDomain(points, dict(result.values))
    return out


def _top(review: Review, area: Area) -> Draft:
    return Draft(edition=review.edition,
                 audience=review.audience if review.audience != area.audience else None,
                 facilitators=review.facilitators, participants=review.participants,
                 methods=review.methods)


@dataclass
class NextPlan:
    """The next review of an area, and what went into it, for the command to report."""

    draft: Draft
    source: Review | None
    carried: list[tuple[Action, str]] = field(default_factory=list)  # action, id it now has
    given_ids: list[str] = field(default_factory=list)
    left_behind: list[Action] = field(default_factory=list)  # done or dropped
    points: int = 0
    findings: int = 0


def plan_next(area: Area, fw: Framework, found: Sequence[Journey] | None = None) -> NextPlan:
    """What the next review of ``area`` starts from: its latest review's findings, for the
    facilitator to revise, and every action not done or dropped, each with an id. Title and
    summary are this session's own, so they start empty. A blank draft for an area with no
    review. Targets are not carried: the latest review's are judged against the ratings the
    next one gives, which sets its own. ``found`` is the area's ``journeys``, when the
    caller has them already."""
    latest = area.latest
    if latest is None:
        return NextPlan(Draft(edition=fw.latest_edition), None)
    source = with_progress(latest, progress_by_review(area))  # as last reported
    plan = NextPlan(_top(source, area), source)
    open_ids = fw.open_statuses()
    # Ids already used anywhere in the area: a new one must not merge two actions' stories.
    taken = {a.id for r in area.reviews for _, _, a in r.all_actions() if a.id}
    # An action without an id here may have had one in an earlier review: give it back.
    journey_id = {id(j.latest.action): j.key for j in (found or journeys(area.reviews))
                  if j.latest.review is latest and j.key in taken}
    in_file = {a.id for _, _, a in source.all_actions() if a.id and a.status in open_ids}
    for domain_id, result in source.domains.items():
        domain = plan.draft.domains[domain_id] = DraftDomain(values=dict(result.values))
        for key, point in result.points.items():
            plan.points += 1
            findings = []
            for finding in point.findings:
                plan.findings += 1
                carried = []
                for action in finding.actions:
                    if action.status not in open_ids:
                        plan.left_behind.append(action)
                        continue
                    ident = action.id
                    if ident is None:
                        earlier = journey_id.get(id(action))
                        ident = (earlier if earlier and earlier not in in_file
                                 else slug_id(action.text, taken))
                        in_file.add(ident)
                        plan.given_ids.append(ident)
                    carried.append(draft_action(action, ident))
                    plan.carried.append((action, ident))
                findings.append(draft_finding(finding, carried))
            domain.points[key] = DraftPoint(findings,
                                            point.overall if point.overall_stated else None)
    return plan


def slug_id(text: str, taken: set[str], words: int = 6, limit: int = 40) -> str:
    """A lowercase-hyphen id from an action's text, not in ``taken``; adds it there."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    parts = re.findall(r"[a-z0-9]+", plain)[:words]
    base = ""
    for part in parts:
        candidate = f"{base}-{part}" if base else part
        if len(candidate) > limit:
            break
        base = candidate
    base = base or (parts[0][:limit] if parts else "action")
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident
