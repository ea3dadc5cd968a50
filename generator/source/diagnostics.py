"""Problems found in input files, collected so that one run reports all of them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
# What a publishing check found: listed before everything else, each kind under a line of
# its own, so that a child's details or blaming words are never lost among due dates.
PERSONAL_DATA = "personal-data"
LANGUAGE = "language"
_GROUPS = {
    PERSONAL_DATA: ("personal data about a child, which a public build never publishes:"
                    " reword each one, or, where it is right as written, add it to `accept:`"
                    " as the message says"),
    LANGUAGE: ("language that blames children, listed before the other warnings: reword"
               " each one as suggested (with --strict they stop the build)"),
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at a place in a file. Lines and columns count from 1, like editors do."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    kind: str = ""  # PERSONAL_DATA, LANGUAGE, or "" for everything else

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"


@dataclass
class Diagnostics:
    """A collector: checks add to it and carry on, so every problem surfaces in one run."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, col: int, message: str, kind: str = "") -> None:
        self.items.append(Diagnostic(path, line, col, "error", _one_line(message), kind))

    def warning(self, path: str, line: int, col: int, message: str, kind: str = "") -> None:
        self.items.append(Diagnostic(path, line, col, "warning", _one_line(message), kind))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Diagnostic]:
        """Every problem once: personal data first, then blaming language, then the rest,
        each group in file order."""
        order = {kind: i for i, kind in enumerate(_GROUPS)}
        return sorted(set(self.items), key=lambda d: (order.get(d.kind, len(order)), d))

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def lines(self) -> Iterator[str]:
        """What a command prints: every problem, and after each group of what the
        publishing checks found, a line saying what the group is."""
        items = self.sorted()
        for i, d in enumerate(items):
            yield d.format()
            if d.kind in _GROUPS and (i + 1 == len(items) or items[i + 1].kind != d.kind):
                count = sum(1 for x in items if x.kind == d.kind)
                what = f"{d.severity}{'s' * (count != 1)}"
                yield (f"csreview: {'these' if count != 1 else 'this'} {count} {what} above"
                       f" {'are' if count != 1 else 'is'} {_GROUPS[d.kind]}")

    def summary(self) -> str:
        """'2 errors (1 personal data), 5 warnings (3 blaming language)'."""
        def part(items: list[Diagnostic], word: str, kind: str, what: str) -> str:
            n = len(items)
            of_kind = sum(1 for d in items if d.kind == kind)
            return f"{n} {word}{'s' * (n != 1)}" + (f" ({of_kind} {what})" if of_kind else "")

        return (part(self.errors, "error", PERSONAL_DATA, "personal data") + ", "
                + part(self.warnings, "warning", LANGUAGE, "blaming language"))


def _one_line(message: str) -> str:
    """A message quotes the file's own words, which may hold line breaks; one message is
    one line, so that editors and `grep` can read `path:line:col:` lines."""
    return " ".join(message.splitlines())


def did_you_mean(found: str, allowed: Iterable[str]) -> str:
    """A ' did you mean …?' suffix when ``found`` is a near miss of an allowed word."""
    # Letter case does not count against a near miss: "Ambre/Red" is close to "amber/red".
    by_case = {a.casefold(): a for a in allowed}
    close = difflib.get_close_matches(found.casefold(), list(by_case), n=1, cutoff=0.6)
    return f"; did you mean '{by_case[close[0]]}'?" if close else ""


def one_of(allowed: Iterable[str]) -> str:
    return ", ".join(allowed)
