"""Values in review files mean what YAML says they mean, exactly as PyYAML's safe loader."""

from __future__ import annotations

import yaml

from generator.diagnostics import Diagnostics
from generator.yamlsource import parse_yaml

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
    assert doc.key_pos[("2024",)] == (2, 1)
    assert doc.value_pos[("2024", 0)] == (3, 5)
