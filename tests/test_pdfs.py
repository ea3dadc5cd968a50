"""The PDFs a real build makes: every blank sheet and every action plan.

Checked as a reader gets them: they open, are A4 the right way round, are tagged PDF/UA with
a title and a language, say what the page says, and nothing runs off the page (the last
column's heading sits inside the page, and the right margin of every rendered page is blank).
Also: the build shows progress, a rebuild reuses the cache, and a public build with PDFs
keeps hidden leads out of them.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest
import yaml
from csreview.loading.load import Loaded
from csreview.outputs.pdf import render_pdfs
from csreview.pages.base import PdfJob
from csreview.pages.markdown import render_markdown
from csreview.runtime.tool_warnings import ToolWarnings
from csreview.views.action_plan import by_finding, plan_items
from csreview.views.progress import NO_PROGRESS, progress_by_review
from pypdf import PdfReader

from tests.support.builds import Build
from tests.support.cli import REPO, csreview
from tests.support.reviews import example_without_published_leads

pytestmark = pytest.mark.slow  # builds PDFs

BUILD_DAY = date(2026, 9, 21)  # SOURCE_DATE_EPOCH=1790000000, set by tests.support.cli
A4 = (595.28, 841.89)  # points, portrait
MM = 72 / 25.4


def pdf_text(path: Path) -> str:
    """The text of a PDF, spaces folded. pypdf reads it in drawing order, which keeps each
    table cell together; poppler's reading order runs across neighbouring cells."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def squeezed(text: str) -> str:
    """Text without spaces or hyphens, as long texts are compared: a line may break after
    a hyphen inside a word ("significant-" + "harm")."""
    return re.sub(r"[\s\-]+", "", text)


def plain(markdown: str) -> str:
    """What a reader sees of a Markdown text field, squeezed like ``squeezed``."""
    return squeezed(html.unescape(re.sub(r"<[^>]+>", " ", str(render_markdown(markdown)))))


def all_pdfs(site: Path) -> list[Path]:
    return sorted(site.rglob("*.pdf"))


def landscape_expected(site: Path, pdf: Path) -> bool:
    rel = pdf.relative_to(site).as_posix()
    framework = yaml.safe_load((REPO / "content" / "framework.yaml").read_text("utf-8"))
    landscape = {f"templates/{d['id']}.pdf" for d in framework["domains"]}
    landscape |= {"templates/action-plan.pdf"}
    return rel in landscape or rel.endswith("/action-plan.pdf") and rel.startswith("areas/")


def test_every_sheet_and_action_plan_has_a_pdf(pdf_build: Build, loaded: Loaded) -> None:
    fw = loaded.content.framework
    rels = {p.relative_to(pdf_build.site).as_posix() for p in all_pdfs(pdf_build.site)}
    expected = {f"templates/{d}.pdf" for d in fw.ids("domains")}
    expected |= {f"templates/prompts-{d}.pdf" for d in fw.ids("domains")}
    expected |= {"templates/values-checker.pdf", "templates/sign-in.pdf",
                 "templates/action-plan.pdf", "templates/blank-set.pdf"}
    for area in loaded.workbook.areas:
        expected |= {f"areas/{area.id}/{r.slug}/action-plan.pdf" for r in area.reviews}
        expected |= {f"areas/{area.id}/{r.slug}/report.pdf" for r in area.reviews}
    assert rels == expected


def test_pdfs_open_tagged_with_title_and_language(pdf_build: Build) -> None:
    for pdf in all_pdfs(pdf_build.site):
        reader = PdfReader(pdf)
        root = reader.trailer["/Root"]
        title = reader.metadata.title if reader.metadata else None
        assert title, f"{pdf}: no title"
        assert root["/Lang"] == "en", pdf
        assert root["/MarkInfo"]["/Marked"], f"{pdf}: not tagged"
        assert "/StructTreeRoot" in root, f"{pdf}: no structure tree"
        assert root["/ViewerPreferences"]["/DisplayDocTitle"], pdf
        xmp = reader.xmp_metadata
        assert xmp is not None and 'pdfuaid:part="1"' in xmp.rdf_root.toxml(), \
            f"{pdf}: not identified as PDF/UA-1"
        assert len(reader.pages) >= 1


def test_pdf_title_matches_its_page(pdf_build: Build) -> None:
    for pdf in all_pdfs(pdf_build.site):
        page = pdf.with_suffix("") / "index.html"
        if not page.exists():  # the complete set has no page of its own
            continue
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text("utf-8"), re.S)
        assert heading is not None, page
        inner = re.sub(r'<a class="headerlink".*?</a>', "", heading.group(1))
        words = html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()
        meta = PdfReader(pdf).metadata
        assert meta is not None and meta.title == words


def test_pages_are_a4_and_landscape_where_the_grid_needs_it(pdf_build: Build) -> None:
    for pdf in all_pdfs(pdf_build.site):
        if pdf.name == "blank-set.pdf":
            continue
        wide = landscape_expected(pdf_build.site, pdf)
        for number, page in enumerate(PdfReader(pdf).pages, 1):
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            size = (height, width) if wide else (width, height)
            assert size == pytest.approx(A4, abs=1), f"{pdf} page {number}: {width}x{height}"


def test_complete_set_holds_every_sheet_in_order(pdf_build: Build, loaded: Loaded) -> None:
    """One PDF to print for a session: every sheet, each on its own page size."""
    reader = PdfReader(pdf_build.site / "templates" / "blank-set.pdf")
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    fw = loaded.content.framework
    expected = (["Session sign-in and details"]
                + [f"Prompts hand-out: {d.name}" for d in fw.domains]
                + [f"Recording sheet: {d.name}" for d in fw.domains]
                + ["Values Checker sheet", "Blank action plan"])
    assert titles == expected
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in reader.pages}
    assert sizes == {(595, 842), (842, 595)}
    single = sum(len(PdfReader(pdf_build.site / "templates" / f"{s}.pdf").pages)
                 for s in ["sign-in", "values-checker", "action-plan"]
                 + fw.ids("domains") + [f"prompts-{d}" for d in fw.ids("domains")])
    assert len(reader.pages) == single


def test_recording_sheets_show_every_system_point_rating_and_identifier(
    pdf_build: Build, loaded: Loaded
) -> None:
    fw = loaded.content.framework
    for domain in fw.domains:
        text = pdf_text(pdf_build.site / "templates" / f"{domain.id}.pdf")
        assert f"Recording sheet: {domain.name}" in text
        for rating in fw.ratings:
            assert text.count(rating.name) >= 8, rating.name  # every row of every point
        for goal in fw.goals:
            assert goal.name.lower() in text.lower()
        for level in fw.levels:
            assert level.name in text
            for point in fw.system_points:
                assert f"{level.short}, {point.name}" in text
                assert f"{domain.id} · {level.id} · {point.id}" in text
        for key in ["findings", "overall", "rating", "text", "lead", "due"]:
            assert key in text
        assert "findings[" not in text, "no programmer's index as a label"
        assert "Amber/Red" in text and "Green/Amber" in text


def page_fill(pdf: Path, number: int, top_mm: float, bottom_mm: float) -> float:
    """How far down its body (between the page margins) page ``number`` is drawn on, from 0
    to 1: the lowest dark pixel above the footer, rendered in grey by poppler."""
    done = subprocess.run(["pdftoppm", "-gray", "-r", "30", "-f", str(number), "-l",
                           str(number), str(pdf)], capture_output=True, check=True)
    header, _, pixels = done.stdout.partition(b"\n255\n")
    width, height = map(int, header.split()[1:3])
    per_mm = height / (float(PdfReader(pdf).pages[number - 1].mediabox.height) / MM)
    body_top, body_bottom = round(top_mm * per_mm), round((height / per_mm - bottom_mm) * per_mm)
    lowest = max((y for y in range(body_top, body_bottom)
                  if min(pixels[y * width:(y + 1) * width]) < 128), default=body_top)
    return (lowest - body_top) / (body_bottom - body_top)


def test_recording_and_values_checker_sheets_leave_no_page_half_empty(
    pdf_build: Build, loaded: Loaded
) -> None:
    """Each page of a sheet is used: a facilitator does not carry blank half-pages into the
    room. The footer (12 mm or more from the bottom) does not count."""
    fw = loaded.content.framework
    sparse = {}
    for slug in [*fw.ids("domains"), "values-checker"]:
        pdf = pdf_build.site / "templates" / f"{slug}.pdf"
        for number in range(1, len(PdfReader(pdf).pages) + 1):
            fill = page_fill(pdf, number, top_mm=10, bottom_mm=14)
            if fill < 0.6:
                sparse[f"{slug}.pdf page {number}"] = round(fill, 2)
    assert sparse == {}, f"pages less than 60% used: {sparse}"


def test_other_sheets_say_what_they_are_for(pdf_build: Build, loaded: Loaded) -> None:
    fw = loaded.content.framework
    values = pdf_text(pdf_build.site / "templates" / "values-checker.pdf")
    for domain in fw.domains:
        for question in loaded.content.prompts[domain.id].values_checker:
            assert " ".join(question.question.split()) in values
            for value in question.values:
                # A narrow box's label may break inside a value's name ("strengths-|based").
                assert squeezed(f"{domain.id} · values · {value}") in squeezed(values)
    sign_in = pdf_text(pdf_build.site / "templates" / "sign-in.pdf")
    for method in fw.evidence_methods:
        assert method.name in sign_in and method.id in sign_in
    for key in ["title", "framework", "facilitators", "audience", "methods", "participants"]:
        assert key in sign_in
    plan = pdf_text(pdf_build.site / "templates" / "action-plan.pdf")
    for status in fw.statuses:
        assert status.name in plan
    for key in ["text", "lead", "agency", "due", "status", "note"]:
        assert key in plan
    for domain in fw.domains:
        handout = pdf_text(pdf_build.site / "templates" / f"prompts-{domain.id}.pdf")
        for level in fw.levels:
            for prompt in loaded.content.prompts[domain.id].levels[level.id].prompts:
                assert " ".join(prompt.text.split()) in handout


def test_action_plan_pdfs_hold_every_action_in_plan_order(
    pdf_build: Build, loaded: Loaded
) -> None:
    fw = loaded.content.framework
    for area in loaded.workbook.areas:
        for review in area.reviews:
            text = pdf_text(pdf_build.site / "areas" / area.id / review.slug / "action-plan.pdf")
            progress = progress_by_review(area).get(review.date, NO_PROGRESS)
            plan = plan_items(review, fw, BUILD_DAY, progress)
            assert plan, "the example should have actions"
            groups = by_finding([i for i in plan if i.open])
            items = [i for g in groups for i in g.items] + [i for i in plan if not i.open]
            flat = squeezed(text)
            # Each open finding is printed once, above its actions, not on every row.
            for group in groups:
                assert flat.count(plain(group.finding.text)) == 1, group.finding.text
            # Each action's text follows the previous one's: the PDF keeps the plan's order,
            # actions gathered under their finding.
            after = 0
            for item in items:
                found = flat.find(plain(item.action.text), after)
                assert found >= 0, f"missing or out of order: {item.action.text}"
                after = found + 1
                if item.action.lead:
                    assert item.action.lead in text
                if item.action.note:
                    assert plain(item.action.note) in flat
            open_count = sum(1 for i in items if i.open)
            assert f"{open_count} open action" in text
            assert "Internal — not for publication." in text  # an internal build


def test_example_reports_fit_on_four_pages_with_the_grid_and_the_misses(
    pdf_build: Build, loaded: Loaded
) -> None:
    """The board's report of each example review (tests/test_report.py checks one closely)."""
    area = loaded.workbook.area("example")
    assert area is not None
    for review in area.reviews:
        pdf = pdf_build.site / "areas" / "example" / review.slug / "report.pdf"
        assert 'href="report.pdf"' in (pdf.parent / "index.html").read_text("utf-8")
        assert len(PdfReader(pdf).pages) <= 4
        text = pdf_text(pdf)
        for domain in loaded.content.framework.domains:
            assert text.count(domain.name) >= 2, domain.name  # both levels' rows
        assert review.summary and plain(review.summary)[:60] in squeezed(text)
    latest = pdf_text(pdf_build.site / "areas" / "example" / area.reviews[-1].slug / "report.pdf")
    targets = latest[latest.index("Targets met and missed"):]
    assert targets.index("✗ Missed") < targets.index("✓ Met") < targets.index("▲ Exceeded")


def _words(pdf: Path) -> list[tuple[int, float, float, float, str]]:
    """(page, page width, xMin, xMax, word) for every word poppler finds."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    words = []
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", out, re.S), 1):
        width = float(re.search(r'width="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        for x0, x1, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>',
                page):
            words.append((number, width, float(x0), float(x1), html.unescape(word)))
    return words


@pytest.mark.parametrize("rel, last_heading", [
    ("templates/target.pdf", "due"),  # "Due due"
    ("templates/action-plan.pdf", "note"),  # "Progress note"
    ("templates/sign-in.pdf", "organisation"),  # "Agency or organisation"
    ("areas/example/2026-09-15/action-plan.pdf", "note"),  # "Status and latest note"
])
def test_last_column_heading_is_inside_the_page(
    pdf_build: Build, rel: str, last_heading: str
) -> None:
    words = _words(pdf_build.site / rel)
    hits = [w for w in words if w[4] == last_heading]
    assert hits, f"{rel}: no '{last_heading}'"
    rightmost = max(hits, key=lambda w: w[3])
    _, width, _, x1, _ = rightmost
    # Inside the page and inside its 10 mm margin (less a little for the cell's padding).
    assert x1 < width - 8 * MM, f"{rel}: '{last_heading}' ends at {x1:.0f} of {width:.0f} pt"
    assert all(x1 <= w_width for _, w_width, _, x1, _ in words), f"{rel}: a word is off the page"


def _pgm(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert match is not None, path
    width, height = int(match.group(1)), int(match.group(2))
    return width, height, data[match.end():]


@pytest.mark.parametrize("rel", [
    "templates/target.pdf", "templates/values-checker.pdf", "templates/action-plan.pdf",
    "templates/sign-in.pdf", "areas/example/2026-09-15/action-plan.pdf",
    "areas/example/2026-09-15/report.pdf",
])
def test_rendered_pages_keep_a_blank_right_margin(
    pdf_build: Build, rel: str, tmp_path: Path
) -> None:
    """A clipped table runs into the margin or off the page; a whole one leaves it white."""
    dpi = 50
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), str(pdf_build.site / rel),
                    str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.pgm"))
    assert pages
    strip = int(6 * dpi / 25.4)  # 6 mm of the 10-12 mm margin
    for page in pages:
        width, height, pixels = _pgm(page)
        inked = [y for y in range(height)
                 if min(pixels[y * width + width - strip: (y + 1) * width]) < 200]
        assert not inked, f"{rel} {page.name}: ink in the right margin on rows {inked[:5]}…"
        # And the page is not blank: the table reaches across most of the page.
        row = [min(pixels[y * width + x] for y in range(height // 4, height // 2))
               for x in range(width)]
        right_ink = max(x for x in range(width) if row[x] < 128)
        assert right_ink > width * 0.8, f"{rel} {page.name}: content ends at {right_ink}/{width}"


def test_build_shows_progress_and_no_weasyprint_warnings(pdf_build: Build) -> None:
    lines = [ln for ln in pdf_build.stderr.splitlines() if "making PDFs" in ln]
    percents = [int(m) for ln in lines for m in re.findall(r"\((\d+)%\)", ln)]
    total = len(all_pdfs(pdf_build.site))
    assert percents == sorted(percents) and percents[-1] == 100, pdf_build.stderr
    assert 5 <= len(lines) <= 11, lines  # about every tenth, not every PDF of a long run
    assert f"PDFs: made {total}, reused 0 from the cache" in pdf_build.stderr
    assert "WeasyPrint" not in pdf_build.stderr, pdf_build.stderr


def test_pdf_cache_makes_nothing_again_when_nothing_changed(tmp_path: Path) -> None:
    jobs = [PdfJob(f"t/{n}.pdf", f"<!doctype html><html lang='en'><title>T{n}</title>"
                   f"<body><p>Sheet {n}</p></body></html>", f"T{n}") for n in range(2)]
    said: list[str] = []
    first = render_pdfs(jobs, tmp_path, workers=1, report=said.append)
    again = render_pdfs(jobs, tmp_path, workers=1, report=said.append)
    assert said == ["csreview: PDFs: made 2, reused 0 from the cache",
                    "csreview: PDFs: made 0, reused 2 from the cache"]
    assert first == again and set(first) == {"t/0.pdf", "t/1.pdf"}
    assert first["t/0.pdf"].startswith(b"%PDF-1.7")
    changed = [jobs[0], PdfJob("t/1.pdf", jobs[1].html.replace("Sheet", "Changed"), "T1")]
    render_pdfs(changed, tmp_path, workers=1, report=said.append)
    assert said[-1] == "csreview: PDFs: made 1, reused 1 from the cache"
    # The PDF of the old t/1 is no longer used; once long unused, a build removes it.
    cached = sorted(tmp_path.glob("*.pdf"))
    assert len(cached) == 3
    long_ago = time.time() - 40 * 24 * 3600
    for entry in cached:
        os.utime(entry, (long_ago, long_ago))
    render_pdfs(changed, tmp_path, workers=1, report=said.append)
    assert said[-1] == "csreview: PDFs: made 0, reused 2 from the cache"
    assert len(list(tmp_path.glob("*.pdf"))) == 2


def test_a_warning_weasyprint_repeats_for_every_pdf_is_said_once(tmp_path: Path) -> None:
    """A missing system library makes WeasyPrint warn alike for every PDF; fifty copies of
    one line hide everything else. A property WeasyPrint does not know is such a warning."""
    jobs = [PdfJob(f"t/{n}.pdf", "<!doctype html><html lang='en'><title>T</title>"
                   "<style>p { frobnicate: 1 }</style><body><p>Sheet</p></body></html>", "T")
            for n in range(3)]
    said: list[str] = []
    warnings = ToolWarnings()
    render_pdfs(jobs, tmp_path, workers=1, report=said.append, warnings=warnings)
    told = [line for line in said if "WeasyPrint" in line]
    assert len(told) == 1, said
    assert "frobnicate" in told[0] and "(3 files, first t/0.pdf)" in told[0]
    assert warnings.summary() == "1 warning from WeasyPrint, shown above"


def test_a_known_tool_warning_says_why_and_how_to_fix_it() -> None:
    warnings = ToolWarnings()
    for n in range(53):
        warnings.add("WeasyPrint", 'Unable to subset "DejaVu Sans" with HarfBuzz', f"{n}.pdf")
    (line,) = warnings.lines()
    assert "(53 files, first 0.pdf)" in line
    assert "apt-get install libharfbuzz-subset0" in line


def test_public_build_reuses_the_cache_and_hides_leads_in_its_pdfs(
    pdf_build: Build, loaded: Loaded, tmp_path: Path
) -> None:
    """Same cache, other audience: the blank sheets are the same and are reused; action
    plans differ (no internal marking, no leads) and are made again."""
    reviews = example_without_published_leads(tmp_path)
    site = tmp_path / "site"
    result = csreview("build", "--audience", "public", "--reviews", reviews, "--site-dir", site,
                      cwd=REPO, env={"CSREVIEW_PDF_CACHE": str(pdf_build.cache)})
    assert result.returncode == 0, result.stderr
    sheets = len(list((site / "templates").glob("*.pdf")))
    plans = len(list((site / "areas").rglob("*.pdf")))
    assert f"PDFs: made {plans}, reused {sheets} from the cache" in result.stderr
    for sheet in (site / "templates").glob("*.pdf"):
        assert sheet.read_bytes() == (pdf_build.site / "templates" / sheet.name).read_bytes()
    area = loaded.workbook.area("example")
    assert area is not None
    for review in area.reviews:
        text = pdf_text(site / "areas" / "example" / review.slug / "action-plan.pdf")
        assert "Internal — not for publication" not in text
        others = " ".join(f"{f.text} {a.text} {a.note or ''} {a.agency or ''}"
                          for _, f, a in review.all_actions())
        # Leads whose names also appear in text that is published cannot be told apart.
        leads = {a.lead for _, _, a in review.all_actions()
                 if a.lead and not re.search(rf"\b{re.escape(a.lead)}\b", others)}
        assert leads, "the example should name leads"
        shown = {lead for lead in leads if re.search(rf"\b{re.escape(lead)}\b", text)}
        assert not shown, f"leads in a public PDF of an area that does not publish them: {shown}"
        assert " Lead " not in f" {text} "
