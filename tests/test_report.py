"""The results report for the board: one PDF per review, from a real build with PDFs.

Riverton (tests/fixtures/updates/reviews) has every kind of target outcome and an overdue
action; what the report should hold is worked out from the files and the format's rules
(tests/support/progress.py). The bundled example's reports are checked in test_pdfs.py.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.support.cli import csreview
from tests.support.progress import BUILD_DAY, FIXTURE, STATUS, actions_now, load, review_days
from tests.test_targets import expected_rows

pytestmark = pytest.mark.slow  # builds report PDFs

AREA = FIXTURE / "riverton"
A4 = (595.28, 841.89)
DOMAINS = ["target", "legal-framework", "partnerships", "outcomes"]
POINTS = ["referral", "assessment", "planning", "response"]
WORD = {"green": "Green", "amber": "Amber", "red": "Red", "green/amber": "Green/Amber",
        "amber/red": "Amber/Red", None: "Not reviewed"}
WORDS = r"(Green/Amber|Amber/Red|Green|Amber|Red)"
RATING = re.compile(rf"[●◐○–]+\s*({WORDS[1:-1]}|Not reviewed)")
# A target beside a rating, with its result once the next review has judged it.
TARGET = re.compile(rf"(Aiming for|Target)\s*[●◐○]+\s*{WORDS}"
                    r"(\s*(✓ Met|✗ Missed|▲ Exceeded|– Not reviewed))?")


def report_text(pdf: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One PDF cache for this module's builds: the blank sheets are made once."""
    return tmp_path_factory.mktemp("report-cache")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> Path:
    out = tmp_path_factory.mktemp("report") / "site"
    result = csreview("build", "--reviews", FIXTURE, "--site-dir", out,
                      env={"CSREVIEW_PDF_CACHE": str(cache)})
    assert result.returncode == 0, result.stderr
    return out


def overall(body: dict[str, Any]) -> str:
    if "overall" in body:
        return str(body["overall"])
    ratings = {f["rating"] for f in body["findings"]}
    return ratings.pop() if len(ratings) == 1 else \
        {frozenset({"green", "amber"}): "green/amber", frozenset({"amber", "red"}): "amber/red"
         }[frozenset(ratings)]


def grid_words(day: date) -> list[str]:
    """Each cell's overall rating in words, row by row as the grid reads."""
    review = load(AREA / f"{day.isoformat()}.yaml")["domains"]
    out = []
    for domain in DOMAINS:
        for level in ("level-1", "level-2"):
            points = (review.get(domain) or {}).get(level) or {}
            out += [WORD[overall(points[p]) if p in points else None] for p in POINTS]
    return out


@pytest.mark.parametrize("day", review_days(AREA))
def test_each_review_links_a_short_a4_report_with_the_whole_grid(site: Path, day: date) -> None:
    folder = site / "areas" / "riverton" / day.isoformat()
    assert 'href="report.pdf"' in (folder / "index.html").read_text("utf-8")
    reader = PdfReader(folder / "report.pdf")
    assert 1 <= len(reader.pages) <= 2, len(reader.pages)
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == \
            pytest.approx(A4, abs=1)
    text = report_text(folder / "report.pdf")
    assert f"Results report: Riverton, {day.day} {day:%B %Y}" in text
    grid = text[text.index("The whole grid"):text.index("What changed since")]
    # The badges in grid order, leaving out the targets shown beside them.
    shown = [m.group(1) for m in RATING.finditer(TARGET.sub("", grid))]
    assert shown == grid_words(day)


def test_report_lists_the_misses_first_and_what_is_overdue(site: Path) -> None:
    latest = review_days(AREA)[-1]
    text = report_text(site / "areas" / "riverton" / latest.isoformat() / "report.pdf")
    targets = text[text.index("Targets met and missed"):text.index("Actions overdue")]
    at = [targets.index(name) for name, _ in expected_rows(review_days(AREA)[0], latest)]
    assert at == sorted(at), "targets in the order: missed, not reviewed, met, exceeded"
    assert targets.index("✗ Missed") < targets.index("✓ Met") < targets.index("▲ Exceeded")
    now = actions_now(AREA, latest)
    overdue = [a for a in now.values() if a.open and a.due and a.due < BUILD_DAY]
    assert overdue
    assert f"{len(overdue)} overdue: open, and past the due date" in text
    for a in overdue:
        assert " ".join(a.text.split()) in text
    counts = Counter(a.status for a in now.values())
    for status, name in STATUS.items():
        assert f"{name} {counts[status]}" in text


def test_public_report_has_no_internal_marking(tmp_path: Path, cache: Path) -> None:
    result = csreview("build", "--audience", "public", "--reviews", FIXTURE, "--site-dir",
                      tmp_path / "site", env={"CSREVIEW_PDF_CACHE": str(cache)})
    assert result.returncode == 0, result.stderr
    for day in review_days(AREA):
        text = report_text(tmp_path / "site" / "areas" / "riverton" / day.isoformat()
                           / "report.pdf")
        assert "Internal" not in text
        assert "Brief the school nurses" not in text  # an internal action, overdue or not
