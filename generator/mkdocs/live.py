"""`csreview serve`: MkDocs' live-reload server over the project's configuration.

The configuration is made afresh for every rebuild (``LiveConfig``), from the project as
``find`` finds it then, so an edit to workbook.yaml shows without a restart.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from ..loading.project import Project
from ..source.diagnostics import Diagnostics
from .config import BuildRequest, LiveConfig, config_dict, config_name

__all__ = ["serve_project"]


def serve_project(
    project: Project, find: Callable[[Diagnostics], Project | None], request: BuildRequest,
    dev_addr: str,
) -> None:
    """Serve ``project`` until interrupted; ``find`` finds it again for each rebuild."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import ConfigurationError

    def config() -> dict[str, Any]:
        diags = Diagnostics()
        again = find(diags)
        if again is None:
            raise ConfigurationError("; ".join(d.format() for d in diags))
        return config_dict(again, request)

    # Rebuild only what changed: the plugin tells MkDocs which results pages are as they
    # were, so saving one review on a national folder re-renders that area's pages, not
    # thousands. MkDocs warns on every dirty rebuild that its nav may be stale; ours is
    # never kept (see plugin._kept), so the warning would only alarm.
    logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyWarning())
    # What `mkdocs serve` prints: where it serves, each rebuild, and how much was reused.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)
    mkdocs_log.propagate = False
    # MkDocs' typing asks for a path; a file object works (see LiveConfig).
    serve(config_file=LiveConfig(config, config_name(project)),  # type: ignore[arg-type]
          dev_addr=dev_addr, build_type="dirty")


class _NoDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()
