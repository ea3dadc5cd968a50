"""Read a YAML file into plain data plus the line and column of every key and value.

Stricter than a plain YAML load, because facilitators type these files by hand and a
silent surprise loses their work: the same key twice is an error (parsers keep the last
one, dropping a whole block), and anchors, aliases and tags are refused (they make a
file mean something other than what it shows).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostics
from .yamlchars import control_characters
from .yamlerrors import explain, too_deep_message
from .yamlvalues import MAX_DEPTH, implicit_value

MAX_BYTES = 1024 * 1024

Key = str | int
KeyPath = tuple[Key, ...]

try:  # libyaml is an order of magnitude faster; it ships in PyYAML's wheels.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python fallback
    _Loader = yaml.SafeLoader



@dataclass
class YamlDocument:
    """Data from one file, with 1-based (line, column) for every key and value by key path.

    Positions are found on first use: a file that parsed cleanly is read without them
    (most files, and a third of the load time), and ``text`` is kept to read it again
    with them only if a message needs one."""

    display_path: str
    data: Any
    value_pos: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_pos: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    text: str | None = field(default=None, repr=False)
    source: str = ""  # the file as opened, when it came from one

    def where(self, path: KeyPath, *, key: bool = False) -> tuple[int, int]:
        """The best position for a problem at ``path``: the nearest ancestor that has one."""
        if self.text is not None:
            located = _parse_with_positions(self.text, self.display_path, Diagnostics())
            if located is not None:
                self.value_pos, self.key_pos = located.value_pos, located.key_pos
            self.text = None
        table = self.key_pos if key else self.value_pos
        p = path
        while p:
            if p in table:
                return table[p]
            if p in self.value_pos:
                return self.value_pos[p]
            p = p[:-1]
        return self.value_pos.get((), (1, 1))


def locate(source: str, display: str, path: KeyPath) -> tuple[int, int]:
    """Where ``path`` is written in the file ``source``, read again for its positions
    (the model keeps key paths only). Files are cached by modification time, since under
    `serve` one may change between builds."""
    try:
        stamp = os.stat(source).st_mtime_ns
    except OSError:
        return 1, 1
    doc = _reread(source, display, stamp)
    return doc.where(path) if doc else (1, 1)


@lru_cache(maxsize=16)
def _reread(source: str, display: str, stamp: int) -> YamlDocument | None:
    # Straight to the careful pass: positions are what is wanted, and the fast pass would
    # only parse the file once more to find them.
    diags = Diagnostics()
    text = read_text(Path(source), display, diags)
    return None if text is None else _parse_with_positions(text, display, diags)


def format_key_path(path: KeyPath) -> str:
    """``('domains', 'target', 'findings', 0)`` → ``domains.target.findings[0]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _mark(item: Any) -> tuple[int, int]:
    """1-based line and column of a node or event."""
    return item.start_mark.line + 1, item.start_mark.column + 1


def read_text(path: Path, display: str, diags: Diagnostics) -> str | None:
    """The file's text, or None after reporting why it cannot be read as UTF-8 text."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        diags.error(display, 1, 1, f"cannot read the file: {exc.strerror}")
        return None
    if size > MAX_BYTES:
        diags.error(
            display, 1, 1,
            f"the file is {size:,} bytes; files over 1 MiB ({MAX_BYTES:,} bytes) are refused"
            " — split the review or shorten the text",
        )
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        diags.error(
            display, line, col,
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
        )
        return None
    return text.removeprefix("\ufeff")


_REFUSED = (
    " is not allowed: anchors, aliases and tags make a file mean something other than it"
    " shows — write the value out in full (put text that starts with *, & or ! in quotes)"
)
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_SEQ_START, _SEQ_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MAP_START, _MAP_END = yaml.MappingStartEvent, yaml.MappingEndEvent


def load_yaml(path: Path, display: str, diags: Diagnostics) -> YamlDocument | None:
    """Load one file; on any problem report it to ``diags`` and return None."""
    text = read_text(path, display, diags)
    if text is None:
        return None
    doc = parse_yaml(text, display, diags)
    if doc is not None:
        doc.source = str(path)
    return doc


def parse_yaml(text: str, display: str, diags: Diagnostics) -> YamlDocument | None:
    """Parse text already read; positions are relative to the start of ``text``.

    Two readings, quicker first: a pass over libyaml's events that records no positions
    and gives up at anything unusual; then the careful pass, which reads the file again
    and reports each problem where it is (a syntax error, a repeated key, an anchor,
    alias or tag, a second document).
    Events rather than ``yaml.compose``: PyYAML's composer resolves every node's tag in
    Python, which made loading several times slower, and the events carry everything
    needed — positions, anchors, aliases and tags.
    """
    try:
        data = _fast_node(_events(text))
    except (_Unusual, yaml.YAMLError):
        return _parse_with_positions(text, display, diags)
    return YamlDocument(display, data, text=text)


class _Unusual(Exception):
    """The fast pass met something only the careful pass reports properly."""


def _events(text: str) -> Any:
    """The node events of a one-document stream; iter(callable, sentinel) pulls them from
    libyaml without a Python generator."""
    events = iter(_Loader(text).get_event, None)
    for event in events:
        if type(event) is yaml.DocumentStartEvent:
            return events
    raise _Unusual


def _fast_node(events: Any, event: Any = None, depth: int = 0) -> Any:
    if event is None:  # the document's root; a second document is left to the careful pass
        event = next(events)
        if type(event) is yaml.DocumentEndEvent:
            return None
        data = _fast_node(events, event, 1)
        if (type(next(events)) is not yaml.DocumentEndEvent
                or type(next(events, None)) is not yaml.StreamEndEvent):
            raise _Unusual
        return data
    kind = type(event)
    if kind is _ALIAS or event.anchor is not None or event.tag is not None:
        raise _Unusual
    if kind is _SCALAR:
        return _scalar(event)
    if depth > MAX_DEPTH:
        raise _Unusual
    if kind is _SEQ_START:
        items: list[Any] = []
        for child in events:
            if type(child) is _SEQ_END:
                return items
            items.append(_fast_node(events, child, depth + 1))
    if kind is not _MAP_START:
        raise _Unusual
    result: dict[str, Any] = {}
    for key_event in events:
        if type(key_event) is _MAP_END:
            return result
        if type(key_event) is not _SCALAR or key_event.anchor is not None or (
                key_event.tag is not None):
            raise _Unusual
        key = sys.intern(key_event.value)
        if key in result:
            raise _Unusual
        value_event = next(events)
        if (type(value_event) is _SCALAR and value_event.anchor is None
                and value_event.tag is None):
            result[key] = _scalar(value_event)
        else:
            result[key] = _fast_node(events, value_event, depth + 1)
    raise _Unusual


def _parse_with_positions(text: str, display: str, diags: Diagnostics) -> YamlDocument | None:
    builder = _Builder(YamlDocument(display, None), diags)
    try:
        loader = _Loader(text)
        events = iter(loader.get_event, None)
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    line, col = _mark(event)
                    diags.error(display, line, col, "not valid YAML: a review file holds one"
                                " document, but a second one starts here with '---'")
                    return None
            elif isinstance(event, yaml.NodeEvent | yaml.CollectionStartEvent):
                builder.doc.data = builder.node(event, events, ())
    except yaml.MarkedYAMLError as exc:
        if not builder.too_deep:  # libyaml's own limit on nesting, already reported
            diags.error(display, *explain(text, exc))
        return None
    except yaml.reader.ReaderError:
        # A character YAML refuses (NUL, another control character): libyaml names only
        # the first, by its offset in the text; each one is reported at its line.
        for line, col, message in control_characters(text):
            diags.error(display, line, col, message)
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml raises only the two above
        diags.error(display, 1, 1, f"not valid YAML: {exc}")
        return None
    # A repeated key is reported but the rest is still checked, so one run shows everything;
    # anchors, aliases and tags leave values unknown, so checking further would mislead.
    return None if builder.refused else builder.doc


class _Builder:
    def __init__(self, doc: YamlDocument, diags: Diagnostics) -> None:
        self.doc = doc
        self.diags = diags
        self.refused = False
        self.too_deep = False

    def _refuse(self, event: Any, what: str) -> None:
        self.refused = True
        line, col = _mark(event)
        self.diags.error(self.doc.display_path, line, col, f"{what}{_REFUSED}")

    def _properties(self, event: Any) -> None:
        if event.anchor is not None:
            self._refuse(event, f"the anchor '&{event.anchor}'")
        explicit = event.tag is not None and (
            not event.implicit if isinstance(event, yaml.CollectionStartEvent)
            else not any(event.implicit))
        if explicit and event.tag != "!":
            self._refuse(event, f"the tag '{_short_tag(event.tag)}'")

    def node(self, event: Any, events: Any, path: KeyPath, record: bool = True) -> Any:
        # This and _mapping run once per node of every review file, so a national folder
        # spends most of its load time here: exact type checks, no helper calls for marks.
        if record:
            mark = event.start_mark
            self.doc.value_pos[path] = (mark.line + 1, mark.column + 1)
        kind = type(event)
        if kind is _ALIAS:
            self._refuse(event, f"the alias '*{event.anchor}'")
            return None
        if event.anchor is not None or event.tag is not None:
            self._properties(event)
        if kind is _SCALAR:
            return _scalar(event)
        if len(path) >= MAX_DEPTH:
            self._too_deep(event, events)
            return None
        if kind is _SEQ_START:
            items: list[Any] = []
            for child in events:
                if type(child) is _SEQ_END:
                    return items
                items.append(self.node(child, events, path + (len(items),), record))
        if kind is _MAP_START:
            return self._mapping(events, path, record)
        return None

    def _mapping(self, events: Any, path: KeyPath, record: bool) -> dict[str, Any]:
        result: dict[str, Any] = {}
        value_pos, key_pos = self.doc.value_pos, self.doc.key_pos
        for key_event in events:
            kind = type(key_event)
            if kind is _MAP_END:
                return result
            if kind is not _SCALAR:
                line, col = _mark(key_event)
                self.diags.error(self.doc.display_path, line, col, f"{format_key_path(path)}:"
                                 " a key must be a plain word, not a list or mapping")
                self.node(key_event, events, path, record=False)
                self.node(next(events), events, path, record=False)
                continue
            if key_event.anchor is not None or key_event.tag is not None:
                self._properties(key_event)
            # Keys keep their written text: `on:` or `2024:` must not turn into True or 2024.
            # Interned, because every review repeats the same few dozen keys.
            key = sys.intern(key_event.value)
            value_event: Any = next(events)
            here = path + (key,)
            if key in result:
                self._repeated(here, key_event)
                self.node(value_event, events, here, record=False)
                continue
            if record:
                mark: Any = key_event.start_mark
                key_pos[here] = (mark.line + 1, mark.column + 1)
            if (type(value_event) is _SCALAR and value_event.anchor is None
                    and value_event.tag is None):
                # The common case, inlined: a plain value with no properties.
                if record:
                    mark = value_event.start_mark
                    value_pos[here] = (mark.line + 1, mark.column + 1)
                result[key] = _scalar(value_event)
            else:
                result[key] = self.node(value_event, events, here, record)
        return result

    def _too_deep(self, event: Any, events: Any) -> None:
        """Report nesting past ``MAX_DEPTH`` once, and pass over what is inside it without
        recursing (a thousand levels ran out of Python's stack)."""
        if not self.too_deep:
            line, col = _mark(event)
            self.diags.error(self.doc.display_path, line, col, too_deep_message())
        self.refused = self.too_deep = True
        depth = 1
        for inner in events:
            kind = type(inner)
            if kind is _SEQ_START or kind is _MAP_START:
                depth += 1
            elif kind is _SEQ_END or kind is _MAP_END:
                depth -= 1
                if depth == 0:
                    return

    def _repeated(self, here: KeyPath, key_event: Any) -> None:
        first = self.doc.key_pos[here]
        line, col = _mark(key_event)
        self.diags.error(
            self.doc.display_path, line, col,
            f"{format_key_path(here)}: the key '{here[-1]}' appears twice in the same"
            f" mapping (first at line {first[0]}); YAML would silently keep only"
            " the last one — merge the two blocks into one",
        )


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml") else tag


def _scalar(event: Any) -> Any:
    """A scalar's value by YAML 1.1's implicit rules, as PyYAML's safe loader gives."""
    value: str = event.value
    # libyaml gives plain scalars the style '' (pure-Python PyYAML gives None).
    if event.style or not event.implicit[0] or value[:1] not in _IMPLICIT:
        return value
    return implicit_value(value)
