"""The national benchmark writes only into folders it made or that are empty, and leaves
no work folder behind, whichever way it ends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow  # runs the benchmark as a process


def _bench(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TMPDIR": str(tmp)}
    return subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "national.py"), "--areas", "1",
         "--reviews", "2", "--load-only", *args],
        capture_output=True, text=True, env=env, timeout=300, check=False)


def test_keep_refuses_a_folder_that_holds_files_and_changes_nothing(tmp_path: Path) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    mine = tmp_path / "mine"
    (mine / "reviews").mkdir(parents=True)
    own = mine / "reviews" / "notes.yaml"
    own.write_text("mine\n", encoding="utf-8")
    result = _bench(temp, "--keep", str(mine))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "not an empty folder" in result.stderr
    assert sorted(p.relative_to(mine) for p in mine.rglob("*")) == [
        Path("reviews"), Path("reviews/notes.yaml")]
    assert own.read_text(encoding="utf-8") == "mine\n"
    assert list(temp.iterdir()) == []


def test_load_only_keeps_into_a_new_folder_and_leaves_no_work_folder(tmp_path: Path) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    kept = tmp_path / "kept"
    result = _bench(temp, "--keep", str(kept))
    assert result.returncode == 0, result.stdout + result.stderr
    area = kept / "reviews" / "area-000"
    assert (area / "area.yaml").is_file()
    assert len(list(area.glob("20*.yaml"))) == 2  # the two review files the run wrote
    assert list(temp.iterdir()) == []  # the work folder is gone, though --load-only stopped early
