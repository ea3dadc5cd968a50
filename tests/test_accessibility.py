"""Real browser, real site: zero axe WCAG 2.2 AA violations and no request to another host."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.support.browser import (
    axe_violations,
    format_violations,
    launch_browser,
    open_page,
    screenshot,
    serve_directory,
)

PAGES = {
    "start": "",
    "guidance": "guide/",
    "values": "framework/values/",
    "prompts-index": "prompts/",
    "prompt": "prompts/target/",
    "areas": "areas/",
    "area": "areas/example/",
    "review": "areas/example/2026-09-15/",
    "action-plan": "areas/example/2026-09-15/action-plan/",
}


@pytest.fixture(scope="module")
def served(example_site: Path) -> Iterator[str]:
    with serve_directory(example_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch_browser() as b:
        yield b


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_axe_violations_and_no_external_requests(
    served: str, browser: Browser, name: str
) -> None:
    page, external = open_page(browser, served + PAGES[name])
    try:
        violations = axe_violations(page)
        screenshot(page, f"page-{name}")
        assert violations == [], format_violations(violations)
        assert external == []
    finally:
        page.context.close()


def test_dark_mode_review_page_has_no_axe_violations(served: str, browser: Browser) -> None:
    # A reader whose system prefers dark gets the slate scheme from the palette's media query.
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(served + PAGES["review"], wait_until="networkidle")
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
        page.goto(served + PAGES["review"], wait_until="networkidle")
        # The page itself never scrolls sideways; only the grid's own wrapper may.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
        assert page.locator("table.csr-grid").is_visible()
        screenshot(page, "phone-review")
    finally:
        context.close()
