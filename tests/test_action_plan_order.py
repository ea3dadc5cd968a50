"""The action plan's order, checked against the rule as the page states it, not against the
code that sorts: open actions first; red findings' work before amber's before green's; within
a rating, overdue actions first, then by due date, undated last; done and dropped after."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

from csreview.loading.load import load_all
from csreview.pages import SiteOptions, generate
from csreview.source.diagnostics import Diagnostics

from tests.support.cli import REPO

BUILD_DAY = date(2026, 6, 1)  # after the due dates marked "overdue" below, before the rest

# Written in the order a reader should *not* see them, so no accident of file order passes.
REVIEW = """\
title: First system review
domains:
  partnerships:
    level-1:
      referral:
        findings:
          - rating: green
            text: Partners refer with context already.
            actions:
              - text: Green keep-up, overdue
                due: 2026-04-01
      assessment:
        findings:
          - rating: amber
            text: Assessments name places sometimes.
            actions:
              - text: Amber, due in September
                due: 2026-09-01
  target:
    level-1:
      referral:
        findings:
          - rating: red
            text: Referrals about places are not taken.
            actions:
              - text: Red, due in December
                due: 2026-12-01
              - text: Red, already done
                due: 2026-03-01
                status: done
      planning:
        findings:
          - rating: amber
            text: Plans mention peer groups in passing.
            actions:
              - text: Amber, overdue
                due: 2026-05-01
      response:
        findings:
          - rating: red
            text: Nobody responds to places.
            actions:
              - text: Red, no due date
  outcomes:
    level-1:
      referral:
        findings:
          - rating: red
            text: Outcomes for places are not recorded.
            actions:
              - text: Red, overdue
                due: 2026-03-01
"""

EXPECTED_OPEN = [
    "Red, overdue",
    "Red, due in December",
    "Red, no due date",
    "Amber, overdue",
    "Amber, due in September",
    "Green keep-up, overdue",
]


def test_the_action_plan_page_lists_actions_in_the_order_its_rule_gives(tmp_path: Path) -> None:
    area = tmp_path / "reviews" / "ordering"
    area.mkdir(parents=True)
    (area / "area.yaml").write_text("name: Ordering\n", "utf-8")
    (area / "2026-02-02.yaml").write_text(REVIEW, "utf-8")
    diags = Diagnostics()
    loaded = load_all(REPO / "content", tmp_path / "reviews", diags)
    assert loaded is not None and not diags.errors, diags.errors

    markup = generate(loaded, SiteOptions(pdf=False, build_date=BUILD_DAY)).text(
        "areas/ordering/2026-02-02/action-plan.md")
    open_part = markup[markup.index("{: #open }"):markup.index("{: #closed }")]
    closed_part = markup[markup.index("{: #closed }"):]

    shown = [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in
             re.findall(r'<td data-label="Action">(.*?)</td>', open_part, re.S)]
    assert [s.split("\n")[0] for s in shown] == EXPECTED_OPEN
    assert "Red, already done" in closed_part and "Red, already done" not in open_part
    # Overdue is flagged in words on each overdue row, not only by position.
    rows = re.findall(r'<tr class="csr-plan__action[^"]*">(.*?)</tr>', open_part, re.S)
    flagged = [name for name, row in zip(EXPECTED_OPEN, rows, strict=True)
               if ">Overdue</strong>" in row]
    assert flagged == ["Red, overdue", "Amber, overdue", "Green keep-up, overdue"]
    assert "5 open actions" not in markup and "6 open actions, 3 overdue" in markup
