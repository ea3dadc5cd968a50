"""Where the files the package carries are: framework content, templates, the JSON Schema.

They are read through ``importlib.resources``, so an installed wheel needs nothing from a
source checkout, and an editable install reads the checkout's own folders (the package map
in pyproject.toml points ``csreview._content`` at ``content/`` and ``csreview._site_templates``
at ``site_templates/``).
"""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path

__all__ = ["bundled_content", "bundled_example", "schema_file", "site_templates"]


def _folder(package: str) -> Path:
    found = files(package)
    # MkDocs, Jinja and WeasyPrint all want real paths; a wheel is always unpacked.
    if not isinstance(found, Path):  # pragma: no cover - only a zipped install
        raise RuntimeError(f"csreview must be installed unzipped: {package} is in {found}")
    return found


@functools.cache
def bundled_content() -> Path:
    """The framework content the package carries (``content/`` in a checkout)."""
    return _folder("csreview._content")


def bundled_example() -> Path:
    """The completed example area (``reviews/example/`` in a checkout, which the content
    folder links to, so the wheel carries it with the content)."""
    return bundled_content() / "example"


@functools.cache
def site_templates() -> Path:
    """Page and PDF templates, stylesheets and theme overrides (``site_templates/``)."""
    return _folder("csreview._site_templates")


def schema_file() -> Path:
    """The JSON Schema of review files, for editors."""
    return _folder("csreview") / "review.schema.json"
