"""A review started by `csreview new` and checked before anyone has touched it: the warnings
say once what the facilitator has to do (revise the findings, go through the overdue
actions), instead of once per finding and action; a public build names each finding it
would publish unrevised; an action someone has edited is warned about on its own again."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.support.cli import REPO, csreview

pytestmark = pytest.mark.slow  # runs csreview check

DAY = "2027-03-09"  # after every due date in the example, before nothing


@pytest.fixture
def started(tmp_path: Path) -> Path:
    reviews = tmp_path / "reviews"
    shutil.copytree(REPO / "reviews", reviews)
    made = csreview("new", "example", "--date", DAY, "--reviews", reviews,
                    env={"SOURCE_DATE_EPOCH": "1804550400"})  # 2027-03-09
    assert made.returncode == 0, made.stderr
    return reviews


def _check(reviews: Path, *args: str) -> list[str]:
    result = csreview("check", "--reviews", reviews, *args,
                      env={"SOURCE_DATE_EPOCH": "1804550400"})
    return [x for x in result.stderr.splitlines() if f"{DAY}.yaml:" in x]


def test_an_untouched_file_gets_one_line_per_thing_to_do(started: Path) -> None:
    lines = _check(started)
    assert len(lines) == 2, lines
    findings, actions = lines
    assert re.search(r"warning: 42 of 42 findings are word for word as in the review on"
                     r" 2026-09-15", findings), findings
    overdue = re.search(r"warning: (\d+) actions carried forward unchanged from the review on"
                        r" 2026-09-15 fell due before this review and are still not started",
                        actions)
    assert overdue and int(overdue.group(1)) >= 10, actions
    assert not [x for x in lines if "is before the review date" in x]


def test_a_public_check_says_the_whole_file_is_unrevised(started: Path) -> None:
    lines = _check(started, "--audience", "public")
    assert any("every finding (42) is word for word as in the review on 2026-09-15" in x
               for x in lines), lines


def test_each_unrevised_finding_is_named_once_some_are_revised(started: Path) -> None:
    path = started / "example" / f"{DAY}.yaml"
    text = path.read_text("utf-8")
    # Revise every finding but two: each finding's text starts on a line after `text: |`.
    blocks = text.split("            text: |\n")
    revised = [blocks[0]] + [("              Revised. " + b) if i > 2 else b
                             for i, b in enumerate(blocks[1:], 1)]
    path.write_text("            text: |\n".join(revised), encoding="utf-8")
    public = [x for x in _check(started, "--audience", "public") if "word for word" in x]
    named = [x for x in public if "word for word the finding of the review on" in x]
    assert len(named) == 2, public
    assert all(re.search(r"\.text: word for word", x) for x in named)


def test_an_edited_overdue_action_is_warned_about_on_its_own(started: Path) -> None:
    path = started / "example" / f"{DAY}.yaml"
    text = path.read_text("utf-8")
    first_due = re.search(r"\n(\s+)due: (2026-\d\d-\d\d)\n", text)
    assert first_due
    edited = text.replace(first_due.group(0), f"{first_due.group(0)}{first_due.group(1)}"
                          "note: Trainer booked for April.\n", 1)
    path.write_text(edited, encoding="utf-8")
    lines = _check(started)
    own = [x for x in lines if "is before the review date 2027-03-09" in x]
    assert len(own) == 1 and f"due: {first_due.group(2)}" in own[0], lines
    assert any("carried forward unchanged" in x for x in lines)
