"""Shared fixtures: one real build of the bundled site per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import REPO, csreview


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled content and example built for real (internal audience, no PDFs)."""
    site = tmp_path_factory.mktemp("example") / "site"
    result = csreview("build", "--no-pdf", "--site-dir", site, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return site
