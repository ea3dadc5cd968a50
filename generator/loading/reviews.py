"""Load a reviews folder: find the files, validate each one, resolve the typed model."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..checks.carried import check_inherited
from ..checks.continuity import check_continuity
from ..checks.rules import check_review
from ..model.content import Content
from ..model.ratings import derive_overall
from ..model.resolved import (
    Action,
    Area,
    DomainResult,
    Finding,
    PointResult,
    Review,
    Update,
    Workbook,
)
from ..model.review_schema import review_models
from ..source.build_date import build_date
from ..source.diagnostics import Diagnostic, Diagnostics
from ..source.validation import validate
from ..source.work import SERIAL, Work
from ..source.yamlsource import KeyPath, YamlDocument, load_yaml
from .updates import find_update_files, load_updates

AREA_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
REVIEW_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def display(path: Path, base: Path) -> str:
    """How a file is named in messages: relative to ``base`` when it lies inside it."""
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return str(path)


def _escapes(path: Path, root: Path) -> str | None:
    """Where a symbolic link points, as written, when it leads outside the reviews folder."""
    if not path.is_symlink():
        return None
    if path.resolve().is_relative_to(root.resolve()):
        return None
    return os.readlink(path)


def load_reviews(
    root: Path, content: Content, diags: Diagnostics, base: Path | None = None,
    work: Work = SERIAL, *, extra_areas: Sequence[Path] = (),
) -> Workbook:
    """Every area under ``root``, and the area folders ``extra_areas`` (the package's
    completed example, in a workbook). Problems go to ``diags``; bad files are left out.
    ``work`` runs the areas' loading (see ``source.work``): under `serve`, an area whose
    files are unchanged is not read again, its reviews and messages the ones made last
    time."""
    base = base or Path.cwd()
    if not root.is_dir():
        diags.error(display(root, base), 1, 1, "the reviews folder does not exist")
        return Workbook(areas=())
    folders = []
    skipped: list[str] = []  # files found but not loaded, for the command's summary
    for entry in sorted(root.iterdir()):
        shown = display(entry, base)
        if entry.name.startswith("."):
            continue
        outside = _escapes(entry, root)
        if outside is not None:
            diags.error(shown, 1, 1, "this symbolic link leads outside the reviews folder"
                        f" (it points to {outside}); copy the folder in instead")
            continue
        if entry.is_file():
            if entry.suffix.lower() in (".yaml", ".yml"):
                diags.error(shown, 1, 1, "review files belong in an area folder:"
                            f" {display(root, base)}/<area>/<YYYY-MM-DD>.yaml")
                skipped.append(shown)
            continue
        if entry.is_dir():
            folders.append(entry)
    names = {f.name for f in folders}
    folders += [f for f in extra_areas if f.name not in names]
    areas = _load_areas(folders, root, content, diags, base, work, skipped)
    return Workbook(areas=tuple(sorted(areas, key=lambda a: a.id)),
                    not_loaded=tuple(sorted(skipped)))


@dataclass(frozen=True)
class _AreaPlan:
    """An area folder whose names checked out: its area.yaml and its review files."""

    folder: Path
    area_in: Any  # the validated area.yaml, or None when it had errors
    review_files: tuple[tuple[date, Path], ...]
    update_files: tuple[tuple[date, Path], ...] = ()


def load_area(
    folder: Path, root: Path, content: Content, diags: Diagnostics, base: Path
) -> Area | None:
    """One area folder, loaded and checked on its own, without reading any other area
    (`csreview new` and `sheet` need only the one)."""
    plan = _plan_area(folder, root, content, diags, base)
    if plan is None:
        return None
    reviews, updates, found = _area_job(_job(plan, content, base), content)
    diags.extend(found)
    return _assemble(plan, reviews, updates, base)


# Below this many review files, starting worker processes costs more than it saves.
PARALLEL_FROM = 100


def _load_areas(
    folders: list[Path], root: Path, content: Content, diags: Diagnostics, base: Path,
    work: Work, skipped: list[str],
) -> list[Area]:
    plans = [p for f in folders if (p := _plan_area(f, root, content, diags, base, skipped))]
    jobs = [_job(p, content, base) for p in plans]
    areas = []
    # The framework decides what is valid; the job names the files, their dates, how
    # messages name them and the area's default audience; the files' bytes count too.
    keyed = [(job[0], (job, content.framework), [p for _, p, _ in job[2] + job[3]])
             for job in jobs]

    def load(todo: list[int]) -> list[Any]:
        files = sum(len(jobs[i][2]) for i in todo)
        return work.map(_area_job, [jobs[i] for i in todo], content,
                        worth_sharing=files >= PARALLEL_FROM)

    with work.batch():
        results = work.fill(keyed, load)
        for plan, (reviews, updates, found) in zip(plans, results, strict=True):
            diags.extend(found)
            if (area := _assemble(plan, reviews, updates, base)) is not None:
                areas.append(area)
            skipped += _not_loaded(plan, reviews, base)
    return areas


def _not_loaded(plan: _AreaPlan, reviews: list[Review | None], base: Path) -> list[str]:
    """An area's files that were found but are not in the workbook: those with errors,
    and every one of an area whose area.yaml has errors."""
    files = [display(path, base) for _, path in plan.review_files]
    if plan.area_in is None:
        return [display(plan.folder / "area.yaml", base), *files]
    return [shown for shown, review in zip(files, reviews, strict=True) if review is None]


def _plan_area(
    folder: Path, root: Path, content: Content, diags: Diagnostics, base: Path,
    skipped: list[str] | None = None,
) -> _AreaPlan | None:
    shown = display(folder, base)
    skipped = [] if skipped is None else skipped
    if not AREA_ID.match(folder.name):
        diags.error(shown, 1, 1, f"the area folder name '{folder.name}' is not a valid area"
                    " identifier: use lowercase letters, digits and hyphens, like northbridge")
        skipped += [display(p, base) for p in sorted(folder.glob("*.yaml"))]
        return None
    review_files = dated_files(folder, root, diags, base, skipped, files="review files",
                               naming="each review file by the date of its session, like"
                                      " 2025-03-11.yaml", future="the review was")
    update_files = find_update_files(folder, root, diags, base, skipped)
    area_file = folder / "area.yaml"
    if not area_file.is_file():
        if review_files or update_files:
            diags.error(display(area_file, base), 1, 1, f"the area folder '{folder.name}' has"
                        " reviews but no area.yaml; add one with at least `name: <area name>`")
            skipped += [display(p, base) for _, p in (*review_files, *update_files)]
        return None
    models = review_models(content.framework)
    area_doc = load_yaml(area_file, display(area_file, base), diags)
    area_in = validate(models.Area, area_doc, diags) if area_doc else None
    return _AreaPlan(folder, area_in, tuple(review_files), update_files)


def dated_files(
    folder: Path, root: Path, diags: Diagnostics, base: Path, skipped: list[str] | None = None,
    *, files: str, naming: str, future: str = "",
) -> list[tuple[date, Path]]:
    """The YAML files in ``folder`` named by a date, oldest first. A misnamed one, or a link
    leading outside ``root``, is an error and is noted in ``skipped``: ``files`` names them
    in messages, ``naming`` says how to name one. With ``future`` ("the review was"), a
    date after the build date is a warning."""
    skipped = [] if skipped is None else skipped
    found: list[tuple[date, Path]] = []
    today = build_date()
    for entry in sorted(folder.iterdir()):
        entry_shown = display(entry, base)
        outside = _escapes(entry, root)
        if outside is not None:
            diags.error(entry_shown, 1, 1, "this symbolic link leads outside the reviews"
                        f" folder (it points to {outside}); copy the file in instead")
            skipped.append(entry_shown)
            continue
        problem = _name_problem(entry, files)
        if problem is not None:
            diags.error(entry_shown, 1, 1, problem)
            skipped.append(entry_shown)
            continue
        if entry.name == "area.yaml" or not entry.is_file() or entry.suffix != ".yaml":
            continue
        day = _review_date(entry.stem)
        if day is None:
            diags.error(entry_shown, 1, 1, f"the file name '{entry.name}' is not a real date:"
                        f" name {naming}")
            skipped.append(entry_shown)
            continue
        if future and day > today:
            diags.warning(entry_shown, 1, 1, f"the file name says {future} on"
                          f" {day.isoformat()}, which is after today ({today.isoformat()}):"
                          " name each review file by the date its session was held; if the"
                          " date is a typing slip, rename the file")
        found.append((day, entry))
    return found


_Files = tuple[tuple[date, Path, str], ...]
_Job = tuple[str, str, _Files, _Files]  # area, audience, review files, update files


def _job(plan: _AreaPlan, content: Content, base: Path) -> _Job:
    """What a worker needs to load one area's reviews (the date, file and display path of
    each), in a form that is cheap to send."""
    audience = plan.area_in.audience if plan.area_in else content.framework.default_audience
    files = tuple((day, path, display(path, base)) for day, path in plan.review_files)
    updates = tuple((day, path, display(path, base)) for day, path in plan.update_files)
    return plan.folder.name, audience, files, updates


def _area_job(job: _Job, content: Content
              ) -> tuple[list[Review | None], list[Update], list[Diagnostic]]:
    """Load and check one area's review files, then the warnings across them, then its
    progress updates: the unit of work, in this process or a worker."""
    area, audience, files, update_files = job
    diags = Diagnostics()
    reviews: list[Review | None] = []
    for day, path, shown in files:
        doc = load_yaml(path, shown, diags)
        reviews.append(_load_review(doc, area, day, audience, content, diags)
                       if doc else None)
    check_inherited(reviews, content.framework, diags)
    updates = load_updates(update_files, [day for day, _, _ in files], reviews, area,
                           audience, content, diags)
    loaded = [r for r in reviews if r is not None]
    if len(loaded) == len(reviews):  # a file left out would make gaps look lost
        check_continuity(loaded, content.framework, diags, updates)
    return reviews, updates, diags.items


def _assemble(plan: _AreaPlan, reviews: list[Review | None], updates: list[Update],
              base: Path) -> Area | None:
    if plan.area_in is None:
        return None
    return Area(
        id=plan.folder.name, name=plan.area_in.name, partnership=plan.area_in.partnership,
        audience=plan.area_in.audience, publish_leads=plan.area_in.publish_leads,
        reviews=tuple(r for r in reviews if r is not None), path=display(plan.folder, base),
        updates=tuple(updates),
    )


def _name_problem(entry: Path, files: str = "review files") -> str | None:
    """What is wrong with the name of something in an area folder that looks meant as a
    review file or area.yaml but would be passed over: a .yml or upper-case extension,
    or a folder named like a file."""
    suffix = entry.suffix
    if suffix.lower() not in (".yaml", ".yml") or suffix == ".yaml" and entry.is_file():
        return None
    if entry.is_dir():
        return (f"'{entry.name}' is a folder, but a review (or area.yaml) is one file:"
                " move the file it holds up into the area folder, or rename the folder")
    if not entry.is_file():
        return None
    right = f"{entry.stem}.yaml"
    if suffix == ".yml":
        return f"{files} end in .yaml, not .yml: rename it to {right}"
    return (f"file names here end in .yaml in lower case, not '{suffix}' (such a file is"
            f" passed over): rename it to {right}")


def _review_date(stem: str) -> date | None:
    if not REVIEW_NAME.match(stem):
        return None
    try:
        return date.fromisoformat(stem)
    except ValueError:
        return None


def load_review_file(
    path: Path, shown: str, area: str, day: date, default_audience: str, content: Content,
    diags: Diagnostics,
) -> Review | None:
    """One review file, read and checked as a build checks it (its area's other reviews
    aside: see ``check_continuity``); ``shown`` names it in messages."""
    doc = load_yaml(path, shown, diags)
    return _load_review(doc, area, day, default_audience, content, diags) if doc else None


def _load_review(
    doc: YamlDocument, area: str, day: date, default_audience: str, content: Content,
    diags: Diagnostics,
) -> Review | None:
    fw = content.framework
    models = review_models(fw)
    if doc.data is None:
        diags.error(doc.display_path, 1, 1, "the review file is empty; it needs at least"
                    " `domains:` (run `csreview new` for a commented blank review)")
        return None
    parsed = validate(models.Review, doc, diags)
    if parsed is None:
        return None
    raw: dict[str, Any] = doc.data
    review = _resolve(doc, raw, parsed, area, day, default_audience, content)
    check_review(review, doc, content, diags)
    return review


def _resolve(
    doc: YamlDocument, raw: dict[str, Any], parsed: Any, area: str, day: date,
    default_audience: str, content: Content,
) -> Review:
    fw = content.framework
    domains: dict[str, DomainResult] = {}
    raw_domains = raw.get("domains") or {}
    for domain_id in fw.ids("domains"):
        if domain_id not in raw_domains:
            continue
        domain_in = getattr(parsed.domains, domain_id.replace("-", "_"))
        points: dict[tuple[str, str], PointResult] = {}
        levels: list[str] = []
        values: dict[str, str] = {}
        if domain_in is not None:
            for level_id in fw.ids("levels"):
                level_in = getattr(domain_in, level_id.replace("-", "_"))
                if level_in is None:
                    continue
                levels.append(level_id)
                for point_id in fw.ids("system_points"):
                    point_in = getattr(level_in, point_id.replace("-", "_"))
                    if point_in is None:
                        continue
                    here: KeyPath = ("domains", domain_id, level_id, point_id)
                    points[(level_id, point_id)] = _point(
                        here, domain_id, level_id, point_id, point_in, content)
            if domain_in.values is not None:
                for value_id in fw.ids("values"):
                    text = getattr(domain_in.values, value_id.replace("-", "_"))
                    if text is not None:
                        values[value_id] = text
        domains[domain_id] = DomainResult(domain=domain_id, points=points,
                                          levels_reviewed=tuple(levels), values=values)
    return Review(
        area=area, date=day, edition=parsed.framework or fw.latest_edition,
        title=parsed.title, audience=parsed.audience or default_audience,
        facilitators=parsed.facilitators, participants=parsed.participants,
        methods=parsed.methods, summary=parsed.summary, domains=domains,
        path=doc.display_path, accept=parsed.accept, source=doc.source,
    )


def _point(
    here: KeyPath, domain: str, level: str, point: str, point_in: Any, content: Content,
) -> PointResult:
    findings = []
    for i, f in enumerate(point_in.findings):
        actions = tuple(
            Action(
                text=a.text, id=a.id, lead=a.lead, agency=a.agency, due=a.due,
                status=a.status, note=a.note, internal=a.internal,
                key_path=here + ("findings", i, "actions", j), accept=a.accept,
            )
            for j, a in enumerate(f.actions)
        )
        findings.append(Finding(
            rating=f.rating, text=f.text, evidence=f.evidence, internal=f.internal,
            actions=actions, key_path=here + ("findings", i), accept=f.accept,
        ))
    stated = point_in.overall
    overall = stated or derive_overall(content.framework, (f.rating for f in findings))
    return PointResult(
        domain=domain, level=level, point=point, overall=overall,
        overall_stated=stated is not None, findings=tuple(findings), key_path=here,
        target=point_in.target,
    )
