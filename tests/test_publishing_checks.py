"""Checks before publishing: personal data about a child and language that blames children.

The detectors are tried on realistic sentences, positive and negative; then the command
is run as a user would: `csreview check --audience public`, `--strict`, a public build,
and `accept:` in the file. Every command leaves the input files byte for byte as they were.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from csreview.checks.publishing import language_flags, personal_data
from csreview.model.language import LanguageList, phrase_regex
from csreview.runtime.output_guard import MARKER

from tests.support.cli import REPO, csreview
from tests.support.content import bundled_language


@pytest.fixture(scope="module")
def language() -> LanguageList:
    return bundled_language()


PERSONAL = [
    ("Jayden, 14, was seen at the station with older men.", "name-and-age", "Jayden, 14,"),
    ("The panel discussed Mia (15) and her friends.", "name-and-age", "Mia (15)"),
    ("Kacey, aged 13, told the school nurse.", "name-and-age", "Kacey, aged 13"),
    ("Police stopped 14-year-old Tyrese near the park.", "name-and-age", "14-year-old Tyrese"),
    ("A 15 year old girl called Ruby was missing twice.", "name-and-age", "called Ruby"),
    ("Shannon, a 15-year-old, was found in Leeds.", "name-and-age", "Shannon, a 15-year-old"),
    ("Her date of birth is 03/04/2011.", "date-of-birth", "03/04/2011"),
    ("DOB: 12.11.2010, known to the MASH.", "date-of-birth", "12.11.2010"),
    ("He was born on 3 March 2012 in Harrowmere.", "date-of-birth", "3 March 2012"),
    ("Referral for Child A (born 2010-05-06).", "date-of-birth", "2010-05-06"),
    ("Seen on 14/02/2011 (DOB) records.", "date-of-birth", "14/02/2011"),
    ("Mum can be reached on 07700 900123 after six.", "phone", "07700 900123"),
    ("The family's landline is 0161 496 0000.", "phone", "0161 496 0000"),
    ("Text him on +44 (0)7700 900 456.", "phone", "+44 (0)7700 900 456"),
    ("She lives near M14 5QT with her aunt.", "postcode", "M14 5QT"),
    ("Incidents cluster around SW1A 1AA.", "postcode", "SW1A 1AA"),
    ("Contact jayden.smith@example.com about the plan.", "email", "jayden.smith@example.com"),
    ("Her NHS number is 943 476 5919.", "nhs-number", "943 476 5919"),
    ("NHS no. 9434765919 on the referral.", "nhs-number", "9434765919"),
]

NOT_PERSONAL = [
    "Target, Level 1 referral improved from amber/red to amber.",
    "Level 2 (3) actions are still open; Year 9 pupils took part.",
    "Overall, 12 of 20 assessments weighed context. In March, 14 young people attended.",
    "Of the 48 actions agreed in March, 18 are done, 23 are in progress, six have not started.",
    "The panel met on 3 March 2026 and again on 12/05/2026; the next review is in March 2027.",
    "Young people can call Childline on 0800 1111 or the council on 0300 123 4567.",
    "The NSPCC helpline (0808 800 5000) was shared with parents.",
    "Children's social care, Police, Education, Youth Justice Service and Health attended.",
    "A 14-year-old Black boy was stopped and searched twice in a month.",
    "The 15-year-old girls at Harrowmere Academy described the bus station as unsafe.",
    "Since then, 3 panels have met. See Table (2) and Appendix (4).",
    "Malik, Lorna, Josie and Mike lead the actions; Sarah (youth worker) chairs.",
    "Case numbers are not published. Phase 2 runs 2026-27; 10 of 12 (83%) had a plan.",
    "Postcode districts M14 and M15 had the most incidents.",
    "The Y10 2PM session moved to the library.",
]


@pytest.mark.parametrize(("text", "kind", "found"), PERSONAL)
def test_personal_data_is_caught(text: str, kind: str, found: str) -> None:
    flags = personal_data(text)
    assert [f.kind for f in flags] == [kind], flags
    assert found in flags[0].found


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_ordinary_review_text_is_not_personal_data(text: str) -> None:
    assert personal_data(text) == []


def test_an_nhs_number_needs_a_valid_check_digit() -> None:
    assert personal_data("Reference 943 476 5918 on file.") == []  # last digit wrong


LANGUAGE = [
    ("She is putting herself at risk by going to the flat.", "putting themselves at risk"),
    ("He puts himself in danger when he goes missing.", "putting themselves at risk"),
    ("Minutes describe her as a child prostitute.", "child prostitute"),
    ("Staff called it a lifestyle choice.", "lifestyle choice"),
    ("He is very streetwise for his age.", "streetwise"),
    ("The police list him as gang-affiliated.", "gang member"),
    ("She is a known gang member.", "gang member"),
    ("She has been sexually active since she was 13.", "sexually active"),
    ("Her risky behaviours escalated over the summer.", "risky behaviour"),
    ("The record calls her promiscuous.", "promiscuous"),
    ("He said she consented to sex with him.", "consented to sex"),
    ("She went willingly to the house.", "consented to sex"),
    ("He is now recruiting other children at school.", "recruiting others"),
    ("She spends weekends with her older boyfriend.", "older boyfriend"),
    ("She is in an inappropriate relationship with a 24-year-old.",
     "inappropriate relationship"),
    ("He works as a drug runner on the county line.", "drug dealer"),
    ("She was exchanging sex for cannabis.", "exchanging sex"),
    ("He absconded from his placement twice.", "absconding"),
    ("These hard-to-reach families do not attend.", "hard to reach"),
    ("He keeps making poor choices.", "making poor choices"),
    ("A group of troubled teenagers gathers at the park.", "troubled child"),
    ("His behaviour is out of control.", "out of control"),
    ("Staff saw the self-harm as attention-seeking.", "attention-seeking"),
    ("She can be manipulative with staff.", "manipulative"),
    ("He is associating with known offenders.", "known associates"),
]

NOT_LANGUAGE = [
    "Young people exploited into crime still more often get a justice response.",
    "Adult gang members target children at the bus station.",
    "Manipulative adults groom children online.",
    "Parents consented to information sharing before the conference.",
    "The council is recruiting foster carers and youth workers.",
    "Panel minutes no longer call young people \"gang affiliated\".",
    "The response to risk outside the home is led by social care.",
    "Safety mapping showed the park is unsafe after dark.",
    "Partner agencies reach young people through detached youth work.",
]


@pytest.mark.parametrize(("text", "phrase"), LANGUAGE)
def test_blaming_language_is_caught_with_an_alternative(
    language: LanguageList, text: str, phrase: str
) -> None:
    flags = language_flags(text, language)
    assert [f.phrase for f in flags] == [phrase], flags
    assert "Instead write:" in flags[0].advice


@pytest.mark.parametrize("text", NOT_LANGUAGE)
def test_ordinary_review_text_is_not_flagged(language: LanguageList, text: str) -> None:
    assert language_flags(text, language) == []


def test_the_word_list_is_the_size_the_issue_asks_for(language: LanguageList) -> None:
    assert len(language.phrases) >= 20
    assert all(p.instead and p.why for p in language.phrases)


@pytest.mark.parametrize("pattern", ["[a|b", "a]b", "[a|]", "[only]", "[a|[b|c]]", " "])
def test_a_malformed_pattern_is_refused(pattern: str) -> None:
    with pytest.raises(ValueError):
        phrase_regex(pattern)


@pytest.mark.slow
def test_a_malformed_word_list_is_an_error_with_its_place(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    (content / "language.yaml").write_text(
        "phrases:\n"
        "  - phrase: streetwise\n"
        "    match: ['[street|wise']\n"
        "    instead: describe the risks\n"
        "    why: It lowers concern.\n"
        "  - phrase: streetwise\n"
        "    instead: x\n"
        "    why: y\n"
        "    typo: z\n", encoding="utf-8")
    result = csreview("check", "--content", content)
    assert result.returncode == 1
    assert re.search(r"language\.yaml:3:\d+: error: phrases\[0\]\.match\[0\]: '\[street\|wise'"
                     r": a '\[' has no closing '\]'", result.stderr), result.stderr
    assert re.search(r"language\.yaml:9:5: error: phrases\[1\]: unknown key 'typo'",
                     result.stderr), result.stderr


AREA = "name: Testham\naudience: public\n"
REVIEW = """\
title: Spring review
summary: |
  We heard about Jayden, 14, who is putting himself at risk at the station.
facilitators: [Partnership business unit]
domains:
  target:
    level-1:
      referral:
        findings:
          - rating: amber
            text: |
              Minutes describe a 15-year-old as streetwise.
            actions:
              - text: Call mum on 07700 900123 to agree a plan.
                lead: Malik
                agency: Police
                due: 2026-06-30
                note: Her DOB is 03/04/2011.
          - rating: amber
            internal: true
            text: Jayden, 14, lives at M14 5QT (internal, so never published).
            actions:
              - text: Share the plan.
                lead: Malik
                due: 2026-06-30
    values:
      strengths-based: Plans name safe places rather than calling children troubled teenagers.
"""
PERSONAL_FOUND = [  # line, col (where the value starts: the '|' of a block), key path, found
    (2, 10, "summary", "'Jayden, 14,'"),
    (14, 23, "domains.target.level-1.referral.findings[0].actions[0].text", "'07700 900123'"),
    (18, 23, "domains.target.level-1.referral.findings[0].actions[0].note",
     "'DOB is 03/04/2011'"),
]
LANGUAGE_FOUND = [
    (2, 10, "summary", "'putting himself at risk'"),
    (11, 19, "domains.target.level-1.referral.findings[0].text", "'streetwise'"),
    (27, 24, "domains.target.values.strengths-based", "'troubled teenagers'"),
]


def _reviews(tmp_path: Path, review: str = REVIEW) -> Path:
    folder = tmp_path / "reviews" / "testham"
    folder.mkdir(parents=True)
    (folder / "area.yaml").write_text(AREA, encoding="utf-8")
    (folder / "2026-03-10.yaml").write_text(review, encoding="utf-8")
    return tmp_path / "reviews"


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": warning: " in line]


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line]


def _at(lines: list[str], severity: str, expected: list[tuple[int, int, str, str]]) -> None:
    assert len(lines) == len(expected), lines
    for line, col, key, found in expected:
        prefix = f"2026-03-10.yaml:{line}:{col}: {severity}: {key}: {found} "
        assert any(prefix in w for w in lines), (prefix, lines)


@pytest.mark.slow
def test_check_public_stops_on_personal_data_and_warns_on_language(tmp_path: Path) -> None:
    reviews = _reviews(tmp_path)
    result = csreview("check", "--audience", "public", "--reviews", reviews)
    # Personal data is an error without --strict; blaming language stays a warning.
    assert result.returncode == 1, result.stderr
    errors = _errors(result.stderr)
    _at(errors, "error", PERSONAL_FOUND)
    assert all("reword it" in e and "`accept:`" in e for e in errors)
    language = [w for w in _warnings(result.stderr) if "language list" in w]
    _at(language, "warning", LANGUAGE_FOUND)
    assert "Instead write:" in next(w for w in language if "streetwise" in w)
    # The internal finding is never published, so it is not flagged.
    assert "M14 5QT" not in result.stderr
    assert ("3 errors (3 personal data), 4 warnings (3 blaming language)"
            in result.stderr.splitlines()[-1]), result.stderr


@pytest.mark.slow
def test_publishing_problems_come_first_each_group_with_its_own_line(tmp_path: Path) -> None:
    """Personal data, then blaming language, each under a line saying what it is, then
    every other warning: the privacy problems are never lost among due dates."""
    review = REVIEW.replace("                due: 2026-06-30\n                note: Her DOB",
                            "                due: 2026-01-30\n                note: Her DOB")
    lines = csreview("check", "--audience", "public", "--reviews",
                     _reviews(tmp_path, review)).stderr.splitlines()
    kinds = ["personal" if ": error: " in x and "personal data" in x else
             "language" if "language list" in x else
             "summary" if x.startswith("csreview: ") else "other" for x in lines[:-1]]
    assert kinds == ["personal"] * 3 + ["summary"] + ["language"] * 3 + ["summary"] + [
        "other"] * 2, lines
    assert "3 errors above are personal data about a child" in lines[3]
    assert "3 warnings above are language that blames children" in lines[7]
    assert any("is before the review date" in x for x in lines[8:])


@pytest.mark.slow
def test_strict_turns_language_into_failures_and_internal_skips_them(tmp_path: Path) -> None:
    review = (REVIEW.replace("Jayden, 14, who", "a boy who").replace("mum on 07700 900123",
              "the family").replace("Her DOB is 03/04/2011.", "Planned."))
    reviews = _reviews(tmp_path, review)
    plain = csreview("check", "--audience", "public", "--reviews", reviews)
    assert plain.returncode == 0, plain.stderr
    assert _errors(plain.stderr) == []
    strict = csreview("check", "--audience", "public", "--strict", "--reviews", reviews)
    assert strict.returncode == 1
    assert "csreview check: failed" in strict.stderr
    internal = csreview("check", "--strict", "--reviews", _reviews(tmp_path / "all"))
    assert internal.returncode == 0, internal.stderr
    assert _warnings(internal.stderr) == [] and _errors(internal.stderr) == []


@pytest.mark.slow
def test_a_public_build_runs_the_checks_and_keeps_the_old_site(tmp_path: Path) -> None:
    reviews = _reviews(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    (site / MARKER).write_text("Made by `csreview build`.\n")  # as a build marks it
    failed = csreview("build", "--audience", "public", "--no-pdf",
                      "--reviews", reviews, "--site-dir", site)
    assert failed.returncode == 1
    assert len(_errors(failed.stderr)) == len(PERSONAL_FOUND), failed.stderr
    assert (site / "index.html").read_text("utf-8") == "the previous site"
    internal = csreview("build", "--no-pdf", "--reviews", reviews, "--site-dir", site)
    assert internal.returncode == 0 and _warnings(internal.stderr) == [], internal.stderr


# A child's NHS number, a phone number and a home address, each alone in a finding.
CHILD_DETAILS = ["943 476 5919", "07700 900456", "14 Acacia Road"]


@pytest.mark.slow
@pytest.mark.parametrize("detail", CHILD_DETAILS)
def test_a_public_build_with_a_childs_details_fails_without_strict_and_writes_nothing(
    tmp_path: Path, detail: str
) -> None:
    text = {"943 476 5919": "Her NHS number 943 476 5919 was on the referral form.",
            "07700 900456": "Her mobile is 07700 900456, shared at the meeting.",
            "14 Acacia Road": "She lives at 14 Acacia Road with her grandmother."}[detail]
    review = ("domains:\n  target:\n    level-1:\n      referral:\n        findings:\n"
              f"          - rating: green\n            text: {text}\n")
    reviews = _reviews(tmp_path / "in", review)
    site = tmp_path / "out" / "site"
    result = csreview("build", "--audience", "public", "--reviews", reviews,
                      "--site-dir", site, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert re.search(rf"2026-03-10\.yaml:7:19: error: .*'{detail}'", result.stderr)
    assert "csreview build: stopped before building" in result.stderr
    assert not site.exists()
    # Nowhere outside the input: no site, no staging folder, no cache.
    written = [p for p in tmp_path.rglob("*") if p.is_file() and not p.is_relative_to(reviews)]
    assert [p for p in written if detail.encode() in p.read_bytes()] == []


@pytest.mark.slow
def test_accept_clears_a_flag_at_review_finding_and_action_level(tmp_path: Path) -> None:
    review = REVIEW.replace(
        "title: Spring review\n",
        "title: Spring review\naccept: [\"Jayden, 14,\", troubled teenagers]\n",
    ).replace(
        "            text: |\n              Minutes describe a 15-year-old as streetwise.\n",
        "            accept: [streetwise]\n"
        "            text: |\n              Minutes describe a 15-year-old as streetwise.\n",
    ).replace(
        "                note: Her DOB is 03/04/2011.\n",
        "                note: Her DOB is 03/04/2011.\n"
        "                accept: [\"Call mum on 07700 900123\"]\n",
    )
    result = csreview("check", "--audience", "public", "--strict",
                      "--reviews", _reviews(tmp_path, review))
    flagged = [x for x in _warnings(result.stderr) + _errors(result.stderr)
               if "language list" in x or "personal data" in x]
    # Left: the phrase nobody accepted, and the date of birth (accepting the phone number
    # on the action does not accept everything on it).
    assert len(flagged) == 2, result.stderr
    assert any("warning: summary: 'putting himself at risk'" in w for w in flagged)
    assert any("error: domains.target.level-1.referral.findings[0].actions[0].note:"
               " 'DOB is 03/04/2011'" in w for w in flagged)
    assert result.returncode == 1


@pytest.mark.slow
def test_accept_is_in_the_review_format_and_checked(tmp_path: Path) -> None:
    review = REVIEW.replace("title: Spring review\n", "title: Spring review\naccept: yes\n")
    result = csreview("check", "--reviews", _reviews(tmp_path, review))
    assert result.returncode == 1
    assert "2026-03-10.yaml:2:9: error: accept:" in result.stderr, result.stderr


@pytest.mark.slow
def test_the_bundled_example_passes_strict_public_checks() -> None:
    result = csreview("check", "--audience", "public", "--strict")
    assert result.returncode == 0, result.stderr
    assert _warnings(result.stderr) == []


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_no_command_changes_an_input_file(tmp_path: Path) -> None:
    reviews = tmp_path / "reviews"
    shutil.copytree(REPO / "reviews", reviews)
    _reviews(tmp_path / "extra")
    shutil.copytree(tmp_path / "extra" / "reviews" / "testham", reviews / "testham")
    before = _hashes(reviews)
    site = tmp_path / "site"
    for args in (["check"], ["check", "--audience", "public", "--strict"],
                 ["build", "--no-pdf", "--site-dir", site],
                 ["build", "--audience", "public", "--no-pdf", "--site-dir", site],
                 ["build", "--audience", "public", "--strict", "--site-dir", site]):
        csreview(*args, "--reviews", reviews)
        assert _hashes(reviews) == before, args
    new = csreview("new", "example", "--date", "2027-03-09", "--reviews", reviews)
    assert new.returncode == 0, new.stderr
    after = _hashes(reviews)
    added = set(after) - set(before)
    assert added == {"example/2027-03-09.yaml"}
    assert {k: after[k] for k in before} == before
