"""The quick reading (rapidyaml, vouched for by libyaml) must give exactly what the careful
pass gives, which is what PyYAML's safe loader gives with keys kept as written; when it
cannot be sure, it must step aside rather than guess."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import ryml
import yaml
from csreview import yamlquick
from csreview.diagnostics import Diagnostics
from csreview.yamlquick import _json, _screened_out, quick_load
from csreview.yamlsource import _parse_with_positions
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent


def careful(text: str) -> Any:
    doc = _parse_with_positions(text, "x.yaml", Diagnostics())
    assert doc is not None, text
    return doc.data


def test_every_yaml_file_in_the_project_reads_the_same_both_ways() -> None:
    files = [p for top in ("reviews", "tests", "content") for p in (REPO / top).rglob("*.yaml")
             if p.is_file()]  # tests/bad_reviews holds a folder named like a review file
    quick = 0
    for path in files:
        text = path.read_text("utf-8", errors="replace")
        diags = Diagnostics()
        doc = _parse_with_positions(text, "x.yaml", diags)
        data = quick_load(text)
        if data is None:
            continue
        quick += 1
        assert doc is not None and not diags.items, f"{path} read quickly but is refused"
        assert data == doc.data, path
    # Far from all: the bad files are read by the careful pass. But ordinary ones are quick.
    assert quick >= 40, quick


def test_the_example_reviews_take_the_quick_reading() -> None:
    for path in sorted((REPO / "reviews" / "example").glob("*.yaml")):
        assert quick_load(path.read_text("utf-8")) is not None, path


# Values whose meaning differs between YAML 1.1 (PyYAML) and 1.2 (rapidyaml), or that
# look like one type and are another.
AWKWARD = [
    "yes", "No", "ON", "off", "y", "n", "True", "FALSE", "~", "null", "Null", "", " ",
    "2025-06-30", "2025-6-3", "2025-06-30T10:00:00Z", "2025-06-30 10:00:00.5 +01:00",
    "12", "012", "0x1F", "0b101", "0o17", "1_000", "1:30", "-1:30", "+1", "-0", "1.5",
    ".5", "-.5", "+.5", "1.", "1e3", "1.0e+3", "1.5e3", ".inf", "-.Inf", ".NaN", "=", "<<",
    "#", "a #b", "a: b", "- x", "x:y", "'", '"', "\\", "\\n", "it's", "[x]", "{x}", "@x",
    "`x`", "%x", "!x", "&x", "*x", "?", "? x", "|", ">", "café", "😀", "a\tb", "\t",
    "two\nlines", "trailing\n", "\n", " lead", "trail ", "a  b", "Ω≈ç", "\u00a0",
    "line\u2028sep", "nel\x85x", "bell\x07", "del\x7f", "bom\ufeff",
]
TEXT = st.one_of(st.sampled_from(AWKWARD), st.text(max_size=30))
KEYS = st.one_of(st.sampled_from(["a", "on", "2024", "y", "due", "text", "a b", "x-y"]),
                 st.text(min_size=1, max_size=10))
SCALARS = st.one_of(TEXT, st.booleans(), st.none(), st.integers(), st.dates(),
                    st.floats(allow_nan=False))
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=12,
)
TEXTS = st.recursive(
    TEXT,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=12,
)
# A forced style tags every value that is not text (`!!int "12"`), which sends the file to
# the careful pass; so with a style, only text.
DOCUMENTS = st.one_of(
    st.tuples(st.dictionaries(KEYS, DATA, min_size=1, max_size=5), st.none()),
    st.tuples(st.dictionaries(KEYS, TEXTS, min_size=1, max_size=5),
              st.sampled_from(['"', "'", "|", ">"])),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, st.booleans(), st.sampled_from([20, 80, 1000]),
       st.sampled_from([None, True, False]))
def test_documents_written_by_pyyaml_read_the_same(
    document: tuple[dict[str, Any], str | None], unicode: bool, width: int, flow: bool | None,
) -> None:
    data, style = document
    text = yaml.safe_dump(data, default_style=style, allow_unicode=unicode, width=width,
                          default_flow_style=flow, sort_keys=False)
    quick = quick_load(text)
    event("quick" if quick is not None else "careful")  # see --hypothesis-show-statistics
    if quick is not None:
        assert quick == careful(text), text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(KEYS.filter(str.isidentifier), st.sampled_from(AWKWARD)),
                min_size=1, max_size=6, unique_by=lambda kv: kv[0]))
def test_values_typed_by_hand_read_the_same(pairs: list[tuple[str, str]]) -> None:
    """Plain values as people type them, which PyYAML's writer would have quoted."""
    lines = [f"{key}: {value}" for key, value in pairs]
    text = "\n".join(lines) + "\n"
    try:
        expected = careful(text)
    except AssertionError:
        return  # not valid YAML; the careful pass reports it, and so must quick_load
    quick = quick_load(text)
    event("quick" if quick is not None else "careful")
    if quick is not None:
        assert quick == expected, text


def test_plain_values_resolve_as_yaml_1_1_does() -> None:
    text = "".join(f"k{i}: {value}\n" for i, value in enumerate(
        ["yes", "off", "~", "", "2025-06-30", "012", "0x1F", "1_000", "1:30", "-.5", "1e3",
         ".inf", "'12'", '"2024"', "true", "Null"]))
    quick = quick_load(text)
    assert quick is not None, "a file of plain values should take the quick reading"
    assert quick == careful(text) == {str(k): v for k, v in yaml.safe_load(text).items()}
    assert quick["k0"] is True and quick["k5"] == 10 and quick["k9"] == "-.5"
    assert quick["k12"] == "12" and quick["k13"] == "2024"


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",
    "a: !!str 12\n",
    "a: ! 12\n",
    "- !!binary aGk=\n",
    "a: [1, *x]\n",
    "---\na: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: 1\n...\n",
    "%YAML 1.1\n---\na: 1\n",
    "a: 1\na: 2\n",
    "? [a, b]\n: c\n",
    "[a, b]: c\n",
    "{a: 1}: c\n",
    "a: {[b]: c}\n",
    "- a\n- b\n",
    "just text\n",
    "",
    "# only a comment\n",
    "a: [unclosed\n",
    # Valid YAML that rapidyaml refuses: quoted text over several lines, as a key's value.
    'k: "\na: \\\ny: two\nlines\nz: "\n',
])
def test_what_rapidyaml_would_read_differently_is_left_to_the_careful_pass(
    text: str, capfd: pytest.CaptureFixture[str],
) -> None:
    assert quick_load(text) is None
    assert capfd.readouterr().err == "", "rapidyaml must not be given what it refuses"


def test_stderr_still_works_after_rapidyaml_refused_a_file(
    capfd: pytest.CaptureFixture[str],
) -> None:
    assert quick_load('k: "\na: \\\ny: two\nlines\nz: "\n') is None
    os.write(2, b"still here\n")
    assert capfd.readouterr().err == "still here\n"


@pytest.mark.parametrize("text", ["a: 1\r&x b: 2\r", "a: 1\r!t b: 2\r"])
def test_the_screen_knows_a_lone_carriage_return_ends_a_line(text: str) -> None:
    assert _screened_out(text)


def test_prose_that_merely_contains_indicators_still_reads_quickly() -> None:
    text = ("text: Police & Education share *some* data; why? Because it helps!\n"
            "note: |\n  - **Bold** items, *italic* ones\n  - and [links](https://x.org)\n")
    assert quick_load(text) == careful(text)
    assert quick_load(text) is not None


def test_the_counts_catch_a_node_the_data_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    """The safety net under the other checks: with the repeated-key check switched off,
    the JSON keeps only the last `a`, and libyaml's and rapidyaml's counts no longer match
    the data."""
    monkeypatch.setattr(yamlquick, "_mapping", dict)
    assert quick_load("a: 1\nb: 2\n") == {"a": 1, "b": 2}
    assert quick_load("a: 1\na: 2\n") is None


def test_json_longer_than_the_first_buffer_is_written_in_full() -> None:
    tree = ryml.parse_in_arena(b"a: [1, 2, 3]\nb: {c: d}\n")
    assert _json(tree, 0) == _json(tree, 1000)
    assert _json(tree, 0).startswith(b"{")
