"""The quick reading of a clean review file: rapidyaml builds the data, libyaml vouches for it.

PyYAML's libyaml parser is fast, but it hands every event to Python as an object made by a
Python ``__init__``: on a 64 KB review that was 3.3 ms of a file's 6 ms load, most of the
load of a national folder. rapidyaml parses in C++ and writes the whole tree as JSON,
which the standard library reads in C, so Python sees only the finished data: 2.3 ms,
checks included.

rapidyaml reads YAML 1.2, and the review format means what PyYAML's safe loader (YAML 1.1)
makes of a file, so nothing here is trusted unchecked:

* **Valid**: libyaml parses the file first, without building any Python object
  (``raw_parse``). If it refuses, the careful pass reports why, in PyYAML's words.
* **Same shape**: libyaml's count of events must equal the count the data implies, and
  rapidyaml's count of nodes the nodes walked.
* **Same values**: JSON gives every scalar as text (rapidyaml's own numbers, booleans and
  nulls are not trusted). Any value YAML 1.1 could read as more than text — a date, number,
  boolean or null — is looked up in rapidyaml's tree: if it was written plain, its written
  text goes through PyYAML's own implicit resolvers, exactly as the safe loader does.
  The text itself (escapes, folded lines, block scalars) is rapidyaml's, unchecked at run
  time: the tests hold it to PyYAML's on thousands of generated documents.
* **Nothing dropped**: anchors, tags, directives, document markers and the characters
  YAML 1.1 counts as line breaks and 1.2 does not are screened for in the text first;
  aliases (left as the text ``*name``) and repeated keys (JSON keeps the last) are
  caught in the data. rapidyaml refuses complex keys itself.

Whenever anything is unusual this module returns None and the file takes the event-by-event
pass in ``yamlsource``, which also gives every message its line and column.
``tests/test_yaml_quick.py`` holds both readings to the same result on generated documents.
"""

from __future__ import annotations

import calendar
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ryml
import yaml

_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_CONSTRUCTORS = yaml.constructor.SafeConstructor.yaml_constructors
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
# The tags a plain value can resolve to that make more than text. YAML 1.1 also reserves
# `=` and `<<`, which the safe loader cannot construct (a plain `text: =` raised a
# KeyError here once); they are read as the text they are.
_TYPED = {tag for tag in _CONSTRUCTORS if tag} - {"tag:yaml.org,2002:str"}

try:  # libyaml ships in PyYAML's wheels; without it there is no quick reading
    _LibYaml: type | None = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _LibYaml = None

# Tags and anchors, each found by its first character (a pattern that starts with a literal
# is searched for at C speed; one that starts with a choice of characters took 2 ms a
# file). Each matters only where a node can start, which ``_at_node_start`` checks, so
# text that merely contains one mid-sentence passes. Aliases as values are caught in the
# data instead (rapidyaml leaves each as the text ``*name``): a Markdown list of bold
# items would look like aliases here. Complex keys need no screen: rapidyaml refuses them.
_PROPERTIES = tuple(re.compile(p) for p in (
    r"!", r"&[0-9A-Za-z_-]",
    r"\*[0-9A-Za-z_-]+[ \t]*:",  # an alias as a key, which the data would not show
))
_BEFORE_NODE = ":[]{},?-"
# Line breaks in YAML 1.1 (so in PyYAML) but ordinary characters in 1.2: next line, line
# separator, paragraph separator.
_LINE_BREAKS_1_1 = ("\x85", "\u2028", "\u2029")
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


class _Declined(Exception):
    pass


class _Written(str):
    """A number as rapidyaml printed it: resolved again from the tree's text."""


def _mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Declined  # a repeated key: the careful pass reports it
    return result


def _screened_out(text: str) -> bool:
    """Whether the text may hold what rapidyaml would read differently from PyYAML: a
    false alarm only costs the slower pass."""
    if text.startswith(("%", "---", "...")) or "\n%" in text or "\n---" in text or (
            "\n..." in text):
        return True
    if any(mark in text for mark in _LINE_BREAKS_1_1):
        return True
    return any(_at_node_start(text, match.start())
               for pattern in _PROPERTIES for match in pattern.finditer(text))


def _at_node_start(text: str, at: int) -> bool:
    """Whether a node could start at ``at``: first on its line, or after an indicator.
    A lone carriage return ends a line too, in YAML."""
    line = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
    before = text[line:at].rstrip(" \t")
    return not before or before[-1] in _BEFORE_NODE


def quick_load(text: str) -> Any | None:
    """The data of a one-document file whose root is a mapping, exactly as PyYAML's safe
    loader reads it (keys kept as written); None when the careful pass should read it."""
    if not text or _LibYaml is None or _screened_out(text):
        return None
    try:
        events = _LibYaml(text).raw_parse()
        encoded = text.encode()
        tree = _parse_quietly(encoded)
        if not tree.is_map(0):
            return None
        # Not strict: rapidyaml writes control characters (from escapes like "\x1d") as
        # they are, where JSON would escape them; they mean themselves.
        data = json.loads(_json(tree, len(encoded)), object_pairs_hook=_mapping, strict=False,
                          parse_int=_Written, parse_float=_Written, parse_constant=_Written)
    # JSON's errors are ValueErrors; ExceptionBasic is the base of rapidyaml's. JSON nested
    # deeper than Python's recursion limit raises RecursionError: the careful pass says why.
    except (yaml.YAMLError, ValueError, RecursionError, _Declined, ryml.ExceptionBasic):
        return None
    found: list[tuple[Any, Any, int]] = []
    try:
        nodes, counted = _walk(data, 1, found, 1)
    except _Declined:
        return None
    if nodes != tree.size() or counted + 4 != events:  # stream and document, start and end
        return None
    for holder, key, node in found:
        if tree.is_val_plain(node):
            written = tree.val(node)
            holder[key] = implicit_value("" if written is None else bytes(written).decode())
        elif type(holder[key]) is not str:
            return None
    return data


_devnull: int | None = None


def _parse_quietly(encoded: bytes) -> Any:
    """rapidyaml's tree of ``encoded``. When it refuses a file (a few that libyaml accepts,
    such as some quoted text over several lines), its C++ prints the reason on file
    descriptor 2 before raising, and offers no way to turn that off from Python. The
    careful pass will read such a file, so the message would only confuse: descriptor 2
    points to the null device for the parse. Anything another thread wrote to stderr in
    that fraction of a millisecond would be lost too; nothing in a build does."""
    global _devnull
    try:
        if _devnull is None:
            _devnull = os.open(os.devnull, os.O_WRONLY)
        saved = os.dup(2)
    except OSError:  # no stderr to protect
        return ryml.parse_in_arena(encoded)
    os.dup2(_devnull, 2)
    try:
        return ryml.parse_in_arena(encoded)
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _json(tree: Any, size: int) -> bytes:
    """The tree as JSON, written into a buffer of ours: ``ryml.emit_json`` never frees the
    one it makes (80 KB lost a file)."""
    buffer = bytearray(size + size // 2 + 4096)
    failed, needed = ryml.emit_json_to_substr(tree, tree.root_id(), buffer)
    if failed:
        buffer = bytearray(needed)
        ryml.emit_json_to_substr(tree, tree.root_id(), buffer)
    return bytes(memoryview(buffer)[:needed])


def _alias_like(text: str) -> bool:
    """Whether rapidyaml may have left an alias here as its text (``*name``)."""
    return not any(c in text for c in " \t\n")


def _walk(
    node: Any, next_id: int, found: list[tuple[Any, Any, int]], depth: int,
) -> tuple[int, int]:
    """Number the children of ``node`` as rapidyaml does (depth first, in file order,
    starting at ``next_id``), noting every value that needs the tree's word on how it was
    written. Returns the next free number and the libyaml events the children make."""
    if depth > MAX_DEPTH:
        raise _Declined  # the careful pass reports it
    events = 2  # start and end
    if type(node) is dict:
        items: Any = node.items()
        events += len(node)  # each key is a scalar event
    else:
        items = enumerate(node)
    for key, value in items:
        here = next_id
        next_id += 1
        kind = type(value)
        if kind is str:
            events += 1
            first = value[:1]
            if first in _IMPLICIT and _typed_tag(value) is not None:
                found.append((node, key, here))
            elif first == "*" and _alias_like(value):
                raise _Declined
        elif kind is dict or kind is list:
            next_id, more = _walk(value, next_id, found, depth + 1)
            events += more
        else:  # a number, true, false or null as rapidyaml read it
            events += 1
            found.append((node, key, here))
    return next_id, events
