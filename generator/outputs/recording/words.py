"""The words of the recording workbook: its instructions, and the rows of its Session sheet.

Plain English for facilitators and business-support officers, not programmers. Names come
from the framework; nothing about it is written here.
"""

from __future__ import annotations

from datetime import datetime

from ...model.framework import Framework
from ...pages.fragments import long_date
from ...views.recording import Recording
from . import layout as L

Row = tuple[str, str, object, str, str]  # label, key, value, kind, how to fill it in


def session_rows(rec: Recording, fw: Framework) -> list[Row]:
    draft = rec.draft
    day = rec.session_date
    audience = L.shown(fw, L.AUDIENCE, rec.area_audience or fw.default_audience)
    title_help = "Optional: a name for this review, like Spring system review."
    if rec.previous_title:
        title_help += f" Last time's was: {rec.previous_title}"
    rows: list[Row] = [
        ("Area", L.AREA_KEY, rec.area_id, L.LINE,
         "The area's folder name under reviews/: lowercase letters, digits and hyphens."
         + (f" This workbook is for {rec.area_name}." if rec.area_name else "")),
        ("Date of the session", L.DATE_KEY,
         datetime(day.year, day.month, day.day) if day else None, L.DATE,
         "Written like 2027-03-10. It names the review file."),
        ("Title", "title", draft.title, L.LINE, title_help),
        ("Framework edition", "framework", draft.edition, L.EDITION,
         "The edition of the framework the review follows: "
         + "; ".join(f"{e.id} is the {e.name}" for e in fw.editions) + "."),
        ("Who may see the results", "audience",
         L.shown(fw, L.AUDIENCE, draft.audience) if draft.audience else None, L.AUDIENCE,
         f"Leave empty to keep the area's setting ({audience})."),
        ("Summary", "summary", draft.summary, L.TEXT,
         "Optional: what the session covered and the headline messages."),
        ("Accepted phrases", "accept", "\n".join(draft.accept) or None, L.LINES,
         "Rarely needed: phrases the checks before publishing flagged that should be"
         " published as written, one a line."),
    ]
    rows += _list_rows("Facilitated by", "facilitators", draft.facilitators,
                       L.SPARE_FACILITATORS, "One name or role a row.")
    rows += _list_rows("Who took part", "participants", draft.participants,
                       L.SPARE_PARTICIPANTS,
                       "One agency or role a row; people's names stay on the paper"
                       " sign-in sheet.")
    for n, method in enumerate(fw.evidence_methods):
        rows.append((method.name, f"{L.METHODS_KEY}{L.SEP}{method.id}",
                     L.YES if method.id in draft.methods else None, L.YESNO,
                     "Yes for each kind of evidence the session drew on." if n == 0 else ""))
    return rows


def _list_rows(label: str, key: str, items: tuple[str, ...], spare: int,
               help_text: str) -> list[Row]:
    values = [*items, *([None] * spare)]
    return [(label if n == 0 else "", key if n == 0 else "", value, L.LINE,
             help_text if n == 0 else "") for n, value in enumerate(values)]


def instructions(rec: Recording, fw: Framework) -> list[tuple[str, str]]:
    """(style, text) lines of the first sheet."""
    domains = ", ".join(L.domain_sheet(fw, d.id) for d in fw.domains)
    example = L.where(fw.domains[0].id, fw.levels[0].id, fw.system_points[0].id)
    ratings = ", ".join(L.options(fw, L.RATING))
    statuses = ", ".join(L.options(fw, L.STATUS))
    closed = [s.name.lower() for s in fw.statuses if not s.open]
    if rec.area_name:
        about = f"For {rec.area_name} (reviews/{rec.area_id}/)"
        about += (f", started from its review on {long_date(rec.source)}." if rec.source
                  else ". The area has no review yet, so the workbook starts blank.")
    else:
        about = "A blank workbook, for any area: write the area on the Session sheet."
    lines = [
        ("title", "How to fill in this recording workbook"),
        ("plain", about),
        ("plain", "This workbook is one system review, ready to type a session into. It has"
                  " the same headings and identifiers as the printed recording sheets, so"
                  " typing up from paper is a matter of copying across, sheet by sheet. When"
                  " it is filled in, `csreview import` turns it into the review file that the"
                  " site is built from."),
    ]
    if rec.source:
        lines += [
            ("plain", "It starts where `csreview new` would: last time's findings are kept"
                      " for you to revise, and every action not "
                      + " or ".join(closed) + " is carried forward with its id, lead,"
                      " agency, due date, status and note."),
            ("bold", "Keep this workbook inside the partnership. It holds everything in the"
                     " review, including findings and actions marked internal and every"
                     " action's lead."),
        ]
    lines += [
        ("bold", "The sheets"),
        ("plain", f"{L.SESSION}: the area, the date of the session, the title, who"
                  " facilitated and who took part, the evidence used and a summary."),
        ("plain", f"One sheet for each domain ({domains}): the findings and actions at every"
                  " level and system point."),
        ("plain", f"{L.VALUES}: the group's reflections on the values, for each domain."),
        ("bold", "Filling in a domain sheet"),
        ("plain", "Each system point, such as Level 1, Referral, has its own rows. The grey"
                  " cells on the left say where you are: the level, the system point and its"
                  f" identifier in the review file, such as {example}."),
        ("plain", "Each finding has a block of rows with the same number in the Finding"
                  " column. Type the finding's rating and its summary of why in the block's"
                  " first row, and one action in each row of the block: what will be done,"
                  " its lead, agency, due date and status."),
    ]
    if rec.source:
        lines.append(("plain", "Last time's findings are already in their blocks: change each"
                               " rating and summary to what the group found this time. When"
                               " a rating changes, say why in the summary. Update each"
                               " action's status, due date and note; mark an action done or"
                               " dropped rather than deleting it, so nothing is lost between"
                               " reviews."))
        lines.append(("plain", "The Target cells start empty, as in the file `csreview new`"
                               " writes: last time's targets are not carried forward, because"
                               " the site judges them against the ratings this review gives."
                               " Set this review's own targets where the group agrees them."))
    lines += [
        ("plain", "To add a finding, use an empty block under the system point's findings. To"
                  " add an action, use an empty row in the finding's block."),
        ("plain", f"Ratings: {ratings}. Statuses: {statuses}. Choose them from the list in"
                  " the cell or type them; letter case does not matter."),
        ("plain", "Overall goes in the system point's first row. Leave it empty when the"
                  " findings agree or are neighbours (it is then worked out, say as"
                  f" {L.options(fw, L.OVERALL)[3]}); choose it when they are further apart."),
        ("plain", "Target goes beside Overall: the rating, or pair of neighbouring ratings,"
                  " the group aims for at that system point by the next review. Leave it"
                  " empty where the group set no target. The next review's results say"
                  " whether each target was met, exceeded or missed."),
        ("plain", "A system point with no findings is shown as not reviewed: leave a level or"
                  " a whole domain empty if the session did not cover it."),
        ("plain", "Action id: a short name that follows the action from one review to the"
                  " next, in lowercase words joined by hyphens, like referral-form-training."
                  " Keep the ids already there; a new action may have one or none."),
        ("plain", "Evidence: one or more of the evidence methods, separated by commas. Dates"
                  " are written like 2027-03-10. Internal finding and Internal action: Yes"
                  " keeps it out of a public build of the site."),
        ("plain", "Summaries, actions, notes and reflections may use Markdown: **bold**,"
                  " *italic*, and lists with each item on a line of its own starting with"
                  " \"- \". To start a new line in a cell, press Alt+Enter in Excel or"
                  " Ctrl+Enter in LibreOffice Calc."),
        ("bold", "Grey cells are protected"),
        ("plain", "Grey cells hold identifiers and are protected so that they are not changed"
                  " by accident. You may insert rows: a row with an empty Finding number"
                  " belongs to the finding above it. If you must change a grey cell, remove"
                  " the protection; it has no password (in Excel: Review, Unprotect Sheet;"
                  " in LibreOffice Calc: Tools, Protect Sheet). Do not rename the sheets."),
        ("bold", "Bringing it back"),
        ("plain", "Save the workbook as an Excel workbook (.xlsx), then run:"),
        ("plain", f"csreview import FILE.xlsx --area {rec.area_id or 'AREA'} --date"
                  " YYYY-MM-DD"),
        ("plain", "It writes reviews/AREA/YYYY-MM-DD.yaml, and never overwrites a file. If"
                  " anything is wrong it lists every problem with its sheet and cell, such"
                  f" as {L.domain_sheet(fw, fw.domains[0].id)}!{L.cell('rating', 7)}, and"
                  " writes nothing:"
                  " correct the cells and run it again. Then `csreview build` shows the new"
                  " review with the area's history."),
    ]
    return lines
