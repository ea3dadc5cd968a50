"""A build killed part way (``kill -9``, or any other signal) leaves no process running and
the previous site as it was; the next build removes the folders the killed one left."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.cli import REPO, csreview
from tests.test_output_folders import tree_digest

# 40 reviews: enough that areas' pages are made on worker processes (pages.areas).
AREAS = 20


def processes_in_group(group: int) -> list[tuple[int, int, str]]:
    """(pid, parent pid, state) of every process in the process group, from /proc.
    A process that has ended but that no one has waited for yet (state Z) is left out:
    it runs nothing."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, parent, pgrp = stat.rpartition(")")[2].split()[:3]
        if int(pgrp) == group and state not in ("Z", "X"):
            found.append((int(entry.name), int(parent), state))
    return found


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "term"])
def test_a_killed_build_leaves_no_process_and_the_next_build_cleans_up(
    tmp_path: Path, how: signal.Signals
) -> None:
    reviews = tmp_path / "reviews"
    for n in range(AREAS):
        shutil.copytree(REPO / "reviews" / "example",
                        reviews / ("example" if n == 0 else f"area-{n}"))
    site = tmp_path / "site"
    temp = tmp_path / "tmp"  # where workers' spool folders go
    temp.mkdir()
    env = {"TMPDIR": str(temp), "CSREVIEW_PDF_CACHE": str(tmp_path / "cache" / "pdf")}
    first = csreview("build", "--no-pdf", "--site-dir", site, env=env)
    assert first.returncode == 0, first.stderr
    before = tree_digest(site)

    build = subprocess.Popen(
        [sys.executable, "-m", "csreview.cli", "build", "--reviews", str(reviews),
         "--site-dir", str(site)],
        cwd=REPO, env={**os.environ, **env, "SOURCE_DATE_EPOCH": "1790000000"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while not (any(parent == build.pid for _, parent, _ in processes_in_group(build.pid))
                   and list(tmp_path.glob(".site.building-*"))):
            assert build.poll() is None, "the build ended before it could be killed"
            assert time.monotonic() < deadline, "the build never started its workers"
            time.sleep(0.05)
        os.kill(build.pid, how)
        build.wait(timeout=60)
        deadline = time.monotonic() + 15
        while (left := processes_in_group(build.pid)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert left == [], f"processes of the killed build still running: {left}"
    finally:
        if processes_in_group(build.pid):
            os.killpg(build.pid, signal.SIGKILL)  # leave nothing running even on failure
        if build.poll() is None:
            build.kill()
            build.wait()

    assert tree_digest(site) == before
    # What only the killed build could have removed is still there, for now.
    assert [p.name for p in tmp_path.glob(".site.building-*")] == [
        p.name for p in tmp_path.glob(f".site.building-{build.pid}-*")]
    assert list(tmp_path.glob(".site.building-*"))
    assert list(temp.glob(f"csreview-work-{build.pid}-*"))

    again = csreview("build", "--no-pdf", "--site-dir", site, env=env)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "reviews", "site", "tmp"]
    assert list(temp.iterdir()) == []
    assert tree_digest(site) == before  # the same inputs as the first build
