"""What `csreview serve` adds to `mkdocs serve`: a rebuild that fails shows why in the browser.

MkDocs' live-reload server holds every page request until a rebuild succeeds, so after a
mistake in a review file the reader's page simply hangs. Here the rebuild is made to end
either way: when it fails, the problems (file, line, column, message) are written as one
page, every page the reader asks for is answered with it, and browsers are told to reload
as after any rebuild. Once the files are fixed, the next rebuild succeeds, the site's own
pages are served again, and the open page reloads by itself. The site folder is left as
the last good rebuild wrote it, so MkDocs' and our record of what it holds stay true.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from mkdocs.exceptions import Abort

from ..pages.render import render
from ..source.diagnostics import Diagnostic, Diagnostics
from ..source.errors import InputError
from .compat import wrap_live_server

log = logging.getLogger("mkdocs.plugins.csreview")

# The page of problems, in the site folder (the server serves nothing else).
PROBLEMS_PAGE = ".csreview-problems.html"

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def problems(error: BaseException, logged: list[str]) -> list[Diagnostic]:
    """What made a rebuild fail, as diagnostics: every problem in the inputs when they were
    the cause; else the errors MkDocs logged meanwhile (it logs a bad setting in mkdocs.yml,
    then raises only "Aborted") and the error itself, placed in its file when it names one,
    as a template's error does. Errors come first."""
    chain = []
    cause: BaseException | None = error
    while cause is not None and cause not in chain:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    for link in chain:
        if isinstance(link, InputError) and isinstance(link.diagnostics, Diagnostics):
            return sorted(link.diagnostics.sorted(), key=lambda d: d.severity != "error")
    # MkDocs logs a plugin's error, then raises an Abort that says only that it did.
    told = next((link for link in chain if not isinstance(link, Abort)), error)
    found = [Diagnostic("", 0, 0, "error", message) for message in dict.fromkeys(logged)]
    message = str(told) or type(told).__name__
    if message not in logged:
        line = getattr(told, "lineno", None)
        found.append(Diagnostic(str(getattr(told, "filename", None) or ""),
                                line if isinstance(line, int) else 0, 0, "error", message))
    return found


def problems_page(found: list[Diagnostic], site_name: str) -> str:
    return render("serve_problems.html.j2", problems=found, site_name=site_name)


class ProblemsInBrowser:
    """Wraps a live-reload server's builder and its web application (see the module)."""

    def __init__(self, server: Any, site_dir: Path, site_name: str) -> None:
        self.page = site_dir / PROBLEMS_PAGE
        self.site_name = site_name
        self.mount = str(server.mount_path)
        self.failing = False
        self.builder: Callable[[], None]
        self.app: WsgiApp
        self.builder, self.app = wrap_live_server(server, self.build, self.serve)

    def build(self) -> None:
        logged = _Errors()
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(logged)
        try:
            self.builder()
        except Exception as exc:  # noqa: BLE001 - shown to the reader instead
            found = problems(exc, logged.messages)
            self.page.write_text(problems_page(found, self.site_name), encoding="utf-8")
            self.failing = True
            log.error(f"csreview: the rebuild failed ({len(found)} problem"
                      f"{'s' * (len(found) != 1)}); the browser shows "
                      f"{'them' if len(found) != 1 else 'it'} until the files are fixed")
        else:
            self.failing = False
        finally:
            mkdocs_log.removeHandler(logged)

    def serve(self, environ: dict[str, Any], start_response: Callable[..., Any]
              ) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO", ""))
        if (self.failing and path.startswith(self.mount) and path.endswith(("/", ".html"))
                and not path.startswith("/livereload/")):
            # The server adds its reload script to this page as to any other.
            environ = {**environ, "PATH_INFO": self.mount + PROBLEMS_PAGE}
        return self.app(environ, start_response)


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
