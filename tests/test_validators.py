"""Independent validators, not our own checks: what we make must pass tools written by others.

* the Nu HTML Checker (the W3C's validator) over every page of a real build, PDFs included;
* ``qpdf --check`` over every PDF that build makes;
* the shipped JSON Schema, loaded by a real YAML language server (the one VS Code's YAML
  extension runs) the way README.md tells partnerships to, on the example and on a typo.

``scripts/test`` installs all three; a missing one fails here, never skips.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.builds import Build
from tests.support.cli import REPO
from tests.support.lsp import LanguageServer
from tests.support.validators import (
    THEME_HTML_ERRORS,
    qpdf_check,
    theme_reason,
    vnu_errors,
    yaml_language_server,
)

pytestmark = pytest.mark.slow  # runs the Nu HTML Checker and a YAML language server

SCHEMA = REPO / "generator" / "review.schema.json"
EXAMPLE = REPO / "reviews" / "example"


def test_every_page_passes_the_nu_html_checker(pdf_build: Build) -> None:
    pages = sorted(pdf_build.site.rglob("*.html"))
    kinds = {p.relative_to(pdf_build.site).parts[0] for p in pages}
    assert {"areas", "framework", "guide", "prompts", "templates", "404.html",
            "index.html", "accessibility"} <= kinds, kinds
    errors = vnu_errors(pages)
    ours = [e for e in errors if theme_reason(e) is None]
    assert ours == [], "\n".join(map(str, ours))
    # Every excuse for the theme is still needed: one that matches nothing is removed.
    unused = [p for p, _ in THEME_HTML_ERRORS.items()
              if not any(theme_reason(e) == THEME_HTML_ERRORS[p] for e in errors)]
    assert unused == [], f"known theme errors that no longer occur: {unused}"


def test_every_pdf_passes_qpdf_check(pdf_build: Build) -> None:
    pdfs = sorted(pdf_build.site.rglob("*.pdf"))
    assert any("action-plan" in p.name for p in pdfs) and any(
        p.parent.name == "templates" for p in pdfs), pdfs
    failed = {}
    for pdf in pdfs:
        done = qpdf_check(pdf)
        # qpdf exits 0 when clean, 3 with warnings, 2 with errors; warnings count too.
        if done.returncode != 0 or "No syntax or stream encoding errors" not in done.stdout:
            failed[str(pdf.relative_to(pdf_build.site))] = done.stdout + done.stderr
    assert failed == {}, failed


def editor_copy(review: Path, folder: Path) -> Path:
    """The review as a partnership keeps it, with README.md's line that points the editor at
    the schema: ``reviews/<area>/<date>.yaml`` beside ``generator/review.schema.json``."""
    (folder / "generator").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SCHEMA, folder / "generator" / "review.schema.json")
    target = folder / "reviews" / review.parent.name / review.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("# yaml-language-server: $schema=../../generator/review.schema.json\n"
                      + review.read_text(encoding="utf-8"), encoding="utf-8")
    return target


SETTINGS = {"yaml": {"validate": True, "hover": False, "completion": False,
                     "schemaStore": {"enable": False}, "format": {"enable": False}}}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> object:
    root = tmp_path_factory.mktemp("editor")
    with LanguageServer(yaml_language_server(), SETTINGS, root) as ls:
        yield ls, root


def test_language_server_finds_nothing_wrong_in_the_example(server: object) -> None:
    ls, root = server  # type: ignore[misc]
    reviews = sorted(EXAMPLE.glob("20*.yaml"))
    assert len(reviews) >= 2
    for review in reviews:
        found = ls.diagnostics(editor_copy(review, root))
        assert found == [], f"{review.name}: {found}"


def test_language_server_underlines_a_typo_on_its_line(server: object) -> None:
    ls, root = server  # type: ignore[misc]
    original = (EXAMPLE / "2026-03-10.yaml").read_text(encoding="utf-8").splitlines(True)
    # The first finding's rating, misspelt as a hurried facilitator might type it.
    at = next(i for i, line in enumerate(original) if line.strip().startswith("- rating:"))
    indent = original[at][: len(original[at]) - len(original[at].lstrip())]
    original[at] = f"{indent}- ratng: red\n"
    bad = root / "typo" / "2026-03-10.yaml"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text("".join(original), encoding="utf-8")
    found = ls.diagnostics(editor_copy(bad, root))
    # The copy gains the schema line at the top: the typo is one line further down.
    typo_line = at + 2
    assert found, "the language server reported nothing for a misspelt key"
    assert any(d["line"] == typo_line and "ratng" in d["message"] for d in found), found
