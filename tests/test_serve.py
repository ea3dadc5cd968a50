"""`csreview serve` previews the site and rebuilds when a content or review file changes."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
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


def test_serve_rebuilds_when_a_content_or_review_file_changes(tmp_path: Path) -> None:
    for name in ("content", "reviews", "site_templates"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--no-pdf",
         "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for(base + "prompts/target/", "Values Checker")

        prompts = tmp_path / "content" / "prompts" / "target.yaml"
        text = prompts.read_text(encoding="utf-8")
        prompts.write_text(text.replace("intro: |\n", "intro: |\n  Freshly edited intro.\n", 1),
                           encoding="utf-8")
        wait_for(base + "prompts/target/", "Freshly edited intro.")

        area = tmp_path / "reviews" / "example" / "area.yaml"
        area.write_text(area.read_text(encoding="utf-8").replace(
            "name: Harrowmere", "name: Renamed Harrowmere", 1), encoding="utf-8")
        wait_for(base + "areas/", "Renamed Harrowmere")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stderr:
            server.stderr.close()
