"""The commonest slips in a hand-typed review file, each told in plain words: what it was,
what to do, and an example written from the file's own words (issue 19, item 4). Parser
phrases such as "mapping values are not allowed in this context" never reach the user."""

from __future__ import annotations

import pytest
from csreview.model.review_schema import review_models
from csreview.source.diagnostics import Diagnostics
from csreview.source.validation import validate
from csreview.source.yamlsource import parse_yaml

from tests.support.content import bundled_content

POINT = "domains:\n  target:\n    level-1:\n      referral:\n        findings:\n"

SLIPS = [
    # (what was typed, line:col, words the message must hold — including its example)
    ("colon in free text",
     POINT + "          - rating: red\n            text: Referrals: they rarely say where\n",
     "7:28", ["a colon followed by a space inside the text of 'text'",
              'for example text: "Referrals: they rarely say where"']),
    ("key indented one space too far",
     POINT + "          - rating: red\n             text: Found.\n",
     "7:14", ["'text' is indented 13 spaces, more than 'rating' on line 6 (12 spaces)",
              "line it up with 'rating'"]),
    ("key indented one space too little",
     "domains:\n  target:\n    level-1: {}\n   legal-framework: {}\n",
     "4:4", ["'legal-framework' is indented 3 spaces, which lines up with no key above it",
             "keys above start after 0, 2, 4 spaces"]),
    ("tab for indentation",
     POINT + "          - rating: red\n\t    text: Found.\n",
     "7:1", ["a tab character is used to indent this line", "Replace the tab with spaces"]),
    ("unclosed double quote",
     'title: "Spring review\nsummary: The group met.\n',
     "1:8", ["the quote that starts this value is not closed on this line",
             'for example title: "Spring review"']),
    ("apostrophe inside single quotes",
     "title: 'Children's services review'\n",
     "1:17", ["the apostrophe here ends the text",
              "for example title: \"Children's services review\""]),
    ("text after a closing quote",
     'title: "Spring" review\n',
     "1:16", ["more text after the closing quote",
              "for example title: '\"Spring\" review'"]),
    ("list item without a dash",
     POINT + "          - rating: red\n            text: Found.\n            actions:\n"
     "              - text: Add places to the form\n              text: Train staff\n",
     "10:15", ["this line is inside a list, where each item starts with '- '",
               "write '- text: Train staff'"]),
    ("list item on its own without a dash",
     "participants:\n  - Police\n  Education\n",
     "3:3", ["'Education' is neither 'key: value' nor a list item",
             "write '- Education'"]),
    ("Markdown emphasis first",
     "title: *Draft* spring review\n",
     "1:8", ["cannot start with '*' unless it is in quotes", 'title: "*Draft* spring review"']),
    ("Markdown link first",
     "summary: [The guide](https://example.org) explains it\n",
     "1:10", ["starts with '[' is read as a list in brackets",
              'summary: "[The guide](https://example.org) explains it"']),
    ("a value starting with @",
     "title: @home review\n",
     "1:8", ["cannot start with '@' unless it is in quotes", 'title: "@home review"']),
]


@pytest.mark.parametrize(("text", "where", "words"), [s[1:] for s in SLIPS],
                         ids=[s[0] for s in SLIPS])
def test_each_slip_is_explained_with_an_example(text: str, where: str, words: list[str]) -> None:
    diags = Diagnostics()
    assert parse_yaml(text, "r.yaml", diags) is None
    [message] = [d.format() for d in diags]
    assert message.startswith(f"r.yaml:{where}: error: not valid YAML: "), message
    for part in words:
        assert part in message, (part, message)
    for parser_words in ("mapping values are not allowed", "did not find expected",
                         "could not find expected", "while scanning", "<unicode string>"):
        assert parser_words not in message


def test_a_colon_inside_a_list_item_says_to_quote_it() -> None:
    """`- Police: neighbourhood team` is valid YAML, a mapping where text was meant."""
    content = bundled_content()
    diags = Diagnostics()
    doc = parse_yaml("participants:\n  - Police: neighbourhood team\n", "r.yaml", diags)
    assert doc is not None
    validate(review_models(content.framework).Review, doc, diags)
    [message] = [d.format() for d in diags]
    assert message.startswith("r.yaml:2:5: error: participants[0]: found a mapping of keys;"
                              " expected text"), message
    assert "put the whole text in quotes: - \"Police: neighbourhood team\"" in message
