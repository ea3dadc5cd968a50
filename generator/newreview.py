"""``csreview new``: start the next review file from an area's latest one.

The file is written as text from a template, not by a YAML dumper, so it keeps the order
of the format and carries comments that tell the facilitator what to do next. Every value
is checked by reading it back with the real parser, so what is written means what it says.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

import yaml

from .content import Content, load_content
from .continuity import short_text
from .diagnostics import Diagnostics
from .framework import Framework
from .history import journeys
from .model import Action, Area, Finding, PointResult, Review
from .progress import progress_by_review, with_progress
from .render import long_date
from .review_schema import review_models
from .reviews import AREA_ID, display
from .reviews import _load_area as load_area  # one area, without reading every other one
from .validation import validate
from .yamlsource import parse_yaml

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STEP = "  "


# --- Values, written so that they read back exactly -------------------------------------

def _reads_back(snippet: str, value: object) -> bool:
    try:
        return bool(yaml.load(snippet, Loader=_Loader) == {"k": value})
    except yaml.YAMLError:
        return False


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar; JSON's escapes are a subset of YAML's."""
    return json.dumps(text, ensure_ascii=False)


def scalar(text: str) -> str:
    """One line of text: plain when YAML reads it back unchanged, else quoted."""
    if "\n" not in text and text.strip() == text and _reads_back(f"k: {text}", text):
        return text
    return _quoted(text)


def text_field(key: str, text: str, indent: str) -> list[str]:
    """A Markdown field: text with line breaks as a literal block, as people type it;
    quoted when a block cannot say it exactly (say, a first line that starts with spaces)."""
    if "\n" not in text:
        return [f"{indent}{key}: {scalar(text)}"]
    trailing = len(text) - len(text.rstrip("\n"))
    chomp = {0: "-", 1: ""}.get(trailing, "+")  # how many final line breaks to keep
    body = [f"{indent}{STEP}{line}" if line else "" for line in text.rstrip("\n").split("\n")]
    body += [""] * (trailing - 1)
    snippet = "\n".join([f"k: |{chomp}", *(line[len(indent):] for line in body)]) + "\n"
    if _reads_back(snippet, text):
        return [f"{indent}{key}: |{chomp}", *body]
    return [f"{indent}{key}: {_quoted(text)}"]


def _list(key: str, items: Iterable[str], indent: str) -> list[str]:
    items = list(items)
    if not items:
        return []
    return [f"{indent}{key}:", *(f"{indent}{STEP}- {scalar(i)}" for i in items)]


def _ids(key: str, items: Iterable[str], indent: str) -> list[str]:
    """Framework identifiers, short and safe: one line, as the format's examples write them."""
    items = list(items)
    return [f"{indent}{key}: [{', '.join(items)}]"] if items else []


# --- Action ids ---------------------------------------------------------------------------

def slug_id(text: str, taken: set[str], words: int = 6, limit: int = 40) -> str:
    """A lowercase-hyphen id from an action's text, not in ``taken``; adds it there."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    parts = re.findall(r"[a-z0-9]+", plain)[:words]
    base = ""
    for part in parts:
        candidate = f"{base}-{part}" if base else part
        if len(candidate) > limit:
            break
        base = candidate
    base = base or (parts[0][:limit] if parts else "action")
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


# --- The next review ----------------------------------------------------------------------

@dataclass
class NextReview:
    """The text of the new file and what went into it, for the command to report."""

    text: str
    source: Review | None
    carried: list[tuple[Action, str]] = field(default_factory=list)  # action, id it now has
    given_ids: list[str] = field(default_factory=list)
    left_behind: list[Action] = field(default_factory=list)  # done or dropped
    points: int = 0
    findings: int = 0


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
        "# Then run `csreview check` to find any mistakes.",
        "",
    ]


def _top(fw: Framework, area: Area, source: Review | None) -> list[str]:
    edition = source.edition if source else fw.latest_edition
    lines = [f"framework: \"{edition}\""]
    if source and source.title:
        lines.append(f"# title: {scalar(source.title)}    # last time's; give this one its own")
    else:
        lines.append("# title: Autumn system review    # optional: a name for this review")
    if source and source.audience != area.audience:
        lines.append(f"audience: {source.audience}")
    if source and (source.facilitators or source.participants or source.methods):
        lines += _list("facilitators", source.facilitators, "")
        lines += _list("participants", source.participants, "")
        lines += _ids("methods", source.methods, "")
        lines.append("# Check who facilitated and took part this time, and the evidence methods.")
    else:
        lines += [
            "facilitators: []    # names or roles",
            "participants: []    # agencies or roles who took part",
            f"methods: []    # evidence used: {' | '.join(fw.ids('evidence_methods'))}",
        ]
    lines += ["# summary: |", "#   What the session covered and the headline messages.", ""]
    return lines


def _action(action: Action, ident: str, indent: str) -> list[str]:
    rest = indent + STEP
    lines = text_field("text", action.text, rest)
    lines[0] = f"{indent}- {lines[0][len(rest):]}"  # "- " is as wide as one step
    lines.append(f"{rest}id: {scalar(ident)}")  # an id like `yes` or `2026` needs quotes
    lines += [f"{rest}{k}: {scalar(v)}" for k in ("lead", "agency")
              if (v := getattr(action, k)) is not None]
    if action.due is not None:
        lines.append(f"{rest}due: {action.due.isoformat()}")
    lines.append(f"{rest}status: {action.status}")
    if action.note:
        lines += text_field("note", action.note, rest)
    if action.internal:
        lines.append(f"{rest}internal: true")
    lines += _list("accept", getattr(action, "accept", ()), rest)
    return lines


def _finding(finding: Finding, indent: str, actions: list[tuple[Action, str]]) -> list[str]:
    rest = indent + STEP
    lines = [f"{indent}- rating: {finding.rating}"]
    lines += text_field("text", finding.text, rest)
    lines += _ids("evidence", finding.evidence, rest)
    if finding.internal:
        lines.append(f"{rest}internal: true")
    lines += _list("accept", getattr(finding, "accept", ()), rest)
    if actions:
        lines.append(f"{rest}actions:")
        for action, ident in actions:
            lines += _action(action, ident, rest + STEP)
    return lines


def next_review(area: Area, day: date, fw: Framework) -> NextReview:
    """The next review of ``area`` as text, from its latest review (or blank)."""
    latest = area.latest
    if latest is None:
        return NextReview("\n".join(_header(area, day, None) + _top(fw, area, None)
                                    + _blank_domains(fw, day)) + "\n", None)
    source = with_progress(latest, progress_by_review(area))  # as last reported
    out = NextReview("", source)
    open_ids = fw.open_statuses()
    # Ids already used anywhere in the area: a new one must not merge two actions' stories.
    taken = {a.id for r in area.reviews for _, _, a in r.all_actions() if a.id}
    # An action without an id here may have had one in an earlier review: give it back.
    journey_id = {id(j.latest.action): j.key for j in journeys(area.reviews)
                  if j.latest.review is latest and j.key in taken}
    in_file = {a.id for _, _, a in source.all_actions() if a.id and a.status in open_ids}
    reported = [Path(u.path).name for u in area.updates if u.review == latest.date]
    lines = _header(area, day, source, reported) + _top(fw, area, source) + ["domains:"]
    for domain in fw.ids("domains"):
        result = source.domains.get(domain)
        if result is None:
            lines.append(f"{STEP}# {domain}: not reviewed last time; add it here to review it")
            continue
        if not result.points and not result.values:
            lines.append(f"{STEP}{domain}: {{}}")
            continue
        lines.append(f"{STEP}{domain}:")
        for level in result.levels_reviewed:
            lines.append(f"{STEP * 2}{level}:")
            for point_id in fw.ids("system_points"):
                point = result.points.get((level, point_id))
                if point is not None:
                    lines += _point(point, STEP * 3, out, open_ids, taken, journey_id, in_file)
        if result.values:
            lines.append(f"{STEP * 2}values:")
            lines += [line for value, reflection in result.values.items()
                      for line in text_field(value, reflection, STEP * 3)]
    out.text = "\n".join(lines) + "\n"
    return out


def _point(
    point: PointResult, indent: str, out: NextReview, open_ids: frozenset[str], taken: set[str],
    journey_id: dict[int, str], in_file: set[str],
) -> list[str]:
    out.points += 1
    lines = [f"{indent}{point.point}:"]
    if point.overall_stated and point.overall:
        lines.append(f"{indent}{STEP}overall: {point.overall}")
    lines.append(f"{indent}{STEP}findings:")
    for finding in point.findings:
        out.findings += 1
        carried = []
        for action in finding.actions:
            if action.status not in open_ids:
                out.left_behind.append(action)
                continue
            ident = action.id
            if ident is None:
                earlier = journey_id.get(id(action))
                if earlier and earlier not in in_file:
                    ident = earlier
                else:
                    ident = slug_id(action.text, taken)
                in_file.add(ident)
                out.given_ids.append(ident)
            carried.append((action, ident))
            out.carried.append((action, ident))
        lines += _finding(finding, indent + STEP * 2, carried)
    return lines


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


def run(content_dir: Path, reviews: Path, area_id: str, day: date,
        out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    base = Path.cwd()
    folder = reviews / area_id
    target = folder / f"{day.isoformat()}.yaml"
    shown = display(target, base)

    def fail(message: str) -> int:
        print(f"csreview new: {message}", file=err)
        return 1

    if not AREA_ID.match(area_id):
        return fail(f"'{area_id}' is not a valid area identifier: use lowercase letters,"
                    " digits and hyphens, like northbridge")
    if not (folder / "area.yaml").is_file():
        return fail(f"there is no area '{area_id}': {display(folder / 'area.yaml', base)} does"
                    " not exist; create it with at least `name: <area name>`")
    if target.exists():
        return fail(f"{shown} already exists; it was left as it is. Choose another date"
                    " with --date, or edit that file")
    diags = Diagnostics()
    content = load_content(content_dir, diags, base)
    area = load_area(folder, reviews, content, diags, base) if content else None
    if content is None or area is None or diags.errors:
        for d in diags.errors:
            print(d.format(), file=err)
        return fail(f"fix the errors above first; nothing was written ({diags.summary()})")
    latest = area.latest
    if latest is not None and day <= latest.date:
        return fail(f"the new review's date ({day.isoformat()}) must come after the latest"
                    f" review ({latest.slug}); choose a later date with --date")
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
    _report(made, shown, content, out)
    return 0


def _report(made: NextReview, shown: str, content: Content, out: TextIO) -> None:
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
