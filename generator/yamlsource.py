"""Read a YAML file into plain data plus the line and column of every key and value.

Stricter than a plain YAML load, because facilitators type these files by hand and a
silent surprise loses their work: the same key twice is an error (parsers keep the last
one, dropping a whole block), and anchors, aliases and tags are refused (they make a
file mean something other than what it shows).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostics

MAX_BYTES = 1024 * 1024

Key = str | int
KeyPath = tuple[Key, ...]

try:  # libyaml is an order of magnitude faster; it ships in PyYAML's wheels.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python fallback
    _Loader = yaml.SafeLoader

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


@dataclass
class YamlDocument:
    """Data from one file, with 1-based (line, column) for every key and value by key path."""

    display_path: str
    data: Any
    value_pos: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_pos: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: KeyPath, *, key: bool = False) -> tuple[int, int]:
        """The best position for a problem at ``path``: the nearest ancestor that has one."""
        table = self.key_pos if key else self.value_pos
        p = path
        while p:
            if p in table:
                return table[p]
            if p in self.value_pos:
                return self.value_pos[p]
            p = p[:-1]
        return self.value_pos.get((), (1, 1))


def format_key_path(path: KeyPath) -> str:
    """``('domains', 'target', 'findings', 0)`` → ``domains.target.findings[0]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


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


def _refuse_anchors_and_tags(text: str, display: str, diags: Diagnostics) -> bool:
    """Report anchors, aliases and explicit tags. Only scans when such characters occur."""
    if not any(ch in text for ch in "&*!"):
        return True
    ok = True
    try:
        for token in yaml.scan(text, Loader=_Loader):
            what = None
            if isinstance(token, yaml.AnchorToken):
                what = f"the anchor '&{token.value}'"
            elif isinstance(token, yaml.AliasToken):
                what = f"the alias '*{token.value}'"
            elif isinstance(token, yaml.TagToken):
                handle, suffix = token.value
                what = f"the tag '{handle or ''}{suffix}'"
            if what:
                ok = False
                line, col = token.start_mark.line + 1, token.start_mark.column + 1
                diags.error(
                    display, line, col,
                    f"{what} is not allowed: anchors, aliases and tags make a file mean"
                    " something other than it shows — write the value out in full"
                    " (put text that starts with * or & in quotes)",
                )
    except yaml.YAMLError:
        return True  # the parse below reports the syntax error with its position
    return ok


def load_yaml(path: Path, display: str, diags: Diagnostics) -> YamlDocument | None:
    """Load one file; on any problem report it to ``diags`` and return None."""
    text = read_text(path, display, diags)
    if text is None:
        return None
    return parse_yaml(text, display, diags)


def parse_yaml(text: str, display: str, diags: Diagnostics) -> YamlDocument | None:
    """Parse text already read; positions are relative to the start of ``text``."""
    if not _refuse_anchors_and_tags(text, display, diags):
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        diags.error(display, line, col, f"not valid YAML: {problem}{context}")
        return None
    except yaml.YAMLError as exc:
        diags.error(display, 1, 1, f"not valid YAML: {exc}")
        return None
    doc = YamlDocument(display, None)
    if node is None:
        return doc
    # A repeated key is reported but the rest is still checked, so one run shows everything.
    doc.data = _convert(node, (), doc, diags, yaml.constructor.SafeConstructor())
    return doc


def _convert(
    node: yaml.Node, path: KeyPath, doc: YamlDocument, diags: Diagnostics,
    constructor: yaml.constructor.SafeConstructor,
) -> Any:
    doc.value_pos[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = _mark(key_node)
                diags.error(
                    doc.display_path, line, col,
                    f"{format_key_path(path)}: a key must be a plain word, not a list or mapping",
                )
                continue
            # Keys keep their written text: `on:` or `2024:` must not turn into True or 2024.
            key = str(key_node.value)
            if key in result:
                first = doc.key_pos[path + (key,)]
                line, col = _mark(key_node)
                diags.error(
                    doc.display_path, line, col,
                    f"{format_key_path(path + (key,))}: the key '{key}' appears twice in the"
                    f" same mapping (first at line {first[0]}); YAML would silently keep only"
                    " the last one — merge the two blocks into one",
                )
                continue
            doc.key_pos[path + (key,)] = _mark(key_node)
            result[key] = _convert(value_node, path + (key,), doc, diags, constructor)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, path + (i,), doc, diags, constructor)
            for i, item in enumerate(node.value)
        ]
    return constructor.construct_object(node)
