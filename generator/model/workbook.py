"""A partnership's own workbook folder and its settings file, ``workbook.yaml``.

A workbook keeps only what is the partnership's: its review files, its name, logo and colour,
and any guidance pages of its own. The framework content and every template come from the
installed package, so upgrading the package upgrades the guidance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from pydantic import Field

from ..source.diagnostics import Diagnostics, did_you_mean, one_of
from ..source.validation import validate
from ..source.yamlsource import load_yaml
from .base import StrictModel

__all__ = [
    "LOGO_TYPES",
    "MATERIAL_COLOURS",
    "WORKBOOK_FILE",
    "Workbook",
    "WorkbookSettings",
    "contrast_with_white",
    "load_workbook",
]

WORKBOOK_FILE = "workbook.yaml"

# Material for MkDocs' named primary colours (its docs: "Changing the colors"); it picks a
# readable text colour for each itself.
MATERIAL_COLOURS = (
    "red", "pink", "purple", "deep purple", "indigo", "blue", "light blue", "cyan", "teal",
    "green", "light green", "lime", "yellow", "amber", "orange", "deep orange", "brown",
    "grey", "blue grey", "black", "white",
)
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# The header shows white text on the primary colour: WCAG 2.2 AA asks 4.5:1 for text.
MIN_CONTRAST = 4.5
LOGO_TYPES = {".png": "image/png", ".svg": "image/svg+xml", ".jpg": "image/jpeg",
              ".jpeg": "image/jpeg", ".webp": "image/webp"}
MAX_LOGO_BYTES = 1024 * 1024
# An SVG opened on its own runs its scripts with the site's origin.
_SVG_ACTIVE = re.compile(rb"<script|javascript:|\son[a-z]+\s*=|<foreignObject", re.I)


class WorkbookSettings(StrictModel):
    """What ``workbook.yaml`` may say. Every key is optional."""

    site_name: str | None = Field(default=None, min_length=1)
    partnership: str | None = Field(default=None, min_length=1)
    logo: str | None = Field(default=None, min_length=1)
    colour: str | None = Field(default=None, min_length=1)
    audience: Literal["internal", "public"] = "internal"
    site_url: str | None = Field(default=None, min_length=1)


@dataclass(frozen=True, kw_only=True)
class Workbook:
    """A workbook folder, its settings resolved to files."""

    root: Path
    settings: WorkbookSettings
    settings_file: Path | None  # None: a folder with reviews/ and no workbook.yaml
    logo: Path | None
    pages: Path | None  # pages/, the partnership's own guidance pages, when present

    @property
    def reviews(self) -> Path:
        return self.root / "reviews"


def contrast_with_white(colour: str) -> float:
    """WCAG contrast ratio of white text on ``#rrggbb``."""
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def load_workbook(root: Path, diags: Diagnostics) -> Workbook | None:
    """The workbook in ``root``; problems in ``workbook.yaml`` go to ``diags``. Without a
    ``workbook.yaml``, a folder holding ``reviews/`` is a workbook with every default."""
    file = root / WORKBOOK_FILE
    pages = root / "pages"
    found = Workbook(root=root, settings=WorkbookSettings(), settings_file=None, logo=None,
                     pages=pages if pages.is_dir() else None)
    if not file.is_file():
        return found
    doc = load_yaml(file, WORKBOOK_FILE, diags)
    settings = validate(WorkbookSettings, doc, diags) if doc else None
    if doc is None or settings is None:
        return None
    before = len(diags.errors)
    logo = _check_logo(root, settings, diags, doc.where(("logo",)))
    _check_colour(settings, diags, doc.where(("colour",)))
    if len(diags.errors) != before:
        return None
    return replace(found, settings=settings, settings_file=file, logo=logo)


def _check_logo(
    root: Path, settings: WorkbookSettings, diags: Diagnostics, where: tuple[int, int],
) -> Path | None:
    if settings.logo is None:
        return None
    line, col = where
    path = root / settings.logo
    suffix = path.suffix.lower()
    if suffix not in LOGO_TYPES:
        diags.error(WORKBOOK_FILE, line, col, f"logo: found '{settings.logo}', which is not"
                    f" an image type the site can show (allowed: {one_of(sorted(LOGO_TYPES))})")
        return None
    if not path.resolve().is_relative_to(root.resolve()) or not path.is_file():
        diags.error(WORKBOOK_FILE, line, col, f"logo: there is no file '{settings.logo}' in"
                    " this workbook folder; put the image beside workbook.yaml and give its"
                    " name, like logo: logo.png")
        return None
    data = path.read_bytes()
    if len(data) > MAX_LOGO_BYTES:
        diags.error(WORKBOOK_FILE, line, col, f"logo: '{settings.logo}' is"
                    f" {len(data) // 1024} KiB; a logo must be under 1 MiB (every page loads"
                    " it): make a smaller copy")
        return None
    if suffix == ".svg" and _SVG_ACTIVE.search(data):
        diags.error(WORKBOOK_FILE, line, col, f"logo: '{settings.logo}' holds scripts or"
                    " event handlers, which a web page must not serve; export the logo again"
                    " as a plain SVG or a PNG")
        return None
    return path


def _check_colour(
    settings: WorkbookSettings, diags: Diagnostics, where: tuple[int, int],
) -> None:
    colour = settings.colour
    if colour is None:
        return
    line, col = where
    if HEX_COLOUR.match(colour):
        ratio = contrast_with_white(colour)
        if ratio < MIN_CONTRAST:
            diags.error(WORKBOOK_FILE, line, col, f"colour: white text on {colour} has a"
                        f" contrast of {ratio:.1f}:1, and WCAG 2.2 AA needs at least"
                        f" {MIN_CONTRAST}:1 for the site's header; choose a darker colour")
        return
    if colour.lower() not in MATERIAL_COLOURS:
        diags.error(WORKBOOK_FILE, line, col, f"colour: found '{colour}'"
                    f"{did_you_mean(colour.lower(), list(MATERIAL_COLOURS))}; give a colour"
                    " name (allowed: " + ", ".join(MATERIAL_COLOURS) + ") or a code like"
                    " '#1d4f91' (quoted)")
