"""Which folders csreview may write as an output (a built site, an export), and why not.

Building replaces the output folder whole, so one mistyped ``--site-dir`` could delete a
partnership's review files, its content or its repository. The rule: an output folder is
never an input, never holds one and never lies inside one; it never is, holds or lies
inside a version-control folder; it never is or holds the project folder (it may lie
inside it, as the default ``site/`` does); and it is replaced only when it is empty or
when csreview made it (it carries ``MARKER``). This module only looks at the file system;
it changes nothing.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..source.errors import OutputRefused
from ..source.resources import bundled_content, site_templates

if TYPE_CHECKING:
    from ..loading.project import Project

__all__ = ["MARKER", "Inputs", "OutputRefused", "check_output", "inputs_of", "output_problem",
           "project_inputs"]

# Written into every folder csreview makes as an output; see staging.mark.
MARKER = ".csreview-site"
VERSION_CONTROL = frozenset({".git", ".hg", ".svn"})




@dataclass(frozen=True)
class Inputs:
    """What an output folder must keep clear of, each with the words that name it.

    ``roots`` (the project folder, the current folder) may hold an output, but an output
    may never be or hold them. ``folders`` (content, reviews, templates, docs_dir) may
    neither hold an output, nor be, nor lie inside one."""

    roots: tuple[tuple[str, Path], ...]
    folders: tuple[tuple[str, Path], ...]


def inputs_of(project: Project, config: Mapping[str, Any], *, cwd: Path | None = None) -> Inputs:
    """The inputs of a project as csreview resolved them, and the folders its whole MkDocs
    configuration ``config`` names (docs_dir, the theme's custom_dir; absolute)."""
    base = project_inputs(project.mkdocs_file, content=project.content,
                          reviews=project.reviews, cwd=cwd)
    roots = [*base.roots, ("the workbook folder", project.root)]
    folders = list(base.folders)
    theme = config.get("theme")
    named = [("the MkDocs docs_dir", config.get("docs_dir")),
             ("the theme's custom_dir", theme.get("custom_dir")
              if isinstance(theme, dict) else None),
             ("the workbook's own pages", str(project.pages) if project.pages else None)]
    folders += [(what, Path(value)) for what, value in named if isinstance(value, str)]
    return Inputs(tuple(roots), tuple(folders))


def project_inputs(config_file: Path | None, *, content: Path | None = None,
                   reviews: Path | None = None, cwd: Path | None = None) -> Inputs:
    """The inputs of a project: the folders given, the bundled content and templates, and
    what ``config_file`` (mkdocs.yml) names: its folder, docs_dir, the theme's custom_dir,
    the csreview plugin's content and reviews, and a ``site_templates/`` beside it."""
    roots = [("the current folder", cwd or Path.cwd())]
    folders = [("the framework content the package carries", bundled_content()),
               ("the site templates the package carries", site_templates())]
    if content is not None:
        folders.append(("the content folder", content))
    if reviews is not None:
        folders.append(("the reviews folder", reviews))
    if config_file is not None and config_file.is_file():
        root = config_file.resolve().parent
        roots.append((f"the project folder (it holds {config_file.name})", root))
        config = _read_config(config_file)
        theme = config.get("theme")
        plugin = _plugin_options(config.get("plugins"))
        named = [("the MkDocs docs_dir", config.get("docs_dir", "docs")),
                 ("the theme's custom_dir", theme.get("custom_dir")
                  if isinstance(theme, dict) else None),
                 ("the site templates", "site_templates"),
                 ("the content folder", plugin.get("content", "content")),
                 ("the reviews folder", plugin.get("reviews", "reviews"))]
        folders += [(what, root / value) for what, value in named if isinstance(value, str)]
    return Inputs(tuple(roots), tuple(folders))


# What every refusal ends with: what happened, the rule, and what to do.
RULE = ("Nothing was written: csreview replaces its output folder whole, so it writes only"
        " to a new or empty folder, or to one it made itself, and never to, into or around"
        " the project's own files. Choose another folder.")


def output_problem(target: Path, inputs: Inputs, *, marked_ok: bool = True) -> str | None:
    """Why ``target`` must not be written as an output folder, in plain words naming it,
    ending with ``RULE``; None when it may be. ``marked_ok=False`` accepts only a missing
    or empty folder (for a command that must not replace even what csreview made)."""
    reason = _reason(target, inputs, marked_ok)
    return None if reason is None else f"{reason} {RULE}"


def _reason(target: Path, inputs: Inputs, marked_ok: bool) -> str | None:
    shown = f"'{target}'"
    where = target.resolve()
    if where.exists() and not where.is_dir():
        return f"{shown} is a file, not a folder."
    vcs = next((p for p in (where, *where.parents) if p.name in VERSION_CONTROL), None)
    if vcs is not None:
        return (f"{shown} is the version-control folder {vcs}." if vcs == where else
                f"{shown} is inside the version-control folder {vcs}.")
    roots = [(what, root.resolve()) for what, root in inputs.roots]
    folders = [(what, folder.resolve()) for what, folder in inputs.folders]
    # What it is names it best; then what it lies inside, then what it holds.
    for what, path in [*roots, *folders]:
        if _within(where, path) and _within(path, where):
            return f"{shown} is {what}."
    for what, folder in folders:
        if _within(where, folder):
            return f"{shown} is inside {what} ({folder})."
    for what, path in [*roots, *folders]:
        if _within(path, where):
            return f"{shown} holds {what} ({path})."
    if not where.exists() or not any(where.iterdir()):
        return None
    if not marked_ok:
        return f"{shown} already holds files; only a new or empty folder can be used here."
    if not _marked(where):
        return (f"{shown} already holds files that csreview did not make (it has no"
                f" {MARKER} file).")
    held = _version_control_inside(where)
    if held is not None:
        return f"{shown} holds the version-control folder {held}."
    return None


def check_output(target: Path, inputs: Inputs, *, marked_ok: bool = True) -> None:
    """``output_problem`` as an exception: raises OutputRefused when ``target`` is refused."""
    problem = output_problem(target, inputs, marked_ok=marked_ok)
    if problem is not None:
        raise OutputRefused(problem)


def _within(inner: Path, outer: Path) -> bool:
    """Whether ``inner`` is ``outer`` or lies inside it; both resolved. Folders are also
    compared by identity, so a case-insensitive disk or a second mount of the same folder
    cannot hide that they are the same."""
    if inner == outer or outer in inner.parents:
        return True
    try:
        outer_stat = outer.stat()
    except OSError:
        return False
    for path in (inner, *inner.parents):
        try:
            if os.path.samestat(path.stat(), outer_stat):
                return True
        except OSError:
            continue
    return False


def _marked(folder: Path) -> bool:
    try:
        return stat.S_ISREG((folder / MARKER).lstat().st_mode)
    except OSError:
        return False


def _version_control_inside(folder: Path) -> Path | None:
    for parent, dirs, files in os.walk(folder):
        for name in (*dirs, *files):  # a worktree's .git is a file
            if name in VERSION_CONTROL:
                return Path(parent) / name
    return None


def _read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data; tags such as ``!ENV`` or ``!!python/name`` read as None
    (only folder names matter here). An unreadable file names no folders: MkDocs itself
    reports it before writing anything."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _plugin_options(plugins: object) -> dict[str, Any]:
    """The csreview plugin's options from mkdocs.yml's ``plugins:`` (a list or a mapping)."""
    entries: Iterable[object] = (
        [{k: v} for k, v in plugins.items()] if isinstance(plugins, dict)
        else plugins if isinstance(plugins, list) else [])
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("csreview"), dict):
            return dict(entry["csreview"])
    return {}
