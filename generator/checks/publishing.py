"""Checks before publishing: personal data about a child, and language that blames children.

A name or a date of birth on a public page is a data breach; "putting themselves at risk"
is the language the framework asks services to stop using. These checks run on what a
public build would show (after ``for_audience``): personal data is an error, blaming
language a warning, and where a flagged phrase is right the author accepts it in the file
with ``accept: [phrase]``.

The detectors trade recall for few false positives: a warning people learn to ignore
protects nobody. The personal-data detector is in ``personal_data``; the word list, and
the walk over what a public build would show, are here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model.language import LanguageList
from ..model.resolved import Area, Review, Update, Workbook
from ..source.diagnostics import LANGUAGE, PERSONAL_DATA, Diagnostics
from ..source.yamlsource import KeyPath, format_key_path
from ..views.audience import for_audience
from .carried import unrevised_findings
from .personal_data import Flag, personal_data

if TYPE_CHECKING:
    from ..model.content import Content


# Quoted passages: straight or curly quotes; a single quote opens only after a non-letter
# and closes only before one, so apostrophes ("children's", "she's") are not quotes.
_QUOTED = re.compile(r'"[^"]{1,400}"|“[^”]{1,400}”|(?<![\w])‘.{1,400}?’(?![\w])'
                     r"|(?<![\w])'.{1,400}?'(?![\w])", re.S)


def _quoted(text: str, start: int, end: int) -> bool:
    """A phrase inside quotation marks is being talked about (practitioners still write
    "placing herself at risk"), not used."""
    return any(q.start() < start and end < q.end() for q in _QUOTED.finditer(text))


def language_flags(text: str, language: LanguageList | None) -> list[Flag]:
    """Phrases from the word list in ``text``, each with the suggested alternative."""
    if language is None:
        return []
    if not language.anchors.search(text.casefold()):
        return []
    flags: list[Flag] = []
    exceptions = language.exceptions
    for m in language.finder.finditer(text):
        index = int((m.lastgroup or "p0")[1:])
        entry, unless = language.phrases[index], exceptions[index]
        if unless and any(u.start() <= m.start() and m.end() <= u.end()
                          for u in unless.finditer(text)):
            continue
        if _quoted(text, m.start(), m.end()):
            continue
        found = " ".join(m.group(0).split())
        flags.append(Flag("language", found, f"is on the language list ('{entry.phrase}'):"
                          f" {entry.why.rstrip('.')}. Instead write: {entry.instead}",
                          entry.phrase))
    return flags


# --- over a whole workbook -----------------------------------------------------------------

@dataclass(frozen=True)
class _Field:
    path: KeyPath
    text: str
    accept: tuple[str, ...]  # every accept: list that covers this field
    owner: str  # where an accept: list for it goes, for the message


def _fields(review: Review) -> Iterator[_Field]:
    top = review.accept
    here = "at the top of the review file"
    if review.title:
        yield _Field(("title",), review.title, top, here)
    if review.summary:
        yield _Field(("summary",), review.summary, top, here)
    for key in ("facilitators", "participants"):
        for i, name in enumerate(getattr(review, key)):
            yield _Field((key, i), name, top, here)
    for domain in review.domains.values():
        for value_id, reflection in domain.values.items():
            yield _Field(("domains", domain.domain, "values", value_id), reflection, top, here)
        for point in domain.points.values():
            for finding in point.findings:
                f_accept = top + finding.accept
                yield _Field(finding.key_path + ("text",), finding.text, f_accept,
                             "on this finding")
                for action in finding.actions:
                    a_accept = f_accept + action.accept
                    for key in ("text", "lead", "agency", "note"):
                        value = getattr(action, key)
                        if value:
                            yield _Field(action.key_path + (key,), value, a_accept,
                                         "on this action")


def _update_fields(update: Update) -> Iterator[_Field]:
    top = update.accept
    if update.meeting:
        yield _Field(("meeting",), update.meeting, top, "at the top of the update file")
    for entry in update.actions:
        if entry.note:
            yield _Field(entry.key_path + ("note",), entry.note, top + entry.accept,
                         f"under `{entry.action_id}:`")


def review_flags(review: Review | Update, language: LanguageList | None
                 ) -> list[tuple[_Field, Flag]]:
    """Every flag in one review (or progress update) that its ``accept:`` lists do not
    clear."""
    out = []
    fields = _update_fields(review) if isinstance(review, Update) else _fields(review)
    for field in fields:
        for flag in personal_data(field.text) + language_flags(field.text, language):
            if not flag.accepted_by(field.accept):
                out.append((field, flag))
    return out


def check_publishing(workbook: Workbook, content: Content, diags: Diagnostics) -> None:
    """What a public build would show: personal data about a child is an error, blaming
    language a warning; and warnings where the public page would mislead (an overall
    rating left unstated beside hidden findings, last review's findings unrevised)."""
    public = for_audience(workbook, "public", content.framework)
    for area in public.areas:
        everything = workbook.area(area.id)
        files: list[Review | Update] = [*area.reviews, *area.updates]
        for review in files:
            for field, flag in review_flags(review, content.language):
                line, col = review.locate(field.path)
                where = f"{format_key_path(field.path)}: '{flag.found}' {flag.advice}."
                accept = f"add \"{flag.found}\" to `accept:` {field.owner}"
                if flag.kind == "language":
                    diags.warning(review.path, line, col,
                                  f"{where} If it is right as written, {accept}", LANGUAGE)
                else:
                    diags.error(review.path, line, col,
                                f"{where} A public build never publishes personal data about"
                                f" a child: reword it; if it is right as written (it is not"
                                f" about a child, say), {accept}", PERSONAL_DATA)
            if not isinstance(review, Review):
                continue  # an update carries no findings to have left unrevised
            full = everything.reviews if everything else ()
            previous = next((r for r in reversed(full) if r.date < review.date), None)
            unrevised_findings(review, previous, diags)
        if everything is not None:
            _unstated_beside_hidden(everything, area, diags)


def _unstated_beside_hidden(everything: Area, public: Area, diags: Diagnostics) -> None:
    """A derived overall rating is left off a public page where findings are hidden
    (``audience``): say so to the author, who can state the one the review agreed."""
    shown = {r.date: r for r in public.reviews}
    for review in everything.reviews:
        published = shown.get(review.date)
        if published is None:
            continue
        for point in review.all_points():
            after = published.point(point.domain, point.level, point.point)
            if point.overall_stated or after is None or after.overall is not None:
                continue
            if point.overall is None:
                continue  # not derivable anyway: rules.py already asks for `overall:`
            diags.warning(
                review.path, *review.locate(point.key_path),
                f"{format_key_path(point.key_path)}: some findings here are internal and"
                " `overall:` is not stated, so the public page shows no overall rating"
                " (one worked out from every finding would give the hidden ones away):"
                " state the overall rating the review agreed, with `overall:`")
