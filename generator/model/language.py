"""The word list of ``content/language.yaml``: phrases that blame or label a child, with what
to write instead, compiled once into the patterns the publishing checks search with."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import AfterValidator, Field, model_validator

from .base import StrictModel

__all__ = ["LanguageList", "Phrase", "norm", "phrase_regex"]


def norm(text: str) -> str:
    """Text as the word list and ``accept:`` compare it: hyphens as spaces, one space
    between words, no capitals."""
    return " ".join(re.sub(r"[\-‐‑–]", " ", text).split()).casefold()


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




def _valid_pattern(pattern: str) -> str:
    phrase_regex(pattern.strip())
    return pattern


Pattern = Annotated[str, AfterValidator(_valid_pattern)]


class Phrase(StrictModel):
    """One entry: a phrase that blames or labels a child, and what to write instead."""

    phrase: Pattern
    match: tuple[Pattern, ...] = ()
    unless: tuple[Pattern, ...] = ()
    instead: str = Field(min_length=1)
    why: str = Field(min_length=1)

    def exceptions(self) -> re.Pattern[str] | None:
        return _compile(self.unless)


class LanguageList(StrictModel):
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


