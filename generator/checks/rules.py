"""Checks on one resolved review beyond its shape: editions, ids, ratings, actions.
(Due dates are checked with the review before it: see ``carried``.)"""

from __future__ import annotations

from ..model.content import Content
from ..model.ratings import overall_fits, overall_name
from ..model.resolved import PointResult, Review
from ..source.diagnostics import Diagnostics, one_of
from ..source.yamlsource import KeyPath, YamlDocument, format_key_path


def check_review(review: Review, doc: YamlDocument, content: Content, diags: Diagnostics) -> None:
    fw = content.framework
    path = doc.display_path
    # A value from another edition: `caring` is new in 2024.
    allowed_values = fw.values_for(review.edition)
    for domain in review.domains.values():
        for value_id in domain.values:
            if value_id not in allowed_values:
                value_path = ("domains", domain.domain, "values", value_id)
                line, col = doc.where(value_path, key=True)
                editions = [v.editions for v in fw.values if v.id == value_id][0]
                diags.error(
                    path, line, col,
                    f"{format_key_path(value_path)}: the value '{value_id}' belongs to the"
                    f" {one_of(editions)} edition, but this review uses the"
                    f" \"{review.edition}\" edition (its values: {one_of(allowed_values)});"
                    f" set `framework: \"{editions[-1]}\"` or remove the reflection",
                )
    seen_ids: dict[str, KeyPath] = {}  # where each id was first seen
    open_statuses = fw.open_statuses()
    for point in review.all_points():
        _check_point_overall(review, point, doc, content, diags)
        for finding in point.findings:
            name = fw.name("ratings", finding.rating)
            if finding.rating != fw.ratings[0].id and not finding.actions:
                line, col = doc.where(finding.key_path)
                diags.warning(path, line, col,
                              f"{format_key_path(finding.key_path)}: a finding rated"
                              f" {name.lower()} has no action; add at least one under"
                              " `actions:`")
            for action in finding.actions:
                where = format_key_path(action.key_path)
                if action.id is not None:
                    if action.id in seen_ids:
                        line, col = doc.where(action.key_path + ("id",))
                        diags.error(path, line, col,
                                    f"{where}.id: the action id '{action.id}' is used"
                                    f" twice in this review (first at line"
                                    f" {doc.where(seen_ids[action.id] + ('id',))[0]}); each"
                                    " action needs its own id")
                    else:
                        seen_ids[action.id] = action.key_path
                missing = [k for k in ("lead", "due") if getattr(action, k) is None]
                if missing and action.status in open_statuses:
                    line, col = doc.where(action.key_path)
                    lacks = " and no ".join(missing).replace("due", "due date")
                    diags.warning(path, line, col, f"{where}: the action has no {lacks};"
                                  " say who leads it and by when")
    _check_values_for_green(review, doc, content, diags)


def _check_point_overall(
    review: Review, point: PointResult, doc: YamlDocument, content: Content,
    diags: Diagnostics,
) -> None:
    fw = content.framework
    ratings = [f.rating for f in point.findings]
    if point.overall is not None and not (
            point.overall_stated and not overall_fits(fw, point.overall, ratings)):
        return
    where = format_key_path(point.key_path)
    line, col = doc.where(point.key_path)
    names = " and ".join(dict.fromkeys(fw.name("ratings", r).lower() for r in ratings))
    if point.overall is None:
        diags.warning(doc.display_path, line, col,
                      f"{where}: the findings are {names}, so the overall rating cannot be"
                      " derived; state it with `overall:`"
                      f" (one of: {one_of(fw.overall_options())})")
    elif point.overall_stated and not overall_fits(fw, point.overall, ratings):
        line, col = doc.where(("domains", point.domain, point.level, point.point, "overall"))
        diags.warning(doc.display_path, line, col,
                      f"{where}.overall: '{point.overall}' ({overall_name(fw, point.overall)})"
                      f" is outside the range of its findings ({names})")


def _check_values_for_green(
    review: Review, doc: YamlDocument, content: Content, diags: Diagnostics
) -> None:
    best = content.framework.ratings[0].id
    for domain in review.domains.values():
        green = [p for p in domain.points.values() if p.overall == best]
        if green and not domain.values:
            line, col = doc.where(("domains", domain.domain), key=True)
            name = content.framework.name("domains", domain.domain)
            diags.warning(doc.display_path, line, col,
                          f"domains.{domain.domain}: {name} has green ratings but no Values"
                          " Checker reflection; add `values:` with what the group said about"
                          " how the green work fits the values")
