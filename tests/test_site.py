"""The bundled site, built for real: what a reader finds on its pages."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from tests.support.cli import REPO

CONTENT = REPO / "content"
FRAMEWORK = yaml.safe_load((CONTENT / "framework.yaml").read_text(encoding="utf-8"))
DOMAINS = [d["id"] for d in FRAMEWORK["domains"]]


def page(site: Path, url: str) -> str:
    return (site / url.strip("/") / "index.html").read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    """Visible text, roughly: tags dropped, entities decoded, spaces folded."""
    no_tags = re.sub(r"<[^>]+>", " ", markup)
    return " ".join(html.unescape(no_tags).split())


def main_text(markup: str) -> str:
    article = markup[markup.index("<article"):markup.index("</article>")]
    return text_of(article)


@pytest.mark.parametrize("domain", DOMAINS)
def test_prompt_page_shows_both_levels_descriptors_and_values_checker(
    example_site: Path, domain: str
) -> None:
    prompts = yaml.safe_load((CONTENT / "prompts" / f"{domain}.yaml").read_text("utf-8"))
    text = main_text(page(example_site, f"prompts/{domain}"))
    for level in FRAMEWORK["levels"]:
        assert level["name"] in text
        cell = prompts["levels"][level["id"]]
        for prompt in cell["prompts"]:
            # Each prompt is followed by the system points it speaks to.
            names = " ".join(n["name"] for n in FRAMEWORK["system_points"]
                             if n["id"] in prompt["points"])
            assert f"{' '.join(prompt['text'].split())} System points: {names}" in text, prompt
        for rating in FRAMEWORK["ratings"]:
            descriptor = " ".join(cell["descriptors"][rating["id"]].split())
            # The rating's word sits beside its descriptor: never colour alone.
            assert f"{rating['name']} {descriptor}" in text
    assert "Values Checker" in text
    for question in prompts["values_checker"]:
        assert " ".join(question["question"].split()) in text


@pytest.mark.parametrize("domain", DOMAINS)
def test_prompt_page_hand_out_and_recording_sheet_agree_on_each_points_prompts(
    example_site: Path, domain: str
) -> None:
    """The green rule is applied per system point: every place that says which prompts a
    system point needs says the same numbers."""
    prompts = yaml.safe_load((CONTENT / "prompts" / f"{domain}.yaml").read_text("utf-8"))
    prompt_page = main_text(page(example_site, f"prompts/{domain}"))
    handout = main_text(page(example_site, f"templates/prompts-{domain}"))
    recording = main_text(page(example_site, f"templates/{domain}"))
    for level in FRAMEWORK["levels"]:
        cell = prompts["levels"][level["id"]]["prompts"]
        for point in FRAMEWORK["system_points"]:
            numbers = [n for n, p in enumerate(cell, 1) if point["id"] in p["points"]]
            assert numbers, f"{level['id']} {point['id']}: no prompt"
            listed = ", ".join(f"prompt {n}" for n in numbers)
            assert f"{point['name']} {listed}" in prompt_page.split(level["name"], 1)[1]
            said = " and ".join([", ".join(map(str, numbers[:-1])), str(numbers[-1])]
                                if len(numbers) > 1 else [str(numbers[0])])
            word = "prompt" if len(numbers) == 1 else "prompts"
            assert (f"{level['short']}, {point['name']} {domain} · {level['id']} ·"
                    f" {point['id']} One block per finding, in the order of findings . Green"
                    f" when {word} {said}") in recording, (level["id"], point["id"])
        for prompt in cell:
            names = ", ".join(n["name"] for n in FRAMEWORK["system_points"]
                              if n["id"] in prompt["points"])
            assert f"{' '.join(prompt['text'].split())} ({names})" in handout


def test_every_value_is_explained(example_site: Path) -> None:
    markup = page(example_site, "framework/values")
    headings = [text_of(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", markup, re.S)]
    for value in FRAMEWORK["values"]:
        assert any(value["name"] in h for h in headings), value["name"]


def test_start_page_links_to_the_example_and_every_prompt_page(example_site: Path) -> None:
    markup = page(example_site, "")
    assert 'href="areas/example/"' in markup
    for domain in DOMAINS:
        assert f'href="prompts/{domain}/"' in markup


def test_guidance_pages_cover_the_content_brief(example_site: Path) -> None:
    for url in ["framework", "framework/domains", "framework/levels", "framework/values",
                "guide", "guide/evidencing", "guide/recording", "guide/review-files",
                "guide/between-reviews", "guide/implementation"]:
        text = main_text(page(example_site, url))
        assert "Sources" in text and len(text.split()) > 250, url


def test_nav_is_small_and_lists_no_review(example_site: Path) -> None:
    """MkDocs renders the nav into every page; a nav listing reviews grows quadratically."""
    markup = page(example_site, "areas/example/2026-03-10")
    nav = markup[markup.index('<nav class="md-nav md-nav--primary"'):]
    nav = nav[: nav.index("</nav>")]
    assert "2026-03-10" not in nav
    assert len(re.findall(r'class="md-nav__link', nav)) < 40


RESOURCE = re.compile(
    r"""(?:\b(?:src|srcset|poster|data)\s*=\s*["']?|<link\b[^>]*\bhref\s*=\s*["']?|"""
    r"""url\(\s*["']?|@import\s+["']?)\s*(?:https?:)?//""",
    re.I,
)


def test_no_built_file_loads_anything_from_another_host(example_site: Path) -> None:
    offenders = []
    for path in example_site.rglob("*"):
        if path.suffix in {".html", ".css", ".js", ".xml", ".json"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            for m in RESOURCE.finditer(text):
                offenders.append(f"{path.relative_to(example_site)}: {text[m.start():m.end()+40]}")
    assert offenders == []


def test_the_scan_for_other_hosts_can_fail() -> None:
    assert RESOURCE.search('<img src="https://cdn.example.org/x.png">')
    assert RESOURCE.search('<link rel="stylesheet" href="//fonts.example.com/css">')
    assert RESOURCE.search("body { background: url('https://x.org/a.png') }")
    assert not RESOURCE.search('<a href="https://www.example.org/">a link is not a request</a>')
