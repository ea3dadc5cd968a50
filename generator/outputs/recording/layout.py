"""The recording workbook's layout: its sheets, columns and the words in its drop-downs.

Shared by the writer (``sheet``) and the reader (``importer``), so what one
writes the other finds. Headings and identifiers are the printed blank sheets' (Finding,
Rating, Summary of why; ``target · level-1 · referral``), so paper → workbook is mechanical;
every display name and identifier comes from the framework. The reader finds a column by
the review-file key printed under its heading, not by its position, so a column can be
added later (like Target, beside Overall) and workbooks made before it still read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from ...model.framework import Framework
from ...model.ratings import overall_name

SEP = " · "
INSTRUCTIONS, SESSION, VALUES, LISTS = "How to fill in", "Session", "Values Checker", "Lists"
# Domain and Values Checker sheets: a title, a line on what the sheet is, the headings, the
# review file's key under each heading, then the rows.
TITLE_ROW, ABOUT_ROW, HEAD_ROW, KEY_ROW, FIRST_ROW = 1, 2, 3, 4, 5
# Spare rows: under each finding for new actions, and blocks for new findings per point.
SPARE_ACTION_ROWS, SPARE_FINDINGS, ROWS_PER_NEW_FINDING = 2, 2, 3
# Room left in the Session sheet's lists beyond what is filled in.
SPARE_FACILITATORS, SPARE_PARTICIPANTS = 3, 8

# Kinds of cell. FIXED cells are identifiers: shown, protected from accidental edits.
FIXED, TEXT, LINE, LINES, DATE, YESNO = "fixed", "text", "line", "lines", "date", "yes/no"
RATING, OVERALL, STATUS, EVIDENCE, EDITION, AUDIENCE = (
    "rating", "overall", "status", "evidence", "edition", "audience")
YES, NO = "Yes", "No"


@dataclass(frozen=True)
class Column:
    key: str  # printed under the heading: where the cell goes in the review file
    heading: str
    width: float
    kind: str
    # Added after workbooks were first made: one made before has no such column, and reads
    # as if the column were empty.
    later: bool = False


DOMAIN_COLUMNS = (
    Column("", "Level", 9, FIXED),
    Column("", "System point", 12, FIXED),
    Column(f"domain{SEP}level{SEP}point", "Where", 27, FIXED),
    Column("overall", "Overall", 12, OVERALL),
    Column("target", "Target", 12, OVERALL, later=True),  # a rating or pair, as Overall
    Column("findings[n]", "Finding", 9, FIXED),
    Column("rating", "Rating", 10, RATING),
    Column("text", "Summary of why", 48, TEXT),
    Column("evidence", "Evidence", 20, EVIDENCE),
    Column("internal", "Internal finding", 10, YESNO),
    Column("accept", "Accepted phrases", 18, LINES),
    Column(f"actions{SEP}text", "Action", 44, TEXT),
    Column(f"actions{SEP}id", "Action id", 24, LINE),
    Column(f"actions{SEP}lead", "Lead", 16, LINE),
    Column(f"actions{SEP}agency", "Agency", 20, LINE),
    Column(f"actions{SEP}due", "Due", 12, DATE),
    Column(f"actions{SEP}status", "Status", 12, STATUS),
    Column(f"actions{SEP}note", "Progress note", 40, TEXT),
    Column(f"actions{SEP}internal", "Internal action", 10, YESNO),
    Column(f"actions{SEP}accept", "Accepted phrases (action)", 18, LINES),
)
WHERE, NUMBER = DOMAIN_COLUMNS[2].key, "findings[n]"
OVERALL_KEY, TARGET_KEY = "overall", "target"
POINT_KEYS = (OVERALL_KEY, TARGET_KEY)  # said once, in a system point's first row
FINDING_KEYS = ("rating", "text", "evidence", "internal", "accept")
ACTION_PREFIX = f"actions{SEP}"


def cell(key: str, row: int) -> str:
    """Where a domain sheet's column ``key`` meets ``row``, like G7."""
    number = next(n for n, c in enumerate(DOMAIN_COLUMNS, 1) if c.key == key)
    return f"{get_column_letter(number)}{row}"


VALUES_COLUMNS = (
    Column("", "Domain", 22, FIXED),
    Column("", "Value", 18, FIXED),
    Column(f"domain{SEP}values{SEP}value", "Where", 34, FIXED),
    Column("", "Questions to ask", 60, FIXED),
    Column("values", "Reflection", 60, TEXT),
)

# The Session sheet: one row per detail, found by its key; lists run on down the rows.
SESSION_HEAD_ROW = 3
SESSION_COLUMNS = (Column("", "Detail", 34, FIXED), Column("", "Key in the review file", 22, FIXED),
                   Column("", "Entry", 60, TEXT), Column("", "How to fill it in", 48, FIXED))
AREA_KEY, DATE_KEY, METHODS_KEY = "reviews/<area>/", "<YYYY-MM-DD>.yaml", "methods"


def where(*parts: str) -> str:
    return SEP.join(parts)


def domain_sheet(fw: Framework, domain_id: str) -> str:
    """A domain's sheet name: its name, within Excel's 31 characters and without the
    characters Excel refuses."""
    name = re.sub(r"[\[\]:*?/\\]", " ", fw.name("domains", domain_id)).strip(" '")
    return name[:31].strip() or domain_id[:31]


# --- Words in drop-downs, and reading back what was chosen or typed -----------------------

def options(fw: Framework, kind: str) -> list[str]:
    """What a drop-down offers, as the printed sheets show it."""
    if kind == RATING:
        return [r.name for r in fw.ratings]
    if kind == OVERALL:
        return [overall_name(fw, o) for o in fw.overall_options()]
    if kind == STATUS:
        return [s.name for s in fw.statuses]
    if kind == EVIDENCE:
        return fw.ids("evidence_methods")
    if kind == EDITION:
        return fw.ids("editions")
    if kind == AUDIENCE:
        return [a.name for a in fw.audiences]
    return [YES, NO]


def shown(fw: Framework, kind: str, ident: str) -> str:
    """An identifier as its drop-down shows it."""
    if kind == OVERALL:
        return overall_name(fw, ident)
    table = {RATING: "ratings", STATUS: "statuses", AUDIENCE: "audiences"}.get(kind)
    return fw.name(table, ident) if table else ident


def _plain(text: str) -> str:
    """Letter case, spaces and underscores do not matter: "In progress", "in-progress" and
    "IN_PROGRESS" are one status, "Amber / Red" is "amber/red"."""
    return re.sub(r"[\s_]+", "-", re.sub(r"\s*/\s*", "/", text.strip().casefold()))


def _table(fw: Framework, kind: str) -> dict[str, str]:
    kinds = {RATING: "ratings", STATUS: "statuses", EVIDENCE: "evidence_methods",
             EDITION: "editions", AUDIENCE: "audiences"}
    ids = fw.overall_options() if kind == OVERALL else fw.ids(kinds[kind])
    table = {_plain(shown(fw, kind, i)): i for i in ids}
    if kind == EVIDENCE:
        table |= {_plain(fw.name("evidence_methods", i)): i for i in ids}
    return table | {_plain(i): i for i in ids}


def chosen(fw: Framework, kind: str, text: str) -> str:
    """The identifier for what was chosen or typed, in any letter case; anything else as
    typed, for the validator to report with what is allowed."""
    return _table(fw, kind).get(_plain(text), text.strip())


def evidence_list(fw: Framework, text: str) -> tuple[str, ...]:
    """Several methods in one cell, separated by commas, semicolons or line breaks."""
    return tuple(chosen(fw, EVIDENCE, part) for part in re.split(r"[,;\n]", text)
                 if part.strip())
