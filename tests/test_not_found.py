"""The "page not found" page works where the site really lives: below a server sub-folder,
for a missing address at any depth, as nginx's ``error_page 404`` or Apache's
``ErrorDocument 404`` serve it, and it offers a way back."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.support.browser import (
    QuietHandler,
    axe_violations,
    format_violations,
    screenshot,
    serve_directory,
)

pytestmark = pytest.mark.slow  # builds the site


class _NotFoundHandler(QuietHandler):
    """A static server whose missing pages get the site's 404.html, as a web server would."""

    not_found: bytes = b""

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.not_found)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(self.not_found)


@pytest.fixture(scope="module")
def below_a_folder(example_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site served at http://127.0.0.1:PORT/csreview/, nothing at the root."""
    docroot = tmp_path_factory.mktemp("docroot")
    shutil.copytree(example_site, docroot / "csreview")
    handler = type("Handler", (_NotFoundHandler,), {
        "not_found": (example_site / "404.html").read_bytes()})
    with serve_directory(docroot, handler) as url:
        yield url + "csreview/"


def test_the_not_found_page_has_no_root_absolute_links(example_site: Path) -> None:
    page = (example_site / "404.html").read_text(encoding="utf-8")
    rooted = re.findall(r'(?:href|src|action)="(/(?!/)[^"]*)"', page)
    assert rooted == [], rooted


def test_below_a_sub_folder_it_leads_back_to_the_start_page(
    below_a_folder: str, browser: Browser
) -> None:
    page = browser.new_page()
    try:
        response = page.goto(below_a_folder + "areas/no-such-area/2031-01-01/",
                             wait_until="networkidle")
        assert response is not None and response.status == 404
        assert page.get_by_role("heading", name="Page not found").is_visible()
        assert page.get_by_role("link", name="Go back to the page you came from").is_visible()
        home = page.get_by_role("link", name="Go to the start page of the workbook")
        home.wait_for(state="visible", timeout=10_000)
        violations = axe_violations(page)
        screenshot(page, "not-found-below-a-folder")
        home.click()
        page.wait_for_load_state("load")
        assert page.url == below_a_folder
        assert page.locator("h1").first.inner_text().strip().startswith("Start here")
    finally:
        page.close()
    assert violations == [], format_violations(violations)
