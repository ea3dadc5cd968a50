"""Build the site with MkDocs into a fresh folder, then swap it in only on success.

A failed or interrupted build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from .loading import Loaded
from .mkdocs_config import BuildRequest, LiveConfig, config_dict, config_name
from .project import Project
from .tool_warnings import ToolWarnings


class BuildFailed(Exception):
    pass


def build_site(
    project: Project, site_dir: Path, loaded: Loaded, request: BuildRequest,
    warnings: ToolWarnings | None = None,
) -> None:
    """Build into a fresh folder and swap it in. ``warnings`` collects what the tools the
    build calls warned of (MkDocs' own warnings are counted as "MkDocs")."""
    warnings = ToolWarnings() if warnings is None else warnings
    # Quiet Material's end-of-life banner in our output; the README covers the migration plan.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .mkdocs_plugin import ReviewWorkbookPlugin

    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    try:
        config = config_dict(project, request)
        cfg = load_config(LiveConfig(lambda: config, config_name(project)),
                          site_dir=str(staging), strict=request.strict)
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
        _swap(staging, site_dir)
    except MkDocsException as exc:
        raise BuildFailed(str(exc)) from exc
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


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


def _swap(new: Path, target: Path) -> None:
    """Replace ``target`` with ``new`` so readers see either the old site or the new one."""
    if not target.exists():
        new.rename(target)
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    target.rename(old)
    try:
        new.rename(target)
    except OSError:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
