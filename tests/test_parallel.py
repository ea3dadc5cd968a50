"""A large build makes areas on several processes; the pages must be exactly the same."""

from __future__ import annotations

import gc
import sys
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from csreview.loading.load import load_all
from csreview.pages import SiteOptions, generate
from csreview.runtime import parallel
from csreview.runtime.work import Pooled
from csreview.source.diagnostics import Diagnostics

from tests.support.cli import REPO

pytestmark = pytest.mark.slow  # starts process pools and builds

sys.path.insert(0, str(REPO / "benchmarks"))
import national  # noqa: E402

T = TypeVar("T")


def serial_then_parallel(monkeypatch: pytest.MonkeyPatch, run: Callable[[], T]) -> tuple[T, T]:
    """``run()`` once on one core, then on two, failing if no process pool was started."""
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    serial = run()
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    calls: list[int] = []
    real = parallel.ProcessPoolExecutor

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", counting)
    in_parallel = run()
    assert calls, "the parallel path was not taken"
    return serial, in_parallel


@pytest.mark.parametrize("forked", [True, False], ids=["forked", "fork-server"])
def test_parallel_generation_gives_the_same_site_as_serial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: bool
) -> None:
    """Workers are forked when this process runs no other thread, and come from a fork
    server otherwise (under `serve`); both must give what one process makes."""
    monkeypatch.setattr(parallel, "fork_is_safe", lambda: forked)
    national.make_reviews(tmp_path / "reviews", areas=5, reviews=9)  # 45: past the threshold
    diags = Diagnostics()
    loaded = load_all(REPO / "content", tmp_path / "reviews", diags)
    assert loaded is not None and not diags.errors
    options = SiteOptions(pdf=False)

    serial, in_parallel = serial_then_parallel(monkeypatch,
                                               lambda: generate(loaded, options, Pooled()))
    assert list(in_parallel.files) == list(serial.files)
    assert in_parallel.files == serial.files
    assert in_parallel.export_jobs == serial.export_jobs


def test_parallel_loading_gives_the_same_reviews_and_messages_as_serial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reviews = tmp_path / "reviews"
    national.make_reviews(reviews, areas=52, reviews=2)  # 104 files: past the threshold
    # Problems in the first area (loaded here) and the last (loaded by a worker): an error,
    # and a warning whose position is looked up after the file has loaded.
    for area in ("area-000", "area-051"):
        first, second = sorted((reviews / area).glob("20*.yaml"))
        text = first.read_text("utf-8")
        first.write_text(text.replace("status: in-progress", "status: finished", 1), "utf-8")
        text = second.read_text("utf-8")
        second.write_text(text.replace("                lead: Lead 2\n", "", 1), "utf-8")

    def load() -> tuple[object, list[str]]:
        diags = Diagnostics()
        loaded = load_all(REPO / "content", reviews, diags, work=Pooled())
        assert loaded is not None
        return loaded.workbook, [d.format() for d in diags]

    (serial, serial_messages), (in_parallel, parallel_messages) = serial_then_parallel(
        monkeypatch, load)
    assert in_parallel == serial
    assert parallel_messages == serial_messages
    assert any("area-051/" in m and ": error: " in m for m in parallel_messages)
    assert any("area-051/" in m and "no lead" in m for m in parallel_messages)


def test_workers_start_from_code_piped_into_python(tmp_path: Path) -> None:
    """multiprocessing re-runs the main script in each worker; code with no script file
    (piped into ``python -``, as in a notebook or a quick check) must still load."""
    import subprocess

    national.make_reviews(tmp_path / "reviews", areas=52, reviews=2)
    snippet = (
        "from pathlib import Path\n"
        "from csreview.runtime import parallel\n"
        "from csreview.source.diagnostics import Diagnostics\n"
        "from csreview.loading.load import load_all\n"
        "from csreview.runtime.work import Pooled\n"
        "parallel.workers = lambda: 2\n"
        f"loaded = load_all(Path({str(REPO / 'content')!r}), Path({str(tmp_path / 'reviews')!r}),"
        " Diagnostics(), work=Pooled())\n"
        "print(sum(len(a.reviews) for a in loaded.workbook.areas))\n"
    )
    result = subprocess.run([sys.executable, "-"], input=snippet, text=True,
                            capture_output=True, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "104"


def test_a_large_build_makes_every_spreadsheet_in_the_background(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past 40 action plans the spreadsheets are made on other processes while MkDocs
    renders pages; each must still land beside its page, the same bytes as made here."""
    from csreview.outputs.exports import export_files

    from tests.support.cli import csreview

    national.make_reviews(tmp_path / "reviews", areas=5, reviews=9)
    site_dir = tmp_path / "site"
    result = csreview("build", "--no-pdf", "--reviews", tmp_path / "reviews",
                      "--site-dir", site_dir)
    assert result.returncode == 0, result.stderr
    diags = Diagnostics()
    loaded = load_all(REPO / "content", tmp_path / "reviews", diags)
    assert loaded is not None
    from csreview.source.build_date import build_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # as tests.support.cli sets it
    site = generate(loaded, SiteOptions(pdf=False, build_date=build_date()))
    # 45 action plans, each area's workbook for its next review and the blank workbook.
    assert len(site.export_jobs) == 45 + 5 + 1
    for job in site.export_jobs:
        for path, data in export_files(job, (loaded.content.framework, None)).items():
            assert (site_dir / path).read_bytes() == data, path


def test_cycles_made_while_the_collector_pauses_are_still_freed() -> None:
    """Pausing the collector while a folder loads must not leak: once dropped, what was made
    during the pause is freed by the next collection (how long that takes is the benchmark's
    business, not a test's)."""
    parallel.thaw()  # a one-off build earlier in this process may have frozen everything
    with parallel.no_gc():
        kept = [_Cycle() for _ in range(1_000)]
    alive = [weakref.ref(n) for n in kept]
    del kept
    gc.collect()
    assert not any(ref() is not None for ref in alive), "objects made in a pause leaked"


def test_after_a_one_off_build_thawing_frees_what_it_froze() -> None:
    """A one-off build exempts its model from collection until it ends; `thaw` gives it back,
    so a process that goes on (serve, the tests) does not keep it for ever."""
    parallel.freeze_for_good()
    try:
        with parallel.no_gc():
            kept = [_Cycle() for _ in range(1_000)]
        alive = [weakref.ref(n) for n in kept]
        del kept
    finally:
        parallel.thaw()
    gc.collect()
    assert not any(ref() is not None for ref in alive), "frozen objects were never freed"


class _Cycle:
    def __init__(self) -> None:
        self.me = self  # only the cycle collector can free it
