"""Build the site with MkDocs into a fresh folder, then swap it in only on success.

A failed or interrupted build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from ..loading.load import Loaded
from ..loading.project import Project
from ..runtime.output_guard import Inputs, check_output, inputs_of
from ..runtime.staging import Staging
from ..runtime.tool_warnings import ToolWarnings
from ..source.errors import OutputFailed
from .config import BuildRequest, LiveConfig, config_dict, config_name


class BuildFailed(OutputFailed):
    """MkDocs could not build the site; the previous one is left as it was."""


def build_site(
    project: Project, site_dir: Path, loaded: Loaded, request: BuildRequest,
    warnings: ToolWarnings | None = None, *, inputs: Inputs | None = None,
) -> None:
    """Build into a fresh folder and swap it in. ``warnings`` collects what the tools the
    build calls warned of (MkDocs' own warnings are counted as "MkDocs"). Raises
    OutputRefused, before writing anything, when ``site_dir`` must not be replaced (see
    output_guard); ``inputs`` are what it must keep clear of (default: the project's)."""
    warnings = ToolWarnings() if warnings is None else warnings
    # Quiet Material's end-of-life banner in our output; the README covers the migration plan.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .plugin import ReviewWorkbookPlugin

    config = config_dict(project, request)
    inputs = inputs or inputs_of(project, config)
    check_output(site_dir, inputs)
    staging = Staging(site_dir, "csreview build")
    try:
        cfg = load_config(LiveConfig(lambda: config, config_name(project)),
                          site_dir=str(staging.tree), strict=request.strict)
        plugin = cfg.plugins["csreview"]  # config_dict always names it
        assert isinstance(plugin, ReviewWorkbookPlugin)
        plugin.preloaded = loaded  # checked already: no need to load it all again
        plugin.tool_warnings = warnings
        cfg.plugins.on_startup(command="build", dirty=False)
        counter = _Count()
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(counter)
        try:
            build(cfg)
        finally:
            mkdocs_log.removeHandler(counter)
            cfg.plugins.on_shutdown()
        for message in counter.found:
            warnings.add("MkDocs", message, str(site_dir))
        check_output(site_dir, inputs)  # again: the folder may have changed meanwhile
        staging.replace()
    except MkDocsException as exc:
        raise BuildFailed(str(exc)) from exc
    finally:
        staging.remove()


class _Count(logging.StreamHandler):  # type: ignore[type-arg]
    """Prints MkDocs' warnings as they happen, as `mkdocs build` does, and keeps them for
    the closing line."""

    def __init__(self) -> None:
        super().__init__()
        self.setLevel(logging.WARNING)
        self.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.found.append(record.getMessage())
        super().emit(record)
