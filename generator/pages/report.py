"""The results report of one review, for the partnership board: one short PDF.

The area and date, the headline summary, the whole grid, what changed since the last review
and why, the targets met and missed, the actions overdue or slipped more than once, and the
counts by status. Only queued when PDFs are on; made by the adapters like every PDF.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import partial

from ..model.framework import Framework
from ..model.ratings import overall_name
from ..views.action_plan import PlanItem
from ..views.history import AreaHistory, CellKey, Sighting, Slip, excerpt
from ..views.progress import Progress
from ..views.targets import Target
from ..views.targets import counts as target_counts
from .base import PdfJob
from .fragments import long_date, rating_badge
from .templates import pdf_html

Slipped = tuple[Sighting, list[Slip]]  # an action at a review, and its slips up to it


def slipped_by_review(story: AreaHistory, fw: Framework) -> dict[int, list[Slipped]]:
    """By review index: the actions still open there that had slipped past a due date at
    two or more reviews up to and including it. One pass over every journey."""
    out: dict[int, list[Slipped]] = defaultdict(list)
    open_ids = fw.open_statuses()
    for journey in story.journeys:
        slips = journey.slips(fw)
        if len(slips) < 2:
            continue
        for sighting in journey.sightings:
            upto = [s for s in slips if s.review.date <= sighting.review.date]
            if len(upto) >= 2 and sighting.action.status in open_ids:
                out[sighting.index].append((sighting, upto))
    return out


def report_pdf(
    fw: Framework, story: AreaHistory, index: int, own: dict[CellKey, Target],
    judged: list[Target], progress: Progress, items: list[PlanItem], slipped: list[Slipped],
    *, internal: bool, today: date,
) -> PdfJob:
    """The report of the ``index``-th review of ``story``'s area. ``items`` is its action
    plan, overdue as of ``today``, with the progress reported since."""
    area, step = story.area, story.steps[index]
    review = step.review
    following = area.reviews[index + 1] if index + 1 < len(area.reviews) else None
    statuses = {s.id: sum(1 for i in items if i.status == s.id) for s in fw.statuses}
    title = f"Results report: {area.name}, {long_date(review.date)}"
    html = pdf_html(
        "report.html.j2", title=title,
        description=f"Results of the system review in {area.name} on"
                    f" {long_date(review.date)}, for the partnership board",
        fw=fw, area=area, review=review, step=step, following=following, targets=own,
        judged=judged, judged_counts=target_counts(judged), progress=progress,
        overdue=[i for i in items if i.overdue], slipped=slipped, statuses=statuses,
        actions=len(items), internal=internal, today=today,
        badge=partial(rating_badge, fw), excerpt=excerpt,
        rating_words=lambda o: overall_name(fw, o) if o else "Not stated",
        level_short={lv.id: lv.short for lv in fw.levels},
    )
    return PdfJob(f"areas/{area.id}/{review.slug}/report.pdf", html, title)
