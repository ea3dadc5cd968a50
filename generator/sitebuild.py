"""Build the site with MkDocs into a fresh folder, then swap it in only on success.

A failed or interrupted build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .loading import Loaded


class BuildFailed(Exception):
    pass


def build_site(
    config_file: Path, site_dir: Path, loaded: Loaded, *, audience: str, strict: bool,
    pdf: bool = True,
) -> None:
    # Quiet Material's end-of-life banner in our output; the README covers the migration plan.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    try:
        cfg = load_config(str(config_file), site_dir=str(staging), strict=strict)
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
        _swap(staging, site_dir)
    except MkDocsException as exc:
        raise BuildFailed(str(exc)) from exc
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


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
