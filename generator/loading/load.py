"""One entry point that loads and checks content and reviews together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model.content import Content, load_content
from ..model.resolved import Workbook
from ..source.diagnostics import Diagnostics
from ..source.work import SERIAL, Work
from .reviews import load_reviews


@dataclass(frozen=True)
class Loaded:
    content: Content
    workbook: Workbook


def load_all(
    content_dir: Path, reviews_dir: Path, diags: Diagnostics, base: Path | None = None,
    *, audience: str = "internal", work: Work = SERIAL,
    local_pages: Path | None = None, extra_areas: Sequence[Path] = (),
) -> Loaded | None:
    """Check everything, collecting every problem; None when content itself is unusable.

    For the public audience, what would be published is also checked for personal data
    and blaming language, so every command and adapter gets the same checks. ``work``
    runs the work (see ``source.work``). ``local_pages`` and ``extra_areas`` are a
    workbook's: see ``load_content`` and ``load_reviews``."""
    base = base or Path.cwd()
    content = load_content(content_dir, diags, base, local_pages=local_pages)
    if content is None:
        return None
    return check_reviews(content, reviews_dir, diags, base, audience=audience, work=work,
                         extra_areas=extra_areas)


def check_reviews(
    content: Content, reviews_dir: Path, diags: Diagnostics, base: Path, *,
    audience: str = "internal", work: Work = SERIAL, extra_areas: Sequence[Path] = (),
) -> Loaded:
    """``load_all`` after the content has loaded: what a test calls many times over."""
    workbook = load_reviews(reviews_dir, content, diags, base, work, extra_areas=extra_areas)
    if audience == "public":
        from ..checks.publishing import check_publishing

        check_publishing(workbook, content, diags)
    return Loaded(content, workbook)


def loaded_summary(loaded: Loaded | None) -> str:
    """What a command read, for its last line: areas and reviews, and the files it could
    not load (a count alone would hide that a file failed)."""
    workbook = loaded.workbook if loaded else Workbook(areas=())
    areas = len(workbook.areas)
    count = sum(len(a.reviews) for a in workbook.areas)
    text = f"{areas} area{'s' * (areas != 1)}, {count} review{'s' * (count != 1)}"
    updates = sum(len(a.updates) for a in workbook.areas)
    if updates:
        text += f", {updates} progress update{'s' * (updates != 1)}"
    failed = workbook.not_loaded
    if failed:
        shown = ", ".join(failed[:3]) + (f" and {len(failed) - 3} more" if len(failed) > 3 else "")
        text += (f"; {len(failed)} file{'s' * (len(failed) != 1)} not loaded because of the"
                 f" errors above ({shown})")
    return text
