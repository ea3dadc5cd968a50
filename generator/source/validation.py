"""Turn pydantic's validation errors into ``path:line:col`` messages a facilitator can act on.

Pydantic does the checking; this module only explains each problem in plain words:
the key path, what was found, what is allowed, and a "did you mean" for near misses.
"""

from __future__ import annotations

import types
import typing
from datetime import date
from typing import Any, TypeVar

import pydantic

from .diagnostics import Diagnostics, did_you_mean, one_of
from .yamlsource import KeyPath, YamlDocument, format_key_path
from .yamlvalues import Unreadable

M = TypeVar("M", bound=pydantic.BaseModel)

# What a key in a given model names, for messages ("unknown domain 'tagret'").
KEY_KIND = "__key_kind__"


def describe(value: Any) -> str:
    """A short, non-technical description of a found value."""
    if isinstance(value, Unreadable):
        return str(value)
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        flat = " ".join(value.split())  # a message is one line
        shown = flat if len(flat) <= 40 else flat[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of keys"
    return type(value).__name__


_EXPECTED = {
    "string_type": "text",
    "list_type": "a list (one item per line, each starting with '- ')",
    "tuple_type": "a list (one item per line, each starting with '- ')",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "dict_type": "a mapping of keys",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "date_type": "a date written like 2025-06-30",
    "date_parsing": "a date written like 2025-06-30",
    "date_from_datetime_parsing": "a date written like 2025-06-30",
    "date_from_datetime_inexact": "a date written like 2025-06-30",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "string_pattern_mismatch": "lowercase letters, digits and hyphens, like referral-form-training",
    "string_too_short": "some text (it is empty)",
}


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes reachable through Optional, list and Annotated."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, tuple, dict):
        found: list[Any] = []
        for arg in typing.get_args(annotation):
            found.extend(_unwrap(arg))
        return found
    return [annotation]


def model_at(root: type[pydantic.BaseModel], loc: KeyPath) -> type[pydantic.BaseModel] | None:
    """The model class that validates the mapping at ``loc``."""
    model: Any = root
    keyed = False  # the part before was a mapping of ids to models: this part is an id
    for part in loc:
        if isinstance(part, int) or keyed:
            keyed = False
            continue
        if not (isinstance(model, type) and issubclass(model, pydantic.BaseModel)):
            return None
        field_info = next(
            (f for n, f in model.model_fields.items() if (f.alias or n) == part), None
        )
        if field_info is None:
            return None
        candidates = [
            c for c in _unwrap(field_info.annotation)
            if isinstance(c, type) and issubclass(c, pydantic.BaseModel)
        ]
        if not candidates:
            return None
        model = candidates[0]
        keyed = typing.get_origin(field_info.annotation) is dict
    return model if isinstance(model, type) and issubclass(model, pydantic.BaseModel) else None


def allowed_keys(model: type[pydantic.BaseModel]) -> list[str]:
    return [f.alias or n for n, f in model.model_fields.items()]


def _key_kind(model: type[pydantic.BaseModel] | None) -> str:
    kind = getattr(model, KEY_KIND, None) if model else None
    return str(kind) if kind else "key"


def _literal_kind(loc: KeyPath) -> str:
    names = [p for p in loc if isinstance(p, str)]
    last = names[-1] if names else ""
    return {
        "rating": "rating",
        "overall": "overall rating",
        "target": "target rating",  # a leaf only: the domain `target` holds no literal
        "status": "action status",
        "evidence": "evidence method",
        "methods": "evidence method",
        "framework": "framework edition",
        "audience": "audience",
        "values": "value",
    }.get(last, "value")


def explain(
    error: Any, root: type[pydantic.BaseModel], doc: YamlDocument, diags: Diagnostics,
    prefix: KeyPath = (),
) -> None:
    """Report one pydantic error dict at its place in ``doc``."""
    loc: KeyPath = prefix + tuple(error["loc"])
    model_loc = tuple(error["loc"])
    kind = error["type"]
    found = error.get("input")
    path_text = format_key_path(loc)
    if kind == "extra_forbidden":
        parent = model_at(root, model_loc[:-1])
        allowed = allowed_keys(parent) if parent else []
        what = _key_kind(parent)
        key = str(loc[-1])
        line, col = doc.where(loc, key=True)
        where = f"{format_key_path(loc[:-1])}: " if loc[:-1] else ""
        diags.error(
            doc.display_path, line, col,
            f"{where}unknown {what} '{key}'{did_you_mean(key, allowed)}"
            f" (allowed: {one_of(allowed)})",
        )
        return
    if kind == "missing":
        key = str(loc[-1])
        line, col = doc.where(loc[:-1])
        where = f"{format_key_path(loc[:-1])}: " if loc[:-1] else ""
        diags.error(doc.display_path, line, col, f"{where}the required key '{key}' is missing")
        return
    line, col = doc.where(loc)
    if kind == "literal_error":
        # pydantic writes the choices as "'red', 'amber' or 'green'".
        expected = str(error.get("ctx", {}).get("expected", ""))
        allowed = [a.strip().strip("'") for part in expected.split(" or ")
                   for a in part.split(",") if a.strip()]
        what = _literal_kind(loc)
        hint = did_you_mean(str(found), allowed) if isinstance(found, str) else ""
        diags.error(
            doc.display_path, line, col,
            f"{path_text}: found {describe(found)}, which is not a known {what}{hint}"
            f" (allowed: {one_of(allowed)})",
        )
        return
    if kind == "too_short" and isinstance(found, list):
        if len(found) >= error.get("ctx", {}).get("min_length", 1):
            return  # pydantic counts only valid items; the bad items are reported already
        diags.error(
            doc.display_path, line, col,
            f"{path_text}: the list is empty; it needs at least one item",
        )
        return
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        diags.error(doc.display_path, line, col, f"{path_text}: {message}")
        return
    expected = _EXPECTED.get(kind, error["msg"])
    hint = _as_text_hint(loc, found) if kind == "string_type" else ""
    diags.error(
        doc.display_path, line, col,
        f"{path_text}: found {describe(found)}; expected {expected}{hint}",
    )


def _as_text_hint(loc: KeyPath, found: Any) -> str:
    """How to write as text what YAML read as something else: a date, a number, yes/no,
    or (for a colon and a space inside the text) a key and its value."""
    key = f"{loc[-1]}: " if loc and isinstance(loc[-1], str) else "- "
    if isinstance(found, dict) and len(found) == 1:
        inner, value = next(iter(found.items()))
        if isinstance(value, str | int | float | date) or value is None:
            written = f"{inner}: {'' if value is None else value}".rstrip()
            return (f" — the colon and space in '{written}' made YAML read a key; put the"
                    f" whole text in quotes: {key}\"{written}\"")
    if isinstance(found, Unreadable):
        written = found.text
    elif isinstance(found, bool | int | float | date):
        written = found.isoformat() if isinstance(found, date) else str(found).lower()
    else:
        return ""
    return f"; to keep it as text, put it in quotes: {key}\"{written}\""


def validate(
    model: type[M], doc: YamlDocument, diags: Diagnostics, *, data: Any = None,
    prefix: KeyPath = (),
) -> M | None:
    """Validate ``doc.data`` (or ``data``) against ``model``; report every error; None if any."""
    payload = doc.data if data is None else data
    if payload is None:
        payload = {}
    try:
        return model.model_validate(payload)
    except pydantic.ValidationError as exc:
        for error in exc.errors(include_url=False):
            explain(error, model, doc, diags, prefix)
        return None
