"""`csreview import --update`: statuses, notes and due dates changed in a recording workbook
after a meeting become a progress update file, and nothing else does; mistakes are told at
their cell and nothing is written; an update file is never replaced."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from csreview.loading.load import load_all
from csreview.source.diagnostics import Diagnostics
from csreview.views.action_plan import plan_items
from csreview.views.progress import progress_by_review
from openpyxl import load_workbook

from tests.support.cli import REPO, csreview
from tests.support.progress import FIXTURE

pytestmark = pytest.mark.slow  # runs csreview sheet, import and check

MEETING = "2026-09-15"  # after the fixture's last update (10 September), before the build date
BUILD_DAY = date(2026, 9, 21)  # SOURCE_DATE_EPOCH in tests/support/cli.py


def workbook(tmp_path: Path) -> tuple[Path, Path]:
    reviews = tmp_path / "reviews"
    shutil.copytree(FIXTURE, reviews)
    made = csreview("sheet", "riverton", "-o", "next.xlsx", "--reviews", reviews, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    return reviews, tmp_path / "next.xlsx"


def edit(book: Path, changes: dict[str, dict[str, object]]) -> dict[str, str]:
    """Type ``changes`` (action id → {"status": "Done", ...}) into the workbook's action
    cells, as someone would; returns the Status cell of each changed action."""
    wb = load_workbook(book)
    cells = {}
    for ws in wb.worksheets:
        keys = [c.value for c in ws[4]]
        if "actions · id" not in keys:
            continue
        column = {k: keys.index(f"actions · {k}") + 1 for k in ("id", "status", "note", "due")}
        for row in range(5, ws.max_row + 1):
            ident = ws.cell(row, column["id"]).value
            if ident in changes:
                for key, value in changes[ident].items():
                    ws.cell(row, column[key]).value = value
                cells[ident] = f"{ws.title}!{ws.cell(row, column['status']).coordinate}"
    wb.save(book)
    assert set(cells) == set(changes), "every action to change is in the workbook"
    return cells


def test_a_meetings_changes_become_an_update_that_the_site_then_shows(tmp_path: Path) -> None:
    reviews, book = workbook(tmp_path)
    edit(book, {"ref-audit": {"status": "Done", "note": "Finished at the September board."},
                "plan-voice": {"due": date(2026, 12, 18)}})
    done = csreview("import", book, "--update", "--date", MEETING, "--meeting",
                    "Partnership executive", "--reviews", reviews, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = reviews / "riverton" / "updates" / f"{MEETING}.yaml"
    assert "wrote reviews/riverton/updates/2026-09-15.yaml" in done.stdout
    assert yaml.safe_load(written.read_text("utf-8")) == {
        "meeting": "Partnership executive",
        "actions": {
            "ref-audit": {"status": "done", "note": "Finished at the September board."},
            "plan-voice": {"status": "not-started", "due": date(2026, 12, 18)},
        },
    }
    checked = csreview("check", "--reviews", reviews, cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr

    # What the action plan now says: the statuses reported at this meeting.
    diags = Diagnostics()
    loaded = load_all(REPO / "content", reviews, diags)
    assert loaded is not None and not diags.errors
    area = loaded.workbook.area("riverton")
    assert area is not None
    latest = area.reviews[-1]
    items = {i.action.id: i for i in plan_items(latest, loaded.content.framework, BUILD_DAY,
                                                progress_by_review(area)[latest.date])}
    assert items["ref-audit"].status == "done" and not items["ref-audit"].open
    assert items["plan-voice"].due == date(2026, 12, 18)
    assert items["plan-voice"].action.due != date(2026, 12, 18)  # the review keeps its own

    again = csreview("import", book, "--update", "--date", MEETING, "--reviews", reviews,
                     cwd=tmp_path)
    assert again.returncode == 1
    assert "already exists; it was left as it is" in again.stderr


def test_a_wrong_status_is_told_at_its_cell_and_nothing_is_written(tmp_path: Path) -> None:
    reviews, book = workbook(tmp_path)
    cells = edit(book, {"assess-guide": {"status": "Finished"},
                        "ref-audit": {"status": "Done"}})
    before = sorted(p.relative_to(reviews) for p in reviews.rglob("*"))
    done = csreview("import", book, "--update", "--date", MEETING, "--reviews", reviews,
                    cwd=tmp_path)
    assert done.returncode == 1
    assert (f"next.xlsx:{cells['assess-guide']}: error: Status: found the text 'Finished',"
            " which is not a known action status") in done.stderr, done.stderr
    assert "nothing was written (1 error" in done.stderr
    assert sorted(p.relative_to(reviews) for p in reviews.rglob("*")) == before


def test_an_unchanged_workbook_or_no_meeting_date_writes_nothing(tmp_path: Path) -> None:
    reviews, book = workbook(tmp_path)
    before = sorted(p.relative_to(reviews) for p in reviews.rglob("*"))
    unchanged = csreview("import", book, "--update", "--date", MEETING, "--reviews", reviews,
                         cwd=tmp_path)
    assert unchanged.returncode == 1
    assert "differs from what is recorded now; nothing was written" in unchanged.stderr
    undated = csreview("import", book, "--update", "--reviews", reviews, cwd=tmp_path)
    assert undated.returncode == 1
    assert "give the date of the meeting with --date" in undated.stderr
    assert sorted(p.relative_to(reviews) for p in reviews.rglob("*")) == before


def test_a_meeting_is_compared_with_what_stood_before_it_not_with_later_reports(
    tmp_path: Path,
) -> None:
    """The workbook was made, then a later meeting's update was filed; importing the earlier
    meeting's changes writes only what changed by then, not every action reported since."""
    reviews, book = workbook(tmp_path)
    later = reviews / "riverton" / "updates" / "2026-09-14.yaml"
    later.write_text("actions:\n  assess-guide:\n    status: done\n", "utf-8")
    edit(book, {"ref-audit": {"status": "Done"}})
    done = csreview("import", book, "--update", "--date", "2026-09-12", "--reviews", reviews,
                    cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = reviews / "riverton" / "updates" / "2026-09-12.yaml"
    assert yaml.safe_load(written.read_text("utf-8"))["actions"] == {
        "ref-audit": {"status": "done"}}
