"""What a reader should see of progress updates and targets, worked out from the files and
the rules in review-format.md ("Progress between reviews", "Targets") — not from the code
under test. Tests compare the built site with these."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

# Riverton: two reviews, three progress updates (one internal), targets of every outcome.
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "updates" / "reviews"
BUILD_DAY = date(2026, 9, 21)  # SOURCE_DATE_EPOCH=1790000000, set by tests.support.cli
STATUS = {"not-started": "Not started", "in-progress": "In progress", "done": "Done",
          "dropped": "Dropped"}
OPEN = ("not-started", "in-progress")
# The five-step scale, worst first.
SCALE = ["red", "amber/red", "amber", "green/amber", "green"]


@dataclass(frozen=True)
class ActionNow:
    id: str
    text: str
    agency: str | None
    lead: str | None
    internal: bool
    review_status: str  # as the review recorded it
    status: str  # as last reported, else the review's
    due: date | None
    note: str | None
    reported_on: date | None
    reported_at: str | None

    @property
    def open(self) -> bool:
        return self.status in OPEN


def text_of(markup: str) -> str:
    """Visible text, roughly: tags dropped, spaces folded, no space before punctuation."""
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())
    return re.sub(r" ([.,;:)])", r"\1", words).replace("( ", "(")


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


def review_days(area: Path) -> list[date]:
    return sorted(date.fromisoformat(p.stem) for p in area.glob("20*.yaml"))


def actions(review: Any) -> list[tuple[tuple[str, str, str], dict[str, Any], dict[str, Any]]]:
    """(cell, finding, action) for every action in a review file's data."""
    out = []
    for domain, levels in (review.get("domains") or {}).items():
        for level, points in (levels or {}).items():
            if level == "values":
                continue
            for point, body in points.items():
                for finding in body["findings"]:
                    for action in finding.get("actions", []):
                        out.append(((domain, level, point), finding, action))
    return out


def actions_now(area: Path, day: date, *, public: bool = False) -> dict[str, ActionNow]:
    """Each action (with an id) of the review of ``day``, as the latest update dated after it
    and before the next review leaves it. ``public``: only what a public build shows."""
    days = review_days(area)
    following = next((d for d in days if d > day), date.max)
    area_audience = load(area / "area.yaml").get("audience", "internal")
    reported: dict[str, tuple[date, str | None, dict[str, Any]]] = {}
    for path in sorted((area / "updates").glob("*.yaml")):
        when = date.fromisoformat(path.stem)
        update = load(path)
        if not day < when < following:
            continue
        if public and update.get("audience", area_audience) != "public":
            continue
        for ident, entry in update["actions"].items():
            reported[ident] = (when, update.get("meeting"), entry)  # the latest wins
    out = {}
    for _, finding, a in actions(load(area / f"{day.isoformat()}.yaml")):
        internal = bool(a.get("internal") or finding.get("internal"))
        if "id" not in a or (public and internal):
            continue
        status = a.get("status", "not-started")
        when, meeting, entry = reported.get(a["id"], (None, None, {}))
        out[a["id"]] = ActionNow(
            id=a["id"], text=a["text"], agency=a.get("agency"), lead=a.get("lead"),
            internal=internal, review_status=status, status=entry.get("status", status),
            due=entry.get("due") or a.get("due"), note=entry.get("note") or a.get("note"),
            reported_on=when, reported_at=meeting)
    return out


def judged(area: Path, set_on: date, judged_on: date) -> dict[tuple[str, str, str], str]:
    """For each target in the review of ``set_on``: met, exceeded, missed or not reviewed,
    against the review of ``judged_on``. Overall ratings here are stated or all-alike."""
    def overall(body: dict[str, Any]) -> str | None:
        if "overall" in body:
            return str(body["overall"])
        ratings = {f["rating"] for f in body["findings"]}
        if len(ratings) == 1:
            return ratings.pop()
        pair = {frozenset({"green", "amber"}): "green/amber",
                frozenset({"amber", "red"}): "amber/red"}
        return pair.get(frozenset(ratings))

    def points(day: date) -> dict[tuple[str, str, str], dict[str, Any]]:
        review = load(area / f"{day.isoformat()}.yaml")
        return {(d, lv, p): body for d, levels in review["domains"].items()
                for lv, pts in (levels or {}).items() if lv != "values"
                for p, body in pts.items()}

    later = points(judged_on)
    out = {}
    for cell, body in points(set_on).items():
        if "target" not in body:
            continue
        actual = overall(later[cell]) if cell in later else None
        if actual is None:
            out[cell] = "not reviewed"
            continue
        now, aim = SCALE.index(actual), SCALE.index(body["target"])
        out[cell] = "met" if now == aim else "exceeded" if now > aim else "missed"
    return out
