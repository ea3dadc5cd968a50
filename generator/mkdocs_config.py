"""The MkDocs configuration of a project, for `build`, `serve` and `export` alike.

A workbook has no mkdocs.yml: its configuration is the package's own
(``site_templates/mkdocs.yml``) with the workbook's name, logo, colour and folders laid over
it. A project with an mkdocs.yml keeps its file; only the csreview plugin's options are
replaced by what the command was asked for, so no setting travels through the environment.
"""

from __future__ import annotations

import copy
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .pages.branding import COLOUR_CSS, Branding, logo_path
from .project import Project
from .resources import site_templates
from .workbook import HEX_COLOUR

__all__ = [
    "BuildRequest", "base_config_file", "branding", "export_config", "load_options",
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


def load_options(project: Project, request: BuildRequest) -> tuple[Path, dict[str, Any]]:
    """The file MkDocs should load, and the options to lay over it (``load_config``'s and
    ``serve``'s keyword arguments)."""
    options = {
        "content": str(project.content), "reviews": str(project.reviews),
        "workbook": str(project.workbook.root) if project.workbook else "",
        "audience": request.audience, "strict": request.strict, "pdf": request.pdf,
        "pdf_cache": str(project.cache / "pdf"),
    }
    if project.mkdocs_file is not None:
        listed = raw_config(project.mkdocs_file).get("plugins") or []
        return project.mkdocs_file, {"plugins": _plugins(list(listed), options)}
    assert project.workbook is not None
    base = raw_config(base_config_file())
    settings = project.workbook.settings
    theme = copy.deepcopy(base["theme"])
    theme["custom_dir"] = str(site_templates() / "overrides")
    if project.workbook.logo is not None:
        theme["logo"] = logo_path(project.workbook.logo.suffix)
    extra_css = list(base.get("extra_css") or [])
    if settings.colour:
        named = not HEX_COLOUR.match(settings.colour)
        for scheme in theme.get("palette") or []:
            scheme["primary"] = settings.colour.lower() if named else "custom"
        if not named:
            extra_css.append(COLOUR_CSS)
    overrides: dict[str, Any] = {
        "docs_dir": base["docs_dir"], "theme": theme, "extra_css": extra_css,
        "site_dir": str(project.root / "site"),
        "plugins": _plugins(list(base.get("plugins") or ["search"]), options),
    }
    # The theme prints both as raw HTML; a name such as "Children & Families" is text.
    if settings.site_name:
        overrides["site_name"] = html.escape(settings.site_name)
    if settings.partnership:
        overrides["copyright"] = html.escape(settings.partnership)
    if settings.site_url:
        overrides["site_url"] = settings.site_url
    if project.workbook.settings_file is not None:
        # Relative paths a user adds later resolve against the workbook, and `serve`
        # watches workbook.yaml.
        overrides["config_file_path"] = str(project.workbook.settings_file)
    return base_config_file(), overrides


def branding(project: Project) -> Branding:
    """The files a workbook's logo and colour need in the site."""
    if project.workbook is None:
        return Branding()
    colour = project.workbook.settings.colour
    return Branding(logo=project.workbook.logo,
                    colour=colour if colour and HEX_COLOUR.match(colour) else None)


def export_config(project: Project, request: BuildRequest) -> tuple[dict[str, Any], Branding]:
    """The whole MkDocs configuration as one mapping with absolute folders, for writing a
    docs tree that builds without the plugin; and the branding files it names."""
    file, options = load_options(project, request)
    config = raw_config(file)
    config.update({k: v for k, v in options.items() if k != "config_file_path"})
    return config, branding(project)
