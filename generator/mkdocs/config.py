"""The MkDocs configuration of a project, for `build`, `serve` and `export` alike.

A workbook has no mkdocs.yml: its configuration is the package's own
(``site_templates/mkdocs.yml``) with the workbook's name, logo, colour and folders laid over
it. A project with an mkdocs.yml keeps its file; only the csreview plugin's options are
replaced by what the command was asked for, so no setting travels through the environment.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..loading.project import Project
from ..model.workbook import HEX_COLOUR
from ..pages.branding import COLOUR_CSS, Branding, logo_path
from ..source.resources import site_templates

__all__ = [
    "BuildRequest", "LiveConfig", "base_config_file", "branding", "config_dict", "config_name",
    "plugin_options", "raw_config",
]

PLUGIN = "csreview"


@dataclass(frozen=True, kw_only=True)
class BuildRequest:
    """What a command asks of a build; handed to the plugin as its options."""

    audience: str = "internal"
    strict: bool = False
    pdf: bool = True


def base_config_file() -> Path:
    return site_templates() / "mkdocs.yml"


def raw_config(file: Path) -> dict[str, Any]:
    """An mkdocs.yml as MkDocs reads it (``INHERIT`` merged, ``!ENV`` resolved), with its
    folders made absolute so the result can be used from anywhere."""
    from mkdocs.utils.yaml import yaml_load

    with file.open("rb") as fd:
        config = yaml_load(fd)
    root = file.parent
    config["docs_dir"] = str((root / config.get("docs_dir", "docs")).resolve())
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get(PLUGIN), dict):
            options = entry[PLUGIN]
            for key in ("content", "reviews", "workbook"):
                if options.get(key):
                    options[key] = str((root / options[key]).resolve())
    return config


def plugin_options(file: Path) -> dict[str, Any]:
    """The csreview plugin's options in an mkdocs.yml (empty when it names no options)."""
    for entry in raw_config(file).get("plugins") or []:
        if isinstance(entry, dict) and PLUGIN in entry:
            return dict(entry[PLUGIN] or {})
    return {}


def _plugins(listed: list[Any], options: dict[str, Any]) -> list[Any]:
    """``listed`` with the csreview entry's options replaced (added when it is missing)."""
    out: list[Any] = []
    for entry in listed:
        if entry == PLUGIN or (isinstance(entry, dict) and PLUGIN in entry):
            continue
        out.append(entry)
    return [*out, {PLUGIN: options}]


def config_dict(project: Project, request: BuildRequest) -> dict[str, Any]:
    """The project's whole MkDocs configuration, folders absolute, with the csreview
    plugin's options as ``request`` asks."""
    options = {
        "content": str(project.content), "reviews": str(project.reviews),
        "workbook": str(project.workbook.root) if project.workbook else "",
        "audience": request.audience, "strict": request.strict, "pdf": request.pdf,
        "pdf_cache": str(project.cache / "pdf"),
    }
    if project.mkdocs_file is not None:
        config = raw_config(project.mkdocs_file)
        config["plugins"] = _plugins(list(config.get("plugins") or []), options)
        return config
    assert project.workbook is not None
    config = raw_config(base_config_file())
    settings = project.workbook.settings
    theme = config["theme"]
    theme["custom_dir"] = str(site_templates() / "overrides")
    if project.workbook.logo is not None:
        theme["logo"] = logo_path(project.workbook.logo.suffix)
    if settings.colour:
        named = not HEX_COLOUR.match(settings.colour)
        for scheme in theme.get("palette") or []:
            scheme["primary"] = settings.colour.lower() if named else "custom"
        if not named:
            config["extra_css"] = [*(config.get("extra_css") or []), COLOUR_CSS]
    config["site_dir"] = str(project.root / "site")
    config["plugins"] = _plugins(list(config.get("plugins") or ["search"]), options)
    # The theme prints both as raw HTML; a name such as "Children & Families" is text.
    if settings.site_name:
        config["site_name"] = html.escape(settings.site_name)
    if settings.partnership:
        config["copyright"] = html.escape(settings.partnership)
    if settings.site_url:
        config["site_url"] = settings.site_url
    return config


def config_name(project: Project) -> Path:
    """Where MkDocs is told the configuration came from: what `serve` watches and what
    relative paths are relative to (every folder in ``config_dict`` is absolute)."""
    if project.mkdocs_file is not None:
        return project.mkdocs_file
    assert project.workbook is not None
    return project.workbook.settings_file or project.reviews


class LiveConfig(io.BytesIO):
    """An mkdocs.yml made afresh from the project each time MkDocs opens it.

    `mkdocs serve` loads its configuration again for every rebuild; this way an edit to
    workbook.yaml (a new name, logo or colour) shows without a restart, and each load gets
    its own copy of the plugin list, which MkDocs takes apart as it reads it. MkDocs
    treats an open file object as the file itself: it rewinds it, reads it and closes it
    (mkdocs/config/base.py, ``_open_config_file``, MkDocs 1.6.1), so closing is ignored."""

    def __init__(self, make: Callable[[], dict[str, Any]], name: Path) -> None:
        super().__init__()
        self.make = make
        self.name = str(name)

    def seek(self, offset: int, whence: int = 0, /) -> int:
        if offset == 0 and whence == 0:
            data = yaml.safe_dump(self.make(), sort_keys=False, allow_unicode=True)
            super().seek(0)
            self.truncate()
            self.write(data.encode("utf-8"))
        return super().seek(offset, whence)

    def close(self) -> None:
        pass


def branding(project: Project) -> Branding:
    """The files a workbook's logo and colour need in the site."""
    if project.workbook is None:
        return Branding()
    colour = project.workbook.settings.colour
    return Branding(logo=project.workbook.logo,
                    colour=colour if colour and HEX_COLOUR.match(colour) else None)


