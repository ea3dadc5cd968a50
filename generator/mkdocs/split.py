"""Render some of MkDocs' pages on a forked process while MkDocs renders the rest.

MkDocs renders pages one after another on one core; at national scale that was half of a
build. After every page has been read and converted (``on_env``), the results pages that
search leaves out are split: a forked copy of the build renders its share with MkDocs' own
page builder into a folder beside the site, while this process renders the rest and only a
one-line stand-in for each of those. After the build (``on_post_build``) the child's pages
replace the stand-ins. Nothing else differs: same templates, same page objects, same plugin
events, so the pages are byte for byte what a serial build writes (a test checks this).

Only for ``build``: ``serve`` runs other threads, which a fork must not copy mid-step. Only
pages the search leaves out, so no plugin state that the child gathers is lost. Only on
Linux. The child runs no code but MkDocs' page builder and the plugins' page events.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import traceback
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files, InclusionLevel

from ..runtime.lifeline import end_with
from ..runtime.staging import owned_folder, remove_leftovers
from ..source.errors import OutputFailed
from .compat import build_page, send_output_to

# What the child logged at WARNING or above, one "level json-message" line each.
WARNINGS = "warnings.log"
CHILD_LOGGER = "csreview.pages-elsewhere"
# The stand-in template (site_templates/overrides/); its output is replaced after the build.
STAND_IN = "csreview-stand-in.html"
# Below this many pages to share, a fork costs more than it saves.
PARALLEL_FROM = 200


class PageSplit:
    """One build's split: which pages a child renders, where, and the child itself."""

    def __init__(self, child: int, staging: Path, files: list[File], site_dir: Path) -> None:
        self.child = child
        self.staging = staging
        self.paths = {f.src_uri for f in files}
        self.dest = [(Path(f.abs_dest_path), staging / f.dest_uri) for f in files]
        self.site_dir = site_dir

    def is_elsewhere(self, src_uri: str) -> bool:
        return src_uri in self.paths

    def finish(self) -> None:
        """Wait for the child and put its pages in place; RuntimeError if it failed. What
        the child warned of is logged here again, where MkDocs counts it (``--strict``)."""
        try:
            _, status = os.waitpid(self.child, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise OutputFailed("rendering pages on a second process failed (see above)")
            told = self.staging / WARNINGS
            if told.is_file():
                for line in told.read_text("utf-8").splitlines():
                    level, _, message = line.partition(" ")
                    logging.getLogger(f"mkdocs.{CHILD_LOGGER}").log(
                        int(level), json.loads(message))
            for final, made in self.dest:
                os.replace(made, final)
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)

    def abandon(self) -> None:
        try:
            os.kill(self.child, 9)
            os.waitpid(self.child, 0)
        except OSError:
            pass
        shutil.rmtree(self.staging, ignore_errors=True)


def split_pages(files: Files, config: Any, nav: Any, env: Any, share: list[File],
                ) -> PageSplit | None:
    """Fork a child that renders every other page of ``share``; None when not worth it."""
    # Linux only: macOS forbids forking after some system libraries have started, and
    # Windows cannot fork at all.
    if (build_page is None or not sys.platform.startswith("linux")
            or len(share) < PARALLEL_FROM
            or os.environ.get("CSREVIEW_SERIAL_PAGES")):  # an escape hatch, and for tests
        return None
    theirs = share[1::2]
    print(f"csreview: rendering {len(theirs)} results pages on a second process",
          file=sys.stderr)
    site_dir = Path(config.site_dir)
    prefix = f".{site_dir.name}.pages-"
    remove_leftovers(site_dir.parent, prefix)  # an earlier build's, killed meanwhile
    staging = owned_folder(site_dir.parent, prefix)
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which coverage does not follow
        code = 0
        try:
            end_with(parent)
            _tell_parent(staging / WARNINGS)
            for f in theirs:
                send_output_to(f, str(staging / f.dest_uri))
                build_page(f.page, config, doc_files, nav, env)
        except BaseException:  # noqa: BLE001 - reported, then the parent fails the build
            traceback.print_exc()
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    for f in theirs:
        assert f.page is not None
        f.page.meta["template"] = STAND_IN
    return PageSplit(child, staging, theirs, site_dir)


class _ToFile(logging.Handler):
    """In the child: keeps what MkDocs and the plugins warn of for the parent, where
    MkDocs counts warnings for ``--strict``; a warning lost in the child would let a
    strict build pass that should fail."""

    def __init__(self, path: Path) -> None:
        super().__init__(logging.WARNING)
        self.path = path

    def emit(self, record: logging.LogRecord) -> None:
        with self.path.open("a", encoding="utf-8") as out:
            out.write(f"{record.levelno} {json.dumps(record.getMessage())}\n")


def _tell_parent(path: Path) -> None:  # pragma: no cover - runs in the child
    mkdocs_log = logging.getLogger("mkdocs")
    for handler in list(mkdocs_log.handlers):
        mkdocs_log.removeHandler(handler)  # the parent prints them, once
    mkdocs_log.addHandler(_ToFile(path))
    mkdocs_log.propagate = False
