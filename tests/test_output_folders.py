"""A build or an export never writes into, over or around an input: a mistyped folder
stops with a plain error (exit 2) and every file stays byte for byte as it was. Only a new,
empty or earlier-built folder is replaced."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from csreview.runtime.output_guard import MARKER, output_problem, project_inputs
from csreview.source.resources import bundled_content, site_templates

from tests.support.cli import REPO, csreview

pytestmark = pytest.mark.slow  # runs csreview build and export

RULE = "Nothing was written"


def tree_digest(root: Path) -> dict[str, str]:
    """Every file and folder under ``root`` by path, with its content's sha256."""
    found = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_symlink():
            found[rel] = "link:" + os.readlink(path)
        elif path.is_dir():
            found[rel] = "folder"
        else:
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a project (a copy of this one, under git) and a folder beside it."""
    space = tmp_path_factory.mktemp("space")
    project = space / "project"
    for name in ("content", "reviews", "site_templates"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    (project / "notes").mkdir()
    (project / "notes" / "minutes.txt").write_text("Minutes of the March session.\n")
    (project / "my-reviews").mkdir()
    shutil.copytree(REPO / "reviews" / "example", project / "my-reviews" / "example")
    (project / "a-file").write_text("not a folder\n")
    # A folder an earlier build made, since turned into a checkout (to publish from).
    (project / "published" / ".git").mkdir(parents=True)
    (project / "published" / MARKER).write_text("Made by `csreview build`.\n")
    (project / "published" / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    return space


REFUSED = [
    (["build", "--site-dir", "reviews"], "'reviews' is the reviews folder."),
    (["build", "--site-dir", "content"], "'content' is the content folder."),
    (["build", "--site-dir", "."], "'.' is the current folder."),
    (["build", "--site-dir", ".."], "'..' holds the current folder"),
    (["build", "--site-dir", "site_templates"], "'site_templates' is the site templates."),
    (["build", "--site-dir", "site_templates/docs"],
     "'site_templates/docs' is the MkDocs docs_dir."),
    (["build", "--site-dir", "site_templates/overrides"],
     "'site_templates/overrides' is the theme's custom_dir."),
    (["build", "--site-dir", "site_templates/site"],
     "'site_templates/site' is inside the site templates"),
    (["build", "--site-dir", "reviews/site"], "'reviews/site' is inside the reviews folder"),
    (["build", "--site-dir", "reviews/example"], "'reviews/example' is inside the reviews"),
    (["build", "--reviews", "my-reviews", "--site-dir", "my-reviews"],
     "'my-reviews' is the reviews folder."),
    (["build", "--site-dir", ".git"], "'.git' is the version-control folder"),
    (["build", "--site-dir", ".git/site"], "'.git/site' is inside the version-control folder"),
    (["build", "--site-dir", "notes"],
     f"'notes' already holds files that csreview did not make (it has no {MARKER} file)."),
    (["build", "--site-dir", "published"], "'published' holds the version-control folder"),
    (["build", "--site-dir", "a-file"], "'a-file' is a file, not a folder."),
    (["export", "site_templates"], "'site_templates' is the site templates."),
    (["export", "reviews"], "'reviews' is the reviews folder."),
    (["export", "."], "'.' is the current folder."),
    (["export", "notes"], "'notes' already holds files that csreview did not make"),
]


@pytest.mark.parametrize(("args", "reason"), REFUSED, ids=[" ".join(a) for a, _ in REFUSED])
def test_an_output_folder_that_is_or_holds_an_input_is_refused_and_nothing_changes(
    workspace: Path, args: list[str], reason: str
) -> None:
    before = tree_digest(workspace)
    result = csreview(*args, "--no-pdf", cwd=workspace / "project")
    assert result.returncode == 2, result.stderr
    assert f"csreview {args[0]}: error: {reason}" in result.stderr
    assert RULE in result.stderr and "Choose another folder." in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(workspace) == before


def test_mkdocs_build_through_the_plugin_refuses_an_input_folder_too(workspace: Path) -> None:
    before = tree_digest(workspace)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", "reviews"],
        cwd=workspace / "project", capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "CSREVIEW_NO_PDF": "1"})
    assert result.returncode != 0
    assert "is the reviews folder" in result.stderr and RULE in result.stderr
    assert tree_digest(workspace) == before


def test_the_templates_and_content_the_package_carries_are_inputs_wherever_it_runs(
    tmp_path: Path
) -> None:
    inputs = project_inputs(None, cwd=tmp_path)
    for folder, what in ((site_templates(), "the site templates the package carries"),
                         (bundled_content(), "the framework content the package carries")):
        assert str(output_problem(folder, inputs)).startswith(f"'{folder}' is {what}. ")
        assert f"is inside {what}" in str(output_problem(folder / "site", inputs))
        # A checkout holds both; the first is named.
        assert " holds the " in str(output_problem(folder.parent, inputs))


def test_a_new_command_can_refuse_even_a_folder_csreview_made(tmp_path: Path) -> None:
    made = tmp_path / "made"
    made.mkdir()
    (made / MARKER).write_text("Made by `csreview build`.\n")
    (made / "index.html").write_text("<p>site</p>\n")
    inputs = project_inputs(None, cwd=tmp_path / "elsewhere")
    assert output_problem(made, inputs) is None
    assert "only a new or empty folder can be used here" in str(
        output_problem(made, inputs, marked_ok=False))
    assert output_problem(tmp_path / "new", inputs, marked_ok=False) is None


def file_modes(site: Path) -> set[tuple[str, int]]:
    return {("folder" if p.is_dir() else "file", p.stat().st_mode & 0o777)
            for p in [site, *site.rglob("*")]}


@pytest.mark.parametrize(("umask", "folders", "files"),
                         [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)])
def test_a_site_replaces_the_one_a_build_made_and_is_readable_as_the_umask_allows(
    tmp_path: Path, umask: int, folders: int, files: int
) -> None:
    site = tmp_path / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000"}
    command = [sys.executable, "-m", "csreview.cli", "build", "--no-pdf", "--site-dir",
               str(site)]
    first = subprocess.run(command, cwd=REPO, env=env, umask=umask, capture_output=True,
                           text=True, timeout=600, check=False)
    assert first.returncode == 0, first.stderr
    assert "csreview build" in (site / MARKER).read_text("utf-8")
    (site / "left-over.txt").write_text("from the previous build\n")
    again = subprocess.run(command, cwd=REPO, env=env, umask=umask, capture_output=True,
                           text=True, timeout=600, check=False)
    assert again.returncode == 0, again.stderr
    assert (site / "areas" / "example" / "2026-09-15" / "index.html").is_file()
    assert not (site / "left-over.txt").exists()
    # A web server running as another user can read it (rsync -a keeps these modes).
    assert file_modes(site) == {("folder", folders), ("file", files)}
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging folder left


def test_an_empty_folder_is_used_and_an_export_replaces_the_one_before(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = csreview("build", "--no-pdf", "--site-dir", empty)
    assert result.returncode == 0, result.stderr
    assert (empty / "index.html").is_file() and (empty / MARKER).is_file()

    exported = tmp_path / "exported"
    assert csreview("export", exported, "--no-pdf").returncode == 0
    assert "csreview export" in (exported / MARKER).read_text("utf-8")
    (exported / "docs" / "left-over.md").write_text("# From before\n")
    again = csreview("export", exported, "--no-pdf")
    assert again.returncode == 0, again.stderr
    assert (exported / "mkdocs.yml").is_file()
    assert not (exported / "docs" / "left-over.md").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "exported"]
