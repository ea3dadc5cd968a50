"""`csreview serve` previews the site and rebuilds when a content or review file changes."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

from tests.support.cli import REPO
from tests.support.serving import copy_project, fetch, serving, wait_for

pytestmark = pytest.mark.slow  # runs csreview serve

sys.path.insert(0, str(REPO / "benchmarks"))
import national  # noqa: E402


def test_serve_rebuilds_when_a_content_or_review_file_changes(tmp_path: Path) -> None:
    copy_project(tmp_path, "content", "reviews", "site_templates")
    with serving(tmp_path) as base:
        wait_for(base + "prompts/target/", "Values Checker")

        prompts = tmp_path / "content" / "prompts" / "target.yaml"
        text = prompts.read_text(encoding="utf-8")
        prompts.write_text(text.replace("intro: |\n", "intro: |\n  Freshly edited intro.\n", 1),
                           encoding="utf-8")
        wait_for(base + "prompts/target/", "Freshly edited intro.")

        area = tmp_path / "reviews" / "example" / "area.yaml"
        area.write_text(area.read_text(encoding="utf-8").replace(
            "name: Harrowmere", "name: Renamed Harrowmere", 1), encoding="utf-8")
        wait_for(base + "areas/", "Renamed Harrowmere")


def test_serve_rebuilds_only_the_results_pages_that_changed(tmp_path: Path) -> None:
    copy_project(tmp_path, "content", "site_templates")
    # 54 reviews: past the 50 up to which results pages are searched. Pages in the search
    # index are always rebuilt; these are left alone when they have not changed.
    national.make_reviews(tmp_path / "reviews", areas=6, reviews=9)
    # Each area's page and its open actions by agency; a review page and a plan a review.
    results_pages = 6 * (2 + 9 * 2)
    log = tmp_path / "serve.log"
    with serving(tmp_path) as base:
        edited = base + "areas/area-001/2025-01-07/"
        other = base + "areas/area-004/2022-07-12/"
        wait_for(edited, "Synthetic review 8")
        before = _without_reload_stamp(fetch(other))
        assert "Synthetic review 3" in before

        review = tmp_path / "reviews" / "area-001" / "2025-01-07.yaml"
        review.write_text(review.read_text("utf-8").replace(
            "title: Synthetic review", "title: Revisited review", 1), "utf-8")
        wait_for(edited, "Revisited review 8")
        wait_for(base + "areas/area-001/", "Revisited review 8")
        assert _without_reload_stamp(fetch(other)) == before

        kept = _kept_counts(log, results_pages)
        assert kept, log.read_text("utf-8")
        # Only two pages show the title: the review's own and its area's list of reviews.
        # Every other results page, the review's action plan among them, is left alone.
        assert kept[-1] == results_pages - 2

        # Every page carries the nav: a new section title reaches the kept pages too.
        site = tmp_path / "content" / "site.yaml"
        site.write_text(site.read_text("utf-8").replace(
            "title: Running a review", "title: Running a system review", 1), "utf-8")
        wait_for(other, "Running a system review")

        gone = tmp_path / "reviews" / "area-002" / "2021-01-12.yaml"
        assert fetch(base + "areas/area-002/2021-01-12/") is not None
        gone.unlink()
        # Its progress update goes with it: alone, it would report on a review not there.
        (gone.parent / "updates" / "2021-04-13.yaml").unlink()
        deadline = time.monotonic() + 120
        while fetch(base + "areas/area-002/2021-01-12/") is not None:
            assert time.monotonic() < deadline, "the deleted review's page is still served"
            time.sleep(0.5)
        assert fetch(base + "areas/area-002/2021-01-12/action-plan/") is None


def _without_reload_stamp(page: str | None) -> str:
    """The page without the live-reload script's build counters, which every page served
    gets afresh."""
    assert page is not None
    return re.sub(r"livereload\(\d+, \d+\)", "livereload()", page)


def _kept_counts(log: Path, pages: int) -> list[int]:
    """How many results pages each rebuild left as they were, as `serve` reports it."""
    pattern = re.compile(rf"csreview: (\d+) of {pages} results pages are unchanged")
    return [int(m.group(1)) for m in pattern.finditer(log.read_text("utf-8"))]
