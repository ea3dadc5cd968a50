"""A build killed part way (``kill -9``, or any other signal) leaves no process running and
the previous site as it was; the next build removes the folders the killed one left."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cli import REPO, csreview
from tests.support.serving import copy_project, free_port
from tests.test_output_folders import tree_digest

pytestmark = pytest.mark.slow  # kills real builds

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


def copy_example(reviews: Path) -> None:
    for n in range(AREAS):
        shutil.copytree(REPO / "reviews" / "example",
                        reviews / ("example" if n == 0 else f"area-{n}"))


def kill_when(process: subprocess.Popen[bytes], how: signal.Signals, ready: Callable[[], bool]
              ) -> None:
    """Send ``how`` to ``process`` once ``ready()``; then wait until every process of its
    group has ended, failing if one still runs 15 seconds later (and then ending it)."""
    try:
        deadline = time.monotonic() + 300
        while not ready():
            assert process.poll() is None, "it ended before it could be killed"
            assert time.monotonic() < deadline, "it never started its workers"
            time.sleep(0.05)
        os.kill(process.pid, how)
        process.wait(timeout=60)
        deadline = time.monotonic() + 15
        while (left := processes_in_group(process.pid)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert left == [], f"processes still running after it was killed: {left}"
    finally:
        if processes_in_group(process.pid):
            os.killpg(process.pid, signal.SIGKILL)  # leave nothing running even on failure
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "term"])
def test_a_killed_build_leaves_no_process_and_the_next_build_cleans_up(
    tmp_path: Path, how: signal.Signals
) -> None:
    reviews = tmp_path / "reviews"
    copy_example(reviews)
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
    kill_when(build, how, lambda: any(
        parent == build.pid for _, parent, _ in processes_in_group(build.pid))
        and bool(list(tmp_path.glob(".site.building-*"))))

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


def test_killing_serve_mid_rebuild_ends_its_fork_server_and_workers(tmp_path: Path) -> None:
    """Under `serve` workers come from a fork server, whose children the kernel cannot tie
    to the killed process; they must end all the same, and the fork server with them."""
    copy_project(tmp_path, "content", "site_templates")
    copy_example(tmp_path / "reviews")
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "csreview.cli", "serve", "--no-pdf",
             "--dev-addr", f"127.0.0.1:{free_port()}"],
            cwd=tmp_path, env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
                               "TMPDIR": str(tmp_path)},
            stdout=subprocess.DEVNULL, stderr=out, start_new_session=True)
    started = []

    def rebuilding_on_workers() -> bool:
        if not started and "Serving on" in log.read_text("utf-8"):
            # A change to the framework makes every area's pages again, on workers.
            framework = tmp_path / "content" / "framework.yaml"
            framework.write_text(framework.read_text("utf-8") + "# edited\n", "utf-8")
            started.append(True)
        # A worker of the fork server: a process of the group not started by `serve`.
        return any(parent not in (server.pid, 1) and pid != server.pid
                   for pid, parent, _ in processes_in_group(server.pid))

    kill_when(server, signal.SIGKILL, rebuilding_on_workers)
