"""Round trips through the recording workbook, over the example and generated reviews:

* a workbook made from a review, imported, gives that review back;
* the workbook `csreview sheet` makes, imported unchanged, gives the review `csreview new`
  writes for the same date.

Generated reviews have every domain, level and system point or a few, many actions, and
text with Markdown, quotes, colons, line breaks and non-ASCII characters.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from csreview.loading.load import load_all
from csreview.model.content import Content, load_content
from csreview.model.resolved import Area, Review
from csreview.outputs import newreview
from csreview.outputs.recording import importer as recording_import
from csreview.outputs.recording.sheet import workbook_bytes
from csreview.outputs.reviewtext import domain_lines, top_lines
from csreview.source.diagnostics import Diagnostics
from csreview.views.draft import Draft, DraftAction, DraftDomain, DraftFinding, DraftPoint, draft_of
from csreview.views.recording import Recording, checker_questions, next_recording
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.cli import REPO
from tests.support.workbook import libreoffice_resave

sys.path.insert(0, str(REPO / "benchmarks"))
import national  # noqa: E402

CONTENT = load_content(REPO / "content", Diagnostics())
assert CONTENT is not None
FW = CONTENT.framework
MADE_ON = date(2026, 11, 2)


def load_area(reviews: Path, area: str) -> Area:
    diags = Diagnostics()
    loaded = load_all(REPO / "content", reviews, diags)
    assert loaded is not None and not diags.errors, [d.format() for d in diags.errors]
    found = loaded.workbook.area(area)
    assert found is not None
    return found


def meaning(r: Review) -> Review:
    """What a review says. Where its file is aside, and three ways of saying the same that
    a workbook does not keep apart: evidence methods of the session come back in the
    framework's order (the sheet ticks them), and a domain or level present but empty is
    not reviewed, like one left out."""
    order = FW.ids("evidence_methods")
    domains = {d: dataclasses.replace(result, levels_reviewed=tuple(
                   lv for lv in result.levels_reviewed
                   if any(key[0] == lv for key in result.points)))
               for d, result in r.domains.items() if result.points or result.values}
    return dataclasses.replace(r, path="", source="", domains=domains,
                               methods=tuple(sorted(r.methods, key=order.index)))


def imported(book: bytes, reviews: Path, area: str, day: date, content: Content = CONTENT
             ) -> Review:
    """``book`` imported by the import command's own code, then loaded by the real loader."""
    path = reviews.parent / f"{area}-{day}.xlsx"
    path.write_bytes(book)
    out, err = io.StringIO(), io.StringIO()
    code = recording_import.run(REPO / "content", reviews, path, area, day, out=out, err=err)
    assert code == 0, err.getvalue()
    return next(r for r in load_area(reviews, area).reviews if r.date == day)


def from_review(area: Area, review: Review) -> bytes:
    rec = Recording(draft_of(review, area), checker_questions(CONTENT), MADE_ON,
                           area.id, area.name, area.audience)
    return workbook_bytes(rec, FW)


def area_only(source: Path, area: str, folder: Path) -> Path:
    """A reviews folder with ``area``'s area.yaml and none of its reviews."""
    (folder / area).mkdir(parents=True)
    shutil.copy(source / area / "area.yaml", folder / area / "area.yaml")
    return folder


def check_both_round_trips(source: Path, area_id: str, work: Path) -> Area:
    area = load_area(source, area_id)
    for n, review in enumerate(area.reviews):
        back = imported(from_review(area, review), area_only(source, area_id, work / f"r{n}"),
                        area_id, review.date)
        assert meaning(back) == dataclasses.replace(meaning(review), path="", source="")
    # The next review: the unchanged workbook against what `csreview new` writes.
    day = area.reviews[-1].date + timedelta(days=180)
    rec, _ = next_recording(CONTENT, area, MADE_ON)
    ours = imported(workbook_bytes(rec, FW), shutil.copytree(source, work / "sheet"),
                    area_id, day)
    by_new = shutil.copytree(source, work / "new")
    assert newreview.run(REPO / "content", by_new, area_id, day, out=io.StringIO()) == 0
    theirs = next(r for r in load_area(by_new, area_id).reviews if r.date == day)
    assert meaning(ours) == meaning(theirs)
    return area


def test_the_example_round_trips(tmp_path: Path) -> None:
    area = check_both_round_trips(REPO / "reviews", "example", tmp_path)
    assert sum(len(r.all_actions()) for r in area.reviews) > 100


def test_a_full_national_area_round_trips(tmp_path: Path) -> None:
    """Every domain, level and system point, 64 actions with notes, three reviews."""
    national.make_reviews(tmp_path / "reviews", areas=1, reviews=3)
    (area_id,) = [p.name for p in (tmp_path / "reviews").iterdir()]
    area = check_both_round_trips(tmp_path / "reviews", area_id, tmp_path / "work")
    latest = area.reviews[-1]
    assert len(latest.all_points()) == len(FW.domains) * len(FW.levels) * len(
        FW.system_points)
    assert len(latest.all_actions()) >= 64


# --- Generated reviews ----------------------------------------------------------------------

AWKWARD = ["a: colon", '"quoted"', "'single'", "- a list item", "# not a heading", "yes",
           "null", "2026-01-01", "=1+1", "_x0041_ stays", "café — naïve “curly” 🙂",
           "**bold** and *italic*", "[a link](https://example.org)", "tab\there", "{a: b}",
           "  leading spaces", "trailing spaces  ", "ends with a break\n", "x\n\n- one\n- two"]
_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"))
MARKDOWN = st.one_of(
    st.sampled_from(AWKWARD),
    st.lists(st.one_of(st.text(_CHARS, min_size=1, max_size=30), st.sampled_from(AWKWARD)),
             min_size=1, max_size=4).map("\n".join),
).filter(lambda t: t.strip() != "")
LINE = st.one_of(st.sampled_from(["Malik", "Children's social care", "Police: CSE team",
                                  "O'Neill", "Zoë", "yes", "2026", "#3"]),
                 st.text(_CHARS, min_size=1, max_size=20)).map(str.strip).filter(bool)
SLUG = st.from_regex(r"\A[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}\Z")


@st.composite
def drafts(draw: st.DrawFn) -> Draft:
    edition = draw(st.sampled_from(FW.ids("editions")))
    # A few drawn stems, numbered: unique ids without drawing sixty of them, which took
    # more of Hypothesis's data than it allows an example.
    stems = draw(st.lists(SLUG, unique=True, min_size=1, max_size=4))
    ids = (f"{stems[n % len(stems)]}-{n}" for n in range(10_000))
    keys = [(d, lv, p) for d in FW.ids("domains") for lv in FW.ids("levels")
            for p in FW.ids("system_points")]
    chosen = keys if draw(st.booleans()) else draw(
        st.lists(st.sampled_from(keys), unique=True, min_size=1, max_size=6))
    out = Draft(edition=edition, title=draw(st.none() | LINE),
                audience=draw(st.sampled_from([None, "public"])),
                facilitators=tuple(draw(st.lists(LINE, max_size=3))),
                participants=tuple(draw(st.lists(LINE, max_size=4))),
                methods=tuple(draw(st.lists(st.sampled_from(FW.ids("evidence_methods")),
                                            unique=True))),
                summary=draw(st.none() | MARKDOWN),
                accept=tuple(draw(st.lists(LINE, max_size=2))))
    day = date(2026, 3, 10)
    for domain, level, point in chosen:
        findings = []
        for _ in range(draw(st.integers(1, 2))):
            actions = [DraftAction(
                draw(MARKDOWN), next(ids) if draw(st.booleans()) else None,
                draw(st.none() | LINE), draw(st.none() | LINE),
                draw(st.none() | st.integers(-60, 400).map(lambda n: day + timedelta(n))),
                draw(st.sampled_from(FW.ids("statuses"))), draw(st.none() | MARKDOWN),
                draw(st.booleans()), tuple(draw(st.lists(LINE, max_size=1))),
            ) for _ in range(draw(st.integers(0, 2)))]
            findings.append(DraftFinding(
                draw(st.sampled_from(FW.ids("ratings"))), draw(MARKDOWN),
                tuple(draw(st.lists(st.sampled_from(FW.ids("evidence_methods")),
                                    unique=True, max_size=3))),
                draw(st.booleans()), tuple(draw(st.lists(LINE, max_size=1))), actions))
        overall, target = (draw(st.none() | st.sampled_from(FW.overall_options()))
                           for _ in range(2))
        where = out.domains.setdefault(domain, DraftDomain())
        where.points[(level, point)] = DraftPoint(findings, overall, target)
    for domain in out.domains.values():
        for value in draw(st.lists(st.sampled_from(FW.values_for(edition)), unique=True)):
            domain.values[value] = draw(MARKDOWN)
    return out


def written(draft: Draft, folder: Path) -> Path:
    """``draft`` as the area "gen"'s review on 10 March 2026, in a new reviews folder."""
    reviews = folder / "reviews"
    (reviews / "gen").mkdir(parents=True)
    (reviews / "gen" / "area.yaml").write_text("name: Generated\n", encoding="utf-8")
    text = "\n".join([*top_lines(draft), *domain_lines(draft, FW, "not reviewed")]) + "\n"
    (reviews / "gen" / "2026-03-10.yaml").write_text(text, encoding="utf-8")
    return reviews


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts())
def test_generated_reviews_round_trip(draft: Draft) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        check_both_round_trips(written(draft, Path(tmp)), "gen", Path(tmp) / "work")


@pytest.mark.slow
def test_awkward_text_survives_libreoffice(tmp_path: Path) -> None:
    """Every awkward text, in every kind of cell, saved by Calc, reads back as written."""
    actions = [DraftAction(t, f"a{n}", t.strip(), None, None, "in-progress", t)
               for n, t in enumerate(AWKWARD)]
    draft = Draft(edition="2024", title="Awkward: “text”", summary="\n".join(AWKWARD),
                  domains={"target": DraftDomain(
                      {("level-1", "referral"): DraftPoint(
                          [DraftFinding("amber", t, (), False, (), [a])
                           for t, a in zip(AWKWARD, actions, strict=True)])},
                      {"caring": "\n".join(reversed(AWKWARD))})})
    reviews = written(draft, tmp_path)
    area = load_area(reviews, "gen")
    book = tmp_path / "awkward.xlsx"
    book.write_bytes(from_review(area, area.reviews[0]))
    saved = libreoffice_resave(book, tmp_path / "calc")
    back = imported(saved.read_bytes(), area_only(reviews, "gen", tmp_path / "again"), "gen",
                    area.reviews[0].date)
    assert meaning(back) == meaning(area.reviews[0])
