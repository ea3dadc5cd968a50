"""Smoke tests proving the real-browser helpers work and that their checks can fail."""

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

pytestmark = pytest.mark.slow  # drives a browser

ACCESSIBLE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Accessible page</title></head>
<body><main><h1>Hello</h1><p>Plain, accessible content.</p></main></body>
</html>
"""

INACCESSIBLE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Broken page</title></head>
<body><main><h1>Broken</h1>
<img src="missing.png">
<form><input type="text" name="q"></form>
</main></body>
</html>
"""

EXTERNAL = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>External image</title></head>
<body><main><h1>External</h1><img src="https://example.org/x.png" alt="x"></main></body>
</html>
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch_browser() as browser:
        yield browser


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "ok.html").write_text(ACCESSIBLE, encoding="utf-8")
    (tmp_path / "bad.html").write_text(INACCESSIBLE, encoding="utf-8")
    (tmp_path / "external.html").write_text(EXTERNAL, encoding="utf-8")
    with serve_directory(tmp_path) as base_url:
        yield base_url


def test_accessible_page_has_no_violations(browser: Browser, site: str) -> None:
    page, external = open_page(browser, site + "ok.html")
    assert page.title() == "Accessible page"
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert external == []
    path = screenshot(page, "browser-support-accessible")
    assert path.read_bytes().startswith(b"\x89PNG")
    page.context.close()


def test_inaccessible_page_reports_violations(browser: Browser, site: str) -> None:
    page, _ = open_page(browser, site + "bad.html")
    violations = axe_violations(page)
    ids = {v["id"] for v in violations}
    assert {"image-alt", "label"} <= ids, format_violations(violations)
    image_alt = next(v for v in violations if v["id"] == "image-alt")
    assert image_alt["targets"] == ["img"]
    assert "image-alt" in format_violations(violations)
    page.context.close()


def test_external_requests_are_blocked_and_recorded(browser: Browser, site: str) -> None:
    page, external = open_page(browser, site + "external.html")
    assert external == ["https://example.org/x.png"]
    page.context.close()
