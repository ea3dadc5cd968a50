"""`csreview import` tells every problem in one run at its sheet and cell, writes nothing
while there is one, never replaces a file and never writes outside the reviews folder."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.support.cli import REPO, csreview
from tests.support.workbook import action_row, block, column

pytestmark = pytest.mark.slow  # runs csreview import

NEXT = "2027-03-10"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A copy of the bundled reviews and the example's workbook for its next review."""
    shutil.copytree(REPO / "reviews", tmp_path / "reviews")
    made = csreview("sheet", "example", "-o", "next.xlsx", "--reviews", "reviews",
                    cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    return tmp_path


def run_import(work: Path, *args: str) -> tuple[int, str, str]:
    result = csreview("import", "next.xlsx", "--reviews", "reviews", *args, cwd=work)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout, result.stderr


def test_every_problem_is_told_in_one_run_at_its_cell(work: Path) -> None:
    book = load_workbook(work / "next.xlsx")
    ws = book["Legal and policy framework"]
    heads = {h: column(ws, h) for h in ("Overall", "Rating", "Summary of why", "Evidence",
                                        "Internal finding", "Action", "Action id", "Due",
                                        "Status")}
    first = block(ws, "legal-framework · level-1 · referral", 1)[0]
    spare = block(ws, "legal-framework · level-1 · referral", 3)
    typed = {
        ("Overall", first): "Ambre/Red",
        ("Rating", first): "Gren",
        ("Evidence", first): "dip-sampling, dip sampled",
        ("Internal finding", first): "maybe",
        ("Action id", first): "Referral Form",
        ("Due", first): "31/06/2026",
        ("Status", first): "Finished",
        ("Action", spare[1]): "An action in a block with no finding.",
    }
    for (heading, row), value in typed.items():
        ws[f"{heads[heading]}{row}"] = value
    book.save(work / "next.xlsx")
    before = tree(work / "reviews")

    code, _, err = run_import(work, "--date", NEXT)
    assert code == 1
    sheet = "next.xlsx:Legal and policy framework!"
    o, r, e, i, a, d, s = (f"{heads[h]}{first}" for h in (
        "Overall", "Rating", "Evidence", "Internal finding", "Action id", "Due", "Status"))
    expected = [
        f"{sheet}{o}: error: Overall: found the text 'Ambre/Red', which is not a known overall"
        " rating; did you mean 'amber/red'? (allowed: green, green/amber, amber, amber/red,"
        " red)",
        f"{sheet}{r}: error: Rating: found the text 'Gren', which is not a known rating; did"
        " you mean 'green'? (allowed: green, amber, red)",
        f"{sheet}{e}: error: Evidence: found the text 'dip sampled', which is not a known"
        " evidence method; did you mean 'dip-sampling'? (allowed: dip-sampling,"
        " meeting-observation, document-review, young-people, parents-carers, practitioners,"
        " data)",
        f"{sheet}{i}: error: Internal finding: found 'maybe', allowed Yes, No or nothing",
        f"{sheet}{a}: error: Action id: found the text 'Referral Form'; expected lowercase"
        " letters, digits and hyphens, like referral-form-training",
        f"{sheet}{d}: error: Due: found the text '31/06/2026'; expected a date written like"
        " 2025-06-30",
        f"{sheet}{s}: error: Status: found the text 'Finished', which is not a known action"
        " status (allowed: not-started, in-progress, done, dropped)",
        f"{sheet}{heads['Action']}{spare[1]}: error: Action: this action has no finding:"
        f" write the finding's rating and summary of why in the first row of its block (row"
        f" {spare[0]})",
    ]
    lines = err.splitlines()
    for line in expected:
        assert line in lines, f"{line}\nnot in:\n{err}"
    # Told in the order of the sheet's rows and columns.
    assert [line for line in lines if line in expected] == expected
    assert "nothing was written (8 errors" in err
    assert tree(work / "reviews") == before


def test_an_existing_file_is_never_replaced(work: Path) -> None:
    target = work / "reviews" / "example" / f"{NEXT}.yaml"
    target.write_text("# typed by hand\n", encoding="utf-8")
    code, _, err = run_import(work, "--date", NEXT)
    assert code == 1 and "already exists; it was left as it is" in err
    assert target.read_text("utf-8") == "# typed by hand\n"


@pytest.mark.parametrize("area", ["../outside", "example/../../outside", "/tmp/outside"])
@pytest.mark.parametrize("where", ["--area", "the Area cell"])
def test_nothing_is_written_outside_the_reviews_folder(work: Path, area: str, where: str
                                                       ) -> None:
    if where == "--area":
        args: tuple[str, ...] = ("--area", area)
    else:
        book = load_workbook(work / "next.xlsx")
        book["Session"]["C4"] = area
        book.save(work / "next.xlsx")
        args = ()
    before = tree(work)
    code, _, err = run_import(work, *args, "--date", NEXT)
    assert code == 1
    assert tree(work) == before
    assert not (work.parent / "outside").exists() and not Path("/tmp/outside").exists()
    if where == "--area":
        assert f"'{area}' is not a valid area identifier" in err
    else:
        assert (f"next.xlsx:Session!C4: error: Area: found '{area}', allowed an area"
                " identifier: lowercase letters") in err


def test_an_area_folder_that_leads_outside_is_refused(work: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    shutil.copytree(work / "reviews" / "example", elsewhere)
    (work / "reviews" / "linked").symlink_to(elsewhere, target_is_directory=True)
    before = tree(elsewhere)
    book = load_workbook(work / "next.xlsx")
    book["Session"]["C4"] = "linked"
    book.save(work / "next.xlsx")
    code, _, err = run_import(work, "--date", NEXT)
    assert code == 1 and "leads outside the reviews folder" in err
    assert tree(elsewhere) == before
    shutil.rmtree(elsewhere)


def test_a_dry_run_prints_the_file_and_writes_nothing(work: Path) -> None:
    before = tree(work / "reviews")
    code, out, err = run_import(work, "--date", NEXT, "--dry-run")
    assert code == 0, err
    assert out.startswith("# Harrowmere") and "domains:\n  target:\n" in out
    assert "nothing was written" in err
    assert tree(work / "reviews") == before


def test_area_and_date_come_from_the_workbook_or_the_command(work: Path) -> None:
    code, _, err = run_import(work)  # the Session sheet has no date yet
    assert code == 1
    assert ("next.xlsx:Session!C5: error: Date of the session: found nothing, allowed a date"
            " written like 2027-03-10 (or give it with --date)") in err.splitlines()
    code, _, err = run_import(work, "--area", "northbridge", "--date", NEXT)
    assert code == 1
    assert ("next.xlsx:Session!C4: error: Area: the workbook is for 'example', but --area"
            " says 'northbridge'; leave --area out, or change this cell") in err.splitlines()
    book = load_workbook(work / "next.xlsx")
    book["Session"]["C5"] = date(2027, 3, 10)
    book.save(work / "next.xlsx")
    code, out, err = run_import(work)
    assert code == 0, err
    assert f"wrote reviews/example/{NEXT}.yaml" in out


def test_a_file_that_is_not_a_workbook(work: Path) -> None:
    (work / "next.xlsx").write_text("name,rating\n", encoding="utf-8")
    code, _, err = run_import(work, "--date", NEXT)
    assert code == 1
    assert "next.xlsx: cannot be read as an Excel workbook" in err
    assert "save it from the spreadsheet program as an Excel workbook (.xlsx)" in err


def test_a_warning_does_not_stop_the_import(work: Path) -> None:
    """Marking an action done, and dropping none: the file is written; warnings are told at
    their cells as `csreview check` would give them."""
    book = load_workbook(work / "next.xlsx")
    ws = book["Target"]
    row = action_row(ws, "referral-briefing-health-housing")
    ws[f"{column(ws, 'Lead')}{row}"] = None
    book.save(work / "next.xlsx")
    code, _, err = run_import(work, "--date", NEXT)
    assert code == 0, err
    assert (f"next.xlsx:Target!{column(ws, 'Action')}{row}: warning: Action: the action has"
            " no lead; say who leads it and by when") in err.splitlines()
