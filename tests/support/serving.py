"""A real `csreview serve` process for tests, and waiting for what it serves."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.cli import REPO


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - localhost
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and text in body:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {text!r}")


@contextmanager
def serving(project: Path) -> Iterator[str]:
    """`csreview serve` running in ``project`` (a copy of this one); yields its address.
    What it prints goes to ``serve.log`` there: a pipe nobody reads would fill and stop it."""
    port = free_port()
    with (project / "serve.log").open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "csreview.cli", "serve", "--no-pdf",
             "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, stdout=subprocess.DEVNULL, stderr=log, text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def copy_project(project: Path, *folders: str) -> None:
    for name in folders:
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
