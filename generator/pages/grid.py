"""The grid picture of one review (domains × levels × system points), and the marks in its
cells: a rating's change since the review before, and the target set for the next.

Written in Python rather than as Jinja macros: a national build draws about 3,000 grids of
32 cells each (every review page, the latest six on every area page), and a macro call per
cell was a tenth of generating the pages (measured on 1 December 2026). Templates call
these as globals (``render.environment``); everything shown is escaped here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from markupsafe import Markup

from ..model.framework import Domain, Framework
from ..model.ratings import overall_name
from ..model.resolved import DomainResult, Review
from .fragments import escape, findings, not_reviewed, rating_badge

Badge = Callable[[str | None], Markup]

# Change since the previous review: a symbol and a word, never colour alone. A rating that
# went down is "Worsened"; "Slipped" is kept for an action whose due date passed.
CHANGE_MARKS = {
    "improved": ("▲", "Improved"),
    "slipped": ("▼", "Worsened"),
    "unchanged": ("=", "Unchanged"),
    "new": ("✚", "Newly reviewed"),
    "unclear": ("?", "Cannot compare"),
    "gone": ("–", "Not reviewed this time"),
}
# How a target fared, the same way.
OUTCOME_MARKS = {
    "met": ("✓", "Met"),
    "exceeded": ("▲", "Exceeded"),
    "missed": ("✗", "Missed"),
    "not-reviewed": ("–", "Not reviewed"),
}
DEFAULT_CAPTION = ("Overall rating at each system point, by domain and level. Select a rating"
                   " to read its findings.")


def change_mark(change: Any) -> Markup:
    """A cell's change (``history.CellChange``), or nothing for None."""
    if change is None:
        return Markup("")
    mark, word = CHANGE_MARKS[change.kind]
    return Markup(  # noqa: S704 - fixed words, and the kind escaped
        f'<span class="csr-change csr-change--{escape(change.kind)}"><span'
        f' class="csr-change__mark" aria-hidden="true">{mark}</span> {word}</span>')


def outcome_mark(kind: str) -> Markup:
    mark, word = OUTCOME_MARKS[kind]
    return Markup(  # noqa: S704 - fixed words, and the kind escaped
        f'<span class="csr-outcome csr-outcome--{escape(kind)}"><span class="csr-outcome__mark"'
        f' aria-hidden="true">{mark}</span> {word}</span>')


def target_mark(target: Any, badge: Badge) -> Markup:
    """One system point's target (``targets.Target``): "Aiming for" while there is no next
    review to judge it."""
    judged = target.outcome is not None
    outcome = f" {outcome_mark(target.outcome)}" if judged else ""
    return Markup(  # noqa: S704 - badges and marks are Markup already
        f'<span class="csr-target">{"Target" if judged else "Aiming for"}'
        f' {badge(target.target)}{outcome}</span>')


def grid(fw: Framework, review: Review, badge: Badge, link_base: str = "",
         caption: str | None = None, compact: bool = False, step: Any = None,
         targets: Mapping[tuple[str, str, str], Any] | None = None,
         linked: bool = True) -> Markup:
    """The grid as a table. ``link_base``: where the review page is, relative to the page
    showing the grid ("" on the review page). ``step`` (``history.Step``): each cell also
    shows its change since the previous review. ``targets`` (cell key → ``Target``): each
    cell also shows its target for the next review. ``linked=False``: no links (PDFs)."""
    heads = "".join(f'<th scope="col">{escape(p.name)}</th>' for p in fw.system_points)
    out = [f'<div class="csr-grid-wrap">\n<table class="csr-grid'
           f'{" csr-grid--compact" if compact else ""}">\n'
           f'<caption>{escape(caption or DEFAULT_CAPTION)}</caption>\n'
           f'<thead><tr><th scope="col">Domain and level</th>{heads}</tr></thead>\n<tbody>\n']
    base = escape(link_base)
    for d in fw.domains:
        for lv in fw.levels:
            out.append(f'<tr><th scope="row">{escape(d.name)}<span class="csr-grid__level">'
                       f'{escape(lv.short)}</span></th>')
            for p in fw.system_points:
                r = review.point(d.id, lv.id, p.id)
                # Built as text: every part is escaped or Markup already.
                if r is None:
                    cell = str(not_reviewed())
                elif not linked:
                    cell = str(badge(r.overall))
                else:
                    words = overall_name(fw, r.overall) if r.overall else "Not stated"
                    cell = (f'<a href="{base}#{escape(r.anchor)}" aria-label="{escape(d.name)},'
                            f' {escape(lv.short)}, {escape(p.name)}: {escape(words)}">'
                            f'{badge(r.overall)}</a>')
                if step is not None and r is not None:
                    cell += f" {change_mark(step.change(d.id, lv.id, p.id))}"
                key = (d.id, lv.id, p.id)
                if targets and key in targets:
                    cell += f" {target_mark(targets[key], badge)}"
                out.append(f"<td>{cell}</td>")
            out.append("</tr>\n")
    out.append("</tbody>\n</table>\n</div>")
    return Markup("".join(out))  # noqa: S704 - every part escaped


def heading(level: int, ident: str, text: str) -> Markup:
    """A heading inside a finished HTML block, marked up as Markdown's toc extension marks
    its own (an id and a permalink), so both kinds look and behave the same."""
    ident = escape(ident)
    return Markup(  # noqa: S704 - every part escaped
        f'<h{level} id="{ident}">{escape(text)}<a class="headerlink" href="#{ident}"'
        f' title="Link to this section">&para;</a></h{level}>')


def domain_points(result: DomainResult, domain: Domain, fw: Framework,
                  targets: Mapping[tuple[str, str, str], Any], goal_names: dict[str, str],
                  show_leads: bool) -> Markup:
    """A domain's part of a review page, level by level and point by point: each point's
    overall rating and target, then its findings."""
    badge = partial(rating_badge, fw)
    out = []
    for lv in fw.levels:
        out.append(f'{heading(3, f"{domain.id}-{lv.id}", lv.name)}\n')
        if lv.id not in result.levels_reviewed:
            out.append(f'<p class="csr-not-reviewed">{not_reviewed()} This review did not'
                       f' cover {escape(lv.short)} of {escape(domain.name)}.</p>\n')
            continue
        for p in fw.system_points:
            out.append(f'{heading(4, f"{domain.id}-{lv.id}-{p.id}", p.name)}\n')
            r = result.points.get((lv.id, p.id))
            if r is None:
                out.append(f'<p class="csr-not-reviewed">{not_reviewed()}</p>\n')
                continue
            derived = (' <span class="csr-derived">(from the findings)</span>'
                       if not r.overall_stated and r.overall else "")
            key = (domain.id, lv.id, p.id)
            target = (f" · {target_mark(targets[key], badge)}"
                      if key in targets else "")
            out.append(f'<div class="csr-point">\n<p class="csr-overall">Overall rating:'
                       f' {badge(r.overall)}{derived}{target}</p>\n<ol class="csr-findings">\n'
                       f'{findings(r, fw, goal_names, show_leads)}</ol>\n</div>\n')
    return Markup("".join(out))  # noqa: S704 - every part escaped


FILTERS = {"domain_points": domain_points}
GLOBALS = {"grid": grid, "heading": heading, "change_mark": change_mark, "target_mark": target_mark,
           "outcome_mark": outcome_mark, "CHANGE_MARKS": CHANGE_MARKS,
           "OUTCOME_MARKS": OUTCOME_MARKS}
