"""Results pages: the areas index, one page per area, one per review."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Any

from ..model.content import Content
from ..model.framework import Framework
from ..model.ratings import overall_name
from ..model.resolved import Area, Workbook
from ..source.work import SERIAL, Work
from ..views.action_plan import PlanItem, plan_items
from ..views.history import CellKey, area_history, excerpt, latest_step
from ..views.progress import NO_PROGRESS, progress_by_review
from ..views.recording import next_recording
from ..views.targets import Target, misses_first, targets
from ..views.targets import counts as target_counts
from .agencies import add_agency_page
from .base import ExportJob, Site, SiteOptions, WorkbookJob
from .fragments import rating_badge
from .render import TEMPLATE_ROOT, render
from .report import report_pdf, slipped_by_review
from .templates import add_action_plan_files

SEARCHABLE_REVIEWS = 50
NEXT_REVIEW = "next-review"  # areas/<area>/next-review.xlsx


def _common(fw: Framework, search_results: bool) -> dict[str, Any]:
    return {
        "fw": fw,
        "badge": partial(rating_badge, fw),
        "rating_words": lambda o: overall_name(fw, o) if o else "Not stated",
        "goal_names": {g.id: g.name for g in fw.goals},
        "level_short": {lv.id: lv.short for lv in fw.levels},
        # A local workbook's findings are worth searching; a national one's would make the
        # search index every reader downloads hundreds of MB, so large builds leave them out.
        "search_results": search_results,
    }


def add_pages(site: Site, content: Content, workbook: Workbook, options: SiteOptions,
              work: Work = SERIAL) -> None:
    """``work`` makes the areas' pages (see ``source.work``): under `serve`, an area whose
    model, options, framework and templates are all unchanged gets the pages made last
    time."""
    fw = content.framework
    search_results = sum(len(a.reviews) for a in workbook.areas) <= SEARCHABLE_REVIEWS
    latest = {a.id: latest_step(a, fw) for a in workbook.areas}
    site.add("areas/index.md", render("areas_index.md.j2", areas=workbook.areas,
                                      latest=latest, **_common(fw, search_results)))

    def make(todo: list[int]) -> list[Site]:
        jobs = [(workbook.areas[i], options, search_results) for i in todo]
        return work.map(_area_pages, jobs, content,
                        worth_sharing=sum(len(job[0].reviews) for job in jobs) >= 40)

    keyed = [(a.id, (a, options, search_results, fw), [TEMPLATE_ROOT])
             for a in workbook.areas]
    for area, part in zip(workbook.areas, work.fill(keyed, make), strict=True):
        site.merge(part)
        # Bound here to this process's reviews, which the export processes share, rather
        # than to copies sent back with the pages. The area goes without its reviews: an
        # export job is sent to another process whole under `serve`.
        bare = replace(area, reviews=(), updates=())
        site.export_jobs.extend(
            ExportJob(plan.base, bare, area.reviews[plan.review], options, plan.show_leads,
                      plan.progress) for plan in part.plan_exports)


def _area_pages(job: tuple[Area, SiteOptions, bool], content: Content) -> Site:
    """Every page and file of one area: independent of other areas, so areas are made in
    parallel on all cores in a large build."""
    area, options, search_results = job
    fw = content.framework
    common = _common(fw, search_results)
    site = Site()
    show_leads = options.audience != "public" or area.publish_leads
    progress = progress_by_review(area)
    story = area_history(area, fw, options.build_date, progress)
    # The next review's workbook holds the whole latest review (internal findings, every
    # lead): for the partnership's own build only.
    workbook = options.audience != "public"
    if workbook:
        recording, _ = next_recording(content, area, options.build_date,
                                      found=story.journeys)
        site.export_jobs.append(WorkbookJob(f"areas/{area.id}/{NEXT_REVIEW}", recording))
    judged: dict[CellKey, Target] = {}  # the previous review's targets, judged by this one
    own: dict[CellKey, Target] = {}
    found: list[Target] = []
    here = NO_PROGRESS
    items: list[PlanItem] = []
    slipped = slipped_by_review(story, fw) if options.pdf else {}
    for i, review in enumerate(area.reviews):
        following = area.reviews[i + 1] if i + 1 < len(area.reviews) else None
        own = targets(fw, review, following)
        found = misses_first(fw, judged)
        here = progress.get(review.date, NO_PROGRESS)
        site.add(
            f"areas/{area.id}/{review.slug}/index.md",
            render("review.md.j2", area=area, review=review, show_leads=show_leads,
                   targets=own, judged=found, judged_counts=target_counts(found),
                   progress=here, report=options.pdf, **common),
            searched=search_results,
        )
        items = plan_items(review, fw, options.build_date, here)
        downloads = add_action_plan_files(site, fw, area, i, items, options,
                                          show_leads=show_leads, progress=here)
        site.add(
            f"areas/{area.id}/{review.slug}/action-plan.md",
            render("action_plan.md.j2", area=area, review=review, show_leads=show_leads,
                   items=items, today=options.build_date, downloads=downloads,
                   progress=here, **common),
            searched=search_results,
        )
        if options.pdf:
            site.pdf_jobs.append(report_pdf(
                fw, story, i, own, found, here, items, slipped.get(i, []),
                internal=options.audience != "public", today=options.build_date))
        judged = own
    # The loop leaves the latest review's targets, judgements, progress and plan.
    site.add(f"areas/{area.id}/index.md", render(
        "area.md.j2", area=area, story=story, excerpt=excerpt, show_leads=show_leads,
        targets=own, judged=found, judged_counts=target_counts(found), progress=here,
        workbook=f"{NEXT_REVIEW}.xlsx" if workbook else None, **common),
        searched=search_results)
    if area.reviews:
        add_agency_page(site, area, area.reviews[-1], items, options, show_leads=show_leads,
                        common=common, searched=search_results, progress=here)
    return site
