"""Real-browser helpers for tests: a local HTTP server, Debian's Chromium, axe-core, screenshots."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TypedDict
from urllib.parse import urlsplit

from axe_playwright_python.base import AXE_SCRIPT  # type: ignore[import-untyped]  # no py.typed
from playwright.sync_api import Browser, Page, Route, sync_playwright

# `playwright install` cannot download its own browser build here; Debian's package is the browser.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # tests run as root in containers, where the sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Keep Chromium's own traffic (updates, sync) out of the request log and off the network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# WCAG 2.2 rules (e.g. target-size) first shipped in axe-core 4.5.
MIN_AXE_VERSION = (4, 5)
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


class Violation(TypedDict):
    id: str
    impact: str | None
    help: str
    targets: list[str]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass  # per-request lines would drown pytest's output


@contextmanager
def serve_directory(
    path: str | Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = QuietHandler,
) -> Iterator[str]:
    """Serve `path` on 127.0.0.1 (free port) in a background thread; yield the base URL."""
    handler = functools.partial(handler_class, directory=str(path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="test-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        # pytest turns warnings into errors, so a leaked socket would fail an unrelated test.
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def launch_browser() -> Iterator[Browser]:
    """Start headless Debian Chromium through sync Playwright."""
    if not CHROMIUM.exists():
        # A missing browser is a broken setup, not a reason to skip the checks silently.
        raise RuntimeError(
            f"{CHROMIUM} not found: run scripts/test, which installs Debian's chromium package"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser: Browser, url: str, *,
              wait_until: Literal["load", "networkidle"] = "networkidle",
              ) -> tuple[Page, list[str]]:
    """Open `url` in a fresh context; return the page and the URLs of blocked non-local requests.
    (A page under `csreview serve` is never network-idle: its reload script keeps asking.)

    Every request to another host is aborted and recorded, so a test can assert that the site
    is self-contained (no CDN fonts, analytics or scripts) without ever touching the network.
    """
    external: list[str] = []

    def route(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context = browser.new_context()
    context.route("**/*", route)
    page = context.new_page()
    page.goto(url, wait_until=wait_until)
    return page, external


def axe_violations(page: Page) -> list[Violation]:
    """Run the axe-core bundled in axe-playwright-python with the WCAG 2.0-2.2 A/AA tags."""
    page.evaluate(AXE_SCRIPT)
    version = str(page.evaluate("axe.version"))
    if tuple(int(part) for part in version.split(".")[:2]) < MIN_AXE_VERSION:
        raise RuntimeError(f"axe-core {version} predates WCAG 2.2 rules; upgrade the package")
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = page.evaluate("options => axe.run(document, options)", options)
    return [
        Violation(
            id=v["id"],
            impact=v.get("impact"),
            help=v["help"],
            # A target is a list of selectors, one per iframe/shadow-root hop.
            targets=[" >>> ".join(map(str, node["target"])) for node in v["nodes"]],
        )
        for v in results["violations"]
    ]


def format_violations(violations: list[Violation]) -> str:
    """Render violations for an assertion message."""
    if not violations:
        return "no accessibility violations"
    lines = [f"{len(violations)} accessibility violation(s):"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    {target}" for target in v["targets"])
    return "\n".join(lines)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG under tests/artifacts/ and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / (name if name.endswith(".png") else f"{name}.png")
    page.screenshot(path=str(path), full_page=True)
    return path
