"""Which folder a command works on, and where that folder's inputs are.

Two kinds of project build the same site:

* a **workbook** (what ``csreview init`` makes): ``workbook.yaml`` and ``reviews/``, perhaps
  ``pages/`` and a logo. Everything else comes from the installed package;
* a folder with its own **mkdocs.yml** naming the csreview plugin (this source checkout, or
  ``--config FILE``), for those who want MkDocs settings of their own.

A folder with neither file but a ``reviews/`` folder is a workbook with every default.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model.workbook import WORKBOOK_FILE, Workbook, load_workbook
from ..source.diagnostics import Diagnostics
from ..source.errors import NotAProject
from ..source.resources import bundled_content, bundled_example
from ..source.work import SERIAL, Work
from .load import Loaded, load_all

__all__ = ["NotAProject", "Project", "find_project", "load_project"]

EXAMPLE_AREA = "example"




@dataclass(frozen=True, kw_only=True)
class Project:
    root: Path
    content: Path
    reviews: Path
    workbook: Workbook | None = None  # a workbook folder's settings
    mkdocs_file: Path | None = None  # an mkdocs.yml used as it is

    @property
    def cache(self) -> Path:
        """Where PDFs and spreadsheets are kept between builds while unchanged."""
        return self.root / ".cache"

    @property
    def pages(self) -> Path | None:
        """The partnership's own guidance pages."""
        return self.workbook.pages if self.workbook else None

    @property
    def audience(self) -> str:
        """What a build makes when no ``--audience`` is given."""
        return self.workbook.settings.audience if self.workbook else "internal"

    @property
    def extra_areas(self) -> tuple[Path, ...]:
        """Area folders from the package: the completed example, which the guidance links
        to, unless the reviews folder has an area of that name itself."""
        if self.mkdocs_file is not None or (self.reviews / EXAMPLE_AREA).exists():
            return ()
        return (bundled_example(),)

    @property
    def inputs(self) -> tuple[Path, ...]:
        """Every file or folder a build reads from this project (for `serve` to watch)."""
        found = [self.content, self.reviews]
        if self.workbook is not None:
            if self.workbook.settings_file is not None:
                found.append(self.workbook.settings_file)
            if self.workbook.pages is not None:
                found.append(self.workbook.pages)
            if self.workbook.logo is not None:
                found.append(self.workbook.logo)
        return tuple(found)


def find_project(
    cwd: Path, diags: Diagnostics, *, config: Path | None = None,
    reviews: Path | None = None, content: Path | None = None,
    plugin_options: Callable[[Path], Mapping[str, Any]] | None = None,
) -> Project | None:
    """The project ``cwd`` holds. None when ``workbook.yaml`` has errors (they are in
    ``diags``); NotAProject when there is nothing to work on.

    ``plugin_options`` reads the csreview plugin's options from an mkdocs.yml (the MkDocs
    adapter supplies it; this module does not import MkDocs)."""
    cwd = cwd.resolve()
    mkdocs_file: Path | None = config
    # A workbook wins over an mkdocs.yml beside it that --config does not name.
    if config is None and not (cwd / WORKBOOK_FILE).is_file() and (cwd / "mkdocs.yml").is_file():
        mkdocs_file = cwd / "mkdocs.yml"
    if mkdocs_file is not None:
        mkdocs_file = (cwd / mkdocs_file).resolve()
        if not mkdocs_file.is_file():
            raise NotAProject(f"there is no MkDocs config file at {mkdocs_file}")
        root = mkdocs_file.parent
        options = plugin_options(mkdocs_file) if plugin_options else {}
        named_content = options.get("content") or ""
        return Project(
            root=root, mkdocs_file=mkdocs_file,
            content=_absolute(content, cwd) or (root / named_content if named_content
                                                else bundled_content()),
            reviews=_absolute(reviews, cwd) or root / str(options.get("reviews", "reviews")),
        )
    if reviews is None and not (cwd / WORKBOOK_FILE).is_file() and not (cwd / "reviews").is_dir():
        raise NotAProject(
            f"{cwd} is not a workbook folder: it has no {WORKBOOK_FILE}, no mkdocs.yml and no"
            " reviews/ folder. Make a workbook with `csreview init FOLDER`, then `cd FOLDER`;"
            " or point at review files with --reviews FOLDER")
    workbook = load_workbook(cwd, diags)
    if workbook is None:
        return None
    return Project(root=cwd, workbook=workbook,
                   content=_absolute(content, cwd) or bundled_content(),
                   reviews=_absolute(reviews, cwd) or workbook.reviews)


def load_project(
    project: Project, diags: Diagnostics, *, audience: str, work: Work = SERIAL,
) -> Loaded | None:
    """Load and check everything the project holds, as every command and adapter does.
    Files are named relative to the current folder, where the user can open them."""
    return load_all(project.content, project.reviews, diags, audience=audience,
                    work=work, local_pages=project.pages, extra_areas=project.extra_areas)


def _absolute(path: Path | None, cwd: Path) -> Path | None:
    return None if path is None else (cwd / path).resolve()
