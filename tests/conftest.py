"""Shared fixtures: one real build of the bundled site per test session."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from csreview.loading.load import Loaded, load_all
from csreview.source.diagnostics import Diagnostics
from playwright.sync_api import Browser

from tests.support.browser import launch_browser, serve_directory
from tests.support.builds import Build
from tests.support.cli import REPO, csreview
from tests.support.progress import FIXTURE as UPDATES_FIXTURE

# Fixtures that build a site or start a browser: a test asking for one is in the slow tier.
SLOW_FIXTURES = {"example_site", "pdf_build", "updates_sites", "served", "browser"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _fast_tier_runs_no_program(request: pytest.FixtureRequest,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast tier (`-m "not slow"`) is the core in this process: a test outside the slow
    tier that starts another program (a build, a browser, LibreOffice) fails, so the tier
    cannot grow slow by accident."""
    if request.node.get_closest_marker("slow") is not None:
        return

    def refuse(self: subprocess.Popen[Any], args: Any, *rest: Any, **kwargs: Any) -> None:
        raise AssertionError(f"{request.node.nodeid} runs {args!r}: a test that starts"
                             " another program belongs in the slow tier (pytest.mark.slow)")

    monkeypatch.setattr(subprocess.Popen, "_execute_child", refuse)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled content and example built for real (internal audience, no PDFs)."""
    site = tmp_path_factory.mktemp("example") / "site"
    result = csreview("build", "--no-pdf", "--site-dir", site, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def pdf_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The bundled site built for real with PDFs, from an empty PDF cache."""
    tmp = tmp_path_factory.mktemp("pdfs")
    cache = tmp / "cache"
    result = csreview("build", "--site-dir", tmp / "site", cwd=REPO,
                      env={"CSREVIEW_PDF_CACHE": str(cache)})
    assert result.returncode == 0, result.stderr
    return Build(tmp / "site", result.stderr, cache)


@pytest.fixture(scope="session")
def updates_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The progress-updates fixture (tests/support/progress.py) built for real, internal
    and public, without PDFs."""
    out = {}
    for audience in ("internal", "public"):
        site = tmp_path_factory.mktemp("updates") / audience
        result = csreview("build", "--no-pdf", "--audience", audience, "--reviews",
                          UPDATES_FIXTURE, "--site-dir", site)
        assert result.returncode == 0, result.stderr
        out[audience] = site
    return out


@pytest.fixture(scope="module")
def served(example_site: Path) -> Iterator[str]:
    """The bundled site on a local HTTP server, for browser tests."""
    with serve_directory(example_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium under Playwright."""
    with launch_browser() as b:
        yield b


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    """The bundled content and reviews, loaded by the real loader."""
    diags = Diagnostics()
    result = load_all(REPO / "content", REPO / "reviews", diags, base=REPO)
    assert result is not None, [d.format() for d in diags]
    return result
