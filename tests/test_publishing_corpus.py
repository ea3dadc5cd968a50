"""The publishing checks on a labelled corpus of review sentences (tests/publishing_corpus.yaml):
every one labelled personal data or blaming language is flagged as that, naming the words,
and every ordinary practice sentence — counts, levels, age ranges, public buildings, quoted
criticism — is left alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from csreview.checks.publishing import language_flags, personal_data
from csreview.model.language import LanguageList

from tests.support.content import bundled_language

CORPUS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "publishing_corpus.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def language() -> LanguageList:
    return bundled_language()


def test_the_corpus_is_large_and_covers_every_label() -> None:
    labels = [entry["label"] for entry in CORPUS]
    assert len(CORPUS) >= 40
    assert {label: labels.count(label) >= 10 for label in ("personal", "blaming", "clean")} == {
        "personal": True, "blaming": True, "clean": True}
    assert len({entry["text"] for entry in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("entry", CORPUS, ids=lambda e: e["text"][:50])
def test_each_sentence_gets_its_label(entry: dict[str, Any], language: LanguageList) -> None:
    personal = [f.found for f in personal_data(entry["text"])]
    blaming = [f.found for f in language_flags(entry["text"], language)]
    if entry["label"] == "personal":
        assert any(entry["found"] in f for f in personal) and blaming == [], (personal, blaming)
    elif entry["label"] == "blaming":
        assert any(entry["found"].casefold() == f.casefold() for f in blaming), blaming
        assert personal == [], personal
    else:
        assert (personal, blaming) == ([], [])
