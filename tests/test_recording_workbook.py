"""The recording workbook: `csreview sheet` starts the next review exactly as `csreview new`
would, `csreview import` gives it back, through LibreOffice Calc too, and what a user types
lands where it was typed."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from csreview.loading.load import load_all
from csreview.model.resolved import Review
from csreview.source.diagnostics import Diagnostics
from csreview.views.recording import next_recording
from openpyxl import load_workbook

from tests.support.cli import REPO, csreview
from tests.support.workbook import action_row, block, column, libreoffice_resave

pytestmark = pytest.mark.slow  # runs csreview sheet and LibreOffice

FRAMEWORK = yaml.safe_load((REPO / "content" / "framework.yaml").read_text(encoding="utf-8"))
HISTORY = REPO / "tests" / "fixtures" / "history" / "reviews"
NEXT = "2027-03-10"


def copy(source: Path, folder: Path) -> Path:
    shutil.copytree(source, folder)
    return folder


def review(reviews: Path, area: str, day: str) -> Review:
    diags = Diagnostics()
    loaded = load_all(REPO / "content", reviews, diags)
    assert loaded is not None and diags.errors == [], [d.format() for d in diags.errors]
    found = loaded.workbook.area(area)
    assert found is not None
    return next(r for r in found.reviews if r.slug == day)


def data(path: Path) -> dict[str, Any]:
    """A review file's data; an empty list is as good as none (`new` writes
    `facilitators: []` for the facilitator to fill in)."""
    found = yaml.safe_load(path.read_text("utf-8"))
    return {k: v for k, v in found.items() if v != []}


def meaning(r: Review) -> Review:
    """What a review says, without where its file is."""
    return dataclasses.replace(r, path="", source="")


def sheet_and_import(tmp_path: Path, reviews: Path, area: str, *more: str) -> Path:
    made = csreview("sheet", area, "-o", "next.xlsx", "--reviews", reviews, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    result = csreview("import", "next.xlsx", "--date", NEXT, "--reviews", reviews, *more,
                      cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return reviews / area / f"{NEXT}.yaml"


@pytest.mark.parametrize(("source", "area"), [
    (REPO / "reviews", "example"),
    (HISTORY, "northbridge"),  # an action without an id gets one, as `new` gives it
    (HISTORY, "ashby"),
])
def test_an_unchanged_workbook_gives_what_csreview_new_writes(
    tmp_path: Path, source: Path, area: str
) -> None:
    by_new = copy(source, tmp_path / "new")
    result = csreview("new", area, "--date", NEXT, "--reviews", by_new)
    assert result.returncode == 0, result.stderr
    imported = sheet_and_import(tmp_path, copy(source, tmp_path / "sheet"), area)

    written = by_new / area / f"{NEXT}.yaml"
    assert data(imported) == data(written)
    ours, theirs = review(imported.parent.parent, area, NEXT), review(by_new, area, NEXT)
    assert [p.findings for p in ours.all_points()] == [p.findings for p in theirs.all_points()]
    assert [a for _, _, a in ours.all_actions()] == [a for _, _, a in theirs.all_actions()]
    assert meaning(ours) == meaning(theirs)
    assert ours.all_actions(), "the comparison covers carried actions"
    # In the same readable style: block text, comments, the format's key order.
    text = imported.read_text("utf-8")
    assert text.startswith("# ") and "Imported by `csreview import`" in text
    assert text.index("framework:") < text.index("domains:")
    if area == "example":
        assert "            text: |\n" in text


def test_a_blank_workbook_for_an_area_with_no_review(tmp_path: Path) -> None:
    reviews = copy(HISTORY, tmp_path / "reviews")
    made = csreview("sheet", "wexley", "-o", "first.xlsx", "--reviews", reviews, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "blank: the area has no review yet" in made.stdout
    book = load_workbook(tmp_path / "first.xlsx")
    for domain in FRAMEWORK["domains"]:
        ws = book[domain["name"]]
        rating = column(ws, "Rating")
        assert not any(ws[f"{rating}{r}"].value for r in range(5, ws.max_row + 1))
    # Filled in, it is the area's first review.
    ws = book[FRAMEWORK["domains"][1]["name"]]
    first = block(ws, "legal-framework · level-2 · planning", 1)[0]
    ws[f"{column(ws, 'Rating')}{first}"] = "Red"
    ws[f"{column(ws, 'Summary of why')}{first}"] = "There is no plan for places."
    ws[f"{column(ws, 'Action')}{first}"] = "Write a plan for places."
    book["Session"]["C5"] = date(2027, 3, 10)
    book.save(tmp_path / "first.xlsx")
    result = csreview("import", "first.xlsx", "--reviews", reviews, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # The action has no lead or due date: a warning, told at its cell.
    assert f"first.xlsx:{ws.title}!{column(ws, 'Action')}{first}: warning: Action: the action" \
           " has no lead and no due date" in result.stderr
    point = review(reviews, "wexley", NEXT).point("legal-framework", "level-2", "planning")
    assert point is not None and [(f.rating, f.text) for f in point.findings] == [
        ("red", "There is no plan for places.")]


def test_what_a_user_types_is_what_is_imported(tmp_path: Path) -> None:
    """A changed rating, a new finding and an action marked done, typed as a person would
    (words as the drop-downs show them, in any letter case)."""
    reviews = copy(REPO / "reviews", tmp_path / "reviews")
    made = csreview("sheet", "example", "-o", "next.xlsx", "--reviews", reviews, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    book = load_workbook(tmp_path / "next.xlsx")
    ws = book["Target"]
    rating, why = column(ws, "Rating"), column(ws, "Summary of why")
    where = "target · level-1 · referral"
    first, spare = block(ws, where, 1)[0], block(ws, where, 3)
    assert ws[f"{rating}{first}"].value == "Amber" and ws[f"{rating}{spare[0]}"].value is None
    ws[f"{rating}{first}"] = "GREEN"
    ws[f"{why}{first}"] = "Referrals now say where harm happens: 10 of 10 in February."
    ws[f"{rating}{spare[0]}"] = "red"
    ws[f"{why}{spare[0]}"] = 'Housing "rarely" refers: see the panel\'s notes — café data.'
    ws[f"{column(ws, 'Evidence')}{spare[0]}"] = "Data and performance information, dip-sampling"
    ws[f"{column(ws, 'Action')}{spare[1]}"] = "Brief housing officers: what to refer."
    ws[f"{column(ws, 'Lead')}{spare[1]}"] = "Malik"
    ws[f"{column(ws, 'Due')}{spare[1]}"] = date(2027, 6, 30)
    ws[f"{column(ws, 'Status')}{spare[1]}"] = "In Progress"
    done = action_row(ws, "referral-briefing-health-housing")
    ws[f"{column(ws, 'Status')}{done}"] = "Done"
    ws[f"{column(ws, 'Progress note')}{done}"] = "Ran in **January**."
    ws[f"{column(ws, 'Overall')}{block(ws, where, 1)[0]}"] = "Green/Amber"
    book.save(tmp_path / "next.xlsx")

    result = csreview("import", "next.xlsx", "--date", NEXT, "--reviews", reviews,
                      cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    point = review(reviews, "example", NEXT).point("target", "level-1", "referral")
    assert point is not None
    assert point.overall == "green/amber" and point.overall_stated
    findings = point.findings
    assert [f.rating for f in findings] == ["green", "amber", "red"]
    assert findings[0].text.startswith("Referrals now say where harm happens")
    assert findings[2].text == 'Housing "rarely" refers: see the panel\'s notes — café data.'
    assert findings[2].evidence == ("data", "dip-sampling")
    briefing = next(a for a in findings[0].actions if a.id == "referral-briefing-health-housing")
    assert (briefing.status, briefing.note) == ("done", "Ran in **January**.")
    new = findings[2].actions
    assert [(a.text, a.lead, a.due, a.status, a.id) for a in new] == [
        ("Brief housing officers: what to refer.", "Malik", date(2027, 6, 30), "in-progress",
         None)]
    # The file says the ids, statuses and ratings in lower case, as the tool writes them.
    text = (reviews / "example" / f"{NEXT}.yaml").read_text("utf-8")
    assert "status: in-progress" in text and "rating: red" in text and "GREEN" not in text


def test_a_typo_in_a_rating_is_told_at_its_cell_and_nothing_is_written(tmp_path: Path) -> None:
    reviews = copy(REPO / "reviews", tmp_path / "reviews")
    made = csreview("sheet", "example", "-o", "next.xlsx", "--reviews", reviews, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    book = load_workbook(tmp_path / "next.xlsx")
    ws = book["Partnerships"]
    row = block(ws, "partnerships · level-2 · assessment", 1)[0]
    cell = f"{column(ws, 'Rating')}{row}"
    ws[cell] = "Ambr"
    book.save(tmp_path / "next.xlsx")
    before = sorted(p.name for p in (reviews / "example").iterdir())

    result = csreview("import", "next.xlsx", "--area", "example", "--date", NEXT,
                      "--reviews", reviews, cwd=tmp_path)
    assert result.returncode == 1
    assert (f"next.xlsx:Partnerships!{cell}: error: Rating: found the text 'Ambr', which is"
            " not a known rating; did you mean 'amber'? (allowed: green, amber, red)"
            ) in result.stderr.splitlines()
    assert "nothing was written (1 error" in result.stderr
    assert sorted(p.name for p in (reviews / "example").iterdir()) == before
    assert "Traceback" not in result.stderr


def test_libreoffice_saves_a_workbook_that_imports_the_same(tmp_path: Path) -> None:
    """Opened and saved by a real spreadsheet program, with its drop-downs and protection
    kept, the workbook gives the same review file. (Calc without a window saves no view, so
    frozen headings are checked on our own file, in the test below.)"""
    reviews = copy(REPO / "reviews", tmp_path / "reviews")
    made = csreview("sheet", "example", "-o", "next.xlsx", "--reviews", reviews, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    saved = libreoffice_resave(tmp_path / "next.xlsx", tmp_path / "calc")

    book = load_workbook(saved)
    for name in ("Target", "Session", "Values Checker"):
        ws = book[name]
        assert ws.protection.sheet and not ws.protection.password
    ws = book["Target"]
    assert ws.data_validations.dataValidation, "the drop-downs are kept"
    first = block(ws, "target · level-1 · referral", 1)[0]
    assert ws[f"{column(ws, 'Where')}{first}"].protection.locked
    assert not ws[f"{column(ws, 'Rating')}{first}"].protection.locked

    results = {}
    for name, book_path in (("ours", tmp_path / "next.xlsx"), ("calc", saved)):
        folder = copy(REPO / "reviews", tmp_path / f"reviews-{name}")
        result = csreview("import", book_path, "--date", NEXT, "--reviews", folder)
        assert result.returncode == 0, result.stderr
        results[name] = (folder / "example" / f"{NEXT}.yaml").read_text("utf-8")
    assert results["calc"] == results["ours"]


def drop_downs(ws: Any) -> dict[str, list[str]]:
    """Each column's drop-down choices, by heading, read from the sheet the list names."""
    book = ws.parent
    found = {}
    headings = {c.column_letter: c.value for c in ws[3]}
    for check in ws.data_validations.dataValidation:
        if check.type != "list":
            continue
        sheet, cells = check.formula1.split("!")
        source = book[sheet.strip("'")]
        words = [c.value for row in source[cells.replace("$", "")] for c in row]
        for ref in str(check.sqref).split():
            found[headings.get(ref.split(":")[0].rstrip("0123456789"), ref)] = words
    return found


def test_the_sheets_carry_the_frameworks_names_drop_downs_and_protection(
    tmp_path: Path,
) -> None:
    reviews = copy(REPO / "reviews", tmp_path / "reviews")
    made = csreview("sheet", "example", "-o", "next.xlsx", "--reviews", reviews, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    book = load_workbook(tmp_path / "next.xlsx")
    domains = [d["name"] for d in FRAMEWORK["domains"]]
    assert book.sheetnames[:2] == ["How to fill in", "Session"]
    assert book.sheetnames[2:6] == domains and "Values Checker" in book.sheetnames
    ratings = [r["name"] for r in FRAMEWORK["ratings"]]
    for domain in FRAMEWORK["domains"]:
        ws = book[domain["name"]]
        lists = drop_downs(ws)
        assert lists["Rating"] == ratings
        assert lists["Overall"] == ["Green", "Green/Amber", "Amber", "Amber/Red", "Red"]
        assert lists["Status"] == [s["name"] for s in FRAMEWORK["statuses"]]
        assert lists["Evidence"] == [m["id"] for m in FRAMEWORK["evidence_methods"]]
        assert ws.protection.sheet and not ws.protection.password
        assert ws.freeze_panes == "D5"
        # Every level and system point, with the printed sheets' identifiers.
        wheres = [ws[f"C{r}"].value for r in range(5, ws.max_row + 1) if ws[f"C{r}"].value]
        assert wheres == [f"{domain['id']} · {lv['id']} · {p['id']}"
                          for lv in FRAMEWORK["levels"] for p in FRAMEWORK["system_points"]]
        first = block(ws, wheres[0], 1)[0]
        assert ws[f"C{first}"].protection.locked
        for heading in ("Rating", "Summary of why", "Action", "Lead", "Due", "Status"):
            assert not ws[f"{column(ws, heading)}{first}"].protection.locked, heading
    session = book["Session"]
    assert session["C4"].value == "example" and not session["C4"].protection.locked
    instructions = " ".join(str(c.value) for c in book["How to fill in"]["A"] if c.value)
    assert "csreview import" in instructions and "no password" in instructions
    assert "Keep this workbook inside the partnership" in instructions
    values = book["Values Checker"]
    reflections = {values[f"C{r}"].value: values[f"E{r}"].value
                   for r in range(5, values.max_row + 1)}
    example = review(REPO / "reviews", "example", "2026-09-15")
    for domain_id, result in example.domains.items():
        for value, text in result.values.items():
            assert reflections[f"{domain_id} · values · {value}"] == text


def test_sheet_never_overwrites_a_file(tmp_path: Path) -> None:
    reviews = copy(REPO / "reviews", tmp_path / "reviews")
    (tmp_path / "next.xlsx").write_bytes(b"typed up yesterday")
    result = csreview("sheet", "example", "-o", "next.xlsx", "--reviews", reviews, cwd=tmp_path)
    assert result.returncode == 1 and "already exists; it was left as it is" in result.stderr
    assert (tmp_path / "next.xlsx").read_bytes() == b"typed up yesterday"


def test_the_sites_workbook_is_what_csreview_sheet_writes(example_site: Path,
                                                          tmp_path: Path) -> None:
    """The area page's download is the workbook for its next review, byte for byte."""
    made = csreview("sheet", "example", "-o", tmp_path / "next.xlsx")
    assert made.returncode == 0, made.stderr
    offered = example_site / "areas" / "example" / "next-review.xlsx"
    assert offered.read_bytes() == (tmp_path / "next.xlsx").read_bytes()
    page = (example_site / "areas" / "example" / "index.html").read_text("utf-8")
    assert 'href="next-review.xlsx" download="example-next-review.xlsx"' in page
    assert "<code>csreview import</code>" in page
    blank = load_workbook(example_site / "templates" / "recording-workbook.xlsx")
    assert blank["Session"]["C4"].value is None


def test_workbooks_are_reused_while_what_they_show_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csreview.model.content import load_content
    from csreview.outputs import exports
    from csreview.outputs.recording import sheet as recording_sheet
    from csreview.pages.base import WorkbookJob

    content = load_content(REPO / "content", Diagnostics())
    assert content is not None
    diags = Diagnostics()
    loaded = load_all(REPO / "content", REPO / "reviews", diags)
    assert loaded is not None
    area = loaded.workbook.area("example")
    assert area is not None
    rec, _ = next_recording(content, area, date(2026, 11, 2))
    job = WorkbookJob("areas/example/next-review", rec)
    shared = (content.framework, tmp_path / "cache")
    first = exports.export_files(job, shared)
    assert [p.suffix for p in (tmp_path / "cache").iterdir()] == [".xlsx"]

    def not_again(*args: object) -> bytes:
        raise AssertionError("made again although nothing changed")

    monkeypatch.setattr(recording_sheet, "workbook_bytes", not_again)
    assert exports.export_files(job, shared) == first
    later = dataclasses.replace(rec, made_on=date(2026, 11, 3))
    titled = dataclasses.replace(rec, draft=dataclasses.replace(rec.draft, title="New"))
    for other in (later, titled):
        with pytest.raises(AssertionError, match="made again"):
            exports.export_files(dataclasses.replace(job, recording=other), shared)
