"""A mistake in framework content is reported like one in a review file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.cli import REPO, csreview

pytestmark = pytest.mark.slow  # runs csreview check and build


def copy_content(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "reviews", tmp_path / "reviews")
    return tmp_path / "content"


def test_a_broken_prompt_file_gives_a_path_line_error_and_exit_1(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    prompts = content / "prompts" / "partnerships.yaml"
    lines = prompts.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("values_checker:"))
    lines.insert(number + 1, "  - question: Do we ask young people?\n    values: [carring]")
    prompts.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = csreview("check", "--content", "content", cwd=tmp_path)

    assert result.returncode == 1
    assert (f"content/prompts/partnerships.yaml:{number + 3}:14: error:"
            " values_checker[0].values[0]: unknown value 'carring'; did you mean 'caring'?"
            in result.stderr)


def test_invalid_yaml_in_framework_data_is_reported_with_its_position(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    (content / "framework.yaml").write_text("domains:\n  - id: target\n   name: Target\n",
                                            encoding="utf-8")

    result = csreview("check", "--content", "content", cwd=tmp_path)

    assert result.returncode == 1
    assert result.stderr.startswith("content/framework.yaml:3:")
    assert "error: not valid YAML" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_guidance_page_without_front_matter_is_refused(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    (content / "pages" / "guide" / "extra.md").write_text("## Just a body\n", encoding="utf-8")

    result = csreview("build", "--no-pdf", "--content", "content", "--site-dir", tmp_path / "site",
                      cwd=tmp_path)

    assert result.returncode == 1
    assert ("content/pages/guide/extra.md:1:1: error: a guidance page must start with front"
            " matter" in result.stderr)
    assert not (tmp_path / "site").exists()


def test_unknown_key_in_a_guidance_page_front_matter(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    page = content / "pages" / "guide" / "evidencing.md"
    page.write_text(page.read_text(encoding="utf-8").replace("order:", "ordre:", 1),
                    encoding="utf-8")

    result = csreview("check", "--content", "content", cwd=tmp_path)

    assert result.returncode == 1
    assert "content/pages/guide/evidencing.md:5:1: error: unknown key 'ordre'; did you mean" \
        " 'order'?" in result.stderr


def test_a_misspelt_system_point_on_a_prompt_is_reported_where_it_is(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    prompts = content / "prompts" / "target.yaml"
    lines = prompts.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if "points: [referral]" in line)
    lines[number] = lines[number].replace("[referral]", "[referal]")
    prompts.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = csreview("check", "--content", "content", cwd=tmp_path)

    assert result.returncode == 1
    column = lines[number].index("referal") + 1
    assert (f"content/prompts/target.yaml:{number + 1}:{column}: error:"
            " levels.level-1.prompts[0].points[0]: unknown system point 'referal'; did you"
            " mean 'referral'?" in result.stderr), result.stderr
    # The only prompt for referral lost it, so the green rule has nothing to apply there.
    assert "levels.level-1.prompts: no prompt speaks to referral" in result.stderr


def test_a_prompt_without_its_system_points_is_refused(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    prompts = content / "prompts" / "outcomes.yaml"
    lines = prompts.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.strip().startswith("points:"))
    del lines[number]
    prompts.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = csreview("check", "--content", "content", cwd=tmp_path)

    assert result.returncode == 1
    assert f"content/prompts/outcomes.yaml:{number}:9: error:" in result.stderr, result.stderr
    assert "levels.level-1.prompts[0]" in result.stderr and "points" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_domain_whose_values_checker_misses_a_value_is_refused(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    prompts = content / "prompts" / "partnerships.yaml"
    text = prompts.read_text(encoding="utf-8")
    prompts.write_text(text.replace("    values: [caring]\n", "    values: [strengths-based]\n"),
                       encoding="utf-8")
    line = text.splitlines().index("values_checker:") + 2  # the list under the key

    result = csreview("check", "--content", "content", cwd=tmp_path)

    assert result.returncode == 1
    assert (f"content/prompts/partnerships.yaml:{line}:3: error: values_checker: no question"
            " tests caring; every value of the 2024 edition needs at least one question in"
            " each domain" in result.stderr), result.stderr


def test_a_date_that_cannot_be_anywhere_in_content_is_an_error_not_a_traceback(
    tmp_path: Path
) -> None:
    """A date-shaped value that is not a real date crashed PyYAML's reading of it: in a
    page's front matter and in the site settings it is reported where it is."""
    content = copy_content(tmp_path)
    page = content / "pages" / "guide" / "evidencing.md"
    page.write_text(page.read_text("utf-8").replace("---\n", "---\norder: 2025-13-01\n", 1),
                    encoding="utf-8")
    site = content / "site.yaml"
    original = site.read_text("utf-8")

    in_page = csreview("check", "--content", "content", cwd=tmp_path)
    site.write_text(original.replace("site_name: System Review Workbook",
                                     "site_name: 2025-02-30"), encoding="utf-8")
    in_site = csreview("check", "--content", "content", cwd=tmp_path)

    for result in (in_page, in_site):
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert ("content/pages/guide/evidencing.md:2:8: error: order: found '2025-13-01', which"
            " looks like a date but there is no month 13" in in_page.stderr), in_page.stderr
    assert ("content/site.yaml:2:12: error: site_name: found '2025-02-30', which looks like a"
            " date but is not a real one: February 2025 has 28 days" in in_site.stderr), (
        in_site.stderr)
