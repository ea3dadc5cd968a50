"""Every part of MkDocs the adapter uses that MkDocs does not promise to keep, in one place.

Each was checked against MkDocs 1.6.1, the last 1.x, and ProperDocs 1.6.7, which continues
it (``tests/test_mkdocs_compat.py`` holds each to what is written here, so an upgrade that
changes one fails loudly there rather than quietly in a build). MkDocs 2.0 drops plugins
altogether; ``csreview export`` is the way out then.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CHECKED_AGAINST", "RENDERED", "wrap_live_server"]

CHECKED_AGAINST = {"mkdocs": "1.6.1", "properdocs": "1.6.7"}

# What `Page.render(config, files)` sets, which a page converted once for many (see
# pages.SkeletonPage) must set alike. It also sets `_title_from_render`, which only counts
# for a page without a `title:` in its front matter; every generated page has one.
# https://github.com/mkdocs/mkdocs/blob/1.6.1/mkdocs/structure/pages.py#L264
RENDERED = ("content", "toc", "present_anchor_ids", "links_to_anchors")


def wrap_live_server(server: Any, builder: Any, app: Any) -> tuple[Any, Any]:
    """Put ``builder`` and the WSGI ``app`` in place of the live-reload server's own, and
    return those: `LiveReloadServer.builder` is a plain attribute the server calls for every
    rebuild, and `get_app`/`set_app` come from `wsgiref`'s `WSGIServer`.
    https://github.com/mkdocs/mkdocs/blob/1.6.1/mkdocs/livereload/__init__.py#L97"""
    old_builder, old_app = server.builder, server.get_app()
    server.builder = builder
    server.set_app(app)
    return old_builder, old_app
