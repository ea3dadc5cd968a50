"""What ratings mean: deriving an overall rating and the goal of an action."""

from __future__ import annotations

from collections.abc import Iterable

from .framework import Framework


def derive_overall(fw: Framework, ratings: Iterable[str]) -> str | None:
    """All the same → that rating; two neighbours → the pair, better first; else None."""
    order = fw.ids("ratings")
    present = sorted(set(ratings), key=order.index)
    if len(present) == 1:
        return present[0]
    if len(present) == 2 and order.index(present[1]) - order.index(present[0]) == 1:
        return f"{present[0]}/{present[1]}"
    return None


def overall_parts(overall: str) -> list[str]:
    return overall.split("/")


def overall_fits(fw: Framework, overall: str, ratings: Iterable[str]) -> bool:
    """Whether a stated overall lies within the range of the findings' ratings."""
    order = fw.ids("ratings")
    found = [order.index(r) for r in ratings]
    if not found:
        return True
    low, high = min(found), max(found)
    return all(low <= order.index(part) <= high for part in overall_parts(overall))


def overall_name(fw: Framework, overall: str) -> str:
    return "/".join(fw.name("ratings", part) for part in overall_parts(overall))


def overall_rank(fw: Framework, overall: str) -> float:
    """A number for comparing overall ratings: 0 is best; a pair sits between its parts."""
    order = fw.ids("ratings")
    parts = [order.index(p) for p in overall_parts(overall)]
    return sum(parts) / len(parts)

