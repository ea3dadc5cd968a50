"""Make the PDFs the core queued (``Site.pdf_jobs``) with WeasyPrint, without a browser.

PDFs are the slow part of a build, so each is cached by the sha256 of everything that shapes
it (its HTML, the stylesheets, the WeasyPrint version and our options): a rebuild with nothing
changed makes none. Misses are made in parallel, one process per core. WeasyPrint is imported
only in the processes that render, so importing this module stays cheap.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a worker process imports this module: keep that import light
    from .pages.base import PdfJob

STYLESHEETS = (
    Path(__file__).resolve().parent.parent / "site_templates" / "docs" / "assets" / "print.css",
    Path(__file__).resolve().parent.parent / "site_templates" / "pdf" / "pdf.css",
)
# Tagged PDF/UA-1: structure, language and the title shown in the viewer's title bar.
OPTIONS = {"pdf_variant": "pdf/ua-1"}
# Bump when how we call WeasyPrint changes in a way the inputs do not show.
RECIPE = "1"
# Below this many PDFs to make, progress lines are noise.
PROGRESS_FROM = 6
# A cached PDF no build has used for this long is removed, so the cache does not grow forever.
KEEP_UNUSED = 30 * 24 * 3600


def stylesheet_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in STYLESHEETS)


def cache_key(html: str, css: str) -> str:
    digest = hashlib.sha256()
    for part in (RECIPE, version("weasyprint"), repr(sorted(OPTIONS.items())), css, html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def render_pdfs(
    jobs: Sequence[PdfJob],
    cache_dir: Path | None,
    *,
    workers: int | None = None,
    report: Callable[[str], None] | None = None,
) -> dict[str, bytes]:
    """Every job's PDF by docs path, from the cache when it holds one, else made now.

    ``report`` receives progress, a summary and WeasyPrint's warnings (default: lines on
    stderr). Raises RuntimeError naming the PDF when WeasyPrint fails."""
    say = report or _stderr
    css = stylesheet_text()
    keys = {job.path: cache_key(job.html, css) for job in jobs}
    pdfs: dict[str, bytes] = {}
    todo: list[PdfJob] = []
    for job in jobs:
        cached = _read(cache_dir, keys[job.path])
        if cached is None:
            todo.append(job)
        else:
            pdfs[job.path] = cached
    if todo:
        for job, data, warnings in _make(todo, css, workers, say):
            for warning in warnings:
                say(f"csreview: warning: {job.path}: WeasyPrint: {warning}")
            pdfs[job.path] = data
            _write(cache_dir, keys[job.path], data, say)
    if jobs:
        say(f"csreview: PDFs: made {len(todo)}, reused {len(jobs) - len(todo)} from the cache")
        _prune(cache_dir)
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
    # forkserver: forking a process that runs threads (mkdocs serve) can deadlock a child.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=count,
                             mp_context=multiprocessing.get_context(method)) as pool:
        # Longest first, so one big document does not start last and keep the build waiting.
        order = sorted(todo, key=lambda job: len(job.html), reverse=True)
        futures = [pool.submit(_render_checked, job.path, job.html, css) for job in order]
        for job, future in zip(order, futures, strict=True):
            done.append((job, *future.result()))
            progress()
    return done


def _render_checked(path: str, html: str, css: str) -> tuple[bytes, list[str]]:
    try:
        return render_pdf(html, css)
    except Exception as exc:  # noqa: BLE001 - re-raised with the PDF's name
        raise RuntimeError(f"{path}: WeasyPrint failed: {exc}") from None


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


def _read(cache_dir: Path | None, key: str) -> bytes | None:
    if cache_dir is None:
        return None
    path = cache_dir / f"{key}.pdf"
    try:
        data = path.read_bytes()
        os.utime(path)  # used now: keeps it from being pruned
    except OSError:
        return None
    return data


def _prune(cache_dir: Path | None) -> None:
    """Remove PDFs no build has used for ``KEEP_UNUSED`` seconds (builds for other audiences
    or older content share the folder, so only long-unused entries go)."""
    if cache_dir is None or not cache_dir.is_dir():
        return
    cutoff = time.time() - KEEP_UNUSED
    for entry in cache_dir.glob("*.pdf"):
        try:
            if entry.stat().st_mtime < cutoff:
                entry.unlink()
        except OSError:
            pass  # another build removed or replaced it first


def _write(cache_dir: Path | None, key: str, data: bytes, say: Callable[[str], None]) -> None:
    """Write atomically, so a build interrupted mid-write never leaves a torn PDF to reuse.
    A cache that cannot be written only costs speed: the build goes on."""
    if cache_dir is None:
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, cache_dir / f"{key}.pdf")
    except OSError as exc:
        say(f"csreview: warning: cannot write the PDF cache in {cache_dir}: {exc}")


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
