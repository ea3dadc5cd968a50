"""No input makes a traceback: the bundled example's files, broken in every way Hypothesis
can think of (lines deleted, duplicated or retyped, the file cut short, stray bytes and
lines injected, the file misnamed), are checked as `csreview check` checks them, and every
problem comes back as a ``path:line:col:`` message about a real place in a real file.

The run is derandomised, so CI sees the same 500 files every time; a failure prints the
mutation that caused it. It calls ``check_reviews`` in-process with the content loaded
once, which is what `check` does after reading the content.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from csreview.loading.load import check_reviews
from csreview.source.diagnostics import Diagnostics
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.support.cli import REPO
from tests.support.content import bundled_content

pytestmark = pytest.mark.slow  # checks 500 broken copies of the example

EXAMPLE = REPO / "reviews" / "example"
FILES = {p.name: p.read_bytes() for p in sorted(EXAMPLE.glob("*.yaml"))}
REVIEWS = [name for name in FILES if name != "area.yaml"]

# Lines a hand-typed file really gets, and lines only a fuzzer would write.
LINES = [
    "\ttarget: {}", "  \t- x", "title: 2025-02-30", "    due: 2025-13-01",
    "        due: 2024-02-30T10:00:00", "text: Referrals: rarely include context",
    '  title: "never closed', "  text: 'It's late'", "- a list item", "  Education",
    "? complex key", "%YAML 1.1", "---", "...", "x: &anchor value", "x: *alias",
    "x: !!str tagged", "x: [unclosed", "x: {a: b", "<<: *merge", "  : nothing", "findings:",
    "  - rating: redd", "domains: []", "x: 0x_", "x: 0b_", "x: ._", "x: " + "9" * 5000,
    "x: 1:" + ":".join(["59"] * 2600), "accept: yes", "overall: green/red", "- - - " * 400 + "x",
    "  " + "- " * 1200 + "x", "x: " + "[" * 60 + "]" * 60, "title: *bold* words",
    "text: @home", "text: `code`", "text: | inline", "text: - x", "domains:\n  target: 2025-02-30",
    "    internal: maybe", "status: In-Progress", "framework: 2020", "  caring: A reflection.",
    "x: 2025-02-29", "x: 2024-02-29", "x: \x00", "x: a\x07b", "x: \x1b[31m", "x: \x85",
    "x: \u2028", "\ufeffx: bom", "x: \ud7ff\ue000", "x: \x7f",
]
TOKENS = [": ", "- ", "\t", '"', "'", "#", "*", "&", "!", "|", ">", "[", "]", "{", "}",
          "%", "@", "`", "\n", "  ", "2025-02-30", "~", "null", "yes", "0x_", "\r", ",",
          "?", "\\", "é", "\u2029", "2026-13-45"]
NAMES = ["same"] * 8 + ["upper-case", "folder", "yml", "not-a-date"]


@dataclass(frozen=True)
class Mutation:
    """What was done to which file: small enough to print when a case fails (the file
    itself would be tens of kilobytes)."""

    name: str
    ops: tuple[tuple[Any, ...], ...]
    where: str
    audience: str

    def data(self) -> bytes:
        data = FILES[self.name]
        for op, at, *args in self.ops:
            lines = data.split(b"\n")
            at = min(at, len(lines) - 1)
            if op == "delete":
                del lines[at: at + args[0]]
            elif op == "duplicate":
                lines[at:at] = lines[at: at + args[0]]
            elif op == "retype":
                start, length, typed = args
                line = lines[at]
                start = min(start, len(line))
                lines[at] = line[:start] + typed.encode("utf-8", "surrogatepass") + (
                    line[start + length:])
            elif op == "indent":
                lines[at] = b" " * args[0] + lines[at][args[1]:]
            elif op == "line":
                lines.insert(at, LINES[args[0]].encode("utf-8", "surrogatepass"))
            joined = b"\n".join(lines)
            if op == "truncate":
                joined = joined[: args[0] % (len(joined) + 1)]
            elif op == "bytes":
                cut = args[0] % (len(joined) + 1)
                joined = joined[:cut] + args[1] + joined[cut:]
            data = joined
        return data


_AT = st.integers(0, 800)
_OPS = st.one_of(
    st.tuples(st.just("delete"), _AT, st.integers(1, 8)),
    st.tuples(st.just("duplicate"), _AT, st.integers(1, 8)),
    st.tuples(st.just("retype"), _AT, st.integers(0, 80), st.integers(0, 12),
              st.lists(st.sampled_from(TOKENS) | st.text(max_size=4), max_size=4).map("".join)),
    st.tuples(st.just("indent"), _AT, st.integers(1, 3), st.integers(0, 3)),
    st.tuples(st.just("line"), _AT, st.integers(0, len(LINES) - 1)),
    st.tuples(st.just("truncate"), _AT, st.integers(0, 60_000)),
    st.tuples(st.just("bytes"), _AT, st.integers(0, 60_000), st.binary(min_size=1, max_size=6)),
)
MUTATIONS = st.builds(
    Mutation, st.sampled_from(REVIEWS * 4 + ["area.yaml"]),
    st.lists(_OPS, min_size=1, max_size=3).map(tuple), st.sampled_from(NAMES),
    st.sampled_from(["internal", "public"]))


def _write(folder: Path, name: str, data: bytes, where: str) -> Path:
    stem = Path(name).stem
    if name == "area.yaml" or where == "same":
        target = folder / name
    elif where == "folder":
        target = folder / name / name
        target.parent.mkdir()
    else:
        target = folder / {"upper-case": f"{stem}.YAML", "yml": f"{stem}.yml",
                           "not-a-date": f"{stem[:8]}99.yaml"}[where]
    target.write_bytes(data)
    return target


_BREAKS = re.compile(r"\r\n|\r|\n|\x85|\u2028|\u2029")
_MESSAGE = re.compile(r"^(?P<path>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?:error|warning): \S")


def _shape(data: bytes) -> tuple[int, int]:
    """How many lines the file has and how long the longest is, as the parser counts."""
    text = data.decode("utf-8", "replace")
    lines = _BREAKS.split(text)
    return len(lines), max(map(len, lines))


@settings(max_examples=500, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(MUTATIONS)
def test_check_never_raises_and_every_message_names_a_place(mutation: Mutation) -> None:
    name, data, where, audience = (mutation.name, mutation.data(), mutation.where,
                                   mutation.audience)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        folder = base / "reviews" / "example"
        folder.mkdir(parents=True)
        for other, raw in FILES.items():
            if other != name:
                (folder / other).write_bytes(raw)
        _write(folder, name, data, where)
        files = {p.relative_to(base).as_posix(): p for p in folder.rglob("*")}
        diags = Diagnostics()
        # The content is not a fixture: Hypothesis prints a failing case's arguments,
        # and the content's repr runs to many kilobytes.
        check_reviews(bundled_content(), base / "reviews", diags, base, audience=audience)
        event("the file has errors" if diags.errors else "the file loads")
        for d in diags:
            shown = d.format()
            match = _MESSAGE.match(shown)
            assert match and "\n" not in shown, shown
            assert "<unicode string>" not in shown and "Traceback" not in shown, shown
            assert d.path in files, (shown, sorted(files))
            if files[d.path].is_file():
                count, longest = _shape(files[d.path].read_bytes())
                assert 1 <= d.line <= count + 1 and 1 <= d.col <= longest + 2, shown
