"""A workbook's own logo and colour, as files of the site.

The MkDocs configuration names the same paths (``mkdocs_config``), so both come from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["COLOUR_CSS", "Branding", "branding_files", "logo_path"]

COLOUR_CSS = "assets/colour.css"


def logo_path(suffix: str) -> str:
    """Where the logo goes in the site, by its file type (``.png``)."""
    return f"assets/logo{suffix.lower()}"


@dataclass(frozen=True, kw_only=True)
class Branding:
    logo: Path | None = None  # the image file in the workbook folder
    colour: str | None = None  # a ``#rrggbb`` code; named colours need no file


def branding_files(branding: Branding) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    if branding.logo is not None:
        files[logo_path(branding.logo.suffix)] = branding.logo.read_bytes()
    if branding.colour is not None:
        # Material's way to a colour of one's own: `primary: custom` and these variables
        # (its docs, "Custom colors"). One shade for all three keeps the checked contrast.
        c = branding.colour
        files[COLOUR_CSS] = (
            ":root > * {\n"
            f"  --md-primary-fg-color: {c};\n"
            f"  --md-primary-fg-color--light: {c};\n"
            f"  --md-primary-fg-color--dark: {c};\n"
            "}\n").encode()
    return files
