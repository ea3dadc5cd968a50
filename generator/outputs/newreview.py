"""``csreview new``: start the next review file from an area's latest one.

What it starts from is ``draft.plan_next`` (shared with `csreview sheet`); ``reviewtext``
writes it down. Here: the comments that tell the facilitator what to do next, the commented
blank review for an area with none, and the command.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from ..checks.continuity import short_text
from ..loading.reviews import AREA_ID, display, load_area
from ..model.content import Content, load_content
from ..model.framework import Framework
from ..model.resolved import Area, Review
from ..model.review_schema import review_models
from ..pages.fragments import long_date
from ..source.diagnostics import Diagnostics
from ..source.validation import validate
from ..source.yamlsource import parse_yaml
from ..views.draft import NextPlan, plan_next
from .reviewtext import domain_lines, id_list, scalar, text_list

STEP = "  "


@dataclass
class NextReview:
    """The text of the new file and the plan it was written from."""

    text: str
    plan: NextPlan


def _header(area: Area, day: date, source: Review | None, reported: Iterable[str] = ()
            ) -> list[str]:
    lines = [f"# {area.name}: system review on {long_date(day)}."]
    if source is None:
        return [*lines,
            "# A blank review written by `csreview new`: fill in what the group found, then run",
            "# `csreview check`. A line starting with # is a comment: to use one, delete the #",
            "# and the space after it, keeping the indentation. What you leave out is shown",
            "# as \"not reviewed\".",
            "",
        ]
    name = Path(source.path).name
    return [
        *lines,
        f"# Started by `csreview new` from the review on {long_date(source.date)} ({name}),",
        "# which is unchanged. Go through it with the group's notes:",
        "# - The findings are last time's, kept for you to revise: change each text and",
        "#   rating to what the group found this time. When a rating changes, say why in the",
        "#   finding's text.",
        "# - Actions not done or dropped were carried forward with their ids: update each",
        "#   one's status, due date and note. Mark an action done or dropped rather than",
        "#   deleting it, so nothing is lost between reviews.",
        *([f"#   Statuses, due dates and notes are as last reported: {', '.join(reported)}."]
          if reported else []),
        "# - Give each new action a short id of its own: lowercase words joined by hyphens.",
        "# - Targets are this review's own, not carried from last time: to aim for a rating",
        "#   by the next review, add `target: amber` (say) to a system point, above `findings:`.",
        "# Then run `csreview check` to find any mistakes.",
        "",
    ]


def _top(fw: Framework, plan: NextPlan) -> list[str]:
    source, draft = plan.source, plan.draft
    lines = [f"framework: \"{draft.edition}\""]
    if source and source.title:
        lines.append(f"# title: {scalar(source.title)}    # last time's; give this one its own")
    else:
        lines.append("# title: Autumn system review    # optional: a name for this review")
    if draft.audience:
        lines.append(f"audience: {draft.audience}")
    if draft.facilitators or draft.participants or draft.methods:
        lines += text_list("facilitators", draft.facilitators, "")
        lines += text_list("participants", draft.participants, "")
        lines += id_list("methods", draft.methods, "")
        lines.append("# Check who facilitated and took part this time, and the evidence methods.")
    else:
        lines += [
            "facilitators: []    # names or roles",
            "participants: []    # agencies or roles who took part",
            f"methods: []    # evidence used: {' | '.join(fw.ids('evidence_methods'))}",
        ]
    lines += ["# summary: |", "#   What the session covered and the headline messages.", ""]
    return lines


def next_review(area: Area, day: date, fw: Framework) -> NextReview:
    """The next review of ``area`` as text, from its latest review (or blank)."""
    plan = plan_next(area, fw)
    reported = [Path(u.path).name for u in area.updates
                if plan.source is not None and u.review == plan.source.date]
    lines = _header(area, day, plan.source, reported) + _top(fw, plan)
    if plan.source is None:
        lines += _blank_domains(fw, day)
    else:
        lines += domain_lines(plan.draft, fw, "not reviewed last time; add it here to review it")
    return NextReview("\n".join(lines) + "\n", plan)


def _blank_domains(fw: Framework, day: date) -> list[str]:
    ratings = " | ".join(fw.ids("ratings"))
    example_due = date(day.year + 1, 1, 31).isoformat()
    lines = [
        "# Each system point you reviewed looks like this (a finding needs a rating and text;",
        "# an action needs text, and should say who leads it and by when):",
        "#",
        f"#       {fw.ids('system_points')[0]}:",
        f"#         overall: {fw.overall_options()[-2]}    # optional: "
        + " | ".join(fw.overall_options()),
        f"#         target: {fw.overall_options()[2]}    # optional: what to reach by the"
        " next review",
        "#         findings:",
        f"#           - rating: {fw.ids('ratings')[-1]}    # {ratings}",
        "#             text: |",
        "#               What the group found, and the evidence for it.",
        f"#             evidence: [{fw.ids('evidence_methods')[0]}]    # "
        + " | ".join(fw.ids("evidence_methods")),
        "#             actions:",
        "#               - text: What will be done to move the rating on.",
        "#                 id: a-short-action-id    # unique in this area",
        "#                 lead: Who leads it",
        "#                 agency: Their agency",
        f"#                 due: {example_due}",
        f"#                 status: {fw.default_status}    # " + " | ".join(fw.ids("statuses")),
        "",
        "domains:",
    ]
    values = fw.values_for(fw.latest_edition)
    for d in fw.domains:
        lines += [f"{STEP}# {d.number}. {d.name}: {d.asks}", f"{STEP}{d.id}:"]
        for lv in fw.levels:
            lines.append(f"{STEP * 2}# {lv.id}:    # {lv.name}")
            for p in fw.ids("system_points"):
                lines += [
                    f"{STEP * 2}#   {p}:",
                    f"{STEP * 2}#     findings:",
                    f"{STEP * 2}#       - rating:    # {ratings}",
                    f"{STEP * 2}#         text: |",
                    f"{STEP * 2}#           What the group found.",
                ]
        lines.append(f"{STEP * 2}# values:    # Values Checker reflections, for green work")
        lines += [f"{STEP * 2}#   {v}: What the group said." for v in values]
    return lines


# --- The command --------------------------------------------------------------------------

def check_text(text: str, shown: str, fw: Framework) -> Diagnostics:
    """Read the new file back as the checker would; a problem here is a bug, not the user's."""
    diags = Diagnostics()
    doc = parse_yaml(text, shown, diags)
    if doc is not None:
        validate(review_models(fw).Review, doc, diags)
    return diags


def area_problem(reviews: Path, area_id: str, base: Path) -> str | None:
    """Why ``area_id`` names no area folder that can take a new review, if it does not."""
    if not AREA_ID.match(area_id):
        return (f"'{area_id}' is not a valid area identifier: use lowercase letters,"
                " digits and hyphens, like northbridge")
    folder = reviews / area_id
    if not (folder / "area.yaml").is_file():
        return (f"there is no area '{area_id}': {display(folder / 'area.yaml', base)} does"
                " not exist; create it with at least `name: <area name>`")
    if not folder.resolve().is_relative_to(reviews.resolve()):
        return f"{display(folder, base)} leads outside the reviews folder; copy it in instead"
    return None


def open_for_next(content_dir: Path, reviews: Path, area_id: str, day: date | None,
                  target: Path, instead: str, err: TextIO, content: Content | None = None,
                  ) -> tuple[Content, Area] | str:
    """The content (unless given) and the area whose next review (on ``day``) is being
    started into ``target``, all checked; or why not (``instead`` says what to do when
    ``target`` exists), after printing any errors in the area's files. Nothing is written
    either way."""
    base = Path.cwd()
    problem = area_problem(reviews, area_id, base)
    if problem:
        return problem
    if target.exists() or target.is_symlink():
        return f"{display(target, base)} already exists; it was left as it is. {instead}"
    diags = Diagnostics()
    content = content or load_content(content_dir, diags, base)
    area = load_area(reviews / area_id, reviews, content, diags, base) if content else None
    if content is None or area is None or diags.errors:
        for d in diags.errors:
            print(d.format(), file=err)
        return f"fix the errors above first; nothing was written ({diags.summary()})"
    latest = area.latest
    if day is not None and latest is not None and day <= latest.date:
        return (f"the new review's date ({day.isoformat()}) must come after the latest"
                f" review ({latest.slug}); choose a later date with --date")
    return content, area


def run(content_dir: Path, reviews: Path, area_id: str, day: date,
        out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    base = Path.cwd()
    target = reviews / area_id / f"{day.isoformat()}.yaml"
    shown = display(target, base)

    def fail(message: str) -> int:
        print(f"csreview new: {message}", file=err)
        return 1

    loaded = open_for_next(content_dir, reviews, area_id, day, target,
                           "Choose another date with --date, or edit that file", err)
    if isinstance(loaded, str):
        return fail(loaded)
    content, area = loaded
    made = next_review(area, day, content.framework)
    problems = check_text(made.text, shown, content.framework)
    if problems.errors:
        for d in problems.errors:
            print(d.format(), file=err)
        return fail("the new file did not read back cleanly (a bug); nothing was written")
    try:
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(made.text)
    except FileExistsError:
        return fail(f"{shown} already exists; it was left as it is")
    _report(made.plan, shown, content, out)
    return 0


def _report(made: NextPlan, shown: str, content: Content, out: TextIO) -> None:
    fw = content.framework
    print(f"csreview new: wrote {shown}", file=out)
    if made.source is None:
        print("  a blank review covering all "
              f"{len(fw.domains)} domains: fill in what the group found", file=out)
    else:
        print(f"  started from the review on {made.source.slug} ({made.source.path},"
              " unchanged)", file=out)
        print(f"  kept {made.points} system points and their {made.findings} findings"
              " for you to revise", file=out)
        n = len(made.carried)
        print(f"  carried {n} open action{'s' * (n != 1)}{':' if n else ''}", file=out)
        for action, ident in made.carried:
            status = fw.name("statuses", action.status).lower()
            due = f", due {action.due.isoformat()}" if action.due else ""
            print(f"    - {ident} ({status}{due})", file=out)
        if made.given_ids:
            print(f"  gave ids to {len(made.given_ids)} action(s) that had none: "
                  + ", ".join(made.given_ids), file=out)
        if made.left_behind:
            print(f"  left out {len(made.left_behind)} action(s) marked done or dropped:",
                  file=out)
            for action in made.left_behind:
                status = fw.name("statuses", action.status).lower()
                print(f"    - {action.id or short_text(action.text)} ({status})", file=out)
    print("next: revise it with the group's notes, then run `csreview check`", file=out)
