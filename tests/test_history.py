"""An area's story across reviews, from a three-review fixture built for real.

Northbridge (tests/fixtures/history/reviews) has three reviews: its Level 1 referral goes
red → red → green, its response slips amber → red, a Level 2 cell is first reviewed in the
third review, and `referral-form-training` slips past its due date twice.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
from csreview.loading.load import Loaded, load_all
from csreview.source.diagnostics import Diagnostics
from csreview.views.history import IMPROVED, NEW, SLIPPED, UNCHANGED, AreaHistory, area_history
from playwright.sync_api import Browser

from tests.support.browser import (
    axe_violations,
    format_violations,
    open_page,
    screenshot,
    serve_directory,
)
from tests.support.cli import REPO, csreview

FIXTURE = Path(__file__).parent / "fixtures" / "history" / "reviews"
BUILD_DAY = date(2026, 9, 21)  # SOURCE_DATE_EPOCH=1790000000, set by tests.support.cli
REFERRAL = ("target", "level-1", "referral")


def text_of(markup: str) -> str:
    """Visible text, roughly: tags dropped, spaces folded, no space before punctuation."""
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())
    return re.sub(r" ([.,;:])", r"\1", words)


def section(markup: str, start_id: str, end_id: str) -> str:
    start = markup.index(f'id="{start_id}"')
    return markup[start:markup.index(f'id="{end_id}"', start)]


def cell(markup: str, href: str) -> str:
    """The table cell holding the link to ``href``."""
    at = markup.index(f'href="{href}"')
    return markup[markup.rindex("<td", 0, at):markup.index("</td>", at)]


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    diags = Diagnostics()
    result = load_all(REPO / "content", FIXTURE, diags)
    assert result is not None and not diags.items, [d.format() for d in diags]
    return result


@pytest.fixture(scope="module")
def story(loaded: Loaded) -> AreaHistory:
    area = loaded.workbook.area("northbridge")
    assert area is not None
    return area_history(area, loaded.content.framework, BUILD_DAY)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("history") / "site"
    result = csreview("build", "--no-pdf", "--reviews", FIXTURE, "--site-dir", out)
    assert result.returncode == 0, result.stderr
    assert "0 warnings" in result.stderr, result.stderr
    return out


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


# --- The model: changes and journeys --------------------------------------------------------

def test_changes_are_computed_between_consecutive_reviews(story: AreaHistory) -> None:
    first, second, third = story.steps
    assert first.previous is None and first.changes == {}
    assert second.previous is first.review and third.previous is second.review

    assert second.changes[REFERRAL].kind == UNCHANGED  # red, and red again
    response = second.changes[("target", "level-1", "response")]
    assert (response.kind, response.before and response.before.overall,
            response.after and response.after.overall) == (SLIPPED, "amber", "red")

    jump = third.changes[REFERRAL]
    assert jump.kind == IMPROVED
    assert jump.before is not None and jump.before.overall == "red"
    assert jump.after is not None and jump.after.overall == "green"
    # The finding whose new text explains the jump, counted as the review page counts them.
    assert jump.reason is not None and jump.reason.text.startswith("Since the new course")
    assert jump.reason_number == 1

    new = third.changes[("target", "level-2", "referral")]
    assert new.kind == NEW and new.before is None
    assert third.counts()[IMPROVED] == 1 and third.counts()[NEW] == 1
    assert third.counts()[UNCHANGED] == 3
    # Cells never reviewed in either review are not changes at all.
    assert ("outcomes", "level-1", "referral") not in third.changes


def test_a_carried_action_has_one_journey_across_three_reviews(story: AreaHistory) -> None:
    fw_story = {j.key: j for j in story.journeys}
    training = fw_story["referral-form-training"]
    assert [s.review.slug for s in training.sightings] == [
        "2025-03-11", "2025-09-16", "2026-03-10"]
    assert [s.action.status for s in training.sightings] == [
        "not-started", "in-progress", "in-progress"]
    assert training.raised == date(2025, 3, 11)
    assert training.note() == "Two of five courses have run; the rest are booked."


def test_actions_without_ids_are_followed_by_their_text(story: AreaHistory) -> None:
    by_text = [j for j in story.journeys if j.latest.action.text.startswith("Dip-sample")]
    assert len(by_text) == 1
    assert [s.action.status for s in by_text[0].sightings] == ["not-started", "done"]


def test_days_open_and_repeated_slips(loaded: Loaded, story: AreaHistory) -> None:
    fw = loaded.content.framework
    journeys = {j.key: j for j in story.journeys}
    training = journeys["referral-form-training"]
    assert training.days_open(fw, BUILD_DAY) == (BUILD_DAY - date(2025, 3, 11)).days == 559
    slips = training.slips(fw)
    # Moved after 30 June had passed, then still open after 19 December had passed.
    assert [(s.review.slug, s.due, s.moved) for s in slips] == [
        ("2025-09-16", date(2025, 6, 30), True), ("2026-03-10", date(2025, 12, 19), False)]
    # Slipped once (moved after its date passed) is not "more than once".
    panel = journeys["restart-locations-panel"]
    assert len(panel.slips(fw)) == 1 and not panel.slipped_repeatedly(fw)
    assert [j.key for j in story.repeated_slips(fw)] == ["referral-form-training"]
    assert journeys["planning-audit"].days_open(fw, BUILD_DAY) is None  # done


# --- The area page ------------------------------------------------------------------------

def test_area_page_shows_every_review_most_recent_first(site: Path) -> None:
    markup = page(site, "areas/northbridge")
    over_time = section(markup, "over-time", "actions")
    dates = re.findall(r'<h3 id="over-time-(\d{4}-\d\d-\d\d)"', over_time)
    assert dates == ["2026-03-10", "2025-09-16", "2025-03-11"]
    assert over_time.count('<table class="csr-grid csr-grid--compact">') == 3
    assert "First review: nothing earlier to compare with." in text_of(over_time)


def test_latest_grid_marks_each_change_in_words_and_symbols(site: Path) -> None:
    markup = page(site, "areas/northbridge")
    latest = section(markup, "latest", "changes")
    assert text_of(cell(latest, "2026-03-10/#target-level-1-referral")) == "● Green ▲ Improved"
    assert text_of(cell(latest, "2026-03-10/#target-level-2-referral")) == "○ Red ✚ Newly reviewed"
    assert text_of(cell(latest, "2026-03-10/#target-level-1-planning")) == "● Green = Unchanged"
    # The symbols are decoration for screen readers; the words carry the meaning.
    assert '<span class="csr-change__mark" aria-hidden="true">▲</span> Improved' in latest


def test_earlier_grids_mark_their_own_changes(site: Path) -> None:
    over_time = section(page(site, "areas/northbridge"), "over-time", "actions")
    autumn = over_time[over_time.index('id="over-time-2025-09-16"'):
                       over_time.index('id="over-time-2025-03-11"')]
    assert text_of(cell(autumn, "2025-09-16/#target-level-1-response")) == "○ Red ▼ Worsened"
    assert "Since 11 March 2025: ▼ 1 worsened · = 3 unchanged." in text_of(autumn)
    spring = over_time[over_time.index('id="over-time-2025-03-11"'):]
    assert text_of(cell(spring, "2025-03-11/#target-level-1-referral")) == "○ Red"


def test_what_changed_links_each_change_to_its_finding(site: Path) -> None:
    changes = section(page(site, "areas/northbridge"), "changes", "over-time")
    items = re.findall(r'<li class="csr-changes__item">(.*?)</li>', changes, re.S)
    assert len(items) == 2
    jump, new = items
    assert text_of(jump).startswith(
        "Target · Level 1 · Referral: ▲ Improved, from ○ Red to ● Green. Why: finding 1 of"
        " the review on 10 March 2026 — Since the new course, 18 of the 20 referrals")
    assert '<a href="2026-03-10/#target-level-1-referral">finding 1 of the review' in jump
    assert text_of(new).startswith("Target · Level 2 · Referral: ✚ Newly reviewed: ○ Red.")
    assert '<a href="2026-03-10/#target-level-2-referral">' in new


def test_action_journeys_on_the_area_page(site: Path) -> None:
    actions = page(site, "areas/northbridge")
    actions = actions[actions.index('id="actions"'):actions.index('id="reviews"')]
    rows = re.findall(r"<tr>(.*?)</tr>", actions, re.S)
    training = text_of(next(r for r in rows if "referral-form-training" in r))
    assert ("11 March 2025: Not started, due 30 June 2025 "
            "16 September 2025: In progress, due 19 December 2025 ◷ Slipped: 30 June 2025 had"
            " passed; due date moved "
            "10 March 2026: In progress, due 19 December 2025 ◷ Slipped: past its due date"
            ) in training
    assert "559 days" in training
    assert "Two of five courses have run; the rest are booked." in training
    slipping = actions[actions.index('id="slipped-repeatedly"'):actions.index('id="open-actions"')]
    assert "referral-form-training" in slipping and "restart-locations-panel" not in slipping
    assert "◷ Slipped 2 times" in text_of(slipping)
    done = actions[actions.index("<details"):actions.index("</details>")]
    assert "Dip-sample twenty assessments" in done and "Dropped" in done
    assert "As of 21 September 2026, 4 actions are open and 4 have been done or dropped." in (
        text_of(actions))


def test_a_long_history_is_told_in_bounded_space(tmp_path: Path) -> None:
    """After eight reviews, each action shows its first and last two reviews with one line
    for those between, and only the latest six grids are drawn: the page grows with the
    number of actions, not with actions times reviews."""
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    import national

    national.make_reviews(tmp_path / "reviews", areas=1, reviews=8)
    diags = Diagnostics()
    loaded = load_all(REPO / "content", tmp_path / "reviews", diags)
    assert loaded is not None and not diags.errors
    from csreview.pages import SiteOptions, generate

    markup = generate(loaded, SiteOptions(pdf=False, build_date=BUILD_DAY)).text(
        "areas/area-000/index.md")
    journey = re.search(r'<ol class="csr-journey">(.*?)</ol>', markup, re.S)
    assert journey is not None
    steps = re.findall(r"<li[^>]*>(.*?)</li>", journey.group(1), re.S)
    assert len(steps) == 4, steps
    assert re.fullmatch(r"5 reviews from 13 July 2021 to 11 July 2023: In progress;"
                        r" ◷ Slipped at \d of them", text_of(steps[1])), text_of(steps[1])
    assert markup.count('<section class="csr-multiple"') == 6
    assert "Only the latest 6 reviews are drawn here; the 2 earlier ones" in text_of(markup)


def test_an_area_with_one_review_has_nothing_to_compare(site: Path) -> None:
    markup = page(site, "areas/ashby")
    assert 'id="changes"' not in markup
    assert "First review: nothing earlier to compare with." in text_of(markup)
    assert "▲" not in markup and "▼" not in text_of(markup)


# --- The areas index ----------------------------------------------------------------------

def test_areas_index_is_alphabetical_with_latest_date_and_thumbnail(site: Path) -> None:
    markup = page(site, "areas")
    names = re.findall(r'<h2 id="area-[^"]+"><a href="[^"]+">([^<]+)</a>', markup)
    assert names == ["Ashby", "Northbridge", "Wexley"]
    cards = dict(zip(names, markup.split('class="csr-area-card"')[1:], strict=True))
    north = cards["Northbridge"]
    assert "Latest review: 10 March 2026 · 3 reviews" in text_of(north)
    assert "Since 16 September 2025: ▲ 1 improved · ✚ 1 newly reviewed · = 3 unchanged." in (
        text_of(north))
    thumb = north[north.index('<table class="csr-thumb">'):north.index("</table>")]
    assert "<caption>Latest ratings in Northbridge, from the review on 10 March 2026." in thumb
    cells = [text_of(c) for c in re.findall(r"<td>(.*?)</td>", thumb, re.S)]
    assert len(cells) == 32
    assert cells[0] == "● Green" and cells[4] == "○ Red" and cells[-1] == "– Not reviewed"
    assert "Latest review: 2 February 2026" in text_of(cards["Ashby"])
    assert "No reviews yet." in text_of(cards["Wexley"])
    # Not a league table: nothing numbers, scores or orders areas against each other.
    assert "<ol" not in markup[markup.index("csr-area-cards"):]
    assert "This list is not a ranking" in text_of(markup)


# --- In a real browser --------------------------------------------------------------------

@pytest.mark.parametrize("url", ["areas/northbridge/", "areas/", "areas/ashby/",
                                 "areas/wexley/"])
def test_history_pages_have_no_axe_violations(site: Path, browser: Browser, url: str) -> None:
    with serve_directory(site) as base:
        page_, external = open_page(browser, base + url)
        try:
            page_.set_viewport_size({"width": 1280, "height": 900})
            violations = axe_violations(page_)
            assert violations == [], format_violations(violations)
            assert external == []
            screenshot(page_, "history-" + (url.strip("/").replace("/", "-")))
        finally:
            page_.context.close()


def test_area_page_in_dark_mode_has_no_axe_violations(site: Path, browser: Browser) -> None:
    with serve_directory(site) as base:
        context = browser.new_context(color_scheme="dark")
        try:
            page_ = context.new_page()
            page_.goto(base + "areas/northbridge/", wait_until="networkidle")
            assert page_.evaluate("document.body.dataset.mdColorScheme") == "slate"
            violations = axe_violations(page_)
            assert violations == [], format_violations(violations)
        finally:
            context.close()


def test_small_multiples_sit_side_by_side_on_a_laptop(site: Path, browser: Browser) -> None:
    with serve_directory(site) as base:
        page_, _ = open_page(browser, base + "areas/northbridge/")
        try:
            page_.set_viewport_size({"width": 1280, "height": 900})
            tops = page_.eval_on_selector_all(
                ".csr-multiple", "els => els.map(e => Math.round(e.getBoundingClientRect().top))")
            assert len(tops) == 3
            assert tops[0] == tops[1] < tops[2], tops  # two in the first row, one below
            # Every change marker shows a word, not only a symbol or a colour.
            words = page_.eval_on_selector_all(
                ".csr-change", "els => els.map(e => e.innerText.replace(/^\\W+/, '').trim())")
            assert words and all(w[:1].isalpha() for w in words), words
        finally:
            page_.context.close()


@pytest.mark.parametrize("url", ["areas/northbridge/", "areas/"])
def test_a_phone_sized_screen_can_read_the_history(
    site: Path, browser: Browser, url: str
) -> None:
    with serve_directory(site) as base:
        context = browser.new_context(viewport={"width": 375, "height": 800})
        try:
            page_ = context.new_page()
            page_.goto(base + url, wait_until="networkidle")
            # The page never scrolls sideways; only a table's own wrapper may.
            assert page_.evaluate("document.documentElement.scrollWidth") <= 375
            violations = axe_violations(page_)
            assert violations == [], format_violations(violations)
        finally:
            context.close()
