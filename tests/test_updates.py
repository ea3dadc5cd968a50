"""Progress updates between reviews, as a reader sees them in real builds.

Riverton (tests/fixtures/updates/reviews) has two reviews and three updates: one between the
reviews (2 April), and two after the latest one — the executive's (25 August: an action done,
one with a new due date, one internal action done) and a subgroup's marked internal
(10 September). What each page should say is worked out from the files and the rules in
review-format.md (tests/support/progress.py), not from the code that makes the pages.
"""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from tests.support.cli import REPO, csreview
from tests.support.progress import (
    BUILD_DAY,
    FIXTURE,
    STATUS,
    ActionNow,
    actions_now,
    text_of,
)

pytestmark = pytest.mark.slow  # builds sites with progress updates

AREA = FIXTURE / "riverton"
LATEST, FIRST = date(2026, 7, 14), date(2026, 1, 20)


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def reported(a: ActionNow) -> str:
    assert a.reported_on is not None
    return f"reported on {long_date(a.reported_on)} at {a.reported_at}"


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def rows(markup: str) -> list[str]:
    return re.findall(r"<tr[ >].*?</tr>", markup, re.S)


def row_for(markup: str, text: str) -> str:
    found = [r for r in rows(markup) if text in text_of(r)]
    assert len(found) == 1, (text, len(found))
    return text_of(found[0])


def test_plan_page_shows_each_actions_status_now_beside_the_reviews_own(
    updates_sites: dict[str, Path]
) -> None:
    markup = page(updates_sites["internal"], "areas/riverton/2026-07-14/action-plan")
    opened = markup.index('id="open"')
    closed = markup.index('id="closed"')
    expected = actions_now(AREA, LATEST)
    assert any(a.reported_on for a in expected.values())
    for a in expected.values():
        if a.open:
            where = markup[opened:closed]
            row = row_for(where, a.text)
            assert STATUS[a.status] in row
            assert a.due is not None and long_date(a.due) in row
            assert ("Overdue" in row) == (a.due < BUILD_DAY)
            if a.reported_on is not None:
                assert reported(a) in row
                assert f"At the review: {STATUS[a.review_status]}" in row
                assert a.note is not None and a.note in row
        else:
            done = text_of(markup[closed:])
            assert f"{STATUS[a.status]}: {a.text}" in done
            assert a.text not in text_of(markup[opened:closed])
            if a.reported_on is not None:
                assert reported(a) in done
    # A moved due date shows the review's own beside it.
    row = row_for(markup[opened:closed], expected["assess-guide"].text)
    assert "30 November 2026 (at the review: 30 September 2026)" in row


def test_spreadsheet_carries_status_now_and_the_reviews_record(
    updates_sites: dict[str, Path]
) -> None:
    ws = load_workbook(updates_sites["internal"] / "areas" / "riverton" / "2026-07-14"
                       / "action-plan.xlsx")["Action plan"]
    values = list(ws.iter_rows(values_only=True))
    header = [str(v) for v in values[0]]
    table = [dict(zip(header, row, strict=True)) for row in values[1:]]
    expected = actions_now(AREA, LATEST)
    assert {r["Action id"] for r in table} == set(expected)

    def day(value: object) -> date | None:
        return value.date() if isinstance(value, datetime) else None

    for r in table:
        a = expected[str(r["Action id"])]
        assert r["Status"] == STATUS[a.review_status]
        assert r["Status now"] == STATUS[a.status]
        assert day(r["Due now"]) == a.due
        assert day(r["Reported on"]) == a.reported_on
        assert (r["Reported at"] or None) == a.reported_at
        assert r["Overdue"] == ("Yes" if a.open and a.due and a.due < BUILD_DAY else "No")
    # Open actions first, as on the page: an action done at a meeting goes to the end.
    opened = [r["Status now"] in ("Not started", "In progress") for r in table]
    assert opened == sorted(opened, reverse=True)
    csv = (updates_sites["internal"] / "areas" / "riverton" / "2026-07-14" / "action-plan.csv"
           ).read_text("utf-8-sig")
    assert "Status now,Due now,Reported on,Reported at,Update note" in csv.splitlines()[0]


def test_area_page_gives_each_actions_status_now_with_when_and_where(
    updates_sites: dict[str, Path]
) -> None:
    markup = page(updates_sites["internal"], "areas/riverton")
    tables = markup[markup.index('id="open-actions"'):]
    opened, closed = tables.split('class="csr-closed"', 1)
    for a in actions_now(AREA, LATEST).values():
        if a.open:
            row = row_for(opened, a.text)
            assert a.id not in text_of(closed)
        else:
            row = row_for(closed, a.text)
            assert a.text not in text_of(opened)
        # The review's own status at each review stays, and the report follows it.
        assert f"{long_date(LATEST)}: {STATUS[a.review_status]}" in row
        if a.reported_on is not None:
            assert (f"{long_date(a.reported_on)}, reported at {a.reported_at}:"
                    f" {STATUS[a.status]}") in row
    # And what each meeting since the latest review reported, in a line each.
    since = text_of(markup[markup.index('class="csr-updates"'):])
    assert "Safeguarding partnership executive, 25 August 2026: 4 actions reported" in since
    assert "Quality assurance subgroup, 10 September 2026: 1 action reported" in since


def test_an_update_between_reviews_shows_on_its_reviews_plan_and_in_the_journey(
    updates_sites: dict[str, Path]
) -> None:
    expected = actions_now(AREA, FIRST)
    reported_ids = [i for i, a in expected.items() if a.reported_on]
    assert reported_ids == ["ref-form", "plan-panel"]
    plan = page(updates_sites["internal"], "areas/riverton/2026-01-20/action-plan")
    for ident in reported_ids:
        assert reported(expected[ident]) in text_of(plan)
    journey = row_for(page(updates_sites["internal"], "areas/riverton"), expected["ref-form"].text)
    assert "2 April 2026, reported at Partnership board: In progress" in journey
    # The review page says where to see it.
    review = text_of(page(updates_sites["internal"], "areas/riverton/2026-01-20"))
    assert "reported at 1 meeting since, most recently on 2 April 2026 (Partnership board)" \
        in review


def test_public_build_follows_the_audience_of_updates_and_of_their_actions(
    updates_sites: dict[str, Path]
) -> None:
    public = updates_sites["public"]
    everything = " ".join(text_of(p.read_text("utf-8")) for p in public.rglob("*.html"))
    everything += " ".join(p.read_text("utf-8-sig") for p in public.rglob("*.csv"))
    # The subgroup's update is internal; the nurses' briefing is an internal action.
    for hidden in ("Quality assurance subgroup", "The sample of twenty referrals is drawn",
                   "Brief the school nurses", "Briefed at the nurses' August meeting"):
        assert hidden not in everything, hidden
    markup = page(public, "areas/riverton/2026-07-14/action-plan")
    expected = actions_now(AREA, LATEST, public=True)
    assert "assess-internal" not in expected
    assert expected["ref-audit"].status == "not-started"  # its update was internal
    for a in expected.values():
        if a.open:
            row = row_for(markup, a.text)
            assert STATUS[a.status] in row
            assert (a.reported_on is not None) == ("reported on" in row)
    # What the internal build shows of the same action, for contrast.
    internal = page(updates_sites["internal"], "areas/riverton/2026-07-14/action-plan")
    assert "Quality assurance subgroup" in row_for(internal, expected["ref-audit"].text)


def test_new_review_starts_from_the_latest_status_and_note(tmp_path: Path) -> None:
    reviews = tmp_path / "reviews"
    shutil.copytree(FIXTURE, reviews)
    result = csreview("new", "riverton", "--date", "2026-10-06", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = (reviews / "riverton" / "2026-10-06.yaml").read_text("utf-8")
    carried = {a["id"]: a for domain in yaml.safe_load(written)["domains"].values()
               for level in domain.values() for point in level.values()
               for f in point["findings"] for a in f.get("actions", [])}
    expected = actions_now(AREA, LATEST)
    assert {i for i, a in expected.items() if a.open} == set(carried)
    assert not expected["ref-form"].open and expected["ref-form"].review_status == "in-progress"
    for ident, a in carried.items():
        now = expected[ident]
        assert a["status"] == now.status
        assert a.get("due") == now.due
        assert a.get("note") == now.note
    assert "2026-08-25.yaml" in written and "2026-09-10.yaml" in written
    assert "ref-form (done)" in result.stdout
    # The earlier files are as they were.
    for path in FIXTURE.rglob("*.yaml"):
        assert (reviews / path.relative_to(FIXTURE)).read_bytes() == path.read_bytes()


def test_example_has_an_update_between_its_reviews_on_real_looking_data(
    example_site: Path
) -> None:
    area = REPO / "reviews" / "example"
    updates = sorted((area / "updates").glob("*.yaml"))
    assert len(updates) == 1
    first, second = sorted(p.stem for p in area.glob("20*.yaml"))
    assert first < updates[0].stem < second
    expected = actions_now(area, date.fromisoformat(first))
    moved = [a for a in expected.values() if a.reported_on]
    assert len(moved) >= 10
    plan = page(example_site, f"areas/example/{first}/action-plan")
    for a in moved:
        assert reported(a) in text_of(plan), a.id


def test_public_checks_read_what_a_public_update_would_publish(tmp_path: Path) -> None:
    """A child's details in a public update's note are flagged at their line; the same in
    the internal update is not, since no public build shows it."""
    reviews = tmp_path / "reviews"
    shutil.copytree(FIXTURE, reviews)
    for name, line in [("2026-08-25.yaml", 6), ("2026-09-10.yaml", 7)]:
        path = reviews / "riverton" / "updates" / name
        lines = path.read_text("utf-8").splitlines()
        assert lines[line - 1].strip().startswith("note:"), (name, lines[line - 1])
        lines[line - 1] = "    note: Jayden, 14, told us the form helped."
        path.write_text("\n".join(lines) + "\n", "utf-8")
    result = csreview("check", "--audience", "public", "--reviews", reviews, cwd=tmp_path)
    flagged = [ln for ln in result.stderr.splitlines() if "Jayden, 14" in ln]
    assert len(flagged) == 1, result.stderr
    assert flagged[0].startswith("reviews/riverton/updates/2026-08-25.yaml:6:11: error:")
    assert "actions.ref-form.note" in flagged[0] and "under `ref-form:`" in flagged[0]
    # Personal data stops a public build without --strict.
    built = csreview("build", "--audience", "public", "--no-pdf", "--reviews",
                     reviews, "--site-dir", tmp_path / "site", cwd=tmp_path)
    assert built.returncode == 1 and not (tmp_path / "site").exists()
    # Cleared where it is written, as in a review file.
    path = reviews / "riverton" / "updates" / "2026-08-25.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("    note: Jayden, 14,", '    accept: ["Jayden, 14,"]\n'
                                 "    note: Jayden, 14,"), "utf-8")
    again = csreview("check", "--audience", "public", "--reviews", reviews, cwd=tmp_path)
    assert "Jayden" not in again.stderr and again.returncode == 0, again.stderr
