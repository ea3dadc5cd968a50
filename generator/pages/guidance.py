"""Guidance and prompt pages, from content."""

from __future__ import annotations

from functools import partial

from ..model.content import Content
from .base import Site
from .fragments import rating_badge
from .render import render


def add_pages(site: Site, content: Content) -> None:
    fw = content.framework
    pubs = {p.id: p for p in fw.publications}
    for page in content.pages:
        site.add(page.path, render(
            "guidance.md.j2", page=page, publications=[pubs[s] for s in page.meta.sources],
        ))
    site.add("prompts/index.md", render("prompts_index.md.j2", fw=fw, prompts=content.prompts))
    values = {v.id: v for v in fw.values}
    for domain in fw.domains:
        prompts = content.prompts[domain.id]
        site.add(f"prompts/{domain.id}.md", render(
            "prompt.md.j2", fw=fw, domain=domain, prompts=prompts, values=values,
            publications=[pubs[s] for s in prompts.sources], badge=partial(rating_badge, fw),
        ))
