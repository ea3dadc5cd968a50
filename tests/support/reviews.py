"""Copies of the bundled reviews, changed for one test."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support.cli import REPO


def example_without_published_leads(folder: Path) -> Path:
    """The bundled reviews copied into ``folder``, with the example area no longer
    publishing its leads; returns the copy's reviews folder."""
    reviews = folder / "reviews"
    shutil.copytree(REPO / "reviews", reviews)
    area_file = reviews / "example" / "area.yaml"
    text = area_file.read_text("utf-8")
    assert "publish_leads: true" in text, "the example is expected to publish its leads"
    area_file.write_text(text.replace("publish_leads: true", "publish_leads: false"), "utf-8")
    return reviews
