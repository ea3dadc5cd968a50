"""The HTML made in Python for every action, finding and grid cell escapes what people typed.

Pages are built from these fragments (``pages/fragments.py``, ``pages/grid.py``) rather
than from Jinja's autoescaped templates, so each one is checked here, in the fast tier,
with markup in every text it shows. ``test_injection.py`` checks the same on a built site.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial

import markupsafe
from csreview.loading.load import Loaded
from csreview.pages.fragments import (
    closed_line,
    escape,
    findings,
    journey_steps,
    plan_groups,
    rating_badge,
    status_cell,
)
from csreview.pages.grid import domain_points, grid
from csreview.views.action_plan import plan_items
from csreview.views.history import journeys
from csreview.views.progress import progress_by_review
from hypothesis import given
from hypothesis import strategies as st

ATTACK = "<script>alert(1)</script>"
SHOWN = "&lt;script&gt;alert(1)&lt;/script&gt;"


@given(st.text(alphabet=st.sampled_from("ab &<>'\"é\n;#x3"), max_size=12) | st.text())
def test_the_quick_escape_is_markupsafes(text: str) -> None:
    # The fragments' escape skips markupsafe when there is nothing to replace; whatever
    # the text, it must give what markupsafe gives.
    assert escape(text) == str(markupsafe.escape(text))
    assert type(escape(text)) is str


def attacked(loaded: Loaded) -> tuple[object, ...]:
    """The example's latest review, with markup in every action's lead, agency and note."""
    area = next(a for a in loaded.workbook.areas if a.reviews)
    review = area.reviews[-1]
    domains = {}
    for key, dr in review.domains.items():
        points = {}
        for where, point in dr.points.items():
            found = tuple(replace(f, actions=tuple(
                replace(a, lead=ATTACK, agency=ATTACK, note=ATTACK) for a in f.actions))
                for f in point.findings)
            points[where] = replace(point, findings=found)
        domains[key] = replace(dr, points=points)
    return area, replace(review, domains=domains)


def test_every_action_fragment_escapes_typed_text(loaded: Loaded) -> None:
    fw = loaded.content.framework
    area, review = attacked(loaded)
    items = plan_items(review, fw, date(2030, 1, 1))
    assert items, "the example's latest review has actions"
    shown = [plan_groups(items, fw, True), *(status_cell(i, fw, "n") for i in items),
             *(closed_line(i, fw) for i in items)]
    for dr in review.domains.values():
        for point in dr.points.values():
            shown.append(findings(point, fw, {g.id: g.name for g in fw.goals}, True))
    for d in fw.domains:
        if d.id in review.domains:
            shown.append(domain_points(review.domains[d.id], d, fw, {},
                                       {g.id: g.name for g in fw.goals}, True))
    text = "".join(shown)
    assert "<script" not in text
    assert SHOWN in text


def test_the_grid_and_journeys_escape_what_they_show(loaded: Loaded) -> None:
    fw = loaded.content.framework
    area = next(a for a in loaded.workbook.areas if a.reviews)
    drawn = grid(fw, area.reviews[-1], partial(rating_badge, fw), link_base='"><b>',
                 caption=ATTACK)
    assert "<script" not in drawn and SHOWN in drawn
    assert '"><b>' not in drawn and "&#34;&gt;&lt;b&gt;" in drawn
    assert area.updates, "the example has progress reported between reviews"
    area = replace(area, updates=tuple(replace(u, meeting=ATTACK) for u in area.updates))
    followed = journeys(area.reviews, progress_by_review(area))
    steps = "".join(journey_steps(j, fw) for j in followed)
    assert steps.count('<ol class="csr-journey">') == len(followed) > 0
    assert "<script" not in steps and f"reported at {SHOWN}" in steps
