"""Problems found in input files, collected so that one run reports all of them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at a place in a file. Lines and columns count from 1, like editors do."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"


@dataclass
class Diagnostics:
    """A collector: checks add to it and carry on, so every problem surfaces in one run."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, col: int, message: str) -> None:
        self.items.append(Diagnostic(path, line, col, "error", message))

    def warning(self, path: str, line: int, col: int, message: str) -> None:
        self.items.append(Diagnostic(path, line, col, "warning", message))

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
        return sorted(set(self.items))

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def summary(self) -> str:
        e, w = len(self.errors), len(self.warnings)
        return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}"


class InputError(Exception):
    """Raised by adapters when inputs have errors; carries every diagnostic."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__(diagnostics.summary())
        self.diagnostics = diagnostics


def did_you_mean(found: str, allowed: Iterable[str]) -> str:
    """A ' did you mean …?' suffix when ``found`` is a near miss of an allowed word."""
    # Letter case does not count against a near miss: "Ambre/Red" is close to "amber/red".
    by_case = {a.casefold(): a for a in allowed}
    close = difflib.get_close_matches(found.casefold(), list(by_case), n=1, cutoff=0.6)
    return f"; did you mean '{by_case[close[0]]}'?" if close else ""


def one_of(allowed: Iterable[str]) -> str:
    return ", ".join(allowed)
