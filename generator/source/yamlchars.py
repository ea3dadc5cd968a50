"""Characters a YAML file may not hold (a NUL, a form feed, an escape), found by line and
column before the parser sees them: the parser reports only the first, at 1:1, in its own
terms, and such characters mostly arrive unseen, pasted from another program."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .yamlerrors import BREAK

# Characters YAML allows in a file (its "printable" set): tab, line breaks and the rest.
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL_NAMES = {0: "NUL", 8: "backspace", 0xB: "vertical tab", 0xC: "form feed",
                  0x1B: "escape", 0x7F: "delete"}
_REPORTED_CONTROLS = 10


def control_characters(text: str) -> Iterator[tuple[int, int, str]]:
    """Every character a YAML file may not hold, by line and column (the first ten)."""
    starts = [0] + [m.end() for m in BREAK.finditer(text)]
    found = list(_NOT_PRINTABLE.finditer(text))
    reported = found[:_REPORTED_CONTROLS]
    line = 0
    for i, m in enumerate(reported):
        while line + 1 < len(starts) and starts[line + 1] <= m.start():
            line += 1
        code = ord(m.group(0))
        name = _CONTROL_NAMES.get(code, "a control character")
        more = len(found) - len(reported) if i == len(reported) - 1 else 0
        yield line + 1, m.start() - starts[line] + 1, (
            f"the file holds {name} (U+{code:04X}), an invisible character a review file"
            " cannot contain (it usually comes from copying text out of another program):"
            " delete it; an editor that shows invisible characters helps find it"
            + (f"; {more} more like it further on" if more else ""))
