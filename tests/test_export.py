"""The generated pages as plain files build without our plugin: MkDocs 2.0 drops plugins,
and Zensical (Material's successor) reads mkdocs.yml but runs no custom plugin."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.cli import csreview

pytestmark = pytest.mark.slow  # builds an exported tree with MkDocs and Zensical

ZENSICAL = Path(sys.executable).parent / "zensical"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    result = csreview("export", out, "--no-pdf")
    assert result.returncode == 0, result.stderr
    return out


def test_export_writes_a_config_without_the_plugin(exported: Path) -> None:
    config = yaml.safe_load((exported / "mkdocs.yml").read_text(encoding="utf-8"))
    assert all("csreview" not in str(p) for p in config["plugins"])
    assert config["docs_dir"] == "docs"
    assert (exported / "docs" / "areas" / "example" / "2026-09-15" / "index.md").is_file()
    assert (exported / "docs" / "assets" / "workbook.css").is_file()
    # The nav is spelled out and stays small: no review in it.
    assert "2026-09-15" not in str(config["nav"])


def built_pages(site: Path) -> None:
    review = (site / "areas/example/2026-09-15/index.html").read_text(encoding="utf-8")
    assert 'class="csr-grid' in review and "Internal" in review
    assert (site / "templates" / "target" / "index.html").is_file()
    assert (site / "prompts" / "outcomes" / "index.html").is_file()


def test_plain_mkdocs_builds_the_exported_tree(exported: Path, tmp_path: Path) -> None:
    work = tmp_path / "tree"
    shutil.copytree(exported, work)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=work,
        capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    built_pages(work / "site")


def test_zensical_builds_the_exported_tree(exported: Path, tmp_path: Path) -> None:
    assert ZENSICAL.is_file(), "zensical is a test dependency: run ./scripts/test"
    work = tmp_path / "tree"
    shutil.copytree(exported, work)
    result = subprocess.run([str(ZENSICAL), "build"], cwd=work, capture_output=True,
                            text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    built_pages(work / "site")
