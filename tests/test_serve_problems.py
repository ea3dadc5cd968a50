"""While a file has a mistake, `csreview serve` shows it in the page the reader has open,
and shows the page again by itself once the file is fixed."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.support.browser import axe_violations, format_violations, open_page, screenshot
from tests.support.serving import copy_project, serving, wait_for

REVIEW = Path("reviews") / "example" / "2026-09-15.yaml"
TITLE = "review of 15 September 2026"
REVIEW_TITLE = f"Harrowmere (fictional example): {TITLE} - System Review Workbook"
# Markup typed into a review must stay text on the page of problems too.
TYPED = "<b id=typed>redd</b>"


def test_serve_shows_a_files_problem_in_the_open_page_until_it_is_fixed(
    tmp_path: Path, browser: Browser
) -> None:
    copy_project(tmp_path, "content", "reviews", "site_templates")
    review = tmp_path / REVIEW
    good = review.read_text("utf-8")
    lines = good.splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if "- rating: amber" in line)
    column = lines[number].index("amber") + 1
    lines[number] = lines[number].replace("amber", f'"{TYPED}"', 1)

    with serving(tmp_path) as base:
        url = base + "areas/example/2026-09-15/"
        wait_for(url, TITLE)
        page, external = open_page(browser, url, wait_until="load")
        expect(page).to_have_title(REVIEW_TITLE)

        review.write_text("".join(lines), "utf-8")
        # The page reloads by itself (nothing here navigates) and lists the problem.
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_text("Preview not updated: 1 problem to fix", timeout=60_000)
        item = page.get_by_role("listitem")
        expect(item).to_have_count(1)
        expect(item).to_contain_text(f"Error in {REVIEW.as_posix()}, line {number + 1},"
                                     f" column {column}")
        expect(item).to_contain_text(f"found the text '{TYPED}', which is not a known rating")
        assert page.locator("#typed").count() == 0
        screenshot(page, "serve-problems")
        violations = axe_violations(page)
        assert not violations, format_violations(violations)
        page.set_viewport_size({"width": 390, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth <= 390")

        other = page.context.new_page()
        other.goto(base + "guide/")  # every page shows the problems, not only this one
        expect(other.get_by_role("heading", level=1)).to_have_text(
            "Preview not updated: 1 problem to fix")
        other.close()

        review.write_text(good, "utf-8")
        expect(page).to_have_title(REVIEW_TITLE, timeout=60_000)
        expect(page.locator(".csr-grid").first).to_be_visible()

        # A mistake MkDocs finds (here in mkdocs.yml) is shown in the same way.
        config = tmp_path / "mkdocs.yml"
        settings = config.read_text("utf-8")
        config.write_text(settings + "use_directory_urls: maybe\n", "utf-8")
        expect(page.locator("body > main")).to_contain_text(
            "Config value 'use_directory_urls': Expected type", timeout=60_000)
        config.write_text(settings, "utf-8")
        expect(page).to_have_title(REVIEW_TITLE, timeout=60_000)
        assert external == []
