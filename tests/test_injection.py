"""HTML, JavaScript and Markdown typed into any text field of a review file render inert.

Every text field of tests/fixtures/injection (area name, partnership, title, summary,
facilitators, participants, finding text, action text, lead, agency, note, a values
reflection, and a progress update's meeting and note) carries the same attacks, tagged
with the field's name: a script element, event handlers, javascript: links (HTML, Markdown
and autolink), an attribute break-out, a Python-Markdown attribute list, a raw HTML block,
a heading and a template expression. The
built site must contain no live script, handler or javascript: URL from them, and must show
each attack as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.support.browser import launch_browser, open_page, serve_directory
from tests.support.cli import REPO, csreview

FIXTURE = REPO / "tests" / "fixtures" / "injection" / "reviews"
FIELDS = ["area-name", "partnership", "title", "summary", "facilitator", "participant",
          "finding-text", "action-text", "lead", "agency", "note", "values-reflection",
          "meeting", "update-note"]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "background", "srcdoc"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")


class _Page(HTMLParser):
    """Collects what a browser would run, and the text it would show."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []  # anything executable that came from the input
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            squeezed = re.sub(r"[\s\x00-\x1f]+", "", html.unescape(value)).lower()
            if name.startswith("on") and ("inj-" in value.lower() or "alert" in value):
                self.live.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and squeezed.startswith(DANGEROUS_SCHEMES):
                self.live.append(f"<{tag} {name}={value!r}>")
            if tag == "img" and name == "src" and value == "x":
                self.live.append(f"<img src={value!r}>")
        if tag in ("script", "style", "title"):
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "script":
            if "INJ-" in data or "alert(" in data:
                self.live.append(f"<script>{data[:80]}")
        elif not self._in:
            self.text.append(data)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("injection") / "site"
    result = csreview("build", "--no-pdf", "--reviews", FIXTURE, "--site-dir", site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, _Page]:
    parsed = {}
    for path in sorted(site.rglob("*.html")):
        parser = _Page()
        parser.feed(path.read_text("utf-8"))
        parsed[str(path.relative_to(site))] = parser
    return parsed


def test_the_fixture_puts_the_attack_in_every_field() -> None:
    text = "\n".join(p.read_text("utf-8") for p in FIXTURE.rglob("*.yaml"))
    for field in FIELDS:
        assert f"<script>alert('INJ-{field}')</script>" in text, field


def test_nothing_from_the_input_runs(pages: dict[str, _Page]) -> None:
    live = {path: page.live for path, page in pages.items() if page.live}
    assert live == {}


@pytest.mark.parametrize("field", FIELDS)
def test_each_field_is_shown_as_text(pages: dict[str, _Page], field: str) -> None:
    shown = [path for path, page in pages.items()
             if f"<script>alert('INJ-{field}')</script>" in " ".join("".join(page.text).split())]
    assert shown, f"the {field} attack is not visible as text on any page"
    page_text = " ".join("".join(pages[shown[0]].text).split())
    for part in (f"<img src=x onerror=\"alert('INJ-{field}')\">",
                 f"<a href=\"javascript:alert('INJ-{field}')\">",
                 f"\"><svg onload=alert('INJ-{field}')>",
                 f"{{: onclick=\"alert('INJ-{field}')\" }}", "{{ 7*7 }}",
                 f"<div onmouseover=\"alert('INJ-{field}')\">", f"END-{field}"):
        assert part in page_text, (field, part)


def test_the_page_title_and_description_are_escaped(site: Path) -> None:
    """Themes print page titles and descriptions as HTML; typed text must arrive escaped."""
    markup = (site / "areas" / "inj" / "index.html").read_text("utf-8")
    title = re.search(r"<title>(.*?)</title>", markup, re.S)
    assert title and "<" not in title.group(1)
    assert "&lt;script&gt;alert(&#x27;INJ-area-name&#x27;)" in title.group(1).replace(
        "&#39;", "&#x27;")
    description = re.search(r'<meta name="description" content="([^"]*)"', markup)
    assert description and "INJ-area-name &lt;script&gt;" in description.group(1)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch_browser() as browser:
        yield browser


def test_nothing_runs_in_a_real_browser_nor_in_search_results(
    browser: Browser, site: Path
) -> None:
    with serve_directory(site) as base:
        for url in ("areas/", "areas/inj/", "areas/inj/2026-03-10/",
                    "areas/inj/2026-03-10/action-plan/"):
            page, external = open_page(browser, base + url)
            dialogs: list[str] = []
            page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
            injected = page.evaluate(
                """() => [...document.querySelectorAll('img[src="x"], svg[onload],'
                    + ' [onmouseover], [onclick], a[href^="javascript" i]')]
                    .map(e => e.outerHTML.slice(0, 80))""")
            assert injected == [] and external == [], url
            if url == "areas/inj/2026-03-10/":
                # Material's search renders results from the index in the browser.
                page.click("input.md-search__input")
                page.keyboard.type("onerror", delay=20)
                page.wait_for_selector(".md-search-result__item", timeout=15000)
                results = page.inner_text(".md-search-result")
                assert "<script>alert('INJ-" in results
                assert page.evaluate(
                    """() => document.querySelectorAll('.md-search-result script,'
                        + ' .md-search-result img, .md-search-result svg[onload],'
                        + ' .md-search-result [onmouseover]').length""") == 0
            page.wait_for_timeout(200)
            assert dialogs == [], url
            page.context.close()
