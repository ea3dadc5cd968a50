"""Public and internal builds: nothing internal anywhere in a public build, everything in the
internal one, and a banner on every page saying which is which.

The fixture (tests/fixtures/audience/reviews) marks everything that must stay internal with
a word starting "Hush": internal findings and actions, their notes, action leads in an area
that does not publish them, an internal review in a public area, and an internal-only area.
Every file of the public build is searched, including the search index, the sitemap (and
its .gz), spreadsheets (zip members) and PDFs (their text).
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from csreview.mkdocs.config import raw_config
from playwright.sync_api import Browser
from pypdf import PdfReader

from tests.support.browser import (
    axe_violations,
    format_violations,
    launch_browser,
    screenshot,
    serve_directory,
)
from tests.support.cli import REPO, csreview

pytestmark = pytest.mark.slow  # builds the site for each audience

FIXTURE = REPO / "tests" / "fixtures" / "audience" / "reviews"
BUILD_DAY = "2026-09-21"  # SOURCE_DATE_EPOCH=1790000000, set by tests.support.cli

# Each must reach the internal build and must not reach the public one.
HUSH = [
    "Hushlead Quartermain",  # lead of a public action; the area does not publish leads
    "Hushaction Velloway", "Hushlead Ombersley", "Hushnote Carradine",  # an internal action
    "Hushfinding Tresillian", "Hushaction Pendragon", "Hushlead Trevithick",  # internal finding
    "Hushfinding Lanyon", "Hushaction Boscawen",  # the only finding at a point is internal
    "Hushreview Marazion", "Hushsummary Polperro", "Hushfinding Mousehole",  # internal review
    "Hushreflection Zennor",  # ... in a public area
    "Hushaction Wendover", "Hushlead Amersham",  # internal action where leads are published
    "Hushvale Internal Area", "Hushvale Safeguarding Partnership",  # an internal-only area
    "Hushsummary Hushvale", "Hushfacilitator Greenhalgh", "Hushfinding Hushvale",
    "Hushlead Bramhall",  # lead in a cleared review of an internal area
    "Hushreview Mixedford", "Hushsummary Mixedford", "Hushreflection Mixedford",
    "Hushfinding Porthleven", "Hushaction Mullion",  # hidden beside a stated overall
    "Hushfinding Kynance", "Hushaction Cadgwith",  # hidden beside an unstated one
]
# Paths and ids of what is internal: no page, no link, no sitemap entry.
HUSH_PATHS = ["hiddenvale", "openshire/2025-09-16", "mixedford/2025-09-16", "hush-action",
              "16 September 2025"]  # the internal reviews' date, as pages write it
# Cleared content: in both builds.
SHOWN = [
    "shown-summary-openshire", "shown-finding-public", "shown-action-public", "shown-note-public",
    "Openshire education team", "shown-finding-leadsham", "shown-action-leadsham",
    "Shownlead Ashdown", "shown-finding-mixedford", "shown-action-mixedford",
    "shown-finding-planning", "shown-action-planning", "shown-finding-response",
]


def _config(tmp: Path) -> Path:
    """The bundled mkdocs.yml with a site_url: without one, MkDocs leaves the sitemap empty
    and the sitemap check would prove nothing."""
    config = raw_config(REPO / "mkdocs.yml")  # the shared settings merged in, folders absolute
    config["site_url"] = "https://reviews.example.org/"
    path = tmp / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def _build(tmp: Path, audience: str, env: dict[str, str] | None = None) -> Path:
    site = tmp / audience / "site"
    result = csreview("build", "--audience", audience, "--reviews", FIXTURE, "--config",
                      _config(tmp), "--site-dir", site, env=env)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # A CSREVIEW_AUDIENCE left in the shell (how `serve` once passed the audience) must not
    # turn `build --audience public` into an internal build.
    return _build(tmp_path_factory.mktemp("audience"), "public",
                  env={"CSREVIEW_AUDIENCE": "internal"})


@pytest.fixture(scope="module")
def internal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("audience"), "internal")


def _texts(path: Path, data: bytes) -> Iterator[tuple[str, str]]:
    """Every readable text in one output file: members of archives, text of PDFs."""
    name = path.name
    if name.endswith(".gz"):
        yield from _texts(path.with_suffix(""), gzip.decompress(data))
    elif name.endswith((".xlsx", ".zip", ".docx", ".odt", ".ods")):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                yield f"{path}!{member}", archive.read(member).decode("utf-8", "replace")
    elif name.endswith(".pdf"):
        reader = PdfReader(io.BytesIO(data))
        yield str(path), "\n".join(page.extract_text() or "" for page in reader.pages)
        # Document properties (title, subject) too; raw compressed bytes would only give
        # chance matches.
        yield f"{path} (properties)", " ".join(map(str, (reader.metadata or {}).values()))
    else:
        yield str(path), data.decode("utf-8", "replace")


def output(site: Path) -> dict[str, str]:
    """Every file under ``site`` as searchable text, by path, nothing skipped."""
    found: dict[str, str] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        for where, text in _texts(path.relative_to(site), path.read_bytes()):
            # Spaces folded so a phrase broken across lines (PDFs, wrapped HTML) still matches.
            found[where] = " ".join(text.split()).casefold()
    return found


@pytest.fixture(scope="module")
def public_files(public_site: Path) -> dict[str, str]:
    return output(public_site)


@pytest.fixture(scope="module")
def internal_files(internal_site: Path) -> dict[str, str]:
    return output(internal_site)


def where_found(files: dict[str, str], needle: str) -> list[str]:
    needle = " ".join(needle.split()).casefold()
    return [path for path, text in files.items() if needle in text]


def test_the_fixture_has_internal_content_of_every_kind() -> None:
    text = "\n".join(p.read_text("utf-8") for p in FIXTURE.rglob("*.yaml"))
    assert text.count("internal: true") >= 4
    assert "audience: internal" in text and "audience: public" in text
    assert not (FIXTURE / "hiddenvale" / "area.yaml").read_text("utf-8").count("audience:")


def test_the_public_build_has_nothing_internal_in_any_file(public_files: dict[str, str]) -> None:
    files = public_files
    kinds = {Path(p.split("!")[0].split(" ")[0]).suffix for p in files}
    # The search is only worth something if it covered the places a leak would hide.
    assert {".html", ".json", ".xml"} <= kinds
    assert "search/search_index.json" in files and "sitemap.xml" in files
    leaks = {needle: where_found(files, needle) for needle in HUSH + HUSH_PATHS + ["hush"]}
    assert {k: v for k, v in leaks.items() if v} == {}


def test_the_internal_build_has_everything(
    internal_site: Path, internal_files: dict[str, str]
) -> None:
    missing = [n for n in HUSH + SHOWN if not where_found(internal_files, n)]
    assert missing == []
    assert (internal_site / "areas" / "hiddenvale" / "index.html").is_file()
    assert (internal_site / "areas" / "openshire" / "2025-09-16" / "index.html").is_file()


def test_pdfs_and_spreadsheets_were_searched_and_can_hold_internal_text(
    internal_files: dict[str, str], public_files: dict[str, str]
) -> None:
    """The PDF and spreadsheet text is really read: the internal copies show a lead there."""
    internal = internal_files
    downloads = [p for p in internal if p.endswith(".pdf") or ".xlsx!" in p or p.endswith(".csv")]
    assert downloads, "the internal build made no PDFs or spreadsheets to search"
    assert [p for p in downloads if "hushlead quartermain" in internal[p]], downloads
    public = public_files
    assert [p for p in public if p.endswith(".pdf") or ".xlsx!" in p], sorted(public)[:20]


def test_the_public_build_shows_what_was_cleared(public_files: dict[str, str]) -> None:
    missing = [needle for needle in SHOWN if not where_found(public_files, needle)]
    assert missing == []


def test_a_public_review_in_an_internal_area_is_published_alone(public_site: Path) -> None:
    area = (public_site / "areas" / "mixedford" / "index.html").read_text("utf-8")
    assert "2026-03-10/" in area and "2025-09-16" not in area
    assert not (public_site / "areas" / "mixedford" / "2025-09-16").exists()
    assert not (public_site / "areas" / "hiddenvale").exists()
    sitemap = (public_site / "sitemap.xml").read_text("utf-8")
    assert "https://reviews.example.org/areas/mixedford/2026-03-10/" in sitemap
    assert "https://reviews.example.org/areas/openshire/2026-03-10/" in sitemap


def test_leads_are_published_only_where_the_area_says_so(public_site: Path) -> None:
    leadsham = (public_site / "areas" / "leadsham" / "2026-03-10" / "index.html").read_text()
    assert "Shownlead Ashdown" in leadsham
    openshire = (public_site / "areas" / "openshire" / "2026-03-10" / "index.html").read_text()
    assert "Openshire education team" in openshire and "Quartermain" not in openshire
    plan = (public_site / "areas" / "openshire" / "2026-03-10" / "action-plan" / "index.html")
    assert ">Lead<" not in plan.read_text("utf-8")


def test_only_the_internal_build_offers_each_areas_next_review_workbook(
    internal_site: Path, public_site: Path
) -> None:
    """A pre-filled recording workbook holds the whole review, internal findings and every
    lead: a public build has none, nor a link to one. The blank workbook is in both."""
    areas = sorted(p.name for p in FIXTURE.iterdir() if (p / "area.yaml").is_file())
    assert "hiddenvale" in areas
    for area in areas:
        assert (internal_site / "areas" / area / "next-review.xlsx").is_file(), area
        page = (internal_site / "areas" / area / "index.html").read_text("utf-8")
        assert 'href="next-review.xlsx"' in page, area
    assert sorted(p.name for p in public_site.rglob("*.xlsx") if "next-review" in p.name) == []
    assert [p for p in public_site.rglob("*.html")
            if "next-review.xlsx" in p.read_text("utf-8")] == []
    for site in (internal_site, public_site):
        assert (site / "templates" / "recording-workbook.xlsx").is_file()
        index = (site / "templates" / "index.html").read_text("utf-8")
        assert 'href="recording-workbook.xlsx"' in index and "csreview import" in index


def _pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    return pages


BANNER = re.compile(r'<aside class="md-banner">\s*<div[^>]*>\s*(<p class="csr-banner.*?</p>)',
                    re.S)


def test_every_internal_page_says_not_for_publication(internal_site: Path) -> None:
    for page in _pages(internal_site):
        banner = BANNER.search(page.read_text("utf-8"))
        assert banner, page
        assert "Internal — not for publication." in banner.group(1), page


def test_every_public_page_says_when_it_was_published(public_site: Path) -> None:
    for page in _pages(public_site):
        markup = page.read_text("utf-8")
        banner = BANNER.search(markup)
        assert banner, page
        assert (f'Published <time datetime="{BUILD_DAY}">21 September 2026</time>'
                in banner.group(1)), page
        assert "not for publication" not in markup, page


def test_guidance_prompts_and_the_example_are_in_both_builds(
    tmp_path: Path, internal_site: Path
) -> None:
    """With the bundled reviews folder: the example is cleared for the public."""
    site = tmp_path / "site"
    result = csreview("build", "--audience", "public", "--no-pdf", "--site-dir", site)
    assert result.returncode == 0, result.stderr
    assert (site / "areas" / "example" / "index.html").is_file()
    for folder in ("guide", "framework", "prompts"):
        internal = {p.relative_to(internal_site) for p in (internal_site / folder).rglob("*")}
        public = {p.relative_to(site) for p in (site / folder).rglob("*")}
        assert internal and internal == public, folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch_browser() as browser:
        yield browser


@pytest.mark.parametrize("audience", ["internal", "public"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_banner_is_accessible(
    browser: Browser, internal_site: Path, public_site: Path, audience: str, scheme: str
) -> None:
    site = internal_site if audience == "internal" else public_site
    expected = ("Internal — not for publication." if audience == "internal"
                else "Published 21 September 2026")
    with serve_directory(site) as base:
        context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
        try:
            page = context.new_page()
            page.goto(base + "areas/openshire/", wait_until="networkidle")
            banner = page.locator(".md-banner")
            assert banner.is_visible() and expected in banner.inner_text()
            violations = axe_violations(page)
            screenshot(page, f"banner-{audience}-{scheme}")
            assert violations == [], format_violations(violations)
            # Printouts of the internal site keep the warning; public ones need no banner.
            page.emulate_media(media="print")
            assert banner.is_visible() == (audience == "internal")
        finally:
            context.close()


def _overall(page: str, anchor: str) -> str:
    """The overall rating line of one system point on a review page, as the words read
    (the symbols beside them are hidden from screen readers)."""
    start = page.index(f'id="{anchor}"')
    line = re.search(r'<p class="csr-overall">(.*?)</p>', page[start:], re.S)
    assert line, anchor
    words = re.sub(r'<span class="csr-rating__mark"[^>]*>[^<]*</span>', "", line.group(1))
    return " ".join(re.sub(r"<[^>]+>", " ", words).split())


def _grid_cell(page: str, anchor: str) -> str:
    cell = re.search(rf'href="[^"]*#{anchor}" aria-label="([^"]+)"', page)
    assert cell, anchor
    return cell.group(1)


@pytest.mark.parametrize(("anchor", "internal", "public"), [
    # Partly hidden, not stated: derived from every finding inside, "not stated" outside.
    ("target-level-1-referral", "Overall rating: Amber/Red (from the findings)",
     "Overall rating: Not stated"),
    ("target-level-1-response", "Overall rating: Green/Amber (from the findings)",
     "Overall rating: Not stated"),
    # Stated: the review's own judgement in both, never "from the findings".
    ("target-level-1-planning", "Overall rating: Amber/Red", "Overall rating: Amber/Red"),
    ("target-level-1-assessment", "Overall rating: Amber", "Overall rating: Amber"),
])
def test_a_public_page_never_rates_from_findings_it_hides(
    internal_site: Path, public_site: Path, anchor: str, internal: str, public: str
) -> None:
    review = Path("areas") / "openshire" / "2026-03-10" / "index.html"
    inside = (internal_site / review).read_text("utf-8")
    outside = (public_site / review).read_text("utf-8")
    assert _overall(inside, anchor) == internal
    assert _overall(outside, anchor) == public
    if public.endswith("Not stated"):
        assert _grid_cell(outside, anchor).endswith(": Not stated")
        area = (public_site / "areas" / "openshire" / "index.html").read_text("utf-8")
        assert _grid_cell(area, anchor).endswith(": Not stated")
