"""YAML syntax errors in plain words: what the slip probably was, and how to write it.

libyaml says where it gave up and what it expected in parser terms ("mapping values are not
allowed in this context"). A facilitator typing up a session makes a handful of slips far
more often than any other: a colon followed by a space inside text, a key indented a little
more or less than its neighbours, a tab, a quote never closed, a list item without "- ".
This module looks at the line the parser stopped on (and the lines above it) to tell which
slip it was, and says what to do with an example built from the file's own words. Anything
it does not recognise keeps the parser's words, after a plain first sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from .yamlvalues import MAX_DEPTH

# The line breaks PyYAML counts when it gives a line number.
BREAK = re.compile(r"\r\n|\r|\n|\x85|\u2028|\u2029")
# A line holding `key: value`, after any list dashes; the key is a plain word or two.
_KEY_LINE = re.compile(r"^[ ]*(?:-[ ]+)*(?P<key>[^\s:#'\"\[\]{},&*!|>%@`-][^:#]*?)"
                       r":(?:[ \t].*)?$")
Found = tuple[int, int, str]  # 1-based line and column, and the message
# Reads the lines, where the parser stopped (0-based) and where what it was reading
# started (its context mark, or None).
Explainer = Callable[[list[str], tuple[int, int], Any], Found | None]


def _short(text: str, limit: int = 40) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _in_quotes(value: str) -> str:
    """``value`` as a YAML scalar in quotes, as a facilitator would type it."""
    if '"' not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


# --- syntax errors --------------------------------------------------------------------------

def explain(text: str, exc: yaml.MarkedYAMLError) -> Found:
    """Line, column and message for a syntax error in ``text``."""
    lines = BREAK.split(text)
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    at = (mark.line, mark.column) if mark else (0, 0)
    start = exc.context_mark
    near = [at[0]] + ([start.line] if start is not None else [])
    for finder in (_tab, _quote):
        found = finder(lines, near, at)
        if found:
            return found
    for words, explainer in _EXPLAINERS:
        if words in problem or (words and words in context):
            found = explainer(lines, at, start)
            if found:
                return found
    line, col = at[0] + 1, at[1] + 1
    said = f"{problem} ({context})" if context else problem
    return line, col, (f"not valid YAML: the file cannot be read from here ({said}); check"
                       " the indentation and any quotes on this line and the one above it")


def _line(lines: list[str], n: int) -> str:
    return lines[n] if 0 <= n < len(lines) else ""


def _tab(lines: list[str], near: list[int], at: tuple[int, int]) -> Found | None:
    """A tab in the indentation of the line, or exactly where the parser stopped."""
    for n in near:
        line = _line(lines, n)
        indent = line[: len(line) - len(line.lstrip(" \t-"))]
        col = indent.find("\t")
        if col < 0 and n == at[0] and _line(lines, n)[at[1]: at[1] + 1] == "\t":
            col = at[1]
        if col >= 0:
            return n + 1, col + 1, (
                "not valid YAML: a tab character is used to indent this line; YAML allows"
                " only spaces for indentation. Replace the tab with spaces (many editors"
                " have 'convert indentation to spaces'), lining the key up with the keys"
                " it belongs with")
    return None


def _value_start(line: str) -> int | None:
    """Where the value of a `key: value` or `- value` line starts, if it has one."""
    m = re.match(r"^[ ]*(?:-[ ]+)*(?:[^\s:#'\"][^:#]*?:[ ]+)?", line)
    if not m or m.end() >= len(line):
        return None
    return m.end()


def _quoted_end(line: str, start: int) -> int | None:
    """Where the quoted text starting at ``start`` closes on this line, or None."""
    quote = line[start]
    i = start + 1
    while i < len(line):
        ch = line[i]
        if quote == '"' and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if quote == "'" and line[i + 1: i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


def _quote(lines: list[str], near: list[int], at: tuple[int, int]) -> Found | None:
    """A quoted value not closed on its line, or with more text after its closing quote:
    the last such line at or above where the parser stopped."""
    for n in range(min(at[0], len(lines) - 1), -1, -1):
        line = lines[n]
        start = _value_start(line)
        if start is None or line[start] not in "\"'":
            continue
        quote = line[start]
        end = _quoted_end(line, start)
        key = _key_of(line)
        if end is None:
            if n == at[0] and quote == '"' and line.rstrip().endswith("\\"):
                continue
            closing = "a closing \" at the end" if quote == '"' else "a closing ' at the end"
            return n + 1, start + 1, (
                f"not valid YAML: the quote that starts this value is not closed on this"
                f" line, so YAML reads on into the lines below looking for it. Add"
                f" {closing}, for example {key}: {quote}{_short(line[start + 1:])}{quote}")
        rest = line[end + 1:].strip()
        if rest and not rest.startswith("#"):
            value = line[start:].strip()
            if quote == "'" and line[end + 1: end + 2].isalpha():
                inner = line[start + 1:].rstrip().removesuffix("'")
                return n + 1, end + 1, (
                    "not valid YAML: the apostrophe here ends the text that the quote"
                    " before it started. Inside single quotes write an apostrophe twice,"
                    " or use double quotes instead, for example"
                    f" {key}: \"{_short(inner)}\"")
            return n + 1, end + 2, (
                "not valid YAML: there is more text after the closing quote, and YAML"
                " ends the value at that quote. Put the whole value in quotes, for"
                f" example {key}: {_in_quotes(_short(value, 60))}")
    return None


def _key_of(line: str) -> str:
    m = _KEY_LINE.match(line)
    return m.group("key").strip() if m else "text"


def _spaces(n: int) -> str:
    return f"{n} space{'s' * (n != 1)}"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_column(line: str) -> int | None:
    """The column of the key on a `key: value` line, after any list dashes."""
    m = _KEY_LINE.match(line)
    return m.start("key") if m else None


def _above(lines: list[str], n: int) -> tuple[int, str] | None:
    """The nearest line above ``n`` with something on it other than a comment."""
    for i in range(n - 1, -1, -1):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i, lines[i]
    return None


def _colon(lines: list[str], at: tuple[int, int], start: Any) -> Found | None:
    """'mapping values are not allowed': a colon and a space inside text, or a key
    indented more than the key above it (the parser reads that line as the text above
    running on)."""
    line = _line(lines, at[0])
    before = line[: at[1]]
    first = re.search(r":[ \t]", before)
    if first is not None and _KEY_LINE.match(line[: first.start() + 1]):
        key = _key_of(line[: first.start() + 1])
        value = line[first.end():].strip()
        example = (f"{key}: {_in_quotes(value)}" if len(value) <= 100 else
                   f"{key}: | and then the text on the next line, indented under '{key}'")
        return at[0] + 1, at[1] + 1, (
            f"not valid YAML: a colon followed by a space inside the text of '{key}' makes"
            " YAML read a new key here. Put the whole text in quotes, or start it on the"
            f" line below a '|': for example {example}")
    key = before.strip().lstrip("- ").strip() or "this key"
    above = _above(lines, at[0])
    here = _indent(line) + (len(line.lstrip(" ")) - len(line.lstrip(" -")))
    if above is not None:
        column = _key_column(above[1])
        if column is not None and column < here:
            other = _key_of(above[1])
            return at[0] + 1, here + 1, (
                f"not valid YAML: '{key}' is indented {_spaces(here)}, more than '{other}'"
                f" on line {above[0] + 1} ({_spaces(column)}), so YAML reads this line as"
                f" part of the value of '{other}'. If '{key}' is a key of its own, line it"
                f" up with '{other}'; if the line continues the text above, put that text"
                " in quotes")
    return at[0] + 1, at[1] + 1, (
        f"not valid YAML: '{key}' is read as a key in a place where no key can start;"
        " check that this line is indented like the keys it belongs with, and put text"
        " holding ': ' in quotes")


def _key_columns_above(lines: list[str], n: int) -> list[int]:
    """Columns at which keys start on the lines above ``n``, up to the last top-level
    key: the ones the line could have been meant to line up with."""
    columns: set[int] = set()
    for i in range(n - 1, -1, -1):
        column = _key_column(lines[i])
        if column is not None:
            columns.add(column)
            if column == 0:
                break
    return sorted(columns)


def _no_key(lines: list[str], at: tuple[int, int], start: Any) -> Found | None:
    """'did not find expected key': a line that lines up with nothing above, a list item
    at the wrong indentation, or text after a value that starts with a bracket."""
    line = _line(lines, at[0])
    here = _indent(line)
    if at[1] <= here:
        columns = _key_columns_above(lines, at[0])
        shown = ", ".join(str(c) for c in columns)
        if line[here: here + 1] == "-":
            dash = next((i for i in range(at[0] - 1, -1, -1)
                         if lines[i].lstrip(" ").startswith("- ")), None)
            where = (f" (the item on line {dash + 1} has its '- ' after"
                     f" {_indent(lines[dash])} spaces)") if dash is not None else ""
            return at[0] + 1, here + 1, (
                f"not valid YAML: this list item is indented {_spaces(here)}, which does not"
                f" line up with the list it belongs to{where}: put its '- ' in the same"
                " column as the other items' '- '")
        key = _key_of(line)
        return at[0] + 1, here + 1, (
            f"not valid YAML: '{key}' is indented {_spaces(here)}, which lines up with no key"
            f" above it (keys above start after {shown} spaces): indent it exactly like the"
            " keys it belongs with")
    first = _value_start(line)
    if first is not None and line[first] in "[{":
        value = line[first:].strip()
        return at[0] + 1, first + 1, (
            f"not valid YAML: a value that starts with '{line[first]}' is read as"
            f" {_BRACKETS[line[first]][1]}, so text cannot follow its closing"
            f" '{_BRACKETS[line[first]][0]}'. Put text like this (a Markdown link, say) in"
            f" quotes, for example {_key_of(line)}: {_in_quotes(_short(value, 60))}")
    return None


def _no_dash(lines: list[str], at: tuple[int, int], start: Any) -> Found | None:
    """'did not find expected '-' indicator': a line inside a list that is not an item."""
    line = _line(lines, at[0])
    here = _indent(line)
    items = [i for i in range(at[0] - 1, -1, -1) if lines[i].lstrip(" ").startswith("-")
             and _indent(lines[i]) <= here + 2]
    if line.lstrip(" ").startswith("-"):
        column = _indent(lines[items[0]]) if items else 0
        return at[0] + 1, here + 1, (
            f"not valid YAML: this list item's '- ' is after {_spaces(here)}, but the items"
            f" of its list have theirs after {_spaces(column)}: line it up with them")
    content = line.strip()
    owner = _key_column(lines[items[0]]) if items else None
    belongs = (f"; if it belongs to the item above, indent it {_spaces(owner)} to line up"
               " with that item's first key") if owner is not None else ""
    return at[0] + 1, here + 1, (
        "not valid YAML: this line is inside a list, where each item starts with '- ',"
        f" but it does not. If it is a new item, write '- {_short(content)}' with its"
        f" '- ' lined up with the other items{belongs}")


def _no_colon(lines: list[str], at: tuple[int, int], start: Any) -> Found | None:
    """'could not find expected ':'': a line that is neither a key nor a list item."""
    n = getattr(start, "line", at[0])
    line = _line(lines, n)
    content = line.strip()
    above = _above(lines, n)
    in_list = above is not None and above[1].lstrip(" ").startswith("- ")
    item = f" If it is an item of the list above, write '- {_short(content)}'." if in_list else ""
    return n + 1, _indent(line) + 1, (
        f"not valid YAML: the line '{_short(content)}' is neither 'key: value' nor a list"
        f" item starting with '- '.{item} If it continues the text on the line above, indent"
        " it further than that line's key, or put the text on the lines below 'key: |'")


def _starts_value(symbol: str, meaning: str) -> Explainer:
    def explain(lines: list[str], at: tuple[int, int], start: Any) -> Found:
        n, col = getattr(start, "line", at[0]), getattr(start, "column", at[1])
        line = _line(lines, n)
        value = line[col:].strip()
        return n + 1, col + 1, (
            f"not valid YAML: a value cannot start with '{symbol}' unless it is in quotes"
            f" ({meaning}). Put the text in quotes, for example"
            f" {_key_of(line)}: {_in_quotes(_short(value, 60))}")
    return explain


def _bad_start(lines: list[str], at: tuple[int, int], start: Any) -> Found | None:
    """'found character that cannot start any token': '@', '`' or '%' first in a value."""
    symbol = _line(lines, at[0])[at[1]: at[1] + 1]
    if symbol in ("@", "`", "%"):
        return _starts_value(symbol, "YAML keeps that character for itself")(lines, at, None)
    return None


def _dash_value(lines: list[str], at: tuple[int, int], start: Any) -> Found:
    line = _line(lines, at[0])
    value = line[at[1]:].strip()
    return at[0] + 1, at[1] + 1, (
        "not valid YAML: '- ' after a key on the same line would start a list where a"
        f" value must be. For text, put it in quotes: {_key_of(line)}:"
        f" {_in_quotes(_short(value, 60))}; for a list, put each item on its own line"
        " below, indented, starting with '- '")


def _block_header(lines: list[str], at: tuple[int, int], start: Any) -> Found:
    n, col = getattr(start, "line", at[0]), getattr(start, "column", at[1])
    line = _line(lines, n)
    symbol = line[col: col + 1] or "|"
    key = _key_of(line)
    return n + 1, col + 1, (
        f"not valid YAML: after '{symbol}' the text goes on the lines below, indented under"
        f" the key ({key}: {symbol} and then the text on the next line). To start the text"
        f" with '{symbol}', put it in quotes: {key}: {_in_quotes(_short(line[col:], 60))}")


def _bracket(lines: list[str], at: tuple[int, int], start: Any) -> Found:
    n, col = getattr(start, "line", at[0]), getattr(start, "column", at[1])
    line = _line(lines, n)
    symbol = line[col: col + 1] if line[col: col + 1] in _BRACKETS else "["
    closing, what = _BRACKETS[symbol]
    return n + 1, col + 1, (
        f"not valid YAML: the '{symbol}' here opens {what} that is not closed"
        f" with '{closing}' on its line. Close it, or, if this is text (a Markdown link,"
        f" say), put it in quotes: {_key_of(line)}: {_in_quotes(_short(line[col:], 60))}")


_BRACKETS = {"[": ("]", "a list in brackets"), "{": ("}", "a mapping in braces")}


def _too_deep(lines: list[str], at: tuple[int, int], start: Any) -> Found:
    return at[0] + 1, at[1] + 1, too_deep_message()


def too_deep_message() -> str:
    return (f"not valid YAML: lists and mappings are nested more than {MAX_DEPTH} levels deep"
            " here, and a review needs about ten: check the brackets and the indentation of"
            " the lines above")


# Which explainer reads which parser complaint, by the words of its problem or context.
_EXPLAINERS: list[tuple[str, Explainer]] = [
    ("mapping values are not allowed", _colon),
    ("did not find expected key", _no_key),
    ("did not find expected '-' indicator", _no_dash),
    ("could not find expected ':'", _no_colon),
    ("while scanning an alias", _starts_value("*", "YAML reads '*' there as an alias")),
    ("while scanning an anchor", _starts_value("&", "YAML reads '&' there as an anchor")),
    ("found character that cannot start any token", _bad_start),
    ("block sequence entries are not allowed", _dash_value),
    ("while scanning a block scalar", _block_header),
    ("while parsing a flow", _bracket),
    ("exceeded maximum nesting depth", _too_deep),
]
