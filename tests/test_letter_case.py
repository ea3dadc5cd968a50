"""Ratings and statuses typed as the printed sheets show them (`Amber/Red`, `GREEN`,
`In-progress`) mean the same as in lower case (review-format.md)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from csreview.loading.load import load_all
from csreview.source.diagnostics import Diagnostics

from tests.support.cli import REPO

EXAMPLE = REPO / "reviews" / "example"


def _capitalised(match: re.Match[str]) -> str:
    key, value = match.group(1), match.group(2)
    # A mixture of how people type what is printed: Title case, capitals, as printed.
    shown = {"rating": value.upper(), "overall": value.title(), "target": value.title(),
             "status": value.capitalize()}[key]
    return f"{key}: {shown}"


def test_capitalised_ratings_and_statuses_load_as_their_identifiers(tmp_path: Path) -> None:
    reviews = tmp_path / "reviews"
    shutil.copytree(EXAMPLE, reviews / "example")
    changed = 0
    for path in (reviews / "example").glob("20*.yaml"):
        text = path.read_text("utf-8")
        typed, n = re.subn(r"\b(rating|overall|target|status): ([a-z/-]+)$", _capitalised,
                           text, flags=re.M)
        changed += n
        path.write_text(typed, "utf-8")
    assert changed > 100
    typed_text = (reviews / "example" / "2026-03-10.yaml").read_text("utf-8")
    assert "overall: Red" in typed_text and "target: Amber/Red" in typed_text

    loaded = {}
    for name, folder in (("lower", REPO / "reviews"), ("typed", reviews)):
        diags = Diagnostics()
        loaded[name] = load_all(REPO / "content", folder, diags, base=folder.parent)
        assert loaded[name] is not None and not diags.errors, [d.format() for d in diags]

    def facts(which: str) -> list[tuple[str, ...]]:
        found = []
        result = loaded[which]
        assert result is not None
        for review in result.workbook.areas[0].reviews:
            for _, _, action in review.all_actions():
                found.append((review.slug, action.text, action.status))
            for domain, result_ in review.domains.items():
                for key, point in result_.points.items():
                    found.append((review.slug, domain, *key, str(point.overall),
                                  str(point.target), *(f.rating for f in point.findings)))
        return found

    assert facts("typed") == facts("lower")


def test_a_mistyped_rating_is_quoted_as_it_was_typed(tmp_path: Path) -> None:
    reviews = tmp_path / "reviews"
    shutil.copytree(EXAMPLE, reviews / "example")
    path = reviews / "example" / "2026-09-15.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("rating: amber", "rating: Ambr", 1), "utf-8")
    diags = Diagnostics()
    load_all(REPO / "content", reviews, diags, base=tmp_path)
    messages = [d.message for d in diags.errors]
    assert len(messages) == 1
    assert "found the text 'Ambr', which is not a known rating; did you mean 'amber'?" \
        in messages[0]
