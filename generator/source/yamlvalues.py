"""What a plain YAML value means, as PyYAML's safe loader (YAML 1.1) reads it.

A date or number that cannot exist (``due: 2025-02-30``) made the safe loader raise, which
stopped every command with a traceback; here it becomes an ``Unreadable`` value that
validation reports at its place, with every other problem in the file.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

__all__ = ["MAX_DEPTH", "Unreadable", "implicit_value"]

_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_CONSTRUCTORS = yaml.constructor.SafeConstructor.yaml_constructors
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
# The tags a plain value can resolve to that make more than text. YAML 1.1 also reserves
# `=` and `<<`, which the safe loader cannot construct (a plain `text: =` raised a
# KeyError here once); they are read as the text they are.
_TYPED = {tag for tag in _CONSTRUCTORS if tag} - {"tag:yaml.org,2002:str"}

# Lists and mappings inside one another: a review needs about ten levels. Far deeper
# nesting is a mistake, and unlimited nesting ran out of Python's stack (RecursionError).
MAX_DEPTH = 50


def _typed_tag(value: str) -> str | None:
    """The tag YAML 1.1 gives ``value`` written plain, when that makes more than text."""
    for tag, regexp in _IMPLICIT.get(value[:1], ()):
        if regexp.match(value):
            return tag if tag in _TYPED else None
    return None


@dataclass(frozen=True)
class Unreadable:
    """A plain value YAML 1.1 reads as a date or number that cannot exist, such as
    ``2025-02-30``: PyYAML's safe loader raises on it, which stopped every command with a
    traceback. It stands in the data where the value was, so validation reports it at its
    place, in the words of ``why``, with every other problem in the file."""

    text: str
    why: str

    def __str__(self) -> str:
        return f"'{self.text}', which {self.why}"


# Longer than any number a review needs; Python refuses to print an int past 4,300 digits,
# so a message quoting one would fail.
_MAX_INT_BITS = 1000


@lru_cache(maxsize=4096)
def implicit_value(value: str) -> Any:
    """A plain scalar as YAML 1.1 reads it: a date, number, boolean, null, or the text
    (``Unreadable`` for a date or number that cannot be). Cached: the same dates, statuses
    and numbers recur throughout a folder, and results are immutable."""
    tag = _typed_tag(value)
    if tag is None:
        return value
    try:
        result = _CONSTRUCTORS[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, value))
    except (ValueError, ArithmeticError) as exc:
        return Unreadable(value, _why_unreadable(tag, value, exc))
    if type(result) is int and result.bit_length() > _MAX_INT_BITS:
        return Unreadable(value, "is a number far too long to be one")
    return result


_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _why_unreadable(tag: str, value: str, exc: Exception) -> str:
    if not tag.endswith(":timestamp"):
        return "looks like a number but is not one"
    ymd = _YMD.match(value)
    if ymd is None:  # pragma: no cover - the timestamp pattern starts with a date
        return "looks like a date but is not a real one"
    year, month, day = (int(g) for g in ymd.groups())
    if not 1 <= month <= 12:
        return f"looks like a date but there is no month {month}"
    if day < 1 or day > calendar.monthrange(year, month)[1]:
        name = calendar.month_name[month]
        days = calendar.monthrange(year, month)[1]
        return f"looks like a date but is not a real one: {name} {year} has {days} days"
    return f"looks like a date and time but is not a real one ({exc})"
