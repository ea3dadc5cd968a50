"""ruff and mypy stay clean: CI runs them as part of the suite, not as an afterthought."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support.cli import REPO

pytestmark = pytest.mark.slow  # runs ruff and mypy


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=600, check=False)


def test_ruff_finds_nothing() -> None:
    result = run("ruff", "check", "generator", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_finds_nothing() -> None:
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_is_a_god_file() -> None:
    long = {str(p.relative_to(REPO)): n for p in (REPO / "generator").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450}
    assert long == {}
