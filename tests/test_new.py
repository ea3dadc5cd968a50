"""`csreview new`: the next review starts from the last one, and nothing earlier changes."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from csreview.loading.load import Loaded, load_all
from csreview.model.resolved import Review
from csreview.source.diagnostics import Diagnostics
from csreview.views.history import journeys

from tests.support.cli import REPO, csreview

pytestmark = pytest.mark.slow  # runs csreview new

FIXTURE = Path(__file__).parent / "fixtures" / "history" / "reviews"
FRAMEWORK = yaml.safe_load((REPO / "content" / "framework.yaml").read_text(encoding="utf-8"))
# Open in Northbridge's latest review (2026-03-10); share-dip-sample there is done.
OPEN_IN_LATEST = {"referral-form-training", "restart-locations-panel", "group-referral-route"}
UNNAMED = "Train new starters in context weighting."


@pytest.fixture
def reviews(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "reviews")
    return tmp_path / "reviews"


def fingerprint(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def load(reviews: Path) -> tuple[Loaded, Diagnostics]:
    diags = Diagnostics()
    loaded = load_all(REPO / "content", reviews, diags)
    assert loaded is not None
    return loaded, diags


def review_of(loaded: Loaded, area: str, day: str) -> Review:
    found = loaded.workbook.area(area)
    assert found is not None
    return next(r for r in found.reviews if r.slug == day)


def test_new_carries_exactly_the_open_actions(reviews: Path) -> None:
    before = fingerprint(reviews)
    result = csreview("new", "northbridge", "--date", "2026-09-15", "--reviews", reviews)
    assert result.returncode == 0, result.stderr
    written = reviews / "northbridge" / "2026-09-15.yaml"
    assert f"csreview new: wrote {written}" in result.stdout
    assert "started from the review on 2026-03-10" in result.stdout
    assert "carried 4 open actions:" in result.stdout
    for ident in OPEN_IN_LATEST:
        assert f"    - {ident} (" in result.stdout
    assert "gave ids to 1 action(s) that had none: train-new-starters-in-context" in result.stdout

    # Every earlier file is byte for byte as it was; only the new file was added.
    after = fingerprint(reviews)
    assert {k: v for k, v in after.items() if k != "northbridge/2026-09-15.yaml"} == before
    assert set(after) - set(before) == {"northbridge/2026-09-15.yaml"}

    loaded, diags = load(reviews)
    assert diags.errors == []
    new = review_of(loaded, "northbridge", "2026-09-15")
    latest = review_of(loaded, "northbridge", "2026-03-10")
    carried = {a.id: a for _, _, a in new.all_actions()}
    assert all(a.id for _, _, a in new.all_actions())  # every action now has an id
    unnamed_id = next(i for i, a in carried.items() if a.text == UNNAMED)
    assert set(carried) == OPEN_IN_LATEST | {unnamed_id}
    assert "share-dip-sample" not in carried  # done: not carried
    for _, _, old in latest.all_actions():
        if old.status in ("done", "dropped"):
            continue
        copy = carried[old.id or unnamed_id]
        assert (copy.text, copy.lead, copy.agency, copy.due, copy.status, copy.note) == (
            old.text, old.lead, old.agency, old.due, old.status, old.note)


def test_new_keeps_the_findings_for_the_facilitator_to_revise(reviews: Path) -> None:
    result = csreview("new", "northbridge", "--date", "2026-09-15", "--reviews", reviews)
    assert result.returncode == 0, result.stderr
    loaded, _ = load(reviews)
    new = review_of(loaded, "northbridge", "2026-09-15")
    latest = review_of(loaded, "northbridge", "2026-03-10")
    assert new.edition == latest.edition
    assert {p.anchor for p in new.all_points()} == {p.anchor for p in latest.all_points()}
    for old in latest.all_points():
        copy = new.point(old.domain, old.level, old.point)
        assert copy is not None and copy.overall == old.overall
        assert [(f.rating, f.text, f.evidence, f.internal) for f in copy.findings] == [
            (f.rating, f.text, f.evidence, f.internal) for f in old.findings]
    assert new.domains["target"].values == latest.domains["target"].values
    text = (reviews / "northbridge" / "2026-09-15.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Northbridge: system review on 15 September 2026.\n")
    assert "# title: Spring 2026 system review" in text  # last time's title, as a hint only
    assert new.title is None


def test_the_new_file_passes_check_and_continues_every_journey(reviews: Path) -> None:
    assert csreview("new", "northbridge", "--date", "2026-09-15",
                    "--reviews", reviews).returncode == 0
    check = csreview("check", "--reviews", reviews)
    assert check.returncode == 0, check.stderr
    assert " error: " not in check.stderr
    # Nothing is lost and no rating changed between the latest review and the new one.
    assert "missing from the next review" not in check.stderr
    assert "overall rating changed" not in check.stderr
    loaded, _ = load(reviews)
    area = loaded.workbook.area("northbridge")
    assert area is not None
    by_latest = {j.latest.action.text: j for j in journeys(area.reviews)}
    # The action that had no id is the same action once the new file gives it one.
    assert [s.review.slug for s in by_latest[UNNAMED].sightings] == ["2026-03-10", "2026-09-15"]
    training = next(j for j in journeys(area.reviews) if j.key == "referral-form-training")
    assert len(training.sightings) == 4


def test_new_refuses_to_overwrite(reviews: Path) -> None:
    target = reviews / "northbridge" / "2026-09-15.yaml"
    target.write_text("# the facilitator's typing\ndomains: {}\n", encoding="utf-8")
    before = fingerprint(reviews)
    result = csreview("new", "northbridge", "--date", "2026-09-15", "--reviews", reviews)
    assert result.returncode == 1
    assert f"csreview new: {target} already exists; it was left as it is" in result.stderr
    assert result.stdout == ""
    assert fingerprint(reviews) == before


def test_new_refuses_a_date_that_is_not_after_the_latest_review(reviews: Path) -> None:
    before = fingerprint(reviews)
    result = csreview("new", "northbridge", "--date", "2026-01-05", "--reviews", reviews)
    assert result.returncode == 1
    assert ("the new review's date (2026-01-05) must come after the latest review"
            " (2026-03-10)") in result.stderr
    assert fingerprint(reviews) == before
    bad = csreview("new", "northbridge", "--date", "2026-02-30", "--reviews", reviews)
    assert bad.returncode == 2 and "'2026-02-30' is not a real date" in bad.stderr


def test_new_names_a_missing_area(reviews: Path) -> None:
    result = csreview("new", "southbridge", "--reviews", reviews)
    assert result.returncode == 1
    assert "there is no area 'southbridge'" in result.stderr
    assert not (reviews / "southbridge").exists()


def test_new_defaults_to_today(reviews: Path) -> None:
    result = csreview("new", "ashby", "--reviews", reviews)  # SOURCE_DATE_EPOCH: 2026-09-21
    assert result.returncode == 0, result.stderr
    assert (reviews / "ashby" / "2026-09-21.yaml").is_file()
    assert "    - youth-referral-friendships (not started, due 2026-05-29)" in result.stdout


def test_new_writes_a_commented_blank_review_for_an_area_with_none(reviews: Path) -> None:
    result = csreview("new", "wexley", "--date", "2026-09-18", "--reviews", reviews)
    assert result.returncode == 0, result.stderr
    assert "a blank review covering all 4 domains" in result.stdout
    text = (reviews / "wexley" / "2026-09-18.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert list(data["domains"]) == [d["id"] for d in FRAMEWORK["domains"]]
    for domain in FRAMEWORK["domains"]:
        assert f"# {domain['number']}. {domain['name']}:" in text
    for level in FRAMEWORK["levels"]:
        assert f"# {level['id']}:    # {level['name']}" in text
    assert sum(line.lstrip().startswith("#") for line in text.splitlines()) > 100
    loaded, diags = load(reviews)
    assert diags.items == []
    blank = review_of(loaded, "wexley", "2026-09-18")
    assert blank.all_points() == []
    check = csreview("check", "--strict", "--reviews", reviews)
    assert check.returncode == 0, check.stderr


def test_the_blank_review_can_be_filled_in_by_uncommenting(reviews: Path) -> None:
    csreview("new", "wexley", "--date", "2026-09-18", "--reviews", reviews)
    path = reviews / "wexley" / "2026-09-18.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index("    # level-1:    # Level 1: response to children, young people and families")
    for i in range(at, at + 6):  # level-1, referral, findings, rating, text, its line
        lines[i] = lines[i].replace("# ", "", 1)
    lines[at + 3] = lines[at + 3].replace("rating:", "rating: amber")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded, diags = load(reviews)
    assert diags.errors == []
    point = review_of(loaded, "wexley", "2026-09-18").point("target", "level-1", "referral")
    assert point is not None and point.findings[0].text == "What the group found.\n"


TRICKY = [
    "Agree: who leads? # not a comment",
    "- starts like a list item",
    "yes",
    "2026-01-01",
    "'quoted' and \"double\"",
    "Ends with a space ",
    "Café, naïve — and “curly quotes”",
    "Line one\n\n- a list\n- in Markdown\n",
    "No final newline\nsecond line",
    "  Indented first line\nthen not",
    "Trailing blank lines\n\n\n",
]


def test_tricky_text_reads_back_exactly_as_it_was(reviews: Path) -> None:
    folder = reviews / "tricky"
    folder.mkdir()
    (folder / "area.yaml").write_text("name: Tricky\n", encoding="utf-8")
    actions = [{"text": t, "lead": "Malik", "due": date(2026, 12, 31),
                "note": t, "agency": t.strip() or "x"} for t in TRICKY]
    data = {"facilitators": TRICKY[:3], "domains": {"target": {
        "level-1": {"referral": {"findings": [
            {"rating": "amber", "text": t, "actions": [a]} for t, a in zip(TRICKY, actions,
                                                                            strict=True)]}},
        "values": {"caring": TRICKY[0]}}}}
    (folder / "2026-03-10.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = csreview("new", "tricky", "--date", "2026-09-15", "--reviews", reviews)
    assert result.returncode == 0, result.stderr
    loaded, diags = load(reviews)
    assert diags.errors == []
    old = review_of(loaded, "tricky", "2026-03-10")
    new = review_of(loaded, "tricky", "2026-09-15")
    assert new.facilitators == old.facilitators
    assert new.domains["target"].values == old.domains["target"].values
    assert [(f.text, [(a.text, a.note, a.agency) for a in f.actions])
            for p in new.all_points() for f in p.findings] == [
        (f.text, [(a.text, a.note, a.agency) for a in f.actions])
        for p in old.all_points() for f in p.findings]


def test_generated_ids_are_unique_in_the_area(reviews: Path) -> None:
    folder = reviews / "ids"
    folder.mkdir()
    (folder / "area.yaml").write_text("name: Ids\n", encoding="utf-8")
    (folder / "2025-03-11.yaml").write_text("""\
domains:
  target:
    level-1:
      referral:
        findings:
          - rating: amber
            text: An earlier review used the id a later slug would want.
            actions:
              - text: Something else entirely.
                id: brief-the-police
                lead: Kwame
                due: 2025-06-30
                status: done
""", encoding="utf-8")
    (folder / "2025-09-16.yaml").write_text("""\
domains:
  target:
    level-1:
      referral:
        findings:
          - rating: amber
            text: Two actions whose words give the same id.
            actions:
              - text: Brief the police!
                lead: Kwame
                due: 2025-12-19
              - text: Brief the police.
                lead: Kwame
                due: 2025-12-19
""", encoding="utf-8")
    result = csreview("new", "ids", "--date", "2026-03-10", "--reviews", reviews)
    assert result.returncode == 0, result.stderr
    assert "gave ids to 2 action(s) that had none: brief-the-police-2, brief-the-police-3" in (
        result.stdout)
    check = csreview("check", "--reviews", reviews)
    assert check.returncode == 0 and " error: " not in check.stderr, check.stderr
