"""Warnings from the libraries a build calls (WeasyPrint, MkDocs), said once each.

A missing system library makes WeasyPrint repeat one warning for every PDF; fifty copies
hide everything else and say nothing about what to do. Each distinct warning is shown
once, with how many outputs it touched and, where we know it, why and how to fix it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["ToolWarnings"]

# (what the message says, why it happens and what to do). Checked against WeasyPrint 70.
_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"subset .* with HarfBuzz", re.I),
     "this machine lacks HarfBuzz's font subsetting library, so fonts are embedded"
     " less compactly; the PDFs are still right. Fix: `apt-get install libharfbuzz-subset0`"
     " on Debian or Ubuntu"),
    (re.compile(r"Font-face .* cannot be loaded|No fonts? .*found", re.I),
     "a font the PDFs ask for is not installed. Fix: `apt-get install fonts-dejavu-core`"
     " on Debian or Ubuntu"),
)


@dataclass
class ToolWarnings:
    """Distinct warnings by tool and message, with the outputs each came from."""

    seen: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def add(self, tool: str, message: str, where: str) -> None:
        self.seen.setdefault((tool, message), []).append(where)

    @property
    def count(self) -> int:
        return len(self.seen)

    def lines(self) -> list[str]:
        out = []
        for (tool, message), places in self.seen.items():
            many = f" ({len(places)} files, first {places[0]})" if len(places) > 1 else \
                f" ({places[0]})"
            hint = next((h for pattern, h in _HINTS if pattern.search(message)), None)
            out.append(f"csreview: warning: {tool}: {message}{many}"
                       + (f"; why: {hint}" if hint else ""))
        return out

    def say(self, report: Callable[[str], None]) -> None:
        for line in self.lines():
            report(line)

    def summary(self) -> str:
        """For a closing line: '' when there were none."""
        if not self.seen:
            return ""
        tools = sorted({tool for tool, _ in self.seen})
        return (f"{self.count} warning{'s' * (self.count != 1)} from"
                f" {' and '.join(tools)}, shown above")
