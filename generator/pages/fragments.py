"""The HTML of an action's cells, written in Python rather than as Jinja macros.

Pages and PDFs show these for every action: a national build makes several hundred
thousand. As macros they were a quarter of generating the pages, because each call of a
Jinja macro builds a new context (measured on 1 December 2026; see the README's
performance section). As functions they are registered as filters, which Jinja calls
directly. Everything typed by users is escaped here, as autoescape would; text fields go
through the same Markdown filters the templates use.
"""

from __future__ import annotations

import functools
from datetime import date

from markupsafe import Markup
from markupsafe import escape as markup_escape

from ..model.framework import Framework
from ..model.ratings import overall_name, overall_parts
from ..model.resolved import Action, PointResult
from ..views.action_plan import PlanItem, by_finding
from ..views.history import Journey, Stretch
from ..views.progress import Report
from .markdown import render_inline, render_markdown


def escape(text: str) -> str:
    """``markupsafe.escape`` for text, as the str it gives. Most text has none of the
    five characters it replaces, and looking for them here costs a fifth of calling it:
    a national build escapes several million names, notes and dates."""
    if type(text) is str and not (
            "&" in text or "<" in text or ">" in text or "'" in text or '"' in text):
        return text
    return str(markup_escape(text))


# Called for every date on every results page, with few distinct days: cached, since a
# national build makes millions of them.
@functools.lru_cache(maxsize=8192)
def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def reported(report: Report) -> Markup:
    """"reported on 17 June 2026 at the partnership executive"."""
    at = f" at {escape(report.meeting)}" if report.meeting else ""
    return Markup(f"reported on {long_date(report.date)}{at}")  # noqa: S704 - escaped above


def status_cell(item: PlanItem, fw: Framework, note_class: str) -> Markup:
    """An action's status now and its latest note; beside them, when a meeting has
    reported on it since, what the review itself recorded."""
    a, report = item.action, item.report
    css = escape(note_class)
    if report is None:
        out = Markup(escape(fw.name("statuses", a.status)))  # noqa: S704 - escaped
        if a.note:
            out += Markup(f'<div class="{css}">{render_markdown(a.note)}</div>')  # noqa: S704
        return out
    note = (f'<div class="{css}">{render_markdown(report.entry.note)}</div>'
            if report.entry.note else "")
    then = f". {render_inline(a.note)}" if a.note else ""
    return Markup(  # noqa: S704 - every part is escaped or rendered Markdown
        f'<strong>{escape(fw.name("statuses", item.status))}</strong>'
        f' <span class="csr-reported">({reported(report)})</span>\n{note}'
        f'<p class="csr-at-review">At the review: {escape(fw.name("statuses", a.status))}'
        f'{then}</p>\n')


def due_cell(item: PlanItem) -> Markup:
    """The due date now, flagged when overdue, and the review's own when an update moved
    it."""
    due = item.due
    out = long_date(due) if due else "No date"
    if item.overdue:
        out += ' <strong class="csr-overdue-flag">Overdue</strong>'
    if due != item.action.due:
        then = long_date(item.action.due) if item.action.due else "no date"
        out += f' <span class="csr-at-review">(at the review: {then})</span>'
    return Markup(out)  # noqa: S704 - dates and fixed words only


def closed_line(item: PlanItem, fw: Framework) -> Markup:
    """A done or dropped action, on one line."""
    note = f" — {render_inline(item.note)}" if item.note else ""
    when = (f' <span class="csr-reported">({reported(item.report)})</span>'
            if item.report else "")
    return Markup(  # noqa: S704 - every part is escaped or rendered Markdown
        f'<strong>{escape(fw.name("statuses", item.status))}:</strong>'
        f' {render_inline(item.action.text)}{note}{when}')


# Called for every rating on every results page, with few distinct arguments.
_BADGES: dict[tuple[int, str | None, str | None], tuple[Framework, Markup]] = {}


def rating_badge(fw: Framework, overall: str | None, *, label: str | None = None) -> Markup:
    """A rating as symbol and word, never colour alone; pairs show both parts."""
    # Keyed by the framework's identity: hashing the framework itself costs more than
    # making the badge. The framework is kept with it, so a reused id cannot mislead.
    key = (id(fw), overall, label)
    cached = _BADGES.get(key)
    if cached is not None and cached[0] is fw:
        return cached[1]
    badge = _make_badge(fw, overall, label)
    _BADGES[key] = (fw, badge)
    return badge


def _make_badge(fw: Framework, overall: str | None, label: str | None) -> Markup:
    if overall is None:
        return Markup('<span class="csr-rating csr-rating--none">Not stated</span>')
    parts = overall_parts(overall)
    marks = "".join(fw.rating(p).symbol for p in parts)
    words = escape(label or overall_name(fw, overall))
    css = "-".join(parts)
    return Markup(
        f'<span class="csr-rating csr-rating--{css}">'
        f'<span class="csr-rating__mark" aria-hidden="true">{marks}</span> {words}</span>'
    )


def not_reviewed() -> Markup:
    return Markup(
        '<span class="csr-rating csr-rating--none">'
        '<span class="csr-rating__mark" aria-hidden="true">–</span> Not reviewed</span>'
    )


def findings(result: PointResult, fw: Framework, goal_names: dict[str, str],
             show_leads: bool) -> Markup:
    """A system point's findings on its review page, each with its actions."""
    out = []
    for number, f in enumerate(result.findings, 1):
        internal = ' <span class="csr-internal-tag">Internal</span>' if f.internal else ""
        out.append(f'<li class="csr-finding">\n<p class="csr-finding__rating">Finding {number}:'
                   f' {rating_badge(fw, f.rating)}{internal}</p>\n<div class="csr-text">\n'
                   f'{render_markdown(f.text)}\n</div>\n')
        if f.evidence:
            methods = "; ".join(escape(fw.name("evidence_methods", m)) for m in f.evidence)
            out.append(f'<p class="csr-evidence">Evidence: {methods}</p>')
        if f.actions:
            goal = escape(goal_names[fw.rating(f.rating).goal].lower())
            out.append(f'<div class="csr-actions">\n<p class="csr-actions__goal"><strong>'
                       f'Action plan {goal}</strong></p>\n<ul>\n')
            out.extend(_action(a, fw, show_leads) for a in f.actions)
            out.append("</ul>\n</div>\n")
        out.append("</li>\n")
    return Markup("".join(out))  # noqa: S704 - every part is escaped or rendered Markdown


def _action(a: Action, fw: Framework, show_leads: bool) -> str:
    if show_leads and a.lead:
        agency = f" ({escape(a.agency)})" if a.agency else ""
        who = f"Lead: {escape(a.lead)}{agency} · "
    else:
        who = f"Agency: {escape(a.agency)} · " if a.agency else ""
    due = long_date(a.due) if a.due else "no date set"
    internal = ' · <span class="csr-internal-tag">Internal</span>' if a.internal else ""
    note = (f'<div class="csr-note"><p class="csr-note__label">Latest note</p>\n'
            f'{render_markdown(a.note)}\n</div>\n' if a.note else "")
    return (f'<li class="csr-action">\n<div class="csr-text">\n{render_markdown(a.text)}\n'
            f'</div>\n<p class="csr-action__meta">{who}Due: {due} · Status: <span class='
            f'"csr-status csr-status--{escape(a.status)}">{escape(fw.name("statuses", a.status))}'
            f'</span>{internal}</p>\n{note}</li>\n')


def plan_groups(items: list[PlanItem], fw: Framework, show_leads: bool) -> Markup:
    """The body of an action plan's table of open actions: each finding once, in a row
    of its own, above its actions (``by_finding``)."""
    out = []
    columns = 5 if show_leads else 4
    level_short = {lv.id: lv.short for lv in fw.levels}
    goal_names = {g.id: g.name for g in fw.goals}
    for group in by_finding(items):
        point = group.point
        out.append(
            f'<tbody class="csr-plan__group">\n<tr class="csr-plan__finding-row"><th'
            f' scope="rowgroup" colspan="{columns}"><p class="csr-plan__where">'
            f'{escape(fw.name("domains", point.domain))}, {escape(level_short[point.level])},'
            f' {escape(fw.name("system_points", point.point))} ·'
            f' {rating_badge(fw, group.finding.rating)} · {escape(goal_names[group.goal])}'
            f'</p><div class="csr-plan__finding">{render_markdown(group.finding.text)}</div>'
            "</th></tr>\n")
        out.extend(_plan_row(item, fw, show_leads) for item in group.items)
        out.append("</tbody>\n")
    return Markup("".join(out))  # noqa: S704 - every part is escaped or rendered Markdown


def _plan_row(item: PlanItem, fw: Framework, show_leads: bool) -> str:
    a = item.action
    ref = f'<p class="csr-ref">Ref. {escape(a.id)}</p>' if a.id else ""
    lead = f'<td data-label="Lead">{escape(a.lead or "—")}</td>' if show_leads else ""
    return (f'<tr class="csr-plan__action{" csr-overdue" if item.overdue else ""}">\n'
            f'<td data-label="Action">{render_markdown(a.text)}{ref}</td>\n{lead}'
            f'<td data-label="Agency">{escape(a.agency or "—")}</td>\n'
            f'<td data-label="Due">{due_cell(item)}</td>\n'
            f'<td data-label="Status">{status_cell(item, fw, "csr-plan__note")}</td>\n</tr>\n')


_WARN = '<span aria-hidden="true">⚠</span>'
_CLOCK = '<span aria-hidden="true">◷</span>'


def journey_steps(journey: Journey, fw: Framework) -> Markup:
    """One action's path on the area page: every review that mentions it, with its status
    and due date then, and the latest progress reported after each; on a long path, the
    reviews between the first and the last two are told as one line."""
    slip_at = {slip.review.slug: slip for slip in journey.slips(fw)}
    out = ['<ol class="csr-journey">\n']
    for gap, s in journey.outline(fw):
        if gap:
            out.append(f'<li class="csr-journey__gap">{_WARN} Missing from {gap}'
                       f' review{"s" if gap > 1 else ""} before this one</li>')
        if isinstance(s, Stretch):
            statuses = ", then ".join(escape(fw.name("statuses", st)) for st in s.statuses)
            slips = (f'; <span class="csr-slip">{_CLOCK} Slipped at {s.slips} of them</span>'
                     if s.slips else "")
            missing = (f'; {_WARN} missing from {s.missing} review{"s" if s.missing > 1 else ""}'
                       " between them" if s.missing else "")
            out.append(f'<li class="csr-journey__stretch">{s.count} reviews from'
                       f' {long_date(s.first.review.date)} to {long_date(s.last.review.date)}:'
                       f' {statuses}{slips}{missing}</li>\n')
            continue
        a = s.action
        due = f", due {long_date(a.due)}" if a.due else ""
        slip = slip_at.get(s.review.slug)
        slipped = ""
        if slip is not None:
            why = (f"{long_date(slip.due)} had passed; due date moved" if slip.moved
                   else "past its due date")
            slipped = f' <span class="csr-slip">{_CLOCK} Slipped: {why}</span>'
        out.append(f'<li><span class="csr-journey__date">{long_date(s.review.date)}</span>:'
                   f' <span class="csr-status csr-status--{escape(a.status)}">'
                   f'{escape(fw.name("statuses", a.status))}</span>{due}{slipped}</li>')
        # Progress reported between reviews: the latest report after this review, if any.
        reports = journey.reports.get(s.index, ())
        if reports:
            r = reports[-1]
            at = f" at {escape(r.meeting)}" if r.meeting else ""
            now_due = f", now due {long_date(r.entry.due)}" if r.entry.due else ""
            latest = (f" (the latest of {len(reports)} progress reports)"
                      if len(reports) > 1 else "")
            out.append(f'<li class="csr-journey__report"><span class="csr-journey__date">'
                       f'{long_date(r.date)}</span>, reported{at}: <span class="csr-status'
                       f' csr-status--{escape(r.entry.status)}">'
                       f'{escape(fw.name("statuses", r.entry.status))}</span>{now_due}{latest}'
                       "</li>\n")
    if journey.lost(fw):
        out.append(f'<li class="csr-journey__gap">{_WARN} Not in the later reviews, though it'
                   " was still open</li>")
    out.append("</ol>")
    return Markup("".join(out))  # noqa: S704 - every part is escaped or fixed


FILTERS = {"status_cell": status_cell, "due_cell": due_cell, "closed_line": closed_line,
           "reported": reported,
           "findings": findings, "plan_groups": plan_groups,
           "journey_steps": journey_steps}
