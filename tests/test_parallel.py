"""A large build makes areas on several processes; the pages must be exactly the same."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator import parallel
from generator.diagnostics import Diagnostics
from generator.loading import load_all
from generator.pages import SiteOptions, generate
from tests.support.cli import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import national  # noqa: E402


def test_parallel_generation_gives_the_same_site_as_serial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    national.make_reviews(tmp_path / "reviews", areas=5, reviews=9)  # 45: past the threshold
    diags = Diagnostics()
    loaded = load_all(REPO / "content", tmp_path / "reviews", diags)
    assert loaded is not None and not diags.errors
    options = SiteOptions(pdf=False)

    monkeypatch.setattr(parallel, "workers", lambda: 1)
    serial = generate(loaded, options)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    calls: list[int] = []
    real = parallel.ProcessPoolExecutor

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", counting)
    in_parallel = generate(loaded, options)

    assert calls, "the parallel path was not taken"
    assert list(in_parallel.files) == list(serial.files)
    assert in_parallel.files == serial.files
