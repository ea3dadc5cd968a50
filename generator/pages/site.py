"""Assemble the whole site from its parts."""

from __future__ import annotations

from typing import Any

from ..loading.load import Loaded
from ..source.work import SERIAL, Work
from ..views.audience import for_audience
from . import areas, guidance, templates
from .base import Site, SiteOptions
from .branding import branding_files
from .fragments import long_date


def generate(loaded: Loaded, options: SiteOptions, work: Work = SERIAL) -> Site:
    """Every page and file. ``work`` runs the areas' pages: see ``areas.add_pages``."""
    with work.batch():
        return _generate(loaded, options, work)


def _generate(loaded: Loaded, options: SiteOptions, work: Work) -> Site:
    content = loaded.content
    workbook = for_audience(loaded.workbook, options.audience, content.framework)
    site = Site(site_name=content.site.site_name)
    guidance.add_pages(site, content)
    areas.add_pages(site, content, workbook, options, work)
    templates.add_pages(site, content, options)
    for path, data in branding_files(options.branding).items():
        site.add(path, data)
    site.nav = _nav(content)
    site.theme_extra = {
        "audience": options.audience,
        "published": options.build_date.isoformat(),
        "published_text": long_date(options.build_date),
    }
    return site


def _nav(content: Any) -> list[Any]:
    """A small fixed nav: reviews are reached through index pages, never listed here,
    because MkDocs renders the whole nav into every page."""
    nav: list[Any] = [{"Start here": "index.md"}]
    for section in content.site.sections:
        pages = [p.path for p in content.section_pages(section.id)]
        if pages:
            nav.append({section.title: pages})
    prompts = ["prompts/index.md"] + [f"prompts/{d}.md" for d in content.prompts]
    nav.append({"Prompts": prompts})
    nav.append({"Templates": "templates/index.md"})
    nav.append({"Areas": "areas/index.md"})
    extra = [p.path for p in content.section_pages("") if p.path != "index.md"]
    nav.extend(extra)
    return nav
