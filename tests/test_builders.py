"""The site builds the same with ProperDocs, the continuation of MkDocs 1.x; and a builder that
runs no plugin (Zensical, or MkDocs without csreview) says plainly how to build it instead of
quietly making a one-page site."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import REPO

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.slow
STAND_IN = "Build this site with csreview"


def build(tool: str, config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / tool), "build", "-q", "-f", str(config), "-d", str(site)], cwd=config.parent,
        capture_output=True, text=True, timeout=1200, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1790000000",
             "CSREVIEW_PDF_CACHE": str(site.parent / "pdf-cache")})


def outputs(site: Path) -> dict[str, bytes]:
    """Every file, with the one line that names the builder taken out."""
    found = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)  # the archive's own date differs
        found[path.relative_to(site).as_posix()] = re.sub(
            rb'<meta name="generator" content="[^"]*">', b"", data)
    return found


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    assert (BIN / "properdocs").is_file(), "properdocs is a test dependency: run ./scripts/test"
    made = {}
    for tool in ("mkdocs", "properdocs"):
        result = build(tool, REPO / "mkdocs.yml", tmp_path / tool)
        assert result.returncode == 0, result.stderr
        made[tool] = outputs(tmp_path / tool)
    assert len(made["mkdocs"]) > 100
    assert (tmp_path / "properdocs/areas/example/2026-09-15/index.html").is_file()
    assert STAND_IN.encode() not in made["properdocs"]["index.html"]  # the plugin's page
    differ = [p for p in made["mkdocs"] if made["mkdocs"][p] != made["properdocs"].get(p)]
    assert differ == [] and made["mkdocs"].keys() == made["properdocs"].keys()


def plugin_less_copy(tmp_path: Path) -> Path:
    """This project's folders with an mkdocs.yml that names no csreview plugin: what a
    builder that runs none sees."""
    shutil.copytree(REPO / "site_templates", tmp_path / "site_templates")
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    config = re.sub(r"  - csreview:\n(      .*\n)*", "", config)
    assert "csreview:" not in config
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    return tmp_path / "mkdocs.yml"


def test_mkdocs_without_the_plugin_says_to_run_csreview(tmp_path: Path) -> None:
    config = plugin_less_copy(tmp_path)
    result = build("mkdocs", config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    start = (tmp_path / "site/index.html").read_text("utf-8")
    assert STAND_IN in start and "csreview build" in start and "csreview export" in start


def test_zensical_at_the_project_root_says_to_run_csreview(tmp_path: Path) -> None:
    shutil.copytree(REPO / "site_templates", tmp_path / "site_templates")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    result = subprocess.run([str(BIN / "zensical"), "build"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    start = (tmp_path / "site/index.html").read_text("utf-8")
    assert STAND_IN in start and "csreview export" in start
