"""Warnings across reviews: nothing silently lost, no rating changed without a word why."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.cli import csreview

pytestmark = pytest.mark.slow  # runs csreview check

FIXTURE = Path(__file__).parent / "fixtures" / "history" / "reviews"

FIRST = """\
domains:
  target:
    level-1:
      referral:
        findings:
          - rating: red
            text: Referrals rarely say where harm happens.
            actions:
              - text: Add the referral form to the training.
                id: keep-me
                lead: Malik
                due: 2025-06-30
              - text: Brief the police on the new form.
                id: vanish
                lead: Kwame
                due: 2025-06-30
                status: in-progress
              - text: Print the new form.
                id: finished
                lead: Malik
                due: 2025-04-30
                status: done
              - text: Ask schools   what they need.
                lead: Josie
                due: 2025-06-30
          - rating: amber
            text: Contextual information is recorded in different places.
            actions:
              - text: Agree one place to record it.
                id: one-place
                lead: Lorna
                due: 2025-06-30
"""

SECOND = """\
domains:
  target:
    level-1:
      referral:
        findings:
          - rating: red
            text: Referrals rarely say where harm happens.
            actions:
              - text: Add the referral form to the training.
                id: keep-me
                lead: Malik
                due: 2025-12-19
                status: in-progress
          - rating: amber
            text: Contextual information is recorded in different places.
            actions:
              - text: Agree one place to record it.
                id: one-place
                lead: Lorna
                due: 2025-12-19
                status: in-progress
"""


def area(root: Path, files: dict[str, str]) -> Path:
    folder = root / "reviews" / "north"
    folder.mkdir(parents=True)
    (folder / "area.yaml").write_text("name: North\n", encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return root / "reviews"


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": warning: " in line]


def line_of(text: str, needle: str) -> int:
    return text.splitlines().index(needle) + 1


def test_an_action_that_disappears_without_being_closed_is_a_warning(tmp_path: Path) -> None:
    reviews = area(tmp_path, {"2025-03-11.yaml": FIRST, "2025-09-16.yaml": SECOND})
    result = csreview("check", "--reviews", reviews, cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # a warning, not an error
    lost = [w for w in warnings(result.stderr) if "missing from the next review" in w]
    first = "reviews/north/2025-03-11.yaml"
    # `vanish` is found at its place in the earlier file, named by id, with the fix.
    vanish_line = line_of(FIRST, "              - text: Brief the police on the new form.")
    no_id_line = line_of(FIRST, "              - text: Ask schools   what they need.")
    assert lost == [
        f"{first}:{vanish_line}:17: warning: domains.target.level-1.referral.findings[0]"
        ".actions[1]: the action 'vanish' is in progress here but missing from the next review"
        " (reviews/north/2025-09-16.yaml); carry it forward there, marked done or dropped if"
        " it is finished with",
        # Without an id, the action is named by its text (spacing tidied).
        f"{first}:{no_id_line}:17: warning: domains.target.level-1.referral.findings[0]"
        ".actions[3]: the action \"Ask schools what they need.\" is not started here but"
        " missing from the next review (reviews/north/2025-09-16.yaml); carry it forward"
        " there, marked done or dropped if it is finished with",
    ]
    # `finished` was done, so leaving it out of the next review loses nothing. (The
    # findings are word for word last time's, which is said once, for the file.)
    others = [w for w in warnings(result.stderr) if w not in lost]
    assert "'finished'" not in result.stderr
    assert len(others) == 1 and "2 of 2 findings are word for word" in others[0], others
    strict = csreview("check", "--strict", "--reviews", reviews, cwd=tmp_path)
    assert strict.returncode == 1


def test_an_action_closed_in_the_next_review_is_not_lost(tmp_path: Path) -> None:
    closed = SECOND.replace("""                status: in-progress
          - rating: amber""", """                status: in-progress
              - text: Brief the police on the new form.
                id: vanish
                status: dropped
                note: The police now brief their own staff.
              - text: Ask schools what they need.
                status: done
          - rating: amber""")
    # Revised, as a finished review's findings are (kept word for word is a warning).
    closed = closed.replace("Referrals rarely", "Referrals still rarely").replace(
        "is recorded in", "is still recorded in")
    reviews = area(tmp_path, {"2025-03-11.yaml": FIRST, "2025-09-16.yaml": closed})
    result = csreview("check", "--strict", "--reviews", reviews, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert warnings(result.stderr) == []


def test_a_rating_changed_with_the_same_finding_text_is_a_warning(tmp_path: Path) -> None:
    # Same two findings, same words; only their ratings moved, so the overall did too.
    changed = SECOND.replace("          - rating: amber\n", "          - rating: green\n")
    changed = changed.replace("          - rating: red\n", "          - rating: amber\n")
    reviews = area(tmp_path, {"2025-09-16.yaml": SECOND, "2026-03-10.yaml": changed})
    result = csreview("check", "--reviews", reviews, cwd=tmp_path)
    line = line_of(changed, "        findings:")
    assert warnings(result.stderr) == [
        f"reviews/north/2026-03-10.yaml:{line}:9: warning: domains.target.level-1.referral:"
        " the overall rating changed from Amber/Red to Green/Amber since the review on"
        " 2025-09-16 (reviews/north/2025-09-16.yaml), but every finding's text is the same as"
        " then; say in a finding what changed",
    ]


def test_a_rating_changed_with_a_new_finding_text_is_explained(tmp_path: Path) -> None:
    changed = SECOND.replace("          - rating: red\n", "          - rating: amber\n").replace(
        "Referrals rarely say where harm happens.",
        "Half of the referrals we sampled now say where harm happens.")
    reviews = area(tmp_path, {"2025-03-11.yaml": FIRST, "2025-09-16.yaml": changed})
    result = csreview("check", "--reviews", reviews, cwd=tmp_path)
    assert not [w for w in warnings(result.stderr) if "overall rating changed" in w]


def test_a_stated_overall_changed_without_new_text_is_a_warning(tmp_path: Path) -> None:
    stated = SECOND.replace("        findings:", "        overall: amber\n        findings:", 1)
    reviews = area(tmp_path, {"2025-03-11.yaml": FIRST, "2025-09-16.yaml": stated})
    result = csreview("check", "--reviews", reviews, cwd=tmp_path)
    rating = [w for w in warnings(result.stderr) if "overall rating changed" in w]
    assert len(rating) == 1 and "from Amber/Red to Amber since" in rating[0]


def test_a_broken_file_between_reviews_does_not_make_actions_look_lost(tmp_path: Path) -> None:
    third = SECOND.replace("          - rating: amber\n", "          - rating: green\n")
    reviews = area(tmp_path, {"2025-03-11.yaml": FIRST, "2025-09-16.yaml": "domains: [\n",
                              "2026-03-10.yaml": third})
    result = csreview("check", "--reviews", reviews, cwd=tmp_path)
    assert result.returncode == 1
    assert "not valid YAML" in result.stderr
    assert "missing from the next review" not in result.stderr


def test_the_history_fixture_and_the_bundled_example_are_clean(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "reviews")
    result = csreview("check", "--strict", "--reviews", tmp_path / "reviews")
    assert result.returncode == 0, result.stderr
    assert "0 warnings" in result.stderr
    example = csreview("check", "--strict")
    assert example.returncode == 0, example.stderr


def test_an_action_reported_done_at_a_meeting_need_not_reach_the_next_review(
    tmp_path: Path,
) -> None:
    """`csreview new` leaves out an action a progress update reported done or dropped, so
    the next review that leaves it out loses nothing; reopened at a later meeting, it must
    reach it again."""
    reviews = area(tmp_path, {"2025-03-11.yaml": FIRST, "2025-09-16.yaml": SECOND})
    updates = reviews / "north" / "updates"
    updates.mkdir()
    (updates / "2025-05-06.yaml").write_text("actions:\n  vanish:\n    status: done\n",
                                             encoding="utf-8")

    def lost() -> list[str]:
        result = csreview("check", "--reviews", reviews, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return [w for w in warnings(result.stderr) if "missing from the next review" in w]

    found = lost()
    assert len(found) == 1 and "\"Ask schools what they need.\"" in found[0], found
    (updates / "2025-07-01.yaml").write_text("actions:\n  vanish:\n    status: in-progress\n",
                                             encoding="utf-8")
    found = lost()
    assert len(found) == 2 and "the action 'vanish' is in progress here" in found[0], found
