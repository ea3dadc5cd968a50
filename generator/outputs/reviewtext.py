"""A draft written down as a review file, in the format's order and readable style.

Written as text, not by a YAML dumper, so the file keeps the order of the format, block text
for Markdown as people type it, and comments that tell the facilitator what to do next.
Every value is checked by reading it back with the real parser, so what is written means
what it says; a value typed wrongly (in a workbook) is written as it was typed, for the
validator to report.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import yaml

from ..model.framework import SLUG, Framework
from ..views.draft import Draft, DraftAction, DraftFinding, DraftPoint

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STEP = "  "
SLUG_RE = re.compile(SLUG)


def _reads_back(snippet: str, value: object) -> bool:
    try:
        return bool(yaml.load(snippet, Loader=_Loader) == {"k": value})
    except (yaml.YAMLError, ValueError):  # ValueError: a date that is not a real one
        return False


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar; JSON's escapes are a subset of YAML's."""
    return json.dumps(text, ensure_ascii=False)


def scalar(text: str) -> str:
    """One line of text: plain when YAML reads it back unchanged, else quoted."""
    if "\n" not in text and text.strip() == text and _reads_back(f"k: {text}", text):
        return text
    return _quoted(text)


def text_field(key: str, text: str | None, indent: str) -> list[str]:
    """A Markdown field: text with line breaks as a literal block, as people type it;
    quoted when a block cannot say it exactly (say, a first line that starts with spaces).
    None (left empty) is written empty, for the validator to report."""
    if text is None:
        return [f"{indent}{key}:"]
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


def text_list(key: str, items: Iterable[str], indent: str) -> list[str]:
    items = list(items)
    if not items:
        return []
    return [f"{indent}{key}:", *(f"{indent}{STEP}- {scalar(i)}" for i in items)]


def id_list(key: str, items: Iterable[str], indent: str) -> list[str]:
    """Framework identifiers, short and safe, on one line as the format's examples write
    them; anything else as a list of text, so it reads back as typed."""
    items = list(items)
    if not all(SLUG_RE.match(i) for i in items):
        return text_list(key, items, indent)
    return [f"{indent}{key}: [{', '.join(items)}]"] if items else []


def top_lines(draft: Draft) -> list[str]:
    """The session's keys as stated in the draft (what `csreview import` writes)."""
    lines = [f"framework: {_quoted(draft.edition or '')}"] if draft.edition else []
    lines += [f"title: {scalar(draft.title)}"] if draft.title else []
    lines += [f"audience: {scalar(draft.audience)}"] if draft.audience else []
    lines += text_list("facilitators", draft.facilitators, "")
    lines += text_list("participants", draft.participants, "")
    lines += id_list("methods", draft.methods, "")
    lines += text_field("summary", draft.summary, "") if draft.summary else []
    lines += text_list("accept", draft.accept, "")
    return [*lines, ""]


def domain_lines(draft: Draft, fw: Framework, not_reviewed: str) -> list[str]:
    """``domains:`` and everything under it, in the framework's order; a domain the draft
    leaves out is a comment saying ``not_reviewed``."""
    lines = ["domains:" if draft.domains else "domains: {}"]  # none is empty, not missing
    for domain_id in fw.ids("domains"):
        domain = draft.domains.get(domain_id)
        if domain is None:
            lines.append(f"{STEP}# {domain_id}: {not_reviewed}")
            continue
        if not domain.points and not domain.values:
            lines.append(f"{STEP}{domain_id}: {{}}")
            continue
        lines.append(f"{STEP}{domain_id}:")
        for level in fw.ids("levels"):
            points = [(p, domain.points[(level, p)]) for p in fw.ids("system_points")
                      if (level, p) in domain.points]
            if points:
                lines.append(f"{STEP * 2}{level}:")
            for point_id, point in points:
                lines += _point(point_id, point, STEP * 3)
        if domain.values:
            lines.append(f"{STEP * 2}values:")
            lines += [line for value, reflection in domain.values.items()
                      for line in text_field(value, reflection, STEP * 3)]
    return lines


def _point(point_id: str, point: DraftPoint, indent: str) -> list[str]:
    lines = [f"{indent}{point_id}:"]
    lines += [f"{indent}{STEP}{key}: {scalar(value)}"
              for key, value in (("overall", point.overall), ("target", point.target)) if value]
    lines.append(f"{indent}{STEP}findings:")
    for finding in point.findings:
        lines += _finding(finding, indent + STEP * 2)
    return lines


def _finding(finding: DraftFinding, indent: str) -> list[str]:
    rest = indent + STEP
    rating = f" {scalar(finding.rating)}" if finding.rating is not None else ""
    lines = [f"{indent}- rating:{rating}"]
    lines += text_field("text", finding.text, rest)
    lines += id_list("evidence", finding.evidence, rest)
    if finding.internal:
        lines.append(f"{rest}internal: true")
    lines += text_list("accept", finding.accept, rest)
    if finding.actions:
        lines.append(f"{rest}actions:")
        for action in finding.actions:
            lines += _action(action, rest + STEP)
    return lines


def _action(action: DraftAction, indent: str) -> list[str]:
    rest = indent + STEP
    lines = text_field("text", action.text, rest)
    lines[0] = f"{indent}- {lines[0][len(rest):]}"  # "- " is as wide as one step
    if action.id is not None:
        lines.append(f"{rest}id: {scalar(action.id)}")  # an id like `yes` or `2026` needs quotes
    lines += [f"{rest}{k}: {scalar(v)}" for k in ("lead", "agency")
              if (v := getattr(action, k)) is not None]
    if action.due is not None:
        due = scalar(action.due) if isinstance(action.due, str) else action.due.isoformat()
        lines.append(f"{rest}due: {due}")
    if action.status is not None:
        lines.append(f"{rest}status: {scalar(action.status)}")
    if action.note:
        lines += text_field("note", action.note, rest)
    if action.internal:
        lines.append(f"{rest}internal: true")
    lines += text_list("accept", action.accept, rest)
    return lines
