"""Values in review files mean what YAML says they mean, exactly as PyYAML's safe loader."""

from __future__ import annotations

from pathlib import Path

import yaml
from csreview.source.diagnostics import Diagnostics
from csreview.source.yamlsource import _parse_with_positions, parse_yaml

REPO = Path(__file__).resolve().parent.parent

SAMPLE = """\
empty:
tilde: ~
yes_word: yes
true_word: true
number: 3
decimal: 2.5
day: 2025-06-30
quoted_day: "2025-06-30"
quoted_number: '3'
text: Partner agencies are unsure
block: |
  Two lines
  of text
flow: [dip-sampling, young-people]
nested: {a: 1, b: [x, y]}
"""


def test_values_match_pyyaml_safe_load() -> None:
    doc = parse_yaml(SAMPLE, "sample.yaml", Diagnostics())
    assert doc is not None
    assert doc.data == yaml.safe_load(SAMPLE)


def test_keys_keep_their_written_text_and_positions_are_one_based() -> None:
    doc = parse_yaml("on: 1\n2024:\n  - a\n", "sample.yaml", Diagnostics())
    assert doc is not None
    assert doc.data == {"on": 1, "2024": ["a"]}
    assert doc.where(("2024",), key=True) == (2, 1)
    assert doc.where(("2024", 0)) == (3, 5)
    assert doc.where(("on",)) == (1, 5)


def test_the_fast_pass_gives_the_same_data_and_positions_as_the_careful_one() -> None:
    """Clean files are read without positions and located again on demand; both passes
    must agree on every value and every position."""
    text = (REPO / "reviews" / "example" / "2026-09-15.yaml").read_text("utf-8")
    fast = parse_yaml(text, "x.yaml", Diagnostics())
    careful = _parse_with_positions(text, "x.yaml", Diagnostics())
    assert fast is not None and careful is not None
    assert fast.text is not None, "a clean file should take the fast pass"
    assert fast.data == careful.data
    for path in careful.value_pos:
        assert fast.where(path) == careful.value_pos[path]
    for path in careful.key_pos:
        assert fast.where(path, key=True) == careful.key_pos[path]


def test_values_yaml_1_1_reserves_are_read_as_text_not_a_crash() -> None:
    """`=` and `<<` resolve to tags PyYAML's safe loader has no constructor for: the careful
    pass used to raise a KeyError on them, a traceback instead of a message."""
    text = "text: =\nnote: <<\n"
    careful = _parse_with_positions(text, "sample.yaml", Diagnostics())
    assert careful is not None and careful.data == {"text": "=", "note": "<<"}
    doc = parse_yaml(text, "sample.yaml", Diagnostics())
    assert doc is not None and doc.data == careful.data
