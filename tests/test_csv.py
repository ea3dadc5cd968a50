"""The action plan's CSV is written without the csv module (for speed: see
``outputs/exports.py``), so here it is held to what ``csv.writer`` writes for the same
table, on tables made at random: commas, quotes, both kinds of line break, text that
looks like a formula, dates, numbers and empty cells."""

from __future__ import annotations

import csv
import io
from datetime import date

from csreview.loading.load import Loaded
from csreview.outputs.exports import FORMULA_START, PlanTable, action_plan_csv
from hypothesis import given, settings
from hypothesis import strategies as st

TEXT = st.text(alphabet=st.sampled_from('ab ,"\r\n\t=+-@\'é;'), max_size=8) | st.text(max_size=8)
CELL = TEXT | st.none() | st.integers(-5, 500) | st.dates(date(2020, 1, 1), date(2030, 1, 1))


def written_by_the_csv_module(table: PlanTable) -> bytes:
    def cell(value: object) -> object:
        if value is None:
            return ""
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, str) and value.startswith(FORMULA_START):
            return "'" + value
        return value

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header)
    writer.writerows([[cell(v) for v in row] for row in table.rows])
    return buffer.getvalue().encode("utf-8-sig")


TABLES = st.integers(2, 5).flatmap(lambda width: st.tuples(
    st.lists(TEXT, min_size=width, max_size=width),
    st.lists(st.lists(CELL, min_size=width, max_size=width), max_size=6)))


def test_the_csv_is_what_the_csv_module_writes(loaded: Loaded) -> None:
    area = loaded.workbook.areas[0]

    # Inside, so that Hypothesis shows the table that failed rather than the whole model.
    @settings(max_examples=300, deadline=None)
    @given(TABLES)
    def check(made: tuple[list[str], list[list[object]]]) -> None:
        table = PlanTable(*made)  # type: ignore[arg-type]
        ours = action_plan_csv(area, area.reviews[0], loaded.content.framework,
                               None, show_leads=True, table=table)  # type: ignore[arg-type]
        assert ours == written_by_the_csv_module(table)

    check()
