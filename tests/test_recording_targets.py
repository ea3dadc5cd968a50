"""Targets in the recording workbook: a Target column beside Overall, with Overall's
drop-down, read in any letter case and written after `overall:` as the format orders it;
mistakes told at their cell; empty in the workbook for the next review, as `csreview new`
carries no target; and a workbook made before the column existed still imports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.support.cli import REPO, csreview
from tests.support.workbook import block, column, column_locked, heading_row

pytestmark = pytest.mark.slow  # runs csreview sheet and import

NEXT = "2027-03-10"
WHERE = "target · level-1 · referral"
DOMAIN_SHEETS = ("Target", "Legal and policy framework", "Partnerships", "Outcomes measurement")


def first_review_only(tmp_path: Path) -> Path:
    """The example with its first review only (and the update after it): its latest
    review is then one that set targets."""
    reviews = tmp_path / "reviews"
    shutil.copytree(REPO / "reviews", reviews)
    (reviews / "example" / "2026-09-15.yaml").unlink()
    assert "target: amber" in (reviews / "example" / "2026-03-10.yaml").read_text("utf-8")
    return reviews


def make_sheet(tmp_path: Path, reviews: Path) -> Path:
    made = csreview("sheet", "example", "-o", "next.xlsx", "--reviews", reviews, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    return tmp_path / "next.xlsx"


def run_import(tmp_path: Path, reviews: Path, book: str = "next.xlsx"
               ) -> tuple[int, str]:
    result = csreview("import", book, "--date", NEXT, "--reviews", reviews, cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stderr


def test_the_next_reviews_target_cells_start_empty_as_new_carries_none(
    tmp_path: Path,
) -> None:
    reviews = first_review_only(tmp_path)
    book = load_workbook(make_sheet(tmp_path, reviews))
    for name in DOMAIN_SHEETS:
        ws = book[name]
        head = heading_row(ws)
        target, overall = column(ws, "Target"), column(ws, "Overall")
        assert ord(target) == ord(overall) + 1, "Target is beside Overall"
        assert ws[f"{target}{head + 1}"].value == "target"  # the key under the heading
        assert not any(ws[f"{target}{r}"].value for r in range(head + 2, ws.max_row + 1))
        # Open for typing: its cells are not written, so they take their column's style.
        assert not column_locked(ws, target)
        assert column_locked(ws, column(ws, "Where"))
        lists = {str(v.sqref).split(":")[0].rstrip("0123456789"): v.formula1
                 for v in ws.data_validations.dataValidation if v.type == "list"}
        assert lists[target] == lists[overall], "the same drop-down as Overall"
    words = " ".join(str(c.value) for c in book["How to fill in"]["A"] if c.value)
    assert "The Target cells start empty" in words
    assert "last time's targets are not carried forward" in words

    by_new = tmp_path / "by-new"
    shutil.copytree(reviews, by_new)
    assert csreview("new", "example", "--date", NEXT, "--reviews", by_new).returncode == 0
    written = (by_new / "example" / f"{NEXT}.yaml").read_text("utf-8")
    assert "\n        target:" not in written
    code, err = run_import(tmp_path, reviews)
    assert code == 0, err
    imported = (reviews / "example" / f"{NEXT}.yaml").read_text("utf-8")
    assert yaml.safe_load(imported)["domains"] == yaml.safe_load(written)["domains"]


def example_target_sheet(tmp_path: Path) -> tuple[Path, Path, Workbook, Worksheet]:
    """A copy of the bundled reviews, the example's next-review workbook and its Target
    domain's sheet."""
    reviews = tmp_path / "reviews"
    shutil.copytree(REPO / "reviews", reviews)
    path = make_sheet(tmp_path, reviews)
    book = load_workbook(path)
    return reviews, path, book, book["Target"]


def test_a_target_typed_in_any_case_is_written_after_overall(tmp_path: Path) -> None:
    reviews, path, book, ws = example_target_sheet(tmp_path)
    first = block(ws, WHERE, 1)[0]
    ws[f"{column(ws, 'Overall')}{first}"] = "amber"
    ws[f"{column(ws, 'Target')}{first}"] = "GREEN / amber"
    book.save(path)

    code, err = run_import(tmp_path, reviews)
    assert code == 0, err
    text = (reviews / "example" / f"{NEXT}.yaml").read_text("utf-8")
    assert ("      referral:\n        overall: amber\n        target: green/amber\n"
            "        findings:\n") in text
    assert text.count("target: green/amber") == 1
    build = csreview("check", "--reviews", reviews, cwd=tmp_path)
    assert build.returncode == 0, build.stdout + build.stderr


def test_a_mistaken_target_is_told_at_its_cell(tmp_path: Path) -> None:
    reviews, path, book, ws = example_target_sheet(tmp_path)
    target = column(ws, "Target")
    first, second = block(ws, WHERE, 1)[0], block(ws, WHERE, 2)[0]
    ws[f"{target}{first}"] = "Gren/Amber"
    ws[f"{target}{second}"] = "Amber"
    book.save(path)
    before = sorted(p.name for p in (reviews / "example").iterdir())

    code, err = run_import(tmp_path, reviews)
    assert code == 1
    lines = err.splitlines()
    expected = [
        f"next.xlsx:Target!{target}{first}: error: Target: found the text 'Gren/Amber',"
        " which is not a known target rating; did you mean 'green/amber'? (allowed: green,"
        " green/amber, amber, amber/red, red)",
        f"next.xlsx:Target!{target}{second}: error: Target: found 'Amber', but this system"
        " point has a target already; give it one only",
    ]
    assert [line for line in lines if "error: Target:" in line] == expected, err
    assert "nothing was written (2 errors" in err
    assert sorted(p.name for p in (reviews / "example").iterdir()) == before


def test_a_target_where_nothing_was_found_is_told_at_its_cell(tmp_path: Path) -> None:
    reviews = tmp_path / "reviews"
    shutil.copytree(REPO / "tests" / "fixtures" / "history" / "reviews", reviews)
    made = csreview("sheet", "wexley", "-o", "next.xlsx", "--reviews", reviews, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    book = load_workbook(tmp_path / "next.xlsx")
    ws = book["Partnerships"]
    found = block(ws, "partnerships · level-1 · referral", 1)[0]
    ws[f"{column(ws, 'Rating')}{found}"] = "Green"
    ws[f"{column(ws, 'Summary of why')}{found}"] = "Schools refer peer groups."
    ws[f"{column(ws, 'Target')}{found}"] = "green"
    empty = block(ws, "partnerships · level-1 · assessment", 1)[0]
    ws[f"{column(ws, 'Target')}{empty}"] = "Amber"
    book.save(tmp_path / "next.xlsx")

    code, err = run_import(tmp_path, reviews)
    assert code == 1
    assert [line for line in err.splitlines() if ": error: " in line] == [
        f"next.xlsx:Partnerships!{column(ws, 'Target')}{empty}: error: Target: found"
        " 'amber', but this system point has no finding; add a finding with its rating and"
        " summary of why, or clear the target"], err
    assert not (reviews / "wexley" / f"{NEXT}.yaml").exists()


def test_a_workbook_made_before_the_target_column_still_imports(tmp_path: Path) -> None:
    """The column deleted from every domain sheet, as a workbook made before it looks."""
    reviews = first_review_only(tmp_path)
    path = make_sheet(tmp_path, reviews)
    shutil.copy(path, tmp_path / "new-layout.xlsx")
    book = load_workbook(path)
    for name in DOMAIN_SHEETS:
        ws = book[name]
        ws.delete_cols(ord(column(ws, "Target")) - ord("A") + 1)
        assert "Target" not in [c.value for c in ws[heading_row(ws)]]
    book.save(tmp_path / "old-layout.xlsx")

    code, err = run_import(tmp_path, reviews, "old-layout.xlsx")
    assert code == 0, err
    assert ": error: " not in err and "missing" not in err, err
    old = (reviews / "example" / f"{NEXT}.yaml").read_text("utf-8")
    (reviews / "example" / f"{NEXT}.yaml").unlink()
    code, err = run_import(tmp_path, reviews, "new-layout.xlsx")
    assert code == 0, err
    new = (reviews / "example" / f"{NEXT}.yaml").read_text("utf-8")
    assert old.replace("old-layout", "new-layout") == new
