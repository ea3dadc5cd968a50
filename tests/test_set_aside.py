"""The plugin sets finished HTML blocks aside before Markdown runs, by a plain scan.

The rule it must follow is the one a regular expression states plainly (markers on lines
of their own, the nearest closing marker that ends a line); the scan replaced it for speed,
so it is checked against it on many random mixtures of markers, text and line breaks.
"""

from __future__ import annotations

import random
import re

from csreview.mkdocs.pages import _PLACEHOLDER, set_aside
from csreview.pages.render import HTML_BLOCK_END, HTML_BLOCK_START, html_block

RULE = re.compile(
    rf"^{re.escape(HTML_BLOCK_START)}\n(.*?)\n{re.escape(HTML_BLOCK_END)}$", re.S | re.M)


def by_the_rule(markdown: str) -> tuple[str, list[str]]:
    blocks: list[str] = []

    def replace(match: re.Match[str]) -> str:
        blocks.append(match.group(1))
        return f"\n\n{_PLACEHOLDER}{len(blocks) - 1}\n\n"

    return RULE.sub(replace, markdown), blocks


def test_blocks_from_the_templates_are_set_aside_whole() -> None:
    listing = "<ul>\n<li>two</li>\n</ul>"
    page = f"# Title\n\n{html_block('<p>one</p>')}\n\n## Next\n\n{html_block(listing)}\n"
    text, blocks = set_aside(page)
    assert blocks == ["<p>one</p>", "<ul>\n<li>two</li>\n</ul>"]
    assert "<p>" not in text and "# Title" in text and "## Next" in text


def test_the_scan_follows_the_rule_on_random_input() -> None:
    rng = random.Random(7)
    parts = [HTML_BLOCK_START, HTML_BLOCK_END, "\n", "a", " ", f"{HTML_BLOCK_START}\n",
             f"\n{HTML_BLOCK_END}"]
    for _ in range(5000):
        sample = "".join(rng.choice(parts) for _ in range(rng.randint(0, 12)))
        assert set_aside(sample) == by_the_rule(sample), repr(sample)
