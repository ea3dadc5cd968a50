"""Keyboard only, in real Chromium on the built example: skip link, nav, search, the review grid.

Every move is a key press through Playwright's `page.keyboard`: nothing is clicked and focus is
never moved from script, so what passes here works for someone who cannot use a mouse. Scripts
only read the page (which element has focus, how it looks, where it sits), apart from marking
elements to measure again later and running CSS transitions to their end.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from csreview.loading.load import Loaded
from playwright.sync_api import Browser, Page, Route

from tests.support.browser import LOCAL_HOSTS, open_page

pytestmark = pytest.mark.slow  # drives a browser

REVIEW = "areas/example/2026-09-15/"
# Far more stops than any page has: a walk that never leaves the page is a keyboard trap.
MAX_TAB_STOPS = 500

# What has focus, or None once focus has left the page (Tab past the last stop).
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  return {
    tag: e.tagName.toLowerCase(),
    href: e.getAttribute('href'),
    text: (e.textContent || '').replace(/\\s+/g, ' ').trim(),
    name: e.getAttribute('aria-label') || '',
    inContent: !!e.closest('.md-content'),
    inPrimaryNav: !!e.closest('.md-nav--primary'),
    inGrid: !!e.closest('table.csr-grid'),
    isSearch: e.matches('input.md-search__input'),
  };
}"""

# How a focusable element looks and whether a sighted user can see it. Material's colour-scheme
# switch is a visually hidden radio button that shows its focus on the label after it.
# Transitions (Material fades the search overlay, colours, the skip link) are run to their end
# first, so the page is measured as it settles rather than mid-fade. A link broken over two
# lines is judged by its first line: the middle of its whole box can be the text beside it.
LOOK = """e => {
  for (const a of document.getAnimations()) { try { a.finish(); } catch (_) {} }
  const shown = e.matches('input.md-option') ? e.nextElementSibling : e;
  const s = getComputedStyle(shown);
  const r = shown.getClientRects()[0] || shown.getBoundingClientRect();
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {
    ring: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' / '),
    hasRing: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
             || s.boxShadow !== 'none',
    onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
              && r.top < innerHeight && r.left < innerWidth,
    uncovered: !!top && (shown === top || shown.contains(top)),
  };
}"""

FOCUSED_LOOK = f"() => ({LOOK})(document.activeElement)"


@pytest.fixture(scope="module")
def cell_anchors(loaded: Loaded) -> list[str]:
    """The grid's cells in reading order (row by row), from the review file itself."""
    fw = loaded.content.framework
    area = loaded.workbook.area("example")
    assert area is not None
    review = next(r for r in area.reviews if r.slug == REVIEW.split("/")[2])
    return [point.anchor
            for d in fw.ids("domains") for lv in fw.ids("levels") for p in fw.ids("system_points")
            if (point := review.point(d, lv, p)) is not None]


def tab(page: Page) -> dict[str, Any] | None:
    page.keyboard.press("Tab")
    focused: dict[str, Any] | None = page.evaluate(FOCUSED)
    return focused


def tab_until(page: Page, wanted: str, what: str) -> dict[str, Any]:
    """Press Tab until the focused element has the truthy key `wanted`; fail if it never does."""
    for _ in range(MAX_TAB_STOPS):
        focused = tab(page)
        if focused is not None and focused[wanted]:
            return focused
    raise AssertionError(f"Tab never reached {what}")


def test_every_page_but_404_has_a_skip_link_to_a_real_target(example_site: Path) -> None:
    pages = sorted(example_site.rglob("index.html"))
    assert len(pages) > 20
    for path in pages:
        html = path.read_text("utf-8")
        found = re.search(r'<a href="#([^"]+)" class="md-skip">\s*Skip to content\s*</a>', html)
        assert found, f"{path.relative_to(example_site)}: no skip link"
        assert f'id="{found[1]}"' in html, f"{path.relative_to(example_site)}: #{found[1]} missing"


@pytest.mark.parametrize("path", ["", "guide/", "templates/target/", REVIEW,
                                  REVIEW + "action-plan/"])
def test_the_first_tab_stop_skips_to_the_content(served: str, browser: Browser,
                                                 path: str) -> None:
    page, external = open_page(browser, served + path)
    try:
        first = tab(page)
        assert first is not None
        assert first["text"] == "Skip to content"
        # Material slides the link in as it takes focus; it must end up on screen.
        page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'")
        look = page.evaluate(FOCUSED_LOOK)
        assert look["onScreen"] and look["uncovered"], look
        page.keyboard.press("Enter")
        assert urlsplit(page.url).fragment == first["href"].lstrip("#")
        after = tab(page)
        assert after is not None and after["inContent"], f"Tab after skipping went to {after}"
        assert external == []
    finally:
        page.context.close()


def test_tab_reaches_the_primary_nav_and_enter_follows_a_link(served: str,
                                                              browser: Browser) -> None:
    page, external = open_page(browser, served + "guide/")
    try:
        visible = page.evaluate("""() => [...document.querySelectorAll(
            '.md-nav--primary a.md-nav__link')]
            .filter(a => a.checkVisibility({visibilityProperty: true}))
            .map(a => a.getAttribute('href'))""")
        assert len(visible) >= 6, visible
        reached = [tab_until(page, "inPrimaryNav", "the primary navigation")["href"]]
        while (focused := tab(page)) is not None and focused["inPrimaryNav"]:
            if focused["tag"] == "a":
                reached.append(focused["href"])
        assert reached == visible
        page.reload(wait_until="networkidle")
        while (focused := tab_until(page, "inPrimaryNav", "the Areas link"))["text"] != "Areas":
            pass
        page.keyboard.press("Enter")
        page.wait_for_url(served + "areas/")
        assert page.locator("h1").inner_text().rstrip("¶").strip() == "Areas"
        assert external == []
    finally:
        page.context.close()


def test_menu_section_arrows_are_named_buttons_that_open_their_section(
        served: str, browser: Browser) -> None:
    """Material's arrow beside a section with its own page is a tab stop; without a name a
    screen reader cannot say what it is (WCAG 4.1.2). Our theme script names it, marks it
    as a button with its state, and Space and Enter both open and close the section."""
    page, external = open_page(browser, served + "guide/")
    try:
        nameless = page.evaluate("""() => [...document.querySelectorAll(
            '.md-nav--primary a[href], .md-nav--primary [tabindex="0"]')]
            .filter(e => e.checkVisibility({visibilityProperty: true}))
            .filter(e => !((e.getAttribute('aria-label') || '') + e.textContent).trim())
            .map(e => e.outerHTML)""")
        assert nameless == []
        arrows = page.get_by_role("button", name=re.compile(r"^Pages in "))
        assert arrows.count() >= 3
        closed = page.locator(".md-nav--primary label[role='button'][aria-expanded='false']")
        arrow = closed.first
        name = arrow.get_attribute("aria-label")
        toggle = page.locator(f"#{arrow.get_attribute('for')}")
        arrow.focus()
        page.keyboard.press("Space")
        assert toggle.is_checked()
        named = page.locator(f".md-nav--primary label[aria-label='{name}']")
        assert named.get_attribute("aria-expanded") == "true"
        page.keyboard.press("Enter")
        assert not toggle.is_checked()
        assert named.get_attribute("aria-expanded") == "false"
        assert external == []
    finally:
        page.context.close()


def open_logged(browser: Browser, url: str) -> tuple[Page, list[str]]:
    """Open `url` logging every request, local or not; requests to other hosts are aborted."""
    requests: list[str] = []

    def route(route: Route) -> None:
        requests.append(route.request.url)
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            route.abort()

    context = browser.new_context()
    context.route("**/*", route)  # also sees the search web worker's fetches
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    return page, requests


@pytest.mark.parametrize("way_in", ["shortcut", "tab"])
def test_search_by_keyboard_finds_and_opens_a_result(served: str, browser: Browser,
                                                     way_in: str) -> None:
    page, requests = open_logged(browser, served)
    try:
        if way_in == "shortcut":
            page.keyboard.press("/")  # Material's shortcut, as are "s" and "f"
            assert page.evaluate(FOCUSED)["isSearch"]
        else:
            tab_until(page, "isSearch", "the search box")
        page.keyboard.type("referral")
        results = page.locator(".md-search-result__item")
        results.first.wait_for()
        assert re.fullmatch(r"\d+ matching documents?",
                            page.locator(".md-search-result__meta").inner_text().strip())
        page.keyboard.press("ArrowDown")
        chosen = page.evaluate(FOCUSED)
        assert chosen["tag"] == "a" and chosen["href"], chosen
        target = urlsplit(chosen["href"]).path
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: urlsplit(url).path == target)
        assert "referral" in page.locator("article").inner_text().lower()
        hosts = {urlsplit(u).hostname for u in requests}
        assert hosts <= LOCAL_HOSTS, sorted(u for u in requests
                                            if urlsplit(u).hostname not in LOCAL_HOSTS)
        # The index came from this site, fetched by Material's search worker.
        assert any(urlsplit(u).path == "/search/search_index.json" for u in requests)
    finally:
        page.context.close()


def walk(page: Page) -> list[dict[str, Any]]:
    """Tab through the whole page once; each stop's description plus how it looks focused."""
    stops = []
    for index in range(MAX_TAB_STOPS):
        focused = tab(page)
        if focused is None:
            return stops
        if focused["isSearch"]:
            # Material opens the search (a white box over a dimmed page) just after its input
            # takes focus: that change is the input's focus indicator.
            page.wait_for_function("document.getElementById('__search').checked", timeout=5000)
        page.evaluate("i => { document.activeElement.dataset.kbStop = i; }", index)
        stops.append({**focused, "index": index, **page.evaluate(FOCUSED_LOOK)})
    raise AssertionError(f"still inside the page after {MAX_TAB_STOPS} Tab presses: a trap?")


def unfocused_looks(page: Page) -> dict[int, dict[str, Any]]:
    looks: dict[str, dict[str, Any]] = page.evaluate(
        f"""() => Object.fromEntries([...document.querySelectorAll('[data-kb-stop]')]
            .map(e => [e.dataset.kbStop, ({LOOK})(e)]))""")
    return {int(k): v for k, v in looks.items()}


@pytest.mark.parametrize("path", ["", "guide/", "areas/example/", REVIEW,
                                  REVIEW + "action-plan/", "templates/target/"])
def test_every_tab_stop_is_on_screen_and_visibly_focused(served: str, browser: Browser,
                                                         path: str) -> None:
    page, _ = open_page(browser, served + path)
    try:
        stops = walk(page)
        assert len(stops) > 5
        before = unfocused_looks(page)
        problems = []
        for stop in stops:
            where = f"stop {stop['index']}: <{stop['tag']}> {stop['href'] or ''} " \
                    f"{(stop['name'] or stop['text'])[:50]!r}"
            if not stop["onScreen"]:
                problems.append(f"{where} is off screen or has no size")
            elif not stop["uncovered"]:
                problems.append(f"{where} is hidden under something else")
            # A ring (outline or shadow) that only focus brings. The search box shows focus by
            # opening instead, which walk() has already waited for.
            ring = stop["hasRing"] and stop["ring"] != before[stop["index"]]["ring"]
            if not (ring or stop["isSearch"]):
                problems.append(f"{where} has no focus ring ({stop['ring']})")
        assert problems == [], "\n".join(problems)
    finally:
        page.context.close()


def test_every_grid_cell_is_a_tab_stop_and_enter_opens_its_findings(
    served: str, browser: Browser, cell_anchors: list[str]
) -> None:
    assert len(cell_anchors) == 32
    page, external = open_page(browser, served + REVIEW)
    try:
        assert page.evaluate("""() => [...document.querySelectorAll('table.csr-grid a')]
            .map(a => a.getAttribute('href'))""") == [f"#{a}" for a in cell_anchors]
        # In by the skip link, then Tab through the content until the grid is behind us.
        tab(page)
        page.keyboard.press("Enter")
        presses: dict[str, int] = {}
        looks: dict[str, str] = {}
        for count in range(1, MAX_TAB_STOPS):
            focused = tab(page)
            assert focused is not None, "left the page without passing the grid"
            if focused["inGrid"]:
                presses[focused["href"]] = count
                looks[focused["href"]] = page.evaluate(FOCUSED_LOOK)["ring"]
                page.evaluate("document.activeElement.dataset.kbCell = 'seen'")
            elif presses:
                break
        assert list(presses) == [f"#{a}" for a in cell_anchors]
        resting = page.evaluate(f"""() => Object.fromEntries([...document.querySelectorAll(
            '[data-kb-cell]')].map(e => [e.getAttribute('href'), ({LOOK})(e).ring]))""")
        for href, ring in looks.items():
            assert ring != resting[href], f"{href}: no visible focus ring ({ring})"
            assert not ring.startswith("none"), f"{href}: focus ring is {ring}"

        # Enter on the first, a middle and the last cell: reloading for all 32 made the test
        # slow, and every cell's link is already checked to point at its own findings.
        hrefs = list(presses)
        for href in (hrefs[0], hrefs[len(hrefs) // 2], hrefs[-1]):
            count = presses[href]
            # networkidle: Material's script adds controls after load, which moves tab stops.
            page.goto(served + REVIEW, wait_until="networkidle")
            page.keyboard.press("Tab")
            page.keyboard.press("Enter")
            for _ in range(count):
                page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            assert focused is not None and focused["href"] == href
            badge = focused["text"]
            page.keyboard.press("Enter")
            # The keypress returns before the browser has followed the link: on a loaded
            # machine the address still showed the skip link's #summary. Wait for the move
            # (a link that goes nowhere times out here), then check where it went.
            page.wait_for_function("h => location.hash === h", arg=href, timeout=10_000)
            assert "#" + urlsplit(page.url).fragment == href
            target = page.evaluate("""id => { const h = document.getElementById(id);
                const r = h.getBoundingClientRect();
                const rating = h.nextElementSibling.querySelector('.csr-overall .csr-rating');
                return {tag: h.tagName.toLowerCase(), top: r.top, bottom: r.bottom,
                        header: document.querySelector('.md-header').getBoundingClientRect()
                          .bottom, height: innerHeight,
                        rating: rating.textContent.replace(/\\s+/g, ' ').trim()}; }""",
                                   href[1:])
            assert target["tag"].startswith("h"), target
            # In view and not tucked under the sticky header.
            assert target["header"] <= target["top"], (href, target)
            assert target["bottom"] <= target["height"], (href, target)
            assert target["rating"] == badge, (href, target)
        assert external == []
    finally:
        page.context.close()
