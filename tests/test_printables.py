"""The blank sheets under /templates/, as a facilitator meets them: pages that print.

The central promise is that typing up is mechanical: every box on the paper names one place
in a review file. The test reads the identifiers off the built sheets, types a review file
from them exactly as labelled, and checks that the file is valid and fills every place once.
The pages are also checked in Chromium: zero axe violations, and printing leaves out the
site's menus, keeps each box whole and uses A4 landscape where the sheet is landscape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from csreview.loading.load import Loaded, load_all
from csreview.model.framework import Framework
from csreview.model.ratings import overall_name
from csreview.source.diagnostics import Diagnostics
from playwright.sync_api import Browser
from pypdf import PdfReader

from tests.support.browser import (
    ARTIFACTS,
    axe_violations,
    format_violations,
    open_page,
    screenshot,
)
from tests.support.builds import Build
from tests.support.cli import REPO

pytestmark = pytest.mark.slow  # builds PDFs

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def find_all(self, cls: str) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                if cls in child.classes():
                    yield child
                yield from child.find_all(cls)

    def first(self, cls: str) -> Node:
        return next(self.find_all(cls))

    def text(self) -> str:
        """What is read out: words, without aria-hidden decoration such as tick boxes."""
        parts = [c if isinstance(c, str) else c.text() for c in self.children
                 if isinstance(c, str) or c.attrs.get("aria-hidden") != "true"]
        return " ".join(" ".join(parts).split())


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(path: Path) -> Node:
    tree = _Tree()
    tree.feed(path.read_text("utf-8"))
    return tree.root


def sheet(site: Path, slug: str) -> Node:
    return parse(site / "templates" / slug / "index.html").first("csr-sheet")


def keys(node: Node) -> list[str]:
    return [k.text() for k in node.find_all("csr-key")]


def ticks(node: Node) -> list[str]:
    """The words beside the tick boxes, without an identifier printed after them."""
    out = []
    for tick in node.find_all("csr-tick"):
        words = [c if isinstance(c, str) else c.text() for c in tick.children
                 if isinstance(c, str) or not ({"csr-key", "csr-hint"} & c.classes())
                 and c.attrs.get("aria-hidden") != "true"]
        out.append(" ".join(" ".join(words).split()))
    return out


@pytest.fixture(scope="module")
def fw(loaded: Loaded) -> Framework:
    return loaded.content.framework


def sheet_slugs(fw: Framework) -> list[str]:
    return (["sign-in"] + [f"prompts-{d}" for d in fw.ids("domains")] + fw.ids("domains")
            + ["values-checker", "action-plan"])


def test_templates_index_lists_every_sheet(example_site: Path, fw: Framework) -> None:
    index = (example_site / "templates" / "index.html").read_text("utf-8")
    for slug in sheet_slugs(fw):
        assert f'href="{slug}/"' in index, slug
        assert (example_site / "templates" / slug / "index.html").exists()
    nav = (example_site / "index.html").read_text("utf-8")
    assert 'href="templates/"' in nav, "Templates is in the site's nav"


def test_a_build_without_pdfs_links_to_no_pdf(example_site: Path) -> None:
    """The shared site is built with --no-pdf: no PDF made, none linked, and the index says
    how to print instead. Spreadsheets do not depend on PDFs and are still there."""
    assert not list(example_site.rglob("*.pdf"))
    for page in example_site.rglob("*.html"):
        linked = re.findall(r'href="([^"]+\.pdf)"', page.read_text("utf-8"))
        assert not linked, f"{page} links to {linked}"
    index = (example_site / "templates" / "index.html").read_text("utf-8")
    assert "built without PDFs" in index
    assert list(example_site.rglob("action-plan.xlsx")) and list(example_site.rglob("*.csv"))


def test_every_sheet_page_links_to_its_pdf_without_raw_markdown(pdf_build: Build) -> None:
    """The intro of a sheet page is real HTML: a download link that leads to the sheet's PDF,
    and no Markdown left as text for the reader ("[Download the PDF](…){ .csr-download }")."""
    pages = sorted((pdf_build.site / "templates").glob("*/index.html"))
    assert len(pages) >= 11, pages
    for page in pages:
        intro = parse(page).first("csr-sheet-intro")
        text = intro.text()
        assert not re.search(r"\]\(|\{\s*\.|\*\*", text), f"{page}: {text}"
        links = [n for n in intro.find_all("csr-download")]
        assert [n.text() for n in links] == ["Download the PDF"], page
        target = (page.parent / links[0].attrs["href"]).resolve()
        assert target == (page.parent.parent / f"{page.parent.name}.pdf").resolve(), target
        assert target.is_file(), target


def findings_of(point: Node) -> list[Node]:
    return list(point.find_all("csr-record__finding"))


def test_recording_sheets_have_one_box_per_system_point(example_site: Path, fw: Framework) -> None:
    seen: list[str] = []
    for domain in fw.domains:
        node = sheet(example_site, domain.id)
        points = list(node.find_all("csr-point"))
        assert len(points) == len(fw.levels) * len(fw.system_points)
        for point in points:
            seen.append(point.first("csr-id").text())
            assert keys(point).count("overall") == 1
            blocks = findings_of(point)
            assert len(blocks) == 2
            for block in blocks:
                words = ticks(block)
                assert [fw.name("ratings", r) for r in reversed(fw.ids("ratings"))] == words
            words = ticks(point)
            assert [overall_name(fw, o) for o in reversed(fw.overall_options())] == words[-5:]
    expected = [f"{d} · {lv} · {p}" for d in fw.ids("domains") for lv in fw.ids("levels")
                for p in fw.ids("system_points")]
    assert seen == expected, "each system point has exactly one box, in framework order"


def test_each_finding_has_several_action_lines_each_with_a_lead_and_due_date(
    example_site: Path, fw: Framework
) -> None:
    """A finding usually has two or three actions led by different people: each gets its own
    line with its own lead and due date, and no programmer's label like findings[0]."""
    for domain in fw.domains:
        node = sheet(example_site, domain.id)
        assert "findings[" not in node.text()
        for block in node.find_all("csr-record__finding"):
            lines = [tr for tr in block.children if isinstance(tr, Node) and tr.tag == "tr"]
            assert len(lines) >= 3
            for line in lines:
                cells = {c for td in line.children if isinstance(td, Node)
                         for c in td.classes()}
                assert {"csr-action", "csr-lead", "csr-due"} <= cells
        for table in node.find_all("csr-record"):
            head = [k for k in keys(table) if k in {"text", "lead", "due"}]
            assert head[-3:] == ["text", "lead", "due"]


def test_typing_the_sheets_up_as_labelled_gives_a_valid_review(
    example_site: Path, fw: Framework, tmp_path: Path
) -> None:
    """Fill every box with what its labels say and type it into a file, mechanically."""
    rating_ids = {r.name: r.id for r in fw.ratings}
    overall_ids = {overall_name(fw, o): o for o in fw.overall_options()}
    domains: dict[str, dict[str, object]] = {}
    for domain in fw.domains:
        for point in sheet(example_site, domain.id).find_all("csr-point"):
            d, level, p = point.first("csr-id").text().split(" · ")
            cell_keys = keys(point)
            assert {"findings", "rating", "text", "lead", "due"} <= set(cell_keys)
            # The last three column labels before the overall row name an action line's keys.
            end = cell_keys.index("overall")
            what, lead, due = cell_keys[end - 3:end]
            findings = []
            for n, block in enumerate(findings_of(point)):
                rating = rating_ids[ticks(block)[0]]  # the first box: the worst rating
                actions = [{what: f"Typed action {i + 1}.", lead: f"Lead {i + 1}",
                            due: "2027-01-31"}
                           for i, _ in enumerate(block.find_all("csr-action"))]
                findings.append({"rating": rating, "text": f"Typed from finding {n + 1}.",
                                 "actions": actions})
            words = ticks(point)
            overall = overall_ids[words[len(findings) * len(fw.ratings)]]  # first overall tick
            level_map = domains.setdefault(d, {}).setdefault(level, {})
            assert p not in level_map, f"two boxes for {d} · {level} · {p}"
            level_map[p] = {"overall": overall, "findings": findings}  # type: ignore[index]
    for box in sheet(example_site, "values-checker").find_all("csr-reflect"):
        ident = box.first("csr-id").text()
        d, values_key, value = ident.split(" · ")
        reflections = domains[d].setdefault(values_key, {})
        assert value not in reflections, f"two boxes for {ident}"
        reflections[value] = "Typed reflection."  # type: ignore[index]
    signin = sheet(example_site, "sign-in")
    session_keys = set(keys(signin.first("csr-details")))
    assert {"title", "framework", "facilitators", "audience", "methods"} <= session_keys
    assert "participants" in [k.text() for k in signin.find_all("csr-id")]
    review: dict[str, object] = {
        "title": "Typed", "framework": fw.latest_edition, "facilitators": ["A facilitator"],
        "audience": fw.ids("audiences")[0], "participants": ["An agency"],
        "methods": fw.ids("evidence_methods"), "domains": domains,
    }
    # The blank action plan's columns are an action's keys; statuses are ticked by name.
    plan = sheet(example_site, "action-plan")
    plan_keys = keys(plan.first("csr-plan-sheet"))[1:]
    status_ids = {s.name: s.id for s in fw.statuses}
    action = {key: "Typed" for key in plan_keys}
    action.update(id="typed-action", due="2027-01-31", status=status_ids[ticks(plan)[0]])
    first = domains[fw.domains[0].id][fw.levels[0].id]
    first[fw.system_points[0].id]["findings"][0]["actions"].append(action)  # type: ignore[index]

    folder = tmp_path / "reviews" / "typed"
    folder.mkdir(parents=True)
    (folder / "area.yaml").write_text("name: Typed\n", encoding="utf-8")
    (folder / "2027-01-01.yaml").write_text(yaml.safe_dump(review), encoding="utf-8")
    diags = Diagnostics()
    result = load_all(REPO / "content", tmp_path / "reviews", diags, base=tmp_path)
    assert result is not None and not diags.errors, [d.format() for d in diags.errors]
    typed = result.workbook.areas[0].reviews[0]
    assert len(typed.all_points()) == len(fw.domains) * len(fw.levels) * len(fw.system_points)
    assert all(len(p.findings) == 2 for p in typed.all_points())
    # Every action line of the paper became an action with its own lead.
    assert all(len(f.actions) >= 3 and len({a.lead for a in f.actions}) >= 3
               for p in typed.all_points() for f in p.findings)
    assert all(p.overall_stated for p in typed.all_points())
    assert sum(len(d.values) for d in typed.domains.values()) == len(fw.domains) * len(
        fw.values_for(fw.latest_edition))


def test_values_checker_prints_each_question_once_and_a_box_for_every_value(
    example_site: Path, loaded: Loaded, fw: Framework
) -> None:
    node = sheet(example_site, "values-checker")
    text = node.text()
    latest = fw.values_for(fw.latest_edition)
    boxes = [box.first("csr-id").text() for box in node.find_all("csr-reflect")]
    # Every value in every domain: 4 domains x 6 values of the 2024 edition.
    assert boxes == [f"{d} · values · {v}" for d in fw.ids("domains") for v in latest]
    for domain in fw.domains:
        questions = loaded.content.prompts[domain.id].values_checker
        assert {v for q in questions for v in q.values} >= set(latest), domain.id
        for question in questions:
            assert text.count(" ".join(question.question.split())) == 1, question.question


def test_sheet_pages_carry_the_print_stylesheet(example_site: Path, fw: Framework) -> None:
    for slug in sheet_slugs(fw):
        page = (example_site / "templates" / slug / "index.html").read_text("utf-8")
        assert 'href="../../assets/print.css"' in page
        assert "csr-screen-only" in page


# One recording sheet and one hand-out stand for the other domains': same template, and
# axe on a recording sheet takes seconds.
@pytest.mark.parametrize("slug", ["index", "sign-in", "prompts-target", "target",
                                  "values-checker", "action-plan"])
def test_sheet_page_has_no_axe_violations(served: str, browser: Browser, slug: str) -> None:
    url = served + "templates/" + ("" if slug == "index" else f"{slug}/")
    page, external = open_page(browser, url)
    try:
        violations = axe_violations(page)
        assert violations == [], format_violations(violations)
        assert external == []
    finally:
        page.context.close()


def test_sheet_in_dark_mode_and_on_a_phone(served: str, browser: Browser) -> None:
    context = browser.new_context(color_scheme="dark", viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.goto(served + "templates/target/", wait_until="networkidle")
        violations = axe_violations(page)
        assert violations == [], format_violations(violations)
        # The sheet squeezes to the screen; the page itself never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


@pytest.mark.parametrize("slug, landscape", [("target", True), ("sign-in", False),
                                             ("action-plan", True)])
def test_printing_a_sheet_from_the_browser(
    served: str, browser: Browser, slug: str, landscape: bool
) -> None:
    page, _ = open_page(browser, served + f"templates/{slug}/")
    try:
        page.emulate_media(media="print")
        for hidden in [".md-header", ".md-sidebar--primary", ".md-footer", ".csr-screen-only"]:
            assert not page.locator(hidden).first.is_visible(), f"{hidden} prints"
        assert page.locator("article.csr-sheet").is_visible()
        path = screenshot(page, f"print-sheet-{slug}")
        assert path.stat().st_size > 10_000
        pdf = ARTIFACTS / f"print-sheet-{slug}.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
    finally:
        page.context.close()
    reader = PdfReader(pdf)
    for number, pdf_page in enumerate(reader.pages, 1):
        width, height = float(pdf_page.mediabox.width), float(pdf_page.mediabox.height)
        assert (width > height) == landscape, f"page {number}: {width:.0f}x{height:.0f}"
        assert min(width, height) == pytest.approx(595, abs=2)
    if slug == "target":
        # A system point's box is whole: its heading and its overall row share a page.
        names = "|".join(re.escape(p) for p in ["Referral", "Assessment", "Planning", "Response"])
        for number, pdf_page in enumerate(reader.pages, 1):
            text = pdf_page.extract_text()
            starts = len(re.findall(rf"Level \d, (?:{names})", text))
            ends = text.count("Overall")
            assert starts == ends, f"page {number}: {starts} boxes begin, {ends} end"
