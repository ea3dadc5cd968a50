"""The output of generation: files by docs path, the nav, and the options that shape them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class SiteOptions:
    audience: str = "internal"
    build_date: date = field(default_factory=date.today)


@dataclass
class Site:
    """Every generated file by docs path (``areas/example/index.md``) and the nav."""

    files: dict[str, str | bytes] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)
    site_name: str = ""

    def add(self, path: str, content: str | bytes) -> None:
        if path in self.files:
            raise ValueError(f"two pages want the same path: {path}")
        self.files[path] = content
