"""Printables: the blank sheets under /templates/ and the PDF of each action plan.

Every sheet is one HTML fragment (``site_templates/pages/sheet_*.html.j2``) used twice: inside
its MkDocs page, and inside a standalone document that WeasyPrint prints to PDF. Paper and
screen therefore carry the same boxes with the same review-file identifiers, so typing a
session up is mechanical. The core only queues ``PdfJob``s; adapters make the PDFs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from markupsafe import Markup

from ..model.content import Content
from ..model.framework import Framework
from ..model.ratings import overall_name, overall_parts
from ..model.resolved import Area, Review
from ..source.resources import site_templates
from ..views.action_plan import PlanItem
from ..views.progress import NO_PROGRESS, Progress
from ..views.recording import blank_recording
from .base import PdfJob, PlanExport, Site, SiteOptions, WorkbookJob
from .fragments import long_date, rating_badge
from .render import environment, render

PDF_TEMPLATES = site_templates() / "pdf"

# The recording sheet: two findings per system point, each with three action lines (a
# finding usually has two or three actions with different leads), two system points to a
# landscape page so that every page is full. More findings go on the last page.
FINDING_ROWS = 2
FINDING_ACTIONS = 3
POINTS_PER_PAGE = 2
CONTINUATION_ROWS = 4
ACTION_ROWS = 14
PARTICIPANT_ROWS = 24
BLANK_WORKBOOK = "recording-workbook"  # templates/recording-workbook.xlsx


@dataclass(frozen=True)
class Sheet:
    slug: str  # templates/<slug>.md and templates/<slug>.pdf
    title: str
    purpose: str
    template: str
    landscape: bool
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def paper(self) -> str:
        return "A4 landscape" if self.landscape else "A4 portrait"


def sheets(content: Content) -> list[Sheet]:
    """Every blank sheet, in the order a session uses them."""
    fw = content.framework
    out = [Sheet(
        "sign-in", "Session sign-in and details",
        "Who took part, who facilitated and which evidence the session drew on.",
        "sheet_sign_in.html.j2", landscape=False,
        context={"rows": PARTICIPANT_ROWS},
    )]
    for domain in fw.domains:
        out.append(Sheet(
            f"prompts-{domain.id}", f"Prompts hand-out: {domain.name}",
            f"The Traffic Light prompts and rating descriptors for {domain.name},"
            " to keep on the table.",
            "sheet_prompts.html.j2", landscape=False,
            context={"domain": domain, "prompts": content.prompts[domain.id]},
        ))
    for domain in fw.domains:
        out.append(Sheet(
            domain.id, f"Recording sheet: {domain.name}",
            f"Ratings, the summary of why and actions at every system point of {domain.name},"
            " at every level.",
            "sheet_recording.html.j2", landscape=True,
            context={"domain": domain, "prompts": content.prompts[domain.id],
                     "rows": FINDING_ROWS, "action_rows": FINDING_ACTIONS,
                     "points_per_page": POINTS_PER_PAGE,
                     "continuation_rows": CONTINUATION_ROWS},
        ))
    out.append(Sheet(
        "values-checker", "Values Checker sheet",
        "The Values Checker questions for each domain, with room to reflect.",
        "sheet_values.html.j2", landscape=False,
        context={"checker": _checker(content)},
    ))
    out.append(Sheet(
        "action-plan", "Blank action plan",
        "Actions with their lead, agency, due date and status, for the session or for"
        " monitoring the plan between reviews.",
        "sheet_action_plan.html.j2", landscape=True,
        context={"rows": ACTION_ROWS},
    ))
    return out


def _checker(content: Content) -> list[dict[str, Any]]:
    """Per domain, its questions once each, and one box per value of the latest edition —
    each box is exactly one ``domains.<domain>.values.<value>`` entry — naming the questions
    that test that value."""
    fw = content.framework
    edition_values = [v for v in fw.values if fw.latest_edition in v.editions]
    out = []
    for domain in fw.domains:
        questions = content.prompts[domain.id].values_checker
        boxes = [{"value": value,
                  "numbers": [n for n, q in enumerate(questions, 1) if value.id in q.values]}
                 for value in edition_values]
        out.append({"domain": domain, "questions": questions, "boxes": boxes})
    return out


def _common(fw: Framework) -> dict[str, Any]:
    """Names and helpers every sheet fragment uses; no framework word is hard-coded."""
    ratings = [{"id": r.id, "name": r.name, "symbol": r.symbol,
                "goal": fw.name("goals", r.goal)} for r in fw.ratings]
    overall = [{"id": o, "name": overall_name(fw, o),
                "symbol": "".join(fw.rating(p).symbol for p in overall_parts(o))}
               for o in fw.overall_options()]
    return {
        "fw": fw,
        "edition": fw.latest_edition,
        "ratings": ratings,
        # Tick boxes run worst to best, like the action columns beside them.
        "ratings_up": ratings[::-1],
        "overall": overall[::-1],
        # Action columns in the order of the goals (to reach amber, green, sustain),
        # each naming the rating whose findings it serves.
        "goal_columns": [{"goal": g, "rating": next(r for r in fw.ratings if r.goal == g.id)}
                         for g in fw.goals],
    }


def _fragment(sheet: Sheet, fw: Framework, *, heading: bool, in_set: bool = False) -> Markup:
    html = render(sheet.template, sheet=sheet, heading=heading, in_set=in_set,
                  **_common(fw), **sheet.context)
    return Markup(html)  # noqa: S704 - rendered by our autoescaping environment


def pdf_html(template: str, **context: Any) -> str:
    """A standalone HTML document for WeasyPrint, from ``site_templates/pdf/``."""
    return environment(PDF_TEMPLATES).get_template(template).render(**context)


def add_pages(site: Site, content: Content, options: SiteOptions) -> None:
    fw = content.framework
    all_sheets = sheets(content)
    for sheet in all_sheets:
        site.add(f"templates/{sheet.slug}.md", render(
            "sheet_page.md.j2", sheet=sheet, pdf=options.pdf,
            body=_fragment(sheet, fw, heading=False),
        ))
        if options.pdf:
            site.pdf_jobs.append(PdfJob(
                f"templates/{sheet.slug}.pdf",
                pdf_html("sheet.html.j2", title=sheet.title, description=sheet.purpose,
                         bodies=[_fragment(sheet, fw, heading=True)]),
                sheet.title,
            ))
    set_title = "Complete blank set for a review session"
    if options.pdf:
        site.pdf_jobs.append(PdfJob(
            "templates/blank-set.pdf",
            pdf_html("sheet.html.j2", title=set_title,
                     description="Every blank sheet for one system review session.",
                     bodies=[_fragment(s, fw, heading=True, in_set=True)
                                     for s in all_sheets]),
            set_title,
        ))
    # A blank recording workbook carries no review, so every build may offer it.
    site.export_jobs.append(WorkbookJob(f"templates/{BLANK_WORKBOOK}",
                                        blank_recording(content, options.build_date)))
    site.add("templates/index.md", render(
        "sheet_index.md.j2", sheets=all_sheets, pdf=options.pdf, set_title=set_title, fw=fw,
        workbook=f"{BLANK_WORKBOOK}.xlsx",
    ))


def action_plan_pdf(
    path: str, fw: Framework, area: Area, review: Review, items: list[PlanItem],
    *, show_leads: bool, internal: bool, today: date, progress: Progress = NO_PROGRESS,
) -> PdfJob:
    """The PDF job of one review's action plan, in the order ``plan_items`` gives."""
    title = f"Action plan: {area.name}, {long_date(review.date)}"
    html = pdf_html(
        "action_plan.html.j2", title=title,
        description=f"Action plan from the system review in {area.name}"
                    f" on {long_date(review.date)}",
        fw=fw, area=area, review=review, items=items, show_leads=show_leads,
        internal=internal, today=today, badge=partial(rating_badge, fw),
        level_short={lv.id: lv.short for lv in fw.levels},
        goal_names={g.id: g.name for g in fw.goals}, progress=progress,
    )
    return PdfJob(path, html, title)


def add_action_plan_files(
    site: Site, fw: Framework, area: Area, index: int, items: list[PlanItem],
    options: SiteOptions, *, show_leads: bool, progress: Progress = NO_PROGRESS,
) -> list[tuple[str, str]]:
    """Queue the PDF and the spreadsheets beside ``action-plan.md`` of the area's review
    at ``index``; return the (label, href) download links for the page, which lives at
    ``…/action-plan/``."""
    review = area.reviews[index]
    base = f"areas/{area.id}/{review.slug}/action-plan"
    downloads = []
    if options.pdf:
        site.pdf_jobs.append(action_plan_pdf(
            f"{base}.pdf", fw, area, review, items, show_leads=show_leads,
            internal=options.audience != "public", today=options.build_date,
            progress=progress,
        ))
        downloads.append(("PDF for printing", "../action-plan.pdf"))
    site.plan_exports.append(PlanExport(base, index, show_leads, progress))
    downloads += [("Spreadsheet (.xlsx)", "../action-plan.xlsx"),
                  ("Comma-separated values (.csv)", "../action-plan.csv")]
    return downloads
