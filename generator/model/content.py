"""Framework guidance content: prompt pages per domain and Markdown guidance pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from ..source.diagnostics import Diagnostics, did_you_mean, one_of
from ..source.validation import validate
from ..source.yamlsource import YamlDocument, format_key_path, load_yaml, parse_yaml, read_text
from .base import StrictModel
from .framework import Framework, load_framework
from .language import LanguageList


class Prompt(StrictModel):
    text: str
    # The system points whose rating the prompt bears on: a point is green when every
    # prompt that names it is achieved.
    points: tuple[str, ...] = Field(min_length=1)


class PromptCell(StrictModel):
    about: str
    prompts: tuple[Prompt, ...] = Field(min_length=1)
    descriptors: dict[str, str]

    def numbers_for(self, point: str) -> list[int]:
        """The 1-based numbers of the prompts that speak to ``point``."""
        return [n for n, p in enumerate(self.prompts, 1) if point in p.points]


class CheckerQuestion(StrictModel):
    question: str
    values: tuple[str, ...] = Field(min_length=1)


class DomainPrompts(StrictModel):
    domain: str
    sources: tuple[str, ...] = ()
    intro: str
    levels: dict[str, PromptCell]
    values_checker: tuple[CheckerQuestion, ...] = Field(min_length=1)


class PageMeta(StrictModel):
    title: str
    description: str
    sources: tuple[str, ...] = ()
    order: int = 100


class Section(StrictModel):
    id: str
    title: str


class SiteText(StrictModel):
    site_name: str
    description: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class GuidancePage:
    """A Markdown page from ``content/pages``; ``path`` is relative, e.g. ``guide/index.md``."""

    path: str
    meta: PageMeta
    body: str

    @property
    def section(self) -> str:
        return self.path.split("/")[0] if "/" in self.path else ""


@dataclass(frozen=True)
class Content:
    framework: Framework
    prompts: dict[str, DomainPrompts]  # by domain id, in framework order
    pages: tuple[GuidancePage, ...]
    site: SiteText
    root: Path
    # content/language.yaml: phrases the publishing checks flag; None when the file is absent.
    language: LanguageList | None = None

    def section_pages(self, section: str) -> list[GuidancePage]:
        return [p for p in self.pages if p.section == section]


_FRONT_MATTER = re.compile(r"\A---\r?\n(.*?\r?\n)---\r?\n", re.S)


def _check_ids(
    doc: YamlDocument, diags: Diagnostics, path: tuple[str | int, ...], found: str,
    allowed: list[str], what: str, key: bool = False,
) -> None:
    if found not in allowed:
        line, col = doc.where(path, key=key)
        diags.error(
            doc.display_path, line, col,
            f"{format_key_path(path)}: unknown {what} '{found}'{did_you_mean(found, allowed)}"
            f" (allowed: {one_of(allowed)})",
        )


def _check_prompt_points(
    doc: YamlDocument, diags: Diagnostics, fw: Framework, level_id: str, cell: PromptCell,
) -> None:
    points = fw.ids("system_points")
    for i, prompt in enumerate(cell.prompts):
        seen: set[str] = set()
        for j, point in enumerate(prompt.points):
            where: tuple[str | int, ...] = ("levels", level_id, "prompts", i, "points", j)
            _check_ids(doc, diags, where, point, points, "system point")
            if point in seen:
                line, col = doc.where(where)
                diags.error(doc.display_path, line, col,
                            f"{format_key_path(where)}: '{point}' is listed twice")
            seen.add(point)
    unspoken = [p for p in points if not cell.numbers_for(p)]
    if unspoken:
        line, col = doc.where(("levels", level_id, "prompts"))
        diags.error(doc.display_path, line, col,
                    f"levels.{level_id}.prompts: no prompt speaks to {one_of(unspoken)};"
                    " a system point is green when every prompt for it is achieved, so each"
                    " needs at least one (add it to the 'points' of a prompt that fits)")


def _load_prompts(
    path: Path, display: str, fw: Framework, diags: Diagnostics
) -> DomainPrompts | None:
    doc = load_yaml(path, display, diags)
    if doc is None:
        return None
    model = validate(DomainPrompts, doc, diags)
    if model is None:
        return None
    before = len(diags.errors)
    if model.domain != path.stem:
        line, col = doc.where(("domain",))
        diags.error(display, line, col,
                    f"domain: found '{model.domain}' but the file is named '{path.name}';"
                    f" they must match")
    _check_ids(doc, diags, ("domain",), model.domain, fw.ids("domains"), "domain")
    pubs = [p.id for p in fw.publications]
    for i, src in enumerate(model.sources):
        _check_ids(doc, diags, ("sources", i), src, pubs, "publication")
    for level_id, cell in model.levels.items():
        _check_ids(doc, diags, ("levels", level_id), level_id, fw.ids("levels"), "level", True)
        for rating in cell.descriptors:
            _check_ids(doc, diags, ("levels", level_id, "descriptors", rating), rating,
                       fw.ids("ratings"), "rating", True)
        missing = [r for r in fw.ids("ratings") if r not in cell.descriptors]
        if missing:
            line, col = doc.where(("levels", level_id, "descriptors"))
            diags.error(display, line, col,
                        f"levels.{level_id}.descriptors: missing {one_of(missing)}")
        _check_prompt_points(doc, diags, fw, level_id, cell)
    missing_levels = [lv for lv in fw.ids("levels") if lv not in model.levels]
    if missing_levels:
        line, col = doc.where(("levels",))
        diags.error(display, line, col, f"levels: missing {one_of(missing_levels)}")
    for i, q in enumerate(model.values_checker):
        for j, value in enumerate(q.values):
            _check_ids(doc, diags, ("values_checker", i, "values", j), value,
                       fw.ids("values"), "value")
    asked = {v for q in model.values_checker for v in q.values}
    untested = [v for v in fw.values_for(fw.latest_edition) if v not in asked]
    if untested:
        line, col = doc.where(("values_checker",))
        diags.error(display, line, col,
                    f"values_checker: no question tests {one_of(untested)}; every value of the"
                    f" {fw.latest_edition} edition needs at least one question in each domain"
                    " (add a question, or add the value to the 'values' of one that fits)")
    return model if len(diags.errors) == before else None


def _first_h1(body: str) -> int | None:
    """1-based line of the first '# ' heading outside fenced code, if any."""
    fence = None
    for number, line in enumerate(body.splitlines(), 1):
        marker = re.match(r"\s*(```|~~~)", line)
        if marker:
            fence = None if fence == marker.group(1) else (fence or marker.group(1))
        elif fence is None and line.startswith("# "):
            return number
    return None


def _load_page(
    path: Path, rel: str, display: str, fw: Framework, diags: Diagnostics
) -> GuidancePage | None:
    text = read_text(path, display, diags)
    if text is None:
        return None
    match = _FRONT_MATTER.match(text)
    if not match:
        diags.error(display, 1, 1, "a guidance page must start with front matter between"
                    " '---' lines, giving at least title and description")
        return None
    doc = parse_yaml("---\n" + match.group(1), display, diags)
    if doc is None:
        return None
    meta = validate(PageMeta, doc, diags)
    if meta is None:
        return None
    pubs = [p.id for p in fw.publications]
    before = len(diags.errors)
    for i, src in enumerate(meta.sources):
        _check_ids(doc, diags, ("sources", i), src, pubs, "publication")
    body = text[match.end():]
    h1 = _first_h1(body)
    if h1 is not None:
        line = text[: match.end()].count("\n") + h1
        diags.error(display, line, 1, "do not start a heading with a single '#': the page"
                    " title comes from the front matter; use '##' for sections")
    if len(diags.errors) != before:
        return None
    return GuidancePage(rel, meta, body)


def _load_pages(
    folder: Path, show: Callable[[Path], str], fw: Framework, diags: Diagnostics,
) -> list[GuidancePage]:
    pages = []
    for path in sorted(folder.rglob("*.md")):
        rel = path.relative_to(folder).as_posix()
        page = _load_page(path, rel, show(path), fw, diags)
        if page is not None:
            pages.append(page)
    return pages


# The one bundled page a workbook may replace: the rest is the framework's guidance, which
# upgrading the package must upgrade.
REPLACEABLE = frozenset({"index.md"})


def _overlay(
    bundled: list[GuidancePage], local: list[GuidancePage], folder: Path,
    show: Callable[[Path], str], diags: Diagnostics,
) -> list[GuidancePage]:
    paths = {p.path for p in bundled}
    kept = [p for p in local if p.path in REPLACEABLE or p.path not in paths]
    for page in local:
        if page not in kept:
            diags.error(show(folder / page.path), 1, 1, f"the bundled guidance already has a"
                        f" page at {page.path}, and only the start page (index.md) can be"
                        " replaced; give this page another file name")
    replaced = {p.path for p in kept}
    return [p for p in bundled if p.path not in replaced] + kept


def load_content(
    root: Path, diags: Diagnostics, base: Path | None = None, *,
    local_pages: Path | None = None,
) -> Content | None:
    """Load and check everything under ``root`` (the ``content/`` folder). ``local_pages``
    is a workbook's own ``pages/`` folder: its pages join the bundled ones, and its
    ``index.md`` replaces the start page."""
    base = base or root.parent

    def show(p: Path) -> str:
        try:
            return str(p.relative_to(base))
        except ValueError:
            return str(p)

    fw = load_framework(root / "framework.yaml", show(root / "framework.yaml"), diags)
    site_doc = load_yaml(root / "site.yaml", show(root / "site.yaml"), diags)
    site = validate(SiteText, site_doc, diags) if site_doc else None
    if fw is None or site is None:
        return None
    prompts: dict[str, DomainPrompts] = {}
    prompt_dir = root / "prompts"
    for path in sorted(prompt_dir.glob("*.yaml")):
        model = _load_prompts(path, show(path), fw, diags)
        if model is not None:
            prompts[model.domain] = model
    for domain in fw.ids("domains"):
        if domain not in prompts and not (prompt_dir / f"{domain}.yaml").exists():
            diags.error(show(prompt_dir / f"{domain}.yaml"), 1, 1,
                        f"the prompt file for domain '{domain}' is missing")
    pages = _load_pages(root / "pages", show, fw, diags)
    if local_pages is not None:
        pages = _overlay(pages, _load_pages(local_pages, show, fw, diags), local_pages, show,
                         diags)
    language = None
    if (root / "language.yaml").exists():
        lang_doc = load_yaml(root / "language.yaml", show(root / "language.yaml"), diags)
        language = validate(LanguageList, lang_doc, diags) if lang_doc else None
    if diags.errors:
        return None
    ordered = {d: prompts[d] for d in fw.ids("domains")}
    pages.sort(key=lambda p: (p.section, p.meta.order, p.path))
    return Content(fw, ordered, tuple(pages), site, root, language)
