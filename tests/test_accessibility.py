"""Real browser, real site: zero axe WCAG 2.2 AA violations and no request to another host.

Every blank sheet is checked, and one page of every other kind; a test fails if the build grows
a page that belongs to no known kind, so a new kind of page cannot go unchecked.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any, Literal

import pytest
from csreview.loading.load import Loaded
from csreview.model.framework import Framework
from playwright.sync_api import Browser, Page

from tests.support.browser import (
    ARTIFACTS,
    axe_violations,
    format_violations,
    open_page,
    screenshot,
)

pytestmark = pytest.mark.slow  # drives a browser

REVIEW = "areas/example/2026-09-15/"
DATE = r"\d{4}-\d{2}-\d{2}"

# Each kind of page: the pattern its paths (relative to the site root) match, and the page of
# that kind that is checked. Blank sheets are not here: every one of them is checked.
KINDS: dict[str, tuple[str, str]] = {
    "start": (r"", ""),
    "statement": (r"accessibility/", "accessibility/"),
    "guidance": (r"guide/([\w-]+/)?", "guide/"),
    "framework": (r"framework/([\w-]+/)?", "framework/values/"),
    "prompts-index": (r"prompts/", "prompts/"),
    "prompt": (r"prompts/[\w-]+/", "prompts/target/"),
    "areas": (r"areas/", "areas/"),
    "area": (r"areas/[\w-]+/", "areas/example/"),
    "review": (rf"areas/[\w-]+/{DATE}/", REVIEW),
    "action-plan": (rf"areas/[\w-]+/{DATE}/action-plan/", REVIEW + "action-plan/"),
    "actions-by-agency": (r"areas/[\w-]+/actions-by-agency/", "areas/example/actions-by-agency/"),
    "not-found": (r"404\.html", "404.html"),
}
TEMPLATES = r"templates/([\w-]+/)?"
# The templates index, four recording sheets, the values checker, four prompt hand-outs, the
# sign-in sheet and the blank action plan.
MIN_TEMPLATE_PAGES = 1 + 4 + 1 + 4 + 1 + 1


def site_pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as a path relative to its root ('' for the start)."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        pages.append(rel.removesuffix("index.html"))
    return pages


def check(browser: Browser, url: str, shot: str | None = None) -> str:
    """Problems with one page: axe violations and requests to other hosts; '' when none."""
    page, external = open_page(browser, url)
    try:
        violations = axe_violations(page)
        if shot:
            screenshot(page, shot)
    finally:
        page.context.close()
    problems = [format_violations(violations)] if violations else []
    problems += [f"request to another host: {u}" for u in external]
    return "\n".join(problems)


def test_every_built_page_is_of_a_checked_kind(example_site: Path) -> None:
    pages = site_pages(example_site)
    unknown = [p for p in pages if not re.fullmatch(TEMPLATES, p)
               and not any(re.fullmatch(pattern, p) for pattern, _ in KINDS.values())]
    assert unknown == [], f"pages of no known kind (add them to KINDS): {unknown}"
    for kind, (pattern, sample) in KINDS.items():
        assert re.fullmatch(pattern, sample), kind
        assert sample in pages, f"{kind}: {sample} is not in the built site"


@pytest.mark.parametrize("kind", KINDS)
def test_page_has_no_axe_violations_and_no_external_requests(
    served: str, browser: Browser, kind: str
) -> None:
    problems = check(browser, served + KINDS[kind][1], shot=f"page-{kind}")
    assert problems == "", problems


def test_every_blank_sheet_has_no_axe_violations_and_no_external_requests(
    example_site: Path, served: str, browser: Browser
) -> None:
    # From the built site, so a sheet added later is checked without touching this test.
    sheets = [p for p in site_pages(example_site) if re.fullmatch(TEMPLATES, p)]
    assert len(sheets) >= MIN_TEMPLATE_PAGES, sheets
    problems = {p: found for p in sheets if (found := check(browser, served + p))}
    assert problems == {}, "\n".join(f"{p}:\n{found}" for p, found in problems.items())


def test_every_kind_of_page_reflows_at_400_percent_zoom(
    example_site: Path, served: str, browser: Browser
) -> None:
    # 400% zoom of a 1280-pixel window leaves 320 CSS pixels (WCAG 1.4.10). Wide tables may
    # scroll inside their own box; the page itself must not scroll sideways.
    sheets = [p for p in site_pages(example_site) if re.fullmatch(TEMPLATES, p)]
    context = browser.new_context(viewport={"width": 320, "height": 256})
    try:
        page = context.new_page()
        wide = {}
        for path in [sample for _, sample in KINDS.values()] + sheets:
            page.goto(served + path, wait_until="load")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide[path] = width
        assert wide == {}, f"pages wider than 320 pixels: {wide}"
    finally:
        context.close()


def test_dark_mode_review_page_has_no_axe_violations(served: str, browser: Browser) -> None:
    # A reader whose system prefers dark gets the slate scheme from the palette's media query.
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(served + REVIEW, wait_until="networkidle")
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert scheme == "slate"
        violations = axe_violations(page)
        screenshot(page, "dark-review")
        assert violations == [], format_violations(violations)
    finally:
        context.close()


def test_a_phone_sized_screen_can_read_the_review(served: str, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.goto(served + REVIEW, wait_until="networkidle")
        # The page itself never scrolls sideways; only the grid's own wrapper may.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
        assert page.locator("table.csr-grid").is_visible()
        screenshot(page, "phone-review")
    finally:
        context.close()


# --- The review grid in greyscale: ratings must not depend on colour ------------------------


def expected_badges(loaded: Loaded) -> list[str]:
    """Each grid cell's badge text, row by row, worked out from the framework and review."""
    fw: Framework = loaded.content.framework
    area = loaded.workbook.area("example")
    assert area is not None
    review = next(r for r in area.reviews if r.slug == REVIEW.split("/")[2])
    badges = []
    for d in fw.ids("domains"):
        for lv in fw.ids("levels"):
            for p in fw.ids("system_points"):
                point = review.point(d, lv, p)
                if point is None:
                    continue
                if point.overall is None:
                    badges.append("Not stated")
                    continue
                parts = [fw.rating(part) for part in point.overall.split("/")]
                badges.append("".join(r.symbol for r in parts) + " "
                              + "/".join(r.name for r in parts))
    return badges


def rgba(css: str) -> tuple[float, float, float, float]:
    found = re.fullmatch(r"rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)", css)
    assert found, f"unexpected colour {css!r}"
    r, g, b, a = found.groups()
    return float(r), float(g), float(b), float(a) if a is not None else 1.0


def grey(colour: tuple[float, float, float]) -> float:
    """What CSS `filter: grayscale(1)` makes of an sRGB colour (Filter Effects 1, sRGB values)."""
    r, g, b = colour
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def relative_luminance(level: float) -> float:
    """WCAG 2 relative luminance of a grey whose three sRGB channels are all `level`."""
    c = level / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def contrast(a: float, b: float) -> float:
    light, dark = sorted([relative_luminance(a), relative_luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(top: tuple[float, float, float, float],
         under: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b, a = top
    return (r * a + under[0] * (1 - a), g * a + under[1] * (1 - a), b * a + under[2] * (1 - a))


# Each badge: its text, its text colour, the background colours from it up to the root (the
# first opaque one ends the list), and a point inside its left padding, where only the
# background shows.
BADGES = """() => [...document.querySelectorAll('table.csr-grid a .csr-rating')].map(e => {
  const backgrounds = [];
  for (let n = e; n; n = n.parentElement) {
    const bg = getComputedStyle(n).backgroundColor;
    backgrounds.push(bg);
    if (/^rgb\\(/.test(bg)) break;
  }
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  return {text: e.textContent.replace(/\\s+/g, ' ').trim(), color: s.color, backgrounds,
          x: r.left + parseFloat(s.borderLeftWidth) + 2, y: r.top + r.height / 2};
})"""

PIXELS = """async ([src, points]) => {
  const img = new Image();
  img.src = src;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.width;
  canvas.height = img.height;
  const g = canvas.getContext('2d');
  g.drawImage(img, 0, 0);
  return points.map(([x, y]) => Array.from(g.getImageData(x, y, 1, 1).data));
}"""


def pixels(page: Page, png: bytes, points: list[tuple[int, int]]) -> list[list[int]]:
    """Colours at `points` of a PNG, read back through a canvas in the browser."""
    reader = page.context.new_page()
    try:
        src = "data:image/png;base64," + base64.b64encode(png).decode()
        found: list[list[int]] = reader.evaluate(PIXELS, [src, points])
        return found
    finally:
        reader.close()


def test_rating_symbols_differ(loaded: Loaded) -> None:
    fw = loaded.content.framework
    symbols = [fw.rating(r).symbol for r in fw.ids("ratings")]
    assert set(fw.ids("ratings")) >= {"green", "amber", "red"}
    assert all(s.strip() for s in symbols)
    assert len(set(symbols)) == len(symbols), symbols


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_review_grid_reads_in_greyscale(
    served: str, browser: Browser, loaded: Loaded, scheme: Literal["light", "dark"]
) -> None:
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(served + REVIEW, wait_until="networkidle")
        page.add_style_tag(content="html { filter: grayscale(1); }")
        grid = page.locator("table.csr-grid")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        png = grid.screenshot(path=str(ARTIFACTS / f"greyscale-review-grid-{scheme}.png"))
        box = grid.bounding_box()
        assert box is not None
        badges: list[dict[str, Any]] = page.evaluate(BADGES)
        samples = pixels(page, png, [(round(b["x"] - box["x"]), round(b["y"] - box["y"]))
                                     for b in badges])
    finally:
        context.close()

    # Every rating is written out as its symbol and its word.
    assert [b["text"] for b in badges] == expected_badges(loaded)

    canvas = (255.0, 255.0, 255.0) if scheme == "light" else (0.0, 0.0, 0.0)
    problems = []
    for badge, sample in zip(badges, samples, strict=True):
        background = canvas
        for layer in reversed(badge["backgrounds"]):
            background = over(rgba(layer), background)
        text = over(rgba(badge["color"]), background)
        ratio = contrast(grey(text), grey(background))
        if ratio < 4.5:
            problems.append(f"{badge['text']}: {ratio:.2f}:1 in greyscale")
        # The screenshot really is grey, and its background is the grey worked out above.
        red, green, blue, _ = sample
        if not (red == green == blue and abs(red - grey(background)) <= 2):
            problems.append(f"{badge['text']}: pixel {sample[:3]}, expected {grey(background):.0f}")
    assert problems == [], "\n".join(problems)
