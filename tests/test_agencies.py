"""The page of open actions by agency, in real builds: each open action once, under its
agency, with its due date and an overdue flag; leads only where they may be shown.

What the page should list comes from the rule — the latest review's actions whose status now
(after progress updates) is open — worked out from the files (tests/support/progress.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.cli import REPO
from tests.support.progress import BUILD_DAY, FIXTURE, actions_now, review_days, text_of


def listed(markup: str) -> list[tuple[str, str]]:
    """(agency heading, row text) for every row of every agency's table, in page order."""
    out = []
    for section in re.split(r"(?=<h2 id=\"agency-)", markup)[1:]:
        found = re.search(r"<h2[^>]*>(.*?)</h2>", section, re.S)
        assert found is not None
        heading = text_of(re.sub(r'<a class="headerlink".*?</a>', "", found.group(1)))
        body = section.split("</table>", 1)[0]
        for row in re.findall(r"<tr(?: class=\"[^\"]*\")?>\s*<td[ >].*?</tr>", body, re.S):
            out.append((heading, text_of(row)))
    return out


def page(site: Path, area: str = "riverton") -> str:
    return (site / "areas" / area / "actions-by-agency" / "index.html").read_text("utf-8")


def check_page(site: Path, area: Path, *, public: bool) -> list[tuple[str, str]]:
    latest = review_days(area)[-1]
    expected = actions_now(area, latest, public=public)
    rows = listed(page(site, area.name))
    open_now = [a for a in expected.values() if a.open]
    assert open_now and len(rows) == len(open_now)
    for a in expected.values():
        words = " ".join(a.text.split())
        holding = [(agency, row) for agency, row in rows if row.startswith(words)]
        if not a.open:
            assert holding == [], f"{a.id} is {a.status}, yet listed"
            continue
        assert len(holding) == 1, f"{a.id} listed {len(holding)} times"
        agency, row = holding[0]
        assert agency == (a.agency or "No agency named")
        assert a.due is not None
        assert f"{a.due.day} {a.due:%B %Y}" in row
        assert ("Overdue" in row) == (a.due < BUILD_DAY), a.id
    # The area page links to it.
    assert 'href="actions-by-agency/"' in (site / "areas" / area.name / "index.html"
                                           ).read_text("utf-8")
    return rows


def test_internal_page_lists_every_open_action_once_under_its_agency_and_its_leads(
    updates_sites: dict[str, Path]
) -> None:
    area = FIXTURE / "riverton"
    check_page(updates_sites["internal"], area, public=False)
    markup = page(updates_sites["internal"])
    leads = text_of(markup[markup.index('id="by-lead"'):])
    expected = actions_now(area, review_days(area)[-1])
    for lead in {a.lead for a in expected.values() if a.open and a.lead}:
        count = sum(1 for a in expected.values() if a.open and a.lead == lead)
        assert f"{lead}: {count} open action" in leads


def test_public_page_has_no_internal_action_and_no_leads(updates_sites: dict[str, Path]) -> None:
    area = FIXTURE / "riverton"
    check_page(updates_sites["public"], area, public=True)
    markup = page(updates_sites["public"])
    assert ">Lead<" not in markup and 'id="by-lead"' not in markup  # publish_leads: false
    assert "Brief the school nurses" not in markup  # an internal action


def test_example_page_lists_every_open_action_once(example_site: Path) -> None:
    check_page(example_site, REPO / "reviews" / "example", public=False)
