"""A partnership's own workbook: `csreview init`, its settings, its own pages, and builds in it."""

from __future__ import annotations

import argparse
import hashlib
import re
from pathlib import Path

import pytest
import yaml
from csreview.outputs.workbook_folder import DEBIAN_PACKAGES, run_init

from tests.support.cli import REPO, csreview

pytestmark = pytest.mark.slow  # runs csreview init and build

PNG = bytes.fromhex(  # a 1×1 PNG
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f3a0ba0000000049454e44ae426082")


def init(folder: Path, *extra: str) -> None:
    result = csreview("init", folder, "--area", "northbridge", "--name", "Northbridge",
                      "--partnership", "Northbridge Safeguarding Children Partnership",
                      *extra, cwd=folder.parent)
    assert result.returncode == 0, result.stderr


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wb") / "northbridge-workbook"
    init(folder, "--ci", "gitlab")
    return folder


def test_init_writes_only_the_partnerships_own_files(workbook: Path) -> None:
    assert sorted(tree(workbook)) == [
        ".gitignore", ".gitlab-ci.yml", "README.md", "reviews/northbridge/area.yaml",
        "workbook.yaml"]
    settings = yaml.safe_load((workbook / "workbook.yaml").read_text("utf-8"))
    assert settings["site_name"] == "Northbridge System Review Workbook"
    assert settings["partnership"] == "Northbridge Safeguarding Children Partnership"
    area = yaml.safe_load((workbook / "reviews/northbridge/area.yaml").read_text("utf-8"))
    assert area == {"name": "Northbridge",
                    "partnership": "Northbridge Safeguarding Children Partnership",
                    "audience": "internal", "publish_leads": False}
    readme = (workbook / "README.md").read_text("utf-8")
    for command in ("csreview new northbridge", "csreview check", "csreview serve",
                    "csreview build --audience public --strict"):
        assert command in readme


def test_init_never_writes_into_a_folder_that_has_files(tmp_path: Path) -> None:
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "notes.txt").write_text("the partnership's notes", encoding="utf-8")
    before = tree(folder)
    result = csreview("init", folder, "--area", "north", "--name", "North", "--ci", "none",
                      cwd=tmp_path)
    assert result.returncode == 2
    assert "already exists and is not empty; nothing was written" in result.stderr
    assert tree(folder) == before


def test_init_without_a_terminal_names_what_it_needs(tmp_path: Path) -> None:
    result = csreview("init", tmp_path / "wb", "--area", "north", cwd=tmp_path)
    assert result.returncode == 2
    assert "say --name, --ci" in result.stderr
    assert not (tmp_path / "wb").exists()


def test_init_asks_for_what_the_command_line_left_out(tmp_path: Path) -> None:
    answers = iter(["Not An Id", "", "Eastmoor", "", "github"])
    asked: list[str] = []

    def ask(question: str) -> str:
        asked.append(question)
        return next(answers)

    args = argparse.Namespace(folder=tmp_path / "wb", area=None, name=None, partnership=None,
                              site_name=None, ci=None)
    # The first answer is not an identifier: it is refused, and nothing is written.
    assert run_init(args, ask) == 2
    assert not (tmp_path / "wb").exists()
    args = argparse.Namespace(folder=tmp_path / "wb", area=None, name=None, partnership=None,
                              site_name=None, ci=None)
    answers = iter(["eastmoor", "", "Eastmoor", "", "github"])
    assert run_init(args, ask) == 0
    assert (tmp_path / "wb/.github/workflows/publish.yml").is_file()
    area = yaml.safe_load((tmp_path / "wb/reviews/eastmoor/area.yaml").read_text("utf-8"))
    assert area["name"] == "Eastmoor" and "partnership" not in area
    assert any("identifier" in q for q in asked) and any("GitHub" in q for q in asked)


def test_names_that_yaml_would_misread_are_written_so_they_read_back(tmp_path: Path) -> None:
    folder = tmp_path / "wb"
    result = csreview("init", folder, "--area", "yes", "--name", "Yes: no # 'quoted'",
                      "--partnership", "Children & Families: North", "--ci", "none",
                      cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    area = yaml.safe_load((folder / "reviews/yes/area.yaml").read_text("utf-8"))
    assert area["name"] == "Yes: no # 'quoted'"
    checked = csreview("check", cwd=folder)
    assert checked.returncode == 0, checked.stderr


def test_a_workbook_builds_the_whole_site_from_the_package(workbook: Path) -> None:
    new = csreview("new", "northbridge", "--date", "2026-10-06", cwd=workbook)
    assert new.returncode == 0, new.stderr
    result = csreview("build", "--no-pdf", cwd=workbook)
    assert result.returncode == 0, result.stderr
    site = workbook / "site"
    for page in ("framework/domains", "guide", "prompts/target", "templates/target",
                 "areas/northbridge", "areas/northbridge/2026-10-06", "areas/example"):
        assert (site / page / "index.html").is_file(), page
    start = (site / "index.html").read_text("utf-8")
    assert "<title>Start here - Northbridge System Review Workbook</title>" in start
    assert "Northbridge Safeguarding Children Partnership" in start  # at the foot
    assert "internal site" in result.stderr
    # Nothing of the package was copied into the workbook.
    assert not list(workbook.rglob("*.py")) and not list(workbook.rglob("*.j2"))


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_own_pages_logo_and_colour_reach_the_site(tmp_path: Path) -> None:
    folder = tmp_path / "wb"
    init(folder, "--ci", "none")
    (folder / "crest.png").write_bytes(PNG)
    settings = (folder / "workbook.yaml").read_text("utf-8")
    write(folder / "workbook.yaml", settings.replace("# logo: logo.png", "logo: crest.png")
          .replace("# colour: indigo", "colour: '#1d4f91'"))
    write(folder / "pages/index.md", "---\ntitle: Start here\ndescription: Our reviews.\n---\n\n"
          "## Welcome to Northbridge\n\nOur own words on the start page.\n")
    write(folder / "pages/contacts.md", "---\ntitle: Local contacts\ndescription: Who to"
          " call.\n---\n\n## Leads\n\nThe business unit, 01234 000000.\n")
    write(folder / "pages/guide/local-panel.md", "---\ntitle: Our review panel\n"
          "description: How Northbridge runs it.\n---\n\n## Panel\n\nMonthly.\n")
    result = csreview("build", "--no-pdf", cwd=folder)
    assert result.returncode == 0, result.stderr
    site = folder / "site"
    start = (site / "index.html").read_text("utf-8")
    assert "Our own words on the start page." in start
    assert "three uses" not in start  # the bundled start page's text is replaced
    assert (site / "contacts" / "index.html").is_file()
    guide_nav = re.search(r"Running a review.*?</nav>", start, re.S)
    assert guide_nav and "Our review panel" in guide_nav.group(0)
    assert 'src="assets/logo.png"' in start
    assert (site / "assets/logo.png").read_bytes() == PNG
    assert 'data-md-color-primary="custom"' in start
    assert "--md-primary-fg-color: #1d4f91" in (site / "assets/colour.css").read_text("utf-8")


def test_a_named_colour_goes_to_the_theme(tmp_path: Path) -> None:
    folder = tmp_path / "wb"
    init(folder, "--ci", "none")
    settings = (folder / "workbook.yaml").read_text("utf-8")
    write(folder / "workbook.yaml", settings.replace("# colour: indigo", "colour: teal"))
    result = csreview("build", "--no-pdf", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert 'data-md-color-primary="teal"' in (folder / "site/index.html").read_text("utf-8")


@pytest.mark.parametrize(("setting", "message"), [
    ("colour: '#ffdd00'", "workbook.yaml:2:9: error: colour: white text on #ffdd00 has a"
                          " contrast of 1.3:1"),
    ("colour: tael", "workbook.yaml:2:9: error: colour: found 'tael'; did you mean 'teal'?"),
    ("logo: missing.png", "workbook.yaml:2:7: error: logo: there is no file 'missing.png'"),
    ("logo: crest.gif", "workbook.yaml:2:7: error: logo: found 'crest.gif', which is not an"
                        " image type"),
    ("logo: evil.svg", "workbook.yaml:2:7: error: logo: 'evil.svg' holds scripts"),
    ("site_nme: North",
     "workbook.yaml:2:1: error: unknown key 'site_nme'; did you mean 'site_name'?"),
    ("audience: everyone", "workbook.yaml:2:11: error: audience:"),
])
def test_mistakes_in_workbook_yaml_are_reported_with_their_place(
    tmp_path: Path, setting: str, message: str,
) -> None:
    write(tmp_path / "workbook.yaml", f"site_name: North\n{setting}\n")
    (tmp_path / "reviews").mkdir()
    write(tmp_path / "evil.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    result = csreview("build", "--no-pdf", cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_bundled_page_cannot_be_replaced_but_the_start_page_can(tmp_path: Path) -> None:
    folder = tmp_path / "wb"
    init(folder, "--ci", "none")
    write(folder / "pages/guide/index.md", "---\ntitle: Mine\ndescription: Mine.\n---\n\nx\n")
    result = csreview("check", cwd=folder)
    assert result.returncode == 1
    assert ("pages/guide/index.md:1:1: error: the bundled guidance already has a page at"
            " guide/index.md, and only the start page (index.md) can be replaced") in result.stderr


def test_a_folder_that_is_no_workbook_says_how_to_make_one(tmp_path: Path) -> None:
    result = csreview("build", cwd=tmp_path)
    assert result.returncode == 2
    assert "is not a workbook folder" in result.stderr and "csreview init" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_ci_files_install_the_same_pdf_libraries_as_this_projects_scripts() -> None:
    script = (REPO / "scripts/lib/debian.sh").read_text("utf-8")
    listed = re.search(r"^PDF_PACKAGES=\(([^)]*)\)", script, re.M)
    assert listed and listed.group(1).split() == DEBIAN_PACKAGES.split()
