"""The package as a partnership installs it: a wheel in a clean virtual environment, used in an
empty folder, with nothing of this checkout in reach. The README's deploy recipes are the CI
files `csreview init` writes, and this test runs the commands in them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.support.cli import REPO

pytestmark = pytest.mark.slow


def run(*args: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=1200, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """A fresh virtual environment with the wheel built from this checkout installed in it."""
    tmp = tmp_path_factory.mktemp("install")
    wheels = tmp / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, REPO],
        capture_output=True, text=True, timeout=1200, check=False)
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("csreview-*.whl")
    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    # No PYTHONPATH or checkout on the path: only what the wheel installed is importable.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env['PATH']}", SOURCE_DATE_EPOCH="1790000000",
               VIRTUAL_ENV=str(env_dir))
    pip = run(bin_dir / "pip", "install", "-q", wheel, cwd=tmp, env=env)
    assert pip.returncode == 0, pip.stderr
    yield bin_dir, env


def test_the_installed_package_is_csreview_not_generator(
    installed: tuple[Path, dict[str, str]], tmp_path: Path,
) -> None:
    bin_dir, env = installed
    probe = run(bin_dir / "python", "-c",
                "import importlib.util, csreview; print(csreview.__file__);"
                " print(importlib.util.find_spec('generator'))", cwd=tmp_path, env=env)
    assert probe.returncode == 0, probe.stderr
    where, generator = probe.stdout.split()
    assert "site-packages" in where and not where.startswith(str(REPO))
    assert generator == "None"


def test_init_check_and_build_in_an_empty_folder(
    installed: tuple[Path, dict[str, str]], tmp_path: Path,
) -> None:
    bin_dir, env = installed
    made = run("csreview", "init", "northbridge-workbook", "--area", "northbridge", "--name",
               "Northbridge", "--ci", "github", cwd=tmp_path, env=env)
    assert made.returncode == 0, made.stderr
    workbook = tmp_path / "northbridge-workbook"
    started = run("csreview", "new", "northbridge", "--date", "2026-09-08", cwd=workbook,
                  env=env)
    assert started.returncode == 0, started.stderr
    checked = run("csreview", "check", cwd=workbook, env=env)
    assert checked.returncode == 0, checked.stderr

    # The internal build, with PDFs: everything the package carries reaches the site.
    built = run("csreview", "build", cwd=workbook, env=env)
    assert built.returncode == 0, built.stderr
    site = workbook / "site"
    for page in ("framework/domains", "guide", "prompts/target", "templates/target",
                 "areas/northbridge", "areas/northbridge/2026-09-08", "areas/example"):
        assert (site / page / "index.html").is_file(), page
    assert (site / "templates/target.pdf").read_bytes().startswith(b"%PDF-")
    assert (site / "assets/workbook.css").is_file()
    assert "Internal" in (site / "areas/northbridge/index.html").read_text("utf-8")
    # Each distinct warning of a tool is said once at most.
    tool_lines = [line for line in built.stderr.splitlines() if "WeasyPrint:" in line]
    assert len(tool_lines) == len(set(tool_lines))

    # The public build, exactly as the CI file that init wrote runs it.
    workflow = yaml.safe_load((workbook / ".github/workflows/publish.yml").read_text("utf-8"))
    steps = workflow["jobs"]["publish"]["steps"]
    commands = [s["run"] for s in steps if "run" in s and s["run"].startswith("csreview ")]
    assert commands == ["csreview check --audience public --strict",
                        "csreview build --audience public --strict --site-dir public-site"]
    installs = [s["run"] for s in steps if "run" in s and "pip install" in s["run"]]
    version = run(bin_dir / "python", "-c", "import importlib.metadata as m;"
                  " print(m.version('csreview'))", cwd=tmp_path, env=env).stdout.strip()
    assert installs == [f'python -m pip install "csreview=={version}"']
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages"))
    for command in commands:
        done = run(*command.split(), cwd=workbook, env=env)
        assert done.returncode == 0, done.stderr
    public = workbook / upload["with"]["path"]
    assert (public / "areas/example/index.html").is_file()
    # The new area is internal until the partnership clears it, so it is not published.
    assert not (public / "areas/northbridge").exists()

    # Nothing of the package was copied into the workbook.
    own = sorted(p.relative_to(workbook).as_posix() for p in workbook.rglob("*")
                 if p.is_file() and not p.is_relative_to(site) and not p.is_relative_to(public)
                 and ".cache" not in p.parts)
    assert own == [".github/workflows/publish.yml", ".gitignore", "README.md",
                   "reviews/northbridge/2026-09-08.yaml", "reviews/northbridge/area.yaml",
                   "workbook.yaml"]


def test_the_mkdocs_plugin_is_installed_too(
    installed: tuple[Path, dict[str, str]], tmp_path: Path,
) -> None:
    """A team that wants an mkdocs.yml of its own names the plugin, and MkDocs finds it."""
    bin_dir, env = installed
    (tmp_path / "docs").mkdir()
    (tmp_path / "reviews").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Our reviews\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - csreview:\n      pdf: false\n", encoding="utf-8")
    built = run("mkdocs", "build", "-q", cwd=tmp_path, env={**env, "NO_MKDOCS_2_WARNING": "1"})
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site/prompts/target/index.html").read_text("utf-8")
    assert re.search(r"Values Checker", page)
