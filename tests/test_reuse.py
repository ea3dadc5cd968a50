"""`serve` keeps loaded areas and made pages between rebuilds, and redoes only what changed.

What is reused must be exactly what a fresh run would make: every comparison here is
against a run with nothing kept."""

from __future__ import annotations

import os
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest
from csreview.loading.load import Loaded, load_all
from csreview.pages import SiteOptions, generate, render
from csreview.pages import areas as area_pages
from csreview.runtime.reuse import Reuse
from csreview.runtime.work import Pooled
from csreview.source.diagnostics import Diagnostics

from tests.support.cli import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import national  # noqa: E402

OPTIONS = SiteOptions(pdf=False, build_date=date(2026, 11, 22))


def load(reviews: Path, reuse: Reuse | None = None) -> tuple[Loaded, list[str]]:
    diags = Diagnostics()
    loaded = load_all(REPO / "content", reviews, diags, base=reviews.parent,
                      work=Pooled(reuse))
    assert loaded is not None
    return loaded, [d.format() for d in diags]


def edit_keeping_size_and_time(path: Path, old: str, new: str) -> None:
    """Change the file's text but neither its size nor its modification time, so only
    its contents can tell that it changed."""
    assert len(old) == len(new)
    before = path.stat()
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


@pytest.fixture
def reviews(tmp_path: Path) -> Path:
    national.make_reviews(tmp_path / "reviews", areas=3, reviews=2)
    return tmp_path / "reviews"


def test_an_area_whose_files_are_unchanged_is_not_read_again(reviews: Path) -> None:
    reuse = Reuse()
    first, _ = load(reviews, reuse)
    again, _ = load(reviews, reuse)
    assert reuse.reused == 3
    for before, now in zip(first.workbook.areas, again.workbook.areas, strict=True):
        assert all(a is b for a, b in zip(before.reviews, now.reviews, strict=True))

    edited = reviews / "area-001" / "2021-07-13.yaml"
    edit_keeping_size_and_time(edited, "title: Synthetic review", "title: Revisited review")
    after, _ = load(reviews, reuse)
    assert reuse.reused == 2
    fresh, _ = load(reviews)
    assert after.workbook == fresh.workbook
    changed = {a.id: a for a in after.workbook.areas}["area-001"]
    assert changed.reviews[1].title is not None
    assert changed.reviews[1].title.startswith("Revisited review")
    assert changed.reviews[0] is not again.workbook.areas[1].reviews[0]
    assert after.workbook.areas[0].reviews[0] is again.workbook.areas[0].reviews[0]


def test_messages_are_given_again_when_an_area_is_reused(reviews: Path) -> None:
    review = reviews / "area-000" / "2021-01-12.yaml"
    text = review.read_text("utf-8")
    review.write_text(text.replace("                lead: Lead 1\n", "", 1), "utf-8")
    reuse = Reuse()
    _, first = load(reviews, reuse)
    _, again = load(reviews, reuse)
    assert reuse.reused == 3
    assert again == first
    assert [line for line in first if "the action has no lead" in line], first


def test_a_removed_area_is_gone_from_the_next_load(reviews: Path) -> None:
    reuse = Reuse()
    load(reviews, reuse)
    shutil.rmtree(reviews / "area-002")
    after, _ = load(reviews, reuse)
    assert [a.id for a in after.workbook.areas] == ["area-000", "area-001"]
    assert reuse.reused == 2


def test_reused_pages_are_the_pages_a_fresh_run_makes(reviews: Path) -> None:
    loads, pages = Reuse(), Reuse()
    loaded, _ = load(reviews, loads)
    first = generate(loaded, OPTIONS, Pooled(pages))
    loaded, _ = load(reviews, loads)
    again = generate(loaded, OPTIONS, Pooled(pages))
    assert pages.reused == 3
    assert again.files == first.files
    review_page = "areas/area-000/2021-01-12/index.md"
    assert again.files[review_page] is first.files[review_page]

    latest = "areas/area-000/2021-07-13/index.md"
    edit_keeping_size_and_time(reviews / "area-000" / "2021-07-13.yaml",
                               "title: Synthetic review", "title: Revisited review")
    loaded, _ = load(reviews, loads)
    after = generate(loaded, OPTIONS, Pooled(pages))
    assert pages.reused == 2
    fresh = generate(load(reviews)[0], OPTIONS)
    assert after.files == fresh.files
    assert after.export_jobs == fresh.export_jobs
    assert "Revisited review" in after.text(latest)
    assert after.files[review_page] == first.files[review_page]


def test_pages_are_made_again_when_the_options_or_templates_change(
    reviews: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(render.TEMPLATE_ROOT, templates)
    monkeypatch.setattr(area_pages, "TEMPLATE_ROOT", templates)
    pages = Reuse()
    loaded, _ = load(reviews)
    generate(loaded, OPTIONS, Pooled(pages))
    generate(loaded, SiteOptions(pdf=False, build_date=date(2026, 11, 23)), Pooled(pages))
    assert pages.reused == 0, "the build date dates overdue actions: nothing may be reused"
    generate(loaded, SiteOptions(pdf=False, build_date=date(2026, 11, 23)), Pooled(pages))
    assert pages.reused == 3
    page = templates / "pages" / "review.md.j2"
    page.write_text(page.read_text("utf-8") + "\n", "utf-8")
    generate(loaded, SiteOptions(pdf=False, build_date=date(2026, 11, 23)), Pooled(pages))
    assert pages.reused == 0, "a template changed: every area's pages must be made again"
