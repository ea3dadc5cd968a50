"""Build the site with MkDocs into a fresh folder, then swap it in only on success.

A failed or interrupted build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import os
from pathlib import Path

from .loading import Loaded
from .output_guard import Inputs, check_output, project_inputs
from .staging import Staging


class BuildFailed(Exception):
    pass


def build_site(
    config_file: Path, site_dir: Path, loaded: Loaded, *, audience: str, strict: bool,
    pdf: bool = True, inputs: Inputs | None = None,
) -> None:
    """Raises OutputRefused, before writing anything, when ``site_dir`` must not be
    replaced (see output_guard); ``inputs`` are what it must keep clear of."""
    # Quiet Material's end-of-life banner in our output; the README covers the migration plan.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    inputs = inputs or project_inputs(config_file)
    check_output(site_dir, inputs)
    staging = Staging(site_dir, "csreview build")
    try:
        cfg = load_config(str(config_file), site_dir=str(staging.tree), strict=strict)
        plugin = cfg.plugins.get("csreview")
        if plugin is None:
            raise BuildFailed(f"{config_file}: the csreview plugin is not in `plugins:`")
        plugin.preloaded = loaded
        plugin.config.audience = audience
        plugin.config.strict = strict
        plugin.config.pdf = pdf
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
        check_output(site_dir, inputs)  # again: the folder may have changed meanwhile
        staging.replace()
    except MkDocsException as exc:
        raise BuildFailed(str(exc)) from exc
    finally:
        staging.remove()
