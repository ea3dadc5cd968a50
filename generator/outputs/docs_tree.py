"""Write the generated docs tree to a folder, with an ``mkdocs.yml`` that needs no plugin.

MkDocs 2.0 drops plugins and Zensical runs none, so the site must also build from plain
files: this writes every generated page and static asset, and a config whose nav is spelled
out, so ``mkdocs build`` (or ``zensical build``) in that folder makes the same site.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from ..pages import Site
from ..runtime.output_guard import Inputs, check_output
from ..runtime.staging import Staging


def export_folder(
    site: Site, config: dict[str, Any], out: Path, inputs: Inputs,
    extra_files: dict[str, bytes] | None = None,
) -> list[Path]:
    """``export_tree`` into a new folder that replaces ``out`` whole once it is written;
    the files written are named as they were before the swap. Raises OutputRefused,
    before writing anything, when ``out`` must not be replaced (see output_guard)."""
    check_output(out, inputs)
    staging = Staging(out, "csreview export")
    try:
        written = export_tree(site, config, staging.tree, extra_files)
        check_output(out, inputs)  # again: the folder may have changed meanwhile
        staging.replace()
    finally:
        staging.remove()
    return written


def export_tree(
    site: Site, config: dict[str, Any], out: Path, extra_files: dict[str, bytes] | None = None,
) -> list[Path]:
    """Write ``out/docs/**`` and ``out/mkdocs.yml`` into the empty folder ``out``; return
    the files written. ``config`` is the project's MkDocs configuration, its folders
    absolute (``mkdocs_config``)."""
    config = dict(config)
    source_docs = Path(config["docs_dir"])
    docs = out / "docs"
    written = []
    if source_docs.is_dir():
        shutil.copytree(source_docs, docs)
        written += [p for p in docs.rglob("*") if p.is_file()]
    for rel, content in [*site.files.items(), *(extra_files or {}).items()]:
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)  # pages are held as UTF-8 (pages.base.Site)
        written.append(target)
    theme = dict(config.get("theme", {}))
    if "custom_dir" in theme:
        overrides = out / "overrides"
        shutil.copytree(theme["custom_dir"], overrides)
        theme["custom_dir"] = "overrides"
    config["theme"] = theme
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["nav"] = site.nav
    config.setdefault("extra", {})["csreview"] = site.theme_extra
    config["plugins"] = [p for p in config.get("plugins", [])
                         if not (isinstance(p, dict) and "csreview" in p) and p != "csreview"]
    (out / "mkdocs.yml").write_text(
        "# Written by `csreview export`: the generated pages as plain files; no plugin needed.\n"
        + yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    written.append(out / "mkdocs.yml")
    return written
