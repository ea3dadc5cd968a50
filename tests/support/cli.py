"""Run the real ``csreview`` command, as a user would, and capture what it prints."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def csreview(*args: str | Path, cwd: Path = REPO, env: dict[str, str] | None = None,
             ) -> subprocess.CompletedProcess[str]:
    """``csreview ARGS`` in ``cwd``; never raises on a non-zero exit."""
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "csreview.cli", *map(str, args)],
        cwd=cwd, env=full_env, capture_output=True, text=True, timeout=600, check=False,
    )
