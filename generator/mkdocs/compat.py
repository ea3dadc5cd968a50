"""Every part of MkDocs the adapter uses that MkDocs does not promise to keep, in one place.

Each was checked against MkDocs 1.6.1, the last 1.x, and ProperDocs 1.6.7, which continues
it (``tests/test_mkdocs_compat.py`` holds each to what is written here, so an upgrade that
changes one fails loudly there rather than quietly in a build). MkDocs 2.0 drops plugins
altogether; ``csreview export`` is the way out then.
"""

from __future__ import annotations

from typing import Any

from mkdocs.commands import build as _build
from mkdocs.structure.files import File

__all__ = ["CHECKED_AGAINST", "RENDERED", "build_page", "send_output_to", "wrap_live_server"]

CHECKED_AGAINST = {"mkdocs": "1.6.1", "properdocs": "1.6.7"}

# MkDocs' own builder of one page: template, plugin events, writing the file.
# mkdocs/commands/build.py, `def _build_page(page, config, doc_files, nav, env, dirty=False,
# excluded=False)`: https://github.com/mkdocs/mkdocs/blob/1.6.1/mkdocs/commands/build.py#L185
# Without it (a future MkDocs), the build renders every page in turn (see split).
build_page: Any = getattr(_build, "_build_page", None)

# What `Page.render(config, files)` sets, which a page converted once for many (see
# pages.SkeletonPage) must set alike. It also sets `_title_from_render`, which only counts
# for a page without a `title:` in its front matter; every generated page has one.
# https://github.com/mkdocs/mkdocs/blob/1.6.1/mkdocs/structure/pages.py#L264
RENDERED = ("content", "toc", "present_anchor_ids", "links_to_anchors")


def send_output_to(file: File, path: str) -> None:
    """Make MkDocs write ``file``'s page to ``path``: `File.abs_dest_path` is a
    `functools.cached_property`, so a value in the instance's dictionary wins.
    https://github.com/mkdocs/mkdocs/blob/1.6.1/mkdocs/structure/files.py#L417"""
    file.__dict__["abs_dest_path"] = path


def wrap_live_server(server: Any, builder: Any, app: Any) -> tuple[Any, Any]:
    """Put ``builder`` and the WSGI ``app`` in place of the live-reload server's own, and
    return those: `LiveReloadServer.builder` is a plain attribute the server calls for every
    rebuild, and `get_app`/`set_app` come from `wsgiref`'s `WSGIServer`.
    https://github.com/mkdocs/mkdocs/blob/1.6.1/mkdocs/livereload/__init__.py#L97"""
    old_builder, old_app = server.builder, server.get_app()
    server.builder = builder
    server.set_app(app)
    return old_builder, old_app
