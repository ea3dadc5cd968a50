"""Every finding and action in a review file is visible on its review page, in words."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from csreview.loading.load import Loaded, load_all
from csreview.model.framework import Framework
from csreview.pages.markdown import render_markdown
from csreview.source.diagnostics import Diagnostics

from tests.support.cli import REPO, csreview


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    diags = Diagnostics()
    result = load_all(REPO / "content", REPO / "reviews", diags)
    assert result is not None and not diags.errors
    return result


def spelled(fw: Framework, overall: str) -> str:
    """An overall rating as a reader sees it, from the framework's names: "Amber/Red"."""
    return "/".join(fw.rating(part).name for part in overall.split("/"))


def visible(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_every_finding_and_action_is_on_the_review_page(
    example_site: Path, loaded: Loaded
) -> None:
    fw = loaded.content.framework
    area = loaded.workbook.area("example")
    assert area is not None and len(area.reviews) == 2
    for review in area.reviews:
        markup = (example_site / "areas" / "example" / review.slug / "index.html").read_text(
            encoding="utf-8")
        text = visible(markup)
        for point in review.all_points():
            section = markup[markup.index(f'id="{point.anchor}"'):]
            section = section[: section.index("</ol>")]
            assert point.overall, f"{point.anchor}: the example rates every system point"
            assert spelled(fw, point.overall) in visible(section)
            for number, finding in enumerate(point.findings, 1):
                rating = fw.rating(finding.rating)
                # The word, with its symbol: a rating never depends on colour.
                assert f"Finding {number}: {rating.symbol} {rating.name}" in visible(section)
                assert visible(str(render_markdown(finding.text))) in text
                for action in finding.actions:
                    assert visible(str(render_markdown(action.text))) in text
                    if action.lead:
                        assert f"Lead: {action.lead}" in text
                    if action.note:
                        assert visible(str(render_markdown(action.note))) in text


def test_grid_shows_every_cell_as_a_word_with_a_link_to_its_findings(
    example_site: Path, loaded: Loaded
) -> None:
    fw = loaded.content.framework
    review = loaded.workbook.areas[0].reviews[0]
    markup = (example_site / "areas/example" / review.slug / "index.html").read_text("utf-8")
    grid = markup[markup.index('<table class="csr-grid'):]
    grid = grid[: grid.index("</table>")]
    cells = re.findall(r'<a href="#([a-z0-9-]+)" aria-label="([^"]+)">', grid)
    assert len(cells) == len(review.all_points())
    for anchor, label in cells:
        point = next(p for p in review.all_points() if p.anchor == anchor)
        assert point.overall, f"{anchor}: the example rates every system point"
        assert label.endswith(spelled(fw, point.overall))
        assert f'id="{anchor}"' in markup


@pytest.mark.slow
def test_not_reviewed_is_shown_plainly_and_markdown_is_rendered_but_html_escaped(
    tmp_path: Path,
) -> None:
    area = tmp_path / "reviews" / "northbridge"
    area.mkdir(parents=True)
    (area / "area.yaml").write_text("name: Northbridge\n", encoding="utf-8")
    (area / "2025-03-11.yaml").write_text(
        "summary: We met *twice*. <script>alert('x')</script>\n"
        "domains:\n"
        "  target:\n"
        "    level-1:\n"
        "      referral:\n"
        "        findings:\n"
        "          - rating: red\n"
        "            text: |\n"
        "              Referrals **rarely** say where. <img src=x onerror=alert(1)>\n"
        "              [Click](javascript:alert(1))\n"
        "            actions:\n"
        "              - text: New form\n"
        "                lead: Sam\n"
        "                due: 2025-06-30\n"
        "  legal-framework: {}\n",
        encoding="utf-8",
    )
    shutil.copytree(REPO / "content", tmp_path / "content")
    result = csreview("build", "--no-pdf", "--reviews", "reviews", "--site-dir", "site",
                      "--config", REPO / "mkdocs.yml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    markup = (tmp_path / "site/areas/northbridge/2025-03-11/index.html").read_text("utf-8")

    assert "<em>twice</em>" in markup and "<strong>rarely</strong>" in markup
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in markup
    assert "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert "<script>alert" not in markup and "<img src=x" not in markup
    assert "javascript:" not in markup.replace("[Click](javascript:alert(1))", "")
    text = visible(markup)
    assert "This review did not cover Legal and policy framework" in text
    assert "This review did not cover Partnerships" in text
    assert "This review did not cover Level 2 of Target" in text
    assert text.count("Not reviewed") >= 3 + 3  # three missing points at Level 1, and more
