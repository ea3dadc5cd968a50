"""Results on a phone and on paper, in a real browser.

At 390 pixels wide (a common phone), every table on every results page, area page and action
plan shows its whole content: either it fits the screen, cell by cell, or it sits in a
labelled region that says it scrolls sideways and can be reached with the keyboard. Captions
are not cut off, and no row heading runs into the cell beside it. Screenshots of every kind of
page at 390 and 1280 pixels are saved under tests/artifacts/ for a person to look at.
Printing an action plan shows each finding once, above its actions.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from csreview.loading.load import Loaded
from csreview.model.resolved import Review
from playwright.sync_api import Browser

from tests.support.browser import screenshot
from tests.test_accessibility import KINDS, TEMPLATES, site_pages

pytestmark = pytest.mark.slow  # drives a browser

PHONE = 390
DATE = r"\d{4}-\d{2}-\d{2}"
RESULTS = [r"areas/[\w-]+/", rf"areas/[\w-]+/{DATE}/", rf"areas/[\w-]+/{DATE}/action-plan/",
           r"areas/[\w-]+/actions-by-agency/"]

# Per table in the page's content: whether it fits, what of it is out of sight, and how the
# region around it (if any) is labelled.
TABLES = """(width) => [...document.querySelectorAll('.md-content table')].map((t, n) => {
  const out = [];
  let region = null;
  for (let a = t.parentElement; a; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (a.scrollWidth > a.clientWidth + 1 && /auto|scroll/.test(s.overflowX)) { region = a; break; }
  }
  // A header row hidden for the eye (kept for screen readers) is not checked.
  const cells = [...t.querySelectorAll('th, td')].filter(
    c => !c.closest('thead') || c.closest('thead').getBoundingClientRect().width > 1);
  for (const c of cells) {
    const r = c.getBoundingClientRect();
    if (!region && (r.right > width + 1 || r.left < -1))
      out.push('cell off screen: ' + c.textContent.trim().slice(0, 40));
    // Content wider than its cell is cut off or runs into the cell beside it.
    if (c.scrollWidth > c.clientWidth + 1)
      out.push((c.matches('th[scope=row]') ? 'row heading runs into its cell: '
                : 'content spills out of its cell: ') + c.textContent.trim().slice(0, 40));
  }
  const cap = t.querySelector('caption');
  if (cap) {
    const r = cap.getBoundingClientRect();
    if (r.right > width + 1 || cap.scrollWidth > cap.clientWidth + 1)
      out.push('caption cut: ' + cap.textContent.trim().slice(0, 40));
  }
  let label = null;
  if (region) {
    const hint = region.querySelector('.csr-scroll-hint') || region.previousElementSibling;
    label = {role: region.getAttribute('role'), tabindex: region.getAttribute('tabindex'),
             name: region.getAttribute('aria-label'),
             says: hint ? hint.textContent : ''};
  }
  return {n, caption: cap ? cap.textContent.trim().slice(0, 60) : '', problems: out, region: label};
})"""


def results_pages(site: Path) -> list[str]:
    return [p for p in site_pages(site) if any(re.fullmatch(r, p) for r in RESULTS)]


def test_every_results_table_shows_its_whole_content_on_a_phone(
    example_site: Path, served: str, browser: Browser
) -> None:
    pages = results_pages(example_site)
    assert len(pages) >= 5, pages  # the area, two reviews and their two action plans
    context = browser.new_context(viewport={"width": PHONE, "height": 844})
    problems: dict[str, list[str]] = {}
    try:
        page = context.new_page()
        for path in pages:
            page.goto(served + path, wait_until="load")
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            tables: list[dict[str, Any]] = page.evaluate(TABLES, PHONE)
            assert tables, path
            found = []
            for t in tables:
                found += [f"table {t['n']} ({t['caption']}): {p}" for p in t["problems"]]
                region = t["region"]
                if region is not None and not (
                        region["role"] == "region" and region["tabindex"] == "0"
                        and region["name"] and "scroll" in region["says"].lower()):
                    found.append(f"table {t['n']} ({t['caption']}) scrolls sideways in a box"
                                 f" that does not say so or cannot be reached: {region}")
            if found:
                problems[path] = found
    finally:
        context.close()
    assert problems == {}, "\n".join(f"{p}:\n  " + "\n  ".join(f) for p, f in problems.items())


# Per table shown as cards (its header row hidden for the eye): each value that is not the
# card's own heading, and whether it shows the name of its column.
CARDS = """() => [...document.querySelectorAll('.md-content table')].flatMap((t, n) => {
  const head = t.querySelector('thead');
  if (!head || head.getBoundingClientRect().width > 1) return [];
  const names = [...head.querySelectorAll('th')].map(h => h.textContent.trim());
  const out = [];
  for (const row of t.querySelectorAll('tbody tr')) {
    const cells = [...row.children];
    if (cells.some(c => c.colSpan > 1)) continue;  // a heading across the card
    cells.forEach((c, i) => {
      if (c.matches('th') || !c.textContent.trim()) return;
      const label = c.getAttribute('data-label') || '';
      const shown = getComputedStyle(c, '::before').content;
      if (!label || shown === 'none' || !(names[i] || '').startsWith(label))
        out.push(`table ${n}: '${c.textContent.trim().slice(0, 30)}' shows no name of its`
                 + ` column (${names[i]}): data-label '${label}', shown ${shown}`);
    });
  }
  return out;
})"""


def test_a_table_shown_as_cards_names_every_value_on_a_phone(
    example_site: Path, served: str, browser: Browser
) -> None:
    """A table that becomes a list of cards on a phone hides its header row, so each value
    must carry its column's name, as the action plan's cards do."""
    context = browser.new_context(viewport={"width": PHONE, "height": 844})
    problems: dict[str, list[str]] = {}
    cards = 0
    try:
        page = context.new_page()
        for path in results_pages(example_site):
            page.goto(served + path, wait_until="load")
            cards += page.evaluate("document.querySelectorAll('.md-content td[data-label]')"
                                   ".length")
            found: list[str] = page.evaluate(CARDS)
            if found:
                problems[path] = found
    finally:
        context.close()
    assert cards > 100, "the pages have tables shown as cards"
    assert problems == {}, "\n".join(f"{p}:\n  " + "\n  ".join(f[:5]) for p, f in problems.items())


def latest_example(loaded: Loaded) -> Review:
    area = loaded.workbook.area("example")
    assert area is not None
    return area.reviews[-1]


def test_the_phone_action_plan_shows_due_and_status_for_every_action(
    served: str, browser: Browser, loaded: Loaded
) -> None:
    review = latest_example(loaded)
    context = browser.new_context(viewport={"width": PHONE, "height": 844})
    try:
        page = context.new_page()
        page.goto(served + f"areas/example/{review.slug}/action-plan/", wait_until="load")
        for label in ["Due", "Status"]:
            cells = page.locator(f"table.csr-plan td[data-label='{label}']")
            assert cells.count() > 0, label
            for i in range(cells.count()):
                box = cells.nth(i).bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE, (
                    label, i, box)
    finally:
        context.close()


def page_kinds(site: Path) -> dict[str, str]:
    kinds = {kind: sample for kind, (_, sample) in KINDS.items()}
    sheets = [p for p in site_pages(site) if re.fullmatch(TEMPLATES, p)]
    kinds["templates-index"] = "templates/"
    kinds["sheet"] = next(p for p in sheets if p.endswith("/") and "target" in p
                          and "prompts" not in p)
    return kinds


@pytest.mark.parametrize("width", [PHONE, 1280])
def test_screenshots_of_every_kind_of_page(
    example_site: Path, served: str, browser: Browser, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    saved = []
    try:
        page = context.new_page()
        for kind, path in page_kinds(example_site).items():
            page.goto(served + path, wait_until="load")
            assert page.evaluate("document.documentElement.scrollWidth") <= width, kind
            saved.append(screenshot(page, f"{width}px-{kind}"))
    finally:
        context.close()
    assert all(p.stat().st_size > 5_000 for p in saved), saved


def test_printing_an_action_plan_shows_each_finding_once(
    served: str, browser: Browser, loaded: Loaded
) -> None:
    review = latest_example(loaded)
    page = browser.new_page()
    try:
        page.goto(served + f"areas/example/{review.slug}/action-plan/", wait_until="load")
        page.emulate_media(media="print")
        text = page.locator("table.csr-plan").inner_text()
    finally:
        page.close()
    open_ids = loaded.content.framework.open_statuses()
    open_findings = {id(f): f for _, f, a in review.all_actions() if a.status in open_ids}
    for finding in open_findings.values():
        first_line = finding.text.strip().splitlines()[0].strip()
        assert text.count(first_line) == 1, first_line


SPLIT = """() => {
  const style = (sel) => { const e = document.querySelector(sel);
    if (!e) return null; const s = getComputedStyle(e);
    return {color: s.backgroundColor, image: s.backgroundImage, text: e.textContent.trim()}; };
  return {pair: style('table.csr-grid .csr-rating--amber-red'),
          none: (() => { const e = document.createElement('span');
                         e.className = 'csr-rating csr-rating--none'; e.textContent = 'x';
                         document.querySelector('.md-typeset').append(e);
                         return style('.md-typeset > .csr-rating--none'); })(),
          amber: style('table.csr-grid .csr-rating--amber'),
          red: style('table.csr-grid .csr-rating--red')};
}"""


def test_a_split_rating_looks_like_both_ratings_not_like_no_data(
    served: str, browser: Browser
) -> None:
    page = browser.new_page()
    try:
        page.goto(served + "areas/example/2026-03-10/", wait_until="load")
        found: dict[str, dict[str, str] | None] = page.evaluate(SPLIT)
    finally:
        page.close()
    pair, none, amber, red = found["pair"], found["none"], found["amber"], found["red"]
    assert pair and none and amber and red, found
    assert pair["text"].endswith("Amber/Red") and pair["text"].startswith("◐○"), pair
    assert pair["color"] != none["color"], "a split rating is tinted, not grey"
    # Both tints show: the amber half and the red half.
    assert amber["color"] in pair["image"] and red["color"] in pair["image"], pair
