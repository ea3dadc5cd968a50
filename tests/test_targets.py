"""Targets, as the pages of a real build show them.

Riverton's first review (tests/fixtures/updates/reviews) sets five targets; its second
review meets one, misses two, exceeds one and does not review one, and sets a target of its
own. Which is which comes from the files and the five-step scale in review-format.md
(tests/support/progress.py), not from the code under test.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.support.cli import REPO
from tests.support.progress import FIXTURE, judged, text_of

AREA = FIXTURE / "riverton"
FIRST, LATEST = date(2026, 1, 20), date(2026, 7, 14)
NAMES = {"target": "Target", "legal-framework": "Legal and policy framework",
         "partnerships": "Partnerships", "outcomes": "Outcomes measurement",
         "level-1": "Level 1", "level-2": "Level 2", "referral": "Referral",
         "assessment": "Assessment", "planning": "Planning", "response": "Response"}
WORDS = {"met": "✓ Met", "exceeded": "▲ Exceeded", "missed": "✗ Missed",
         "not reviewed": "– Not reviewed"}
READ_IN = ["missed", "not reviewed", "met", "exceeded"]  # misses first


def cell_name(cell: tuple[str, str, str]) -> str:
    return " · ".join(NAMES[part] for part in cell)


@pytest.fixture(scope="module")
def site(updates_sites: dict[str, Path]) -> Path:
    return updates_sites["internal"]


def target_rows(markup: str) -> list[str]:
    """The rows of the targets table, as text, in page order."""
    start = markup.index('class="csr-targets"')
    table = markup[start:markup.index("</table>", start)]
    return [text_of(r) for r in re.findall(r"<tr class=.*?</tr>", table, re.S)]


def expected_rows(set_on: date, judged_on: date) -> list[tuple[str, str]]:
    results = judged(AREA, set_on, judged_on)
    assert set(results.values()) == set(READ_IN), "the fixture has every outcome"
    return [(cell_name(cell), results[cell])
            for outcome in READ_IN for cell in results if results[cell] == outcome]


@pytest.mark.parametrize("url", ["areas/riverton/2026-07-14", "areas/riverton"])
def test_next_review_and_area_page_say_met_exceeded_or_missed_misses_first(
    site: Path, url: str
) -> None:
    markup = (site / url / "index.html").read_text("utf-8")
    shown = target_rows(markup)
    expected = expected_rows(FIRST, LATEST)
    assert len(shown) == len(expected)
    for row, (name, outcome) in zip(shown, expected, strict=True):
        assert row.startswith(name), (row, name)
        assert row.endswith(WORDS[outcome]), (row, outcome)
    counts = {o: sum(1 for _, x in expected if x == o) for o in READ_IN}
    assert (f"Of {len(expected)} targets: {counts['missed']} missed,"
            f" {counts['not reviewed']} not reviewed, {counts['met']} met,"
            f" {counts['exceeded']} exceeded.") in text_of(markup)


def grid_cell(markup: str, anchor: str) -> str:
    """The grid cell that links to a system point's findings."""
    start = markup.index('class="csr-grid')
    grid = markup[start:markup.index("</table>", start)]
    at = grid.index(f'#{anchor}"')  # the link is "#…" on its review page, "<date>/#…" elsewhere
    return text_of(grid[grid.rindex("<td", 0, at):grid.index("</td>", at)])


def test_the_review_that_set_them_shows_target_beside_rating_in_words_and_symbols(
    site: Path
) -> None:
    markup = (site / "areas/riverton/2026-01-20/index.html").read_text("utf-8")
    for cell, outcome in judged(AREA, FIRST, LATEST).items():
        text = grid_cell(markup, "-".join(cell))
        assert "Target" in text and WORDS[outcome] in text, text
        # A rating in a badge always has its symbol and its word.
        assert re.search(r"Target [●◐○]+ (Green|Amber|Red)", text), text


def test_a_target_on_the_latest_review_is_aiming_for(site: Path) -> None:
    for url in ["areas/riverton/2026-07-14", "areas/riverton"]:
        markup = (site / url / "index.html").read_text("utf-8")
        text = grid_cell(markup, "target-level-1-referral")
        assert "Aiming for ●◐ Green/Amber" in text, text
        assert "Met" not in text and "Missed" not in text


def test_the_example_judges_its_first_reviews_targets(example_site: Path) -> None:
    area = REPO / "reviews" / "example"
    first, second = sorted(date.fromisoformat(p.stem) for p in area.glob("20*.yaml"))
    results = judged(area, first, second)
    assert {"met", "missed", "exceeded"} <= set(results.values())
    shown = target_rows((example_site / "areas" / "example" / "index.html").read_text("utf-8"))
    missed = sum(1 for x in results.values() if x == "missed")
    assert all(row.endswith("✗ Missed") for row in shown[:missed])
    assert not any(row.endswith("✗ Missed") for row in shown[missed:])
