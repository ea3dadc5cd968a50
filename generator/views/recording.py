"""What a recording workbook holds besides the framework: the draft its review starts from
(as `csreview new` would start it), the Values Checker questions, and the words around them.
Pages decide which workbooks a site offers; ``outputs.recording`` writes and reads them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..model.content import Content
from ..model.resolved import Area
from .draft import Draft, NextPlan, plan_next
from .history import Journey


@dataclass(frozen=True)
class Recording:
    """What a recording workbook shows besides the framework: what the review starts from,
    and the words around it. Small and plain, so it can be sent to another process."""

    draft: Draft
    questions: tuple[tuple[str, str, tuple[str, ...]], ...]  # (domain, value, questions)
    made_on: date
    area_id: str | None = None
    area_name: str | None = None
    area_audience: str | None = None  # what an empty audience means
    source: date | None = None  # the date of the review it starts from
    previous_title: str | None = None
    session_date: date | None = None


def next_recording(content: Content, area: Area, made_on: date,
                   session_date: date | None = None, found: Sequence[Journey] | None = None,
                   ) -> tuple[Recording, NextPlan]:
    """The workbook for ``area``'s next review, as `csreview new` would start it
    (``found``: the area's action journeys, when the caller has them)."""
    plan = plan_next(area, content.framework, found)
    source = plan.source
    return Recording(plan.draft, checker_questions(content), made_on, area.id, area.name,
                     area.audience, source.date if source else None,
                     source.title if source else None, session_date), plan


def blank_recording(content: Content, made_on: date) -> Recording:
    """A workbook for any area's first review."""
    return Recording(Draft(edition=content.framework.latest_edition),
                     checker_questions(content), made_on)


def checker_questions(content: Content) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The Values Checker questions of each domain for each value (none for some)."""
    fw = content.framework
    return tuple(
        (d.id, v.id, tuple(q.question for q in content.prompts[d.id].values_checker
                           if v.id in q.values))
        for d in fw.domains for v in fw.values)
