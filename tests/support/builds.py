"""What a real build leaves behind, for fixtures shared between test modules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Build:
    site: Path
    stderr: str
    cache: Path
