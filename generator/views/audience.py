"""What each audience may see: a public build keeps only what an area has cleared."""

from __future__ import annotations

import dataclasses

from ..model.framework import Framework
from ..model.resolved import Area, Finding, Review, Update, Workbook


def for_audience(workbook: Workbook, audience: str, fw: Framework) -> Workbook:
    """The workbook an audience may see. Internal sees everything; public sees areas and
    reviews marked public, without internal findings or actions, and without leads unless
    the area publishes them.

    A review's own ``audience`` overrides its area's (review-format.md), so a review marked
    ``public`` in an internal area is published, and its area appears with only that
    review: the area's name and partnership are then public too. An area marked public
    appears even when none of its reviews is public, because the area itself was cleared.

    A progress update follows the same rules, with its own ``audience`` (the area's when
    it has none), and keeps only what it says of actions the public may see.
    """
    if audience != "public":
        return workbook
    areas = []
    for area in workbook.areas:
        reviews = tuple(_public_review(r, area) for r in area.reviews if r.audience == "public")
        if area.audience == "public" or reviews:
            updates = _public_updates(area.updates, reviews)
            areas.append(dataclasses.replace(area, reviews=reviews, updates=updates))
    return Workbook(areas=tuple(areas))


def _public_review(review: Review, area: Area) -> Review:
    domains = {}
    for domain_id, domain in review.domains.items():
        points = {}
        for key, point in domain.points.items():
            findings = tuple(
                _public_finding(f, area) for f in point.findings if not f.internal
            )
            # Where findings are hidden, only a stated overall rating is shown: it is the
            # review's own judgement. One worked out from every finding would let a reader
            # infer the hidden ones ("Amber/Red" beside a lone Red); one worked out from the
            # shown findings alone would be a rating the review never gave, and could be
            # kinder than its findings (Green beside a hidden Red). So it is "not stated".
            hidden = len(findings) < len(point.findings)
            overall = None if hidden and not point.overall_stated else point.overall
            points[key] = dataclasses.replace(point, findings=findings, overall=overall)
        domains[domain_id] = dataclasses.replace(domain, points=points)
    return dataclasses.replace(review, domains=domains)


def _public_finding(finding: Finding, area: Area) -> Finding:
    actions = tuple(
        a if area.publish_leads else dataclasses.replace(a, lead=None)
        for a in finding.actions if not a.internal
    )
    return dataclasses.replace(finding, actions=actions)


def _public_updates(updates: tuple[Update, ...], reviews: tuple[Review, ...]
                    ) -> tuple[Update, ...]:
    """Public updates, each without what it says of actions the public does not see."""
    shown = {r.date: {a.id for _, _, a in r.all_actions() if a.id} for r in reviews}
    out = []
    for update in updates:
        ids = shown.get(update.review)
        if update.audience != "public" or ids is None:
            continue
        actions = tuple(a for a in update.actions if a.action_id in ids)
        if actions:
            out.append(dataclasses.replace(update, actions=actions))
    return tuple(out)
