"""Spreadsheet exports of each action plan, from a real build: .xlsx and .csv.

Rows must equal the review's actions, in the action plan's order, so a partnership can work
on the plan in a spreadsheet and still find each action in the review file.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from csreview.loading.load import Loaded
from csreview.model.resolved import Area, Review
from csreview.outputs.exports import action_plan_csv, action_plan_xlsx, plain
from csreview.pages.base import SiteOptions
from csreview.views.action_plan import plan_items
from csreview.views.progress import NO_PROGRESS, progress_by_review
from openpyxl import load_workbook

from tests.support.cli import REPO, csreview
from tests.support.reviews import example_without_published_leads

BUILD_DAY = date(2026, 9, 21)  # SOURCE_DATE_EPOCH=1790000000, set by tests.support.cli


def reviews(loaded: Loaded) -> list[tuple[Area, Review]]:
    return [(area, review) for area in loaded.workbook.areas for review in area.reviews]


def sheet_rows(path: Path) -> tuple[list[str], list[dict[str, object]]]:
    ws = load_workbook(path)["Action plan"]
    values = list(ws.iter_rows(values_only=True))
    header = [str(v) for v in values[0]]
    return header, [dict(zip(header, row, strict=True)) for row in values[1:]]


def test_action_plan_page_links_its_spreadsheets(example_site: Path, loaded: Loaded) -> None:
    for area, review in reviews(loaded):
        folder = example_site / "areas" / area.id / review.slug
        page = (folder / "action-plan" / "index.html").read_text("utf-8")
        for ext in ("xlsx", "csv"):
            assert f'href="../action-plan.{ext}"' in page
            assert (folder / f"action-plan.{ext}").stat().st_size > 0


def test_xlsx_rows_equal_the_reviews_actions_in_plan_order(
    example_site: Path, loaded: Loaded
) -> None:
    fw = loaded.content.framework
    for area, review in reviews(loaded):
        path = example_site / "areas" / area.id / review.slug / "action-plan.xlsx"
        header, rows = sheet_rows(path)
        # The plan's order follows the progress reported since the review (tests/test_updates.py).
        progress = progress_by_review(area).get(review.date, NO_PROGRESS)
        items = plan_items(review, fw, BUILD_DAY, progress)
        assert len(rows) == len(items) == len(review.all_actions())
        assert header[:2] == ["Order", "Where"] and "Lead" in header  # internal build
        for number, (row, item) in enumerate(zip(rows, items, strict=True), 1):
            a = item.action
            assert row["Order"] == number
            assert row["Where"] == item.where
            assert row["Domain"] == fw.name("domains", item.point.domain)
            assert row["System point"] == fw.name("system_points", item.point.point)
            assert row["Finding rating"] == fw.name("ratings", item.finding.rating)
            assert row["Goal"] == fw.name("goals", item.goal)
            assert row["Action"] == " ".join(a.text.split())
            assert (row["Action id"] or None) == a.id
            assert (row["Lead"] or None) == a.lead
            assert (row["Agency"] or None) == a.agency
            due = row["Due"]
            assert (due.date() if isinstance(due, datetime) else due) == a.due
            assert row["Status"] == fw.name("statuses", a.status)
            assert row["Overdue"] == ("Yes" if item.overdue else "No")
            assert (row["Note"] or None) == (plain(a.note) or None)


def test_xlsx_is_a_usable_sheet(example_site: Path) -> None:
    path = example_site / "areas" / "example" / "2026-09-15" / "action-plan.xlsx"
    wb = load_workbook(path)
    ws = wb["Action plan"]
    header = [c.value for c in ws[1]]
    assert all(c.font.b for c in ws[1]), "the header row is bold"
    assert ws.freeze_panes == "A2"
    last = ws.cell(row=ws.max_row, column=len(header)).coordinate
    assert ws.auto_filter.ref == f"A1:{last}"
    widths = {name: ws.column_dimensions[c.column_letter].width
              for name, c in zip(header, ws[1], strict=True)}
    # Stored widths include Excel's cell padding (under a character) on top of the text.
    assert all(8 <= w < 61 for w in widths.values()), widths
    assert widths["Action"] > widths["Order"]
    assert widths["Where"] >= len("target · level-1 · referral")
    assert ws.cell(row=2, column=header.index("Action") + 1).alignment.wrap_text
    due = ws.cell(row=2, column=header.index("Due") + 1)
    assert due.is_date and due.number_format == "yyyy-mm-dd"
    about = {row[0]: row[1] for row in wb["About"].iter_rows(values_only=True)}
    assert about["Review date"] == "2026-09-15" and about["Review file"].endswith("2026-09-15.yaml")


def test_xlsx_is_reproducible_and_dated_by_the_build(example_site: Path, loaded: Loaded) -> None:
    path = example_site / "areas" / "example" / "2026-09-15" / "action-plan.xlsx"
    props = load_workbook(path).properties
    assert props.created == props.modified == datetime(2026, 9, 21)
    with zipfile.ZipFile(path) as archive:
        # A fixed date, not the clock's, on every member of the archive.
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    area = loaded.workbook.area("example")
    assert area is not None
    review = area.reviews[-1]
    options = SiteOptions(audience="internal", build_date=BUILD_DAY)
    fw = loaded.content.framework
    first = action_plan_xlsx(area, review, fw, options, show_leads=True)
    assert first == action_plan_xlsx(area, review, fw, options, show_leads=True)
    assert first == path.read_bytes(), "the build's file is the reproducible one"


def test_csv_has_the_same_rows_as_the_xlsx(example_site: Path, loaded: Loaded) -> None:
    for area, review in reviews(loaded):
        folder = example_site / "areas" / area.id / review.slug
        raw = (folder / "action-plan.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "a BOM, so Excel reads UTF-8"
        assert b"\r\n" in raw
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        header, expected = sheet_rows(folder / "action-plan.xlsx")
        assert rows[0] == header
        assert len(rows) - 1 == len(expected)
        for got, want in zip(rows[1:], expected, strict=True):
            as_text = [
                "" if v is None else v.date().isoformat() if isinstance(v, datetime) else str(v)
                for v in want.values()
            ]
            assert got == as_text


@pytest.mark.slow
def test_public_exports_hide_leads_when_the_area_does_not_publish_them(
    tmp_path: Path, loaded: Loaded
) -> None:
    reviews_dir = example_without_published_leads(tmp_path)
    site = tmp_path / "site"
    result = csreview("build", "--audience", "public", "--no-pdf", "--reviews", reviews_dir,
                      "--site-dir", site, cwd=REPO)
    assert result.returncode == 0, result.stderr
    area = loaded.workbook.area("example")
    assert area is not None
    for review in area.reviews:
        folder = site / "areas" / "example" / review.slug
        header, rows = sheet_rows(folder / "action-plan.xlsx")
        assert "Lead" not in header and "Internal" not in header
        leads = {a.lead for _, _, a in review.all_actions() if a.lead}
        cells = {str(v) for row in rows for v in row.values()}
        assert not leads & cells
        text = (folder / "action-plan.csv").read_text("utf-8-sig")
        assert "Lead" not in next(csv.reader(io.StringIO(text)))
        # Internal actions stay out: the public rows are the public actions.
        public = [a for _, _, a in review.all_actions() if not a.internal]
        assert len(rows) <= len(public)


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path, loaded: Loaded) -> None:
    """A spreadsheet must never run a formula typed into a review file."""
    area = loaded.workbook.area("example")
    assert area is not None
    review = area.reviews[-1]
    point, finding, action = review.all_actions()[0]
    evil = '=HYPERLINK("http://example.invalid","x")'
    hacked_finding = dataclasses.replace(
        finding, actions=(dataclasses.replace(action, text=evil, note="+1"),))
    hacked_point = dataclasses.replace(point, findings=(hacked_finding,))
    domain = review.domains[point.domain]
    hacked_domain = dataclasses.replace(
        domain, points={**domain.points, (point.level, point.point): hacked_point})
    hacked = dataclasses.replace(review, domains={**review.domains, point.domain: hacked_domain})
    options = SiteOptions(audience="internal", build_date=BUILD_DAY)
    fw = loaded.content.framework
    xlsx = tmp_path / "plan.xlsx"
    xlsx.write_bytes(action_plan_xlsx(area, hacked, fw, options, show_leads=True))
    ws = load_workbook(xlsx)["Action plan"]
    header = [c.value for c in ws[1]]
    cells = [ws.cell(row=r, column=header.index("Action") + 1) for r in range(2, ws.max_row + 1)]
    mine = [c for c in cells if c.value == evil]
    assert len(mine) == 1 and mine[0].data_type == "s"
    with zipfile.ZipFile(xlsx) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    text = action_plan_csv(area, hacked, fw, options, show_leads=True).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert any("'" + evil in row for row in rows) and any("'+1" in row for row in rows)
    assert not any(cell.startswith(("=", "+")) for row in rows for cell in row)


def test_spreadsheets_are_reused_while_their_inputs_are_unchanged(
    tmp_path: Path, loaded: Loaded, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csreview.outputs import exports
    from csreview.pages.base import ExportJob

    area = loaded.workbook.area("example")
    assert area is not None
    review = area.reviews[-1]
    options = SiteOptions(audience="internal", build_date=BUILD_DAY)
    job = ExportJob("areas/example/x/action-plan", area, review, options, True)
    shared = (loaded.content.framework, tmp_path / "cache")
    first = exports.export_files(job, shared)
    assert sorted(p.suffix for p in (tmp_path / "cache").iterdir()) == [".csv", ".xlsx"]

    def not_again(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("made again although nothing changed")

    monkeypatch.setattr(exports, "action_plan_xlsx", not_again)
    monkeypatch.setattr(exports, "action_plan_csv", not_again)
    assert exports.export_files(job, shared) == first

    # A changed action makes new files; the next build date does too (overdue flags).
    point, finding, action = review.all_actions()[0]
    changed = dataclasses.replace(review, domains={**review.domains, point.domain: (
        dataclasses.replace(review.domains[point.domain], points={
            **review.domains[point.domain].points,
            (point.level, point.point): dataclasses.replace(point, findings=(
                dataclasses.replace(finding, actions=(
                    dataclasses.replace(action, text="A new action."),)),))}))})
    later = dataclasses.replace(options, build_date=date(2026, 9, 22))
    for other in (dataclasses.replace(job, review=changed),
                  dataclasses.replace(job, options=later)):
        with pytest.raises(AssertionError, match="made again"):
            exports.export_files(other, shared)
