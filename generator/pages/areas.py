"""Results pages: the areas index, one page per area, one per review."""

from __future__ import annotations

from functools import partial

from ..action_plan import plan_items
from ..content import Content
from ..history import area_history, excerpt
from ..model import Workbook
from ..ratings import overall_name
from ..render import rating_badge, render
from .base import Site, SiteOptions
from .templates import add_action_plan_files


def add_pages(site: Site, content: Content, workbook: Workbook, options: SiteOptions) -> None:
    fw = content.framework
    common = {
        "fw": fw,
        "badge": partial(rating_badge, fw),
        "rating_words": lambda o: overall_name(fw, o) if o else "Not stated",
        "goal_names": {g.id: g.name for g in fw.goals},
        "level_short": {lv.id: lv.short for lv in fw.levels},
    }
    # Each area's story is worked out once and told on both its own page and the index.
    stories = {a.id: area_history(a, fw, options.build_date) for a in workbook.areas}
    site.add("areas/index.md", render("areas_index.md.j2", areas=workbook.areas,
                                      stories=stories, **common))
    for area in workbook.areas:
        site.add(f"areas/{area.id}/index.md", render(
            "area.md.j2", area=area, story=stories[area.id], excerpt=excerpt,
            show_leads=options.audience != "public" or area.publish_leads, **common))
        show_leads = options.audience != "public" or area.publish_leads
        for review in area.reviews:
            site.add(
                f"areas/{area.id}/{review.slug}/index.md",
                render("review.md.j2", area=area, review=review, show_leads=show_leads,
                       **common),
            )
            items = plan_items(review, fw, options.build_date)
            downloads = add_action_plan_files(site, fw, area, review, items, options,
                                              show_leads=show_leads)
            site.add(
                f"areas/{area.id}/{review.slug}/action-plan.md",
                render("action_plan.md.j2", area=area, review=review, show_leads=show_leads,
                       items=items, today=options.build_date, downloads=downloads, **common),
            )
