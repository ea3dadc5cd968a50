"""Results pages of the same shape are converted by Markdown once, and pages outside the nav
share their rendered sidebars and header; the site must be exactly what doing each page
alone gives."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from csreview.loading.load import load_all
from csreview.mkdocs import pages as mkdocs_pages
from csreview.mkdocs.build import build_site
from csreview.mkdocs.config import BuildRequest
from csreview.source.diagnostics import Diagnostics
from mkdocs.structure.pages import Page

from tests.support.cli import REPO

pytestmark = pytest.mark.slow  # builds the site with MkDocs in this process

sys.path.insert(0, str(REPO / "benchmarks"))
import national  # noqa: E402


def _build(reviews: Path, site_dir: Path) -> None:
    diags = Diagnostics()
    loaded = load_all(REPO / "content", reviews, diags)
    assert loaded is not None and not diags.errors, [d.format() for d in diags]
    build_site(national.repo_project(reviews), site_dir, loaded, BuildRequest(pdf=False))


def test_pages_converted_once_per_shape_are_the_pages_converted_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reviews = tmp_path / "reviews"
    # 54 synthetic reviews: past 50, so results pages leave the search index and are
    # filled after the search plugin; the example's pages have other shapes.
    national.make_reviews(reviews, areas=6, reviews=9)
    shutil.copytree(REPO / "reviews" / "example", reviews / "example")
    # Another shape: a review with no summary has no "Summary" heading.
    first = sorted((reviews / "area-002").glob("20*.yaml"))[0]
    text = first.read_text("utf-8")
    start = text.index("summary: |")
    end = text.index("domains:")
    first.write_text(text[:start] + text[end:], "utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")

    conversions: list[str] = []
    real_render = Page.render

    def counting(page: Page, config: object, files: object) -> None:
        conversions.append(page.file.src_uri)
        real_render(page, config, files)  # type: ignore[arg-type]

    monkeypatch.setattr(Page, "render", counting)
    sidebars: list[mkdocs_pages.SharedSidebars] = []
    real_init = mkdocs_pages.SharedSidebars.__init__

    def keeping(self: mkdocs_pages.SharedSidebars, *args: object) -> None:
        real_init(self, *args)  # type: ignore[arg-type]
        sidebars.append(self)

    monkeypatch.setattr(mkdocs_pages.SharedSidebars, "__init__", keeping)
    headers: list[mkdocs_pages.SharedHeader] = []
    real_header = mkdocs_pages.SharedHeader.__init__

    def keeping_header(self: mkdocs_pages.SharedHeader, *args: object) -> None:
        real_header(self, *args)  # type: ignore[arg-type]
        headers.append(self)

    monkeypatch.setattr(mkdocs_pages.SharedHeader, "__init__", keeping_header)
    _build(reviews, tmp_path / "once")
    once = len(conversions)
    conversions.clear()
    # Now every page converted, and its sidebars and header rendered on its own.
    monkeypatch.setattr(mkdocs_pages, "portable", lambda skeleton: False)
    monkeypatch.setattr(mkdocs_pages.SharedSidebars, "_key", lambda self, page: None)
    monkeypatch.setattr(mkdocs_pages.SharedHeader, "__call__",
                        lambda self, page, caller: caller())
    _build(reviews, tmp_path / "each")
    each = len(conversions)
    # Sidebars were rendered once per depth and shape, not once per results page. The
    # open actions by agency page lists its agencies in its contents: a shape per set of
    # agencies (one for the synthetic areas, one for the example).
    assert 0 < len(sidebars[0].made) <= 14, len(sidebars[0].made)
    # The header once per depth of page: its links are all that differ but the title.
    assert 0 < len(headers[0].made) <= 4, len(headers[0].made)

    results = [c for c in conversions if c.count("/") >= 3]  # areas/<area>/<date>/…
    assert len(results) == 2 * 56  # every review page and action plan, converted
    # Converted once per shape: a review page and a plan of the synthetic reviews, the
    # review without a summary, and the example's shapes; not once per page.
    assert each - once >= len(results) - 10, (once, each)

    once_files = sorted(p.relative_to(tmp_path / "once")
                        for p in (tmp_path / "once").rglob("*.html"))
    each_files = sorted(p.relative_to(tmp_path / "each")
                        for p in (tmp_path / "each").rglob("*.html"))
    assert once_files == each_files
    for rel in each_files:
        assert (tmp_path / "once" / rel).read_bytes() == (tmp_path / "each" / rel).read_bytes(), rel
    # Past 50 reviews, results pages stay out of the search index (their front matter
    # says so; a template edit that broke the front matter once let 400 of them back in).
    index = json.loads((tmp_path / "once" / "search/search_index.json").read_text("utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(loc.startswith("guide/") for loc in locations)
    assert not [loc for loc in locations if loc.startswith("areas/area-")]
    page = (tmp_path / "once" / "areas/area-002").glob("*/index.html")
    shown = "".join(p.read_text("utf-8") for p in page)
    assert "<h1>Area 002: Synthetic review 0," in shown
    assert 'id="target"' in shown and 'href="#target"' in shown  # a heading and its toc entry


def test_a_skeleton_with_links_or_html_is_converted_on_its_own_page() -> None:
    assert mkdocs_pages.portable("## Summary\n\nCSRHTMLBLOCK0\n\n## Grid {: #grid }\n")
    assert not mkdocs_pages.portable("From the review on [8 July](2025-07-08/index.md).")
    assert not mkdocs_pages.portable("<ul>\n<li><a href='x/'>x</a></li>\n</ul>")


def test_shared_sidebars_tell_pages_apart_by_where_their_links_lead() -> None:
    """Two pages outside the nav with the same contents list share sidebars only when
    every nav link resolves to the same relative address from both."""
    from types import SimpleNamespace as NS

    nav = NS(items=[NS(url="guide/", children=None),
                    NS(title="Areas", url=None, children=[NS(url="areas/", children=None)])],
             homepage=NS(url=""))
    config = NS(extra={}, theme={})

    def page(url: str) -> NS:
        return NS(file=NS(src_uri=url + "index.md"), url=url, toc=[], meta={})

    review, other_review = page("areas/a/2025-01-01/"), page("areas/b/2025-07-01/")
    plan = page("areas/a/2025-01-01/action-plan/")
    outside = {p.file.src_uri for p in (review, other_review, plan)}
    sidebars = mkdocs_pages.SharedSidebars(nav, config, outside)
    made: list[str] = []

    def render(name: str) -> str:
        made.append(name)
        return name

    assert sidebars(review, lambda: render("review")) == "review"
    assert sidebars(other_review, lambda: render("other")) == "review"  # same links: shared
    assert sidebars(plan, lambda: render("plan")) == "plan"  # one level deeper: its own
    in_nav = page("guide/")
    assert sidebars(in_nav, lambda: render("guide")) == "guide"
    assert sidebars(in_nav, lambda: render("guide again")) == "guide again"  # never kept
    assert made == ["review", "plan", "guide", "guide again"]
