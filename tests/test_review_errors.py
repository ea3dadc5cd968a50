"""A corpus of broken review folders, one per rule, each with the exact messages expected.

Each case is an area folder under tests/bad_reviews/ holding an ``expected.txt``. Every case
is checked alone (the messages are exactly the expected ones) and all together in one run
(every problem in every file is reported at once).

After a deliberate change to messages, rewrite the expected files with
``UPDATE_GOLDEN=1 ./scripts/test tests/test_review_errors.py`` and read the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from csreview.runtime.output_guard import MARKER

from tests.support.cli import REPO, csreview

pytestmark = pytest.mark.slow  # runs csreview check on each broken file

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "bad_reviews"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.txt").is_file())


def expected_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def reported(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not line.startswith("csreview check:")]


def test_the_corpus_covers_every_rule_in_the_format() -> None:
    assert len(CASES) >= 30
    warnings = [c for c in CASES if c.startswith("warn-")]
    assert len(warnings) == 9


@pytest.mark.parametrize("case", CASES)
def test_each_broken_folder_gets_exactly_its_messages(case: str, tmp_path: Path) -> None:
    reviews = tmp_path / "bad_reviews"
    shutil.copytree(CORPUS / case, reviews / case, symlinks=True)
    (reviews / case / "expected.txt").unlink()
    expected = expected_lines(CORPUS / case / "expected.txt")

    result = csreview("check", "--reviews", "bad_reviews", cwd=tmp_path)

    if os.environ.get("UPDATE_GOLDEN"):
        expected = reported(result.stderr)
        (CORPUS / case / "expected.txt").write_text("\n".join(expected) + "\n", "utf-8")
    assert reported(result.stderr) == expected
    assert "Traceback" not in result.stderr
    if case.startswith("warn-"):
        assert result.returncode == 0, "warnings alone do not fail a check"
        strict = csreview("check", "--reviews", "bad_reviews", "--strict", cwd=tmp_path)
        assert strict.returncode == 1
        assert reported(strict.stderr) == expected
    else:
        assert result.returncode == 1


def test_every_problem_in_every_file_is_reported_in_one_run() -> None:
    expected = expected_lines(CORPUS / "expected-root.txt")
    for case in CASES:
        expected += expected_lines(CORPUS / case / "expected.txt")

    result = csreview("check", "--reviews", "bad_reviews", cwd=HERE)

    assert result.returncode == 1
    assert sorted(reported(result.stderr)) == sorted(expected)


def test_a_file_over_one_mebibyte_is_refused(tmp_path: Path) -> None:
    area = tmp_path / "reviews" / "big"
    area.mkdir(parents=True)
    (area / "area.yaml").write_text("name: Big\n", encoding="utf-8")
    filler = "# " + "x" * 78 + "\n"
    (area / "2025-03-11.yaml").write_text("domains: {}\n" + filler * 13200, encoding="utf-8")

    result = csreview("check", "--reviews", "reviews", cwd=tmp_path)

    assert result.returncode == 1
    size = (area / "2025-03-11.yaml").stat().st_size
    assert reported(result.stderr) == [
        f"reviews/big/2025-03-11.yaml:1:1: error: the file is {size:,} bytes; files over 1 MiB"
        " (1,048,576 bytes) are refused — split the review or shorten the text"
    ]


def test_build_stops_on_errors_and_keeps_the_previous_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    (site / MARKER).write_text("Made by `csreview build`.\n")  # as a build marks it
    shutil.copytree(CORPUS / "unknown-rating", tmp_path / "reviews" / "unknown-rating")

    result = csreview("build", "--no-pdf", "--reviews", "reviews", "--site-dir", site,
                      cwd=tmp_path)

    assert result.returncode == 1
    assert "reviews/unknown-rating/2025-03-11.yaml:6:21: error:" in result.stderr
    assert "previous site" in result.stderr and "unchanged" in result.stderr
    assert sorted(p.name for p in site.iterdir()) == [MARKER, "index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "previous site"


def test_the_bundled_reviews_pass_a_strict_check() -> None:
    result = csreview("check", "--strict")
    assert result.returncode == 0, result.stderr
    assert "0 errors, 0 warnings" in result.stderr


def test_the_summary_counts_and_names_the_files_that_did_not_load(tmp_path: Path) -> None:
    area = tmp_path / "reviews" / "example"
    shutil.copytree(REPO / "reviews" / "example", area)
    (area / "2027-01-12.yaml").write_text("domains:\n  target: [\n", encoding="utf-8")
    (area / "2026-10-01.YAML").write_text("domains: {}\n", encoding="utf-8")

    result = csreview("check", "--reviews", "reviews", cwd=tmp_path)

    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "csreview check: failed — 1 area, 2 reviews, 1 progress update; 2 files not loaded"
        " because of the errors above (reviews/example/2026-10-01.YAML,"
        " reviews/example/2027-01-12.yaml); 2 errors, 1 warning"), result.stderr


@pytest.mark.parametrize("command", [["check"], ["build", "--no-pdf", "--site-dir", "site"],
                                     ["export", "out", "--no-pdf"],
                                     ["new", "not-a-real-date", "--date", "2026-01-05"]])
def test_a_date_that_cannot_be_stops_every_command_with_its_place(
    tmp_path: Path, command: list[str]
) -> None:
    """`due: 2025-02-30` ended check, build, export and new in a ValueError traceback."""
    shutil.copytree(CORPUS / "not-a-real-date", tmp_path / "reviews" / "not-a-real-date")

    result = csreview(*command, "--reviews", "reviews", cwd=tmp_path)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert ("reviews/not-a-real-date/2025-03-11.yaml:14:22: error: domains.target.level-1"
            ".referral.findings[0].actions[0].due: found '2025-02-30', which looks like a date"
            " but is not a real one" in result.stderr), result.stderr
    assert not (tmp_path / "site").exists() and not (tmp_path / "out").exists()
