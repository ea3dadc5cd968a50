"""A plain sentence skips markdown-it; the HTML must be exactly what markdown-it gives,
as a paragraph and inline.

Checked on the example's own texts and on many random strings drawn from letters, spaces,
digits, quotes, punctuation and every character that can start Markdown syntax.
"""

from __future__ import annotations

import random

from csreview.loading.load import Loaded
from csreview.pages.markdown import _plain_paragraph, _renderer, render_inline, render_markdown


def by_markdown_it(text: str) -> str:
    return _renderer().render(text).strip()


def test_random_text_renders_as_markdown_it_renders_it() -> None:
    rng = random.Random(11)
    alphabet = list("abcXYZ  ..,;:'\"()-+=#>|0123456789") + list("\\`*_[]<&!~\n\t") + [
        "é", "“", "—", "\u00a0", "&amp;", "1. ", "- ", "# ", "http://x.invalid", "**b**"]
    plainish = list("abcXYZé  ..,;:'\"()-—“") + ["1. ", "- ", "# ", "\u00a0", "#", "0", "="]
    fast = 0
    for n in range(20000):
        letters = plainish if n % 2 else alphabet
        text = "".join(rng.choice(letters) for _ in range(rng.randint(0, 30)))
        if _plain_paragraph(text) is not None:
            fast += 1
        assert render_markdown(text) == by_markdown_it(text), repr(text)
        assert render_inline(text) == _renderer().renderInline(text), repr(text)
    assert fast > 1000, "the fast path should be taken for plain sentences"


def test_the_examples_texts_render_as_markdown_it_renders_them(loaded: Loaded) -> None:
    texts = []
    for area in loaded.workbook.areas:
        for review in area.reviews:
            for _, finding, action in review.all_actions():
                texts += [finding.text, action.text, action.note or ""]
    assert texts
    for text in texts:
        assert render_markdown(text) == by_markdown_it(text), repr(text)
        assert render_inline(text) == _renderer().renderInline(text), repr(text)
