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

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from ..model.resolved import Area, Review, Update, Workbook
from ..source.diagnostics import LANGUAGE, PERSONAL_DATA, Diagnostics
from ..source.yamlsource import KeyPath, format_key_path
from ..views.audience import for_audience
from .carried import unrevised_findings
from .personal_data import Flag, norm, personal_data

if TYPE_CHECKING:
    from ..model.content import Content


# --- the word list (content/language.yaml) -------------------------------------------------

def phrase_regex(pattern: str) -> str:
    """A word-list pattern as a regular expression. ``[a|b]`` is one of a or b; a space
    also matches a hyphen or a line break, and a hyphen matches a space or nothing."""
    if not any(ch.isalnum() for ch in pattern):
        raise ValueError(f"'{pattern}': a pattern needs at least one word")
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "[":
            end = pattern.find("]", i)
            if end < 0:
                raise ValueError(f"'{pattern}': a '[' has no closing ']'")
            inner = pattern[i + 1:end]
            if "[" in inner:
                raise ValueError(f"'{pattern}': brackets cannot be inside brackets")
            options = [o.strip() for o in inner.split("|")]
            if len(options) < 2 or not all(options):
                raise ValueError(f"'{pattern}': write alternatives as [one|two], none empty")
            out.append("(?:" + "|".join(phrase_regex(o) for o in options) + ")")
            i = end + 1
            continue
        if ch == "]" or ch == "|":
            raise ValueError(f"'{pattern}': '{ch}' belongs inside [one|two]")
        if ch.isspace():
            while i + 1 < len(pattern) and pattern[i + 1].isspace():
                i += 1
            out.append(r"[\s\-]+")
        elif ch == "-":
            out.append(r"[\s\-]*")
        elif ch in "'’":
            out.append("['’]")
        else:
            out.append(re.escape(ch))
        i += 1
    return "".join(out)


def _compile(patterns: Iterable[str]) -> re.Pattern[str] | None:
    parts = [phrase_regex(p.strip()) for p in patterns]
    if not parts:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])", re.IGNORECASE)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _valid_pattern(pattern: str) -> str:
    phrase_regex(pattern.strip())
    return pattern


Pattern = Annotated[str, AfterValidator(_valid_pattern)]


class Phrase(_Strict):
    """One entry: a phrase that blames or labels a child, and what to write instead."""

    phrase: Pattern
    match: tuple[Pattern, ...] = ()
    unless: tuple[Pattern, ...] = ()
    instead: str = Field(min_length=1)
    why: str = Field(min_length=1)

    def exceptions(self) -> re.Pattern[str] | None:
        return _compile(self.unless)


class LanguageList(_Strict):
    """``content/language.yaml``."""

    phrases: tuple[Phrase, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _no_repeats(self) -> LanguageList:
        seen: set[str] = set()
        for entry in self.phrases:
            key = norm(entry.phrase)
            if key in seen:
                raise ValueError(f"the phrase '{entry.phrase}' is listed twice; merge the entries")
            seen.add(key)
        return self

    # Worked out once per list: an lru_cache keyed on the list hashed the whole model on
    # every field checked, most of the cost of checking a review.
    @functools.cached_property
    def finder(self) -> re.Pattern[str]:
        return _finder(self)

    @functools.cached_property
    def anchors(self) -> re.Pattern[str]:
        """Whether any anchor word is in a text, as one search over a trie of the words:
        Python's regex tries each alternative of a plain list at every position, and a
        loop of substring tests was most of a public check's time."""
        words = sorted(_anchors(self), key=len)
        # A word that holds a shorter anchor adds nothing ("absconded" holds "abscond").
        needed = [w for i, w in enumerate(words) if not any(v in w for v in words[:i])]
        return re.compile(_trie(needed))

    @functools.cached_property
    def exceptions(self) -> tuple[re.Pattern[str] | None, ...]:
        return tuple(p.exceptions() for p in self.phrases)


# --- language ------------------------------------------------------------------------------

def _finder(language: LanguageList) -> re.Pattern[str]:
    """One pass over the text for the whole list: group ``p<i>`` is entry i."""
    groups = "|".join(
        f"(?P<p{i}>" + "|".join(phrase_regex(x.strip()) for x in (p.phrase, *p.match)) + ")"
        for i, p in enumerate(language.phrases)
    )
    return re.compile(rf"(?<![\w])(?:{groups})(?![\w])", re.IGNORECASE)


def _anchor_words(pattern: str) -> set[str]:
    """Words one of which every match of ``pattern`` contains (lowercase): those of its
    most distinctive part, for a cheap substring pre-check."""
    parts = re.findall(r"\[[^\]]*\]|[^\s\-\[]+", pattern)
    best: set[str] = set()
    for part in parts:
        options = part.strip("[]").split("|")
        words = {max(re.findall(r"\w+", o.casefold()) or [""], key=len) for o in options}
        if min(map(len, words)) > min(map(len, best), default=0):
            best = words
    return best


def _trie(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, branching letter by letter."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if not branches or "" in node:  # a word ends here: nothing more is needed
            return ""
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(tree)


def _anchors(language: LanguageList) -> frozenset[str]:
    """Most fields hold none of these, and a substring test is far cheaper than the regex."""
    return frozenset(w for p in language.phrases for x in (p.phrase, *p.match)
                     for w in _anchor_words(x))


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
