"""Make the PDFs the core queued (``Site.pdf_jobs``) with WeasyPrint, without a browser.

PDFs are the slow part of a build, so each is cached by the sha256 of everything that shapes
it (its HTML, the stylesheets, the WeasyPrint version and our options): a rebuild with nothing
changed makes none. Misses are made in parallel, one process per core. WeasyPrint is imported
only in the processes that render, so importing this module stays cheap.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from ..runtime.parallel import Workers
from ..runtime.tool_warnings import ToolWarnings
from ..source.errors import OutputFailed
from ..source.resources import site_templates
from .filecache import FileCache, digest

if TYPE_CHECKING:  # a worker process imports this module: keep that import light
    from ..pages.base import PdfJob

STYLESHEETS = (
    site_templates() / "docs" / "assets" / "print.css",
    site_templates() / "pdf" / "pdf.css",
)
# Tagged PDF/UA-1: structure, language and the title shown in the viewer's title bar.
OPTIONS = {"pdf_variant": "pdf/ua-1"}
# Bump when how we call WeasyPrint changes in a way the inputs do not show.
RECIPE = "1"
# Below this many PDFs to make, progress lines are noise.
PROGRESS_FROM = 6


def stylesheet_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in STYLESHEETS)


def cache_key(html: str, css: str) -> str:
    return digest((RECIPE, version("weasyprint"), repr(sorted(OPTIONS.items())), css, html))


def render_pdfs(
    jobs: Sequence[PdfJob],
    cache_dir: Path | None,
    *,
    workers: int | None = None,
    report: Callable[[str], None] | None = None,
    warnings: ToolWarnings | None = None,
) -> dict[str, bytes]:
    """Every job's PDF by docs path, from the cache when it holds one, else made now.

    ``report`` receives progress, a summary and WeasyPrint's warnings, each distinct one
    once (default: lines on stderr); ``warnings`` collects them for the caller's closing
    line. Raises OutputFailed naming the PDF when WeasyPrint fails."""
    say = report or _stderr
    warnings = ToolWarnings() if warnings is None else warnings
    before = set(warnings.seen)
    css = stylesheet_text()
    keys = {job.path: cache_key(job.html, css) for job in jobs}
    cache = FileCache(cache_dir)
    pdfs: dict[str, bytes] = {}
    todo: list[PdfJob] = []
    for job in jobs:
        cached = cache.read(f"{keys[job.path]}.pdf")
        if cached is None:
            todo.append(job)
        else:
            pdfs[job.path] = cached
    if todo:
        for job, data, found in _make(todo, css, workers, say):
            for warning in found:
                warnings.add("WeasyPrint", warning, job.path)
            pdfs[job.path] = data
            problem = cache.write(f"{keys[job.path]}.pdf", data)
            if problem:
                say(f"csreview: warning: PDFs: {problem}")
    ToolWarnings({k: v for k, v in warnings.seen.items() if k not in before}).say(say)
    if jobs:
        say(f"csreview: PDFs: made {len(todo)}, reused {len(jobs) - len(todo)} from the cache")
        cache.prune("*.pdf")
    return {job.path: pdfs[job.path] for job in jobs}


def _make(
    todo: list[PdfJob], css: str, workers: int | None, say: Callable[[str], None]
) -> list[tuple[PdfJob, bytes, list[str]]]:
    total = len(todo)
    count = min(workers or os.cpu_count() or 1, total)
    done: list[tuple[PdfJob, bytes, list[str]]] = []
    shown = [0]  # the last tenth reported

    def progress() -> None:
        tenth = len(done) * 10 // total
        if total >= PROGRESS_FROM and tenth > shown[0]:
            shown[0] = tenth
            say(f"csreview: making PDFs: {len(done)}/{total} ({len(done) * 100 // total}%)")

    if count == 1:
        for job in todo:
            done.append((job, *_render_checked(job.path, job.html, css)))
            progress()
        return done
    # Longest first, so one big document does not start last and keep the build waiting.
    order = sorted(todo, key=lambda job: len(job.html), reverse=True)
    with Workers(count, css, order) as pool:
        futures = [pool.submit(_render_job, [i]) for i in range(len(order))]
        for job, future in zip(order, futures, strict=True):
            done.append((job, *pool.result(future)[0]))
            progress()
    return done


def _render_job(job: PdfJob, css: str) -> tuple[bytes, list[str]]:
    return _render_checked(job.path, job.html, css)


def _render_checked(path: str, html: str, css: str) -> tuple[bytes, list[str]]:
    try:
        return render_pdf(html, css)
    except Exception as exc:  # noqa: BLE001 - re-raised with the PDF's name
        raise OutputFailed(f"{path}: WeasyPrint failed: {exc}") from None


def render_pdf(html: str, css: str) -> tuple[bytes, list[str]]:
    """One PDF and the warnings WeasyPrint logged while making it (an unsupported CSS
    property, a missing font), so the build can show them instead of losing them."""
    import weasyprint  # type: ignore[import-untyped]  # no type information shipped

    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warnings.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Collect(logging.WARNING)
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        document = weasyprint.HTML(string=html, base_url=None)
        data = document.write_pdf(stylesheets=[weasyprint.CSS(string=css)], **OPTIONS)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    return bytes(data), warnings


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
