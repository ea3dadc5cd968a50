"""The bundled framework content, loaded once for tests that call the core in-process."""

from __future__ import annotations

import functools

from csreview.model.content import Content, load_content
from csreview.model.language import LanguageList
from csreview.source.diagnostics import Diagnostics

from tests.support.cli import REPO


@functools.cache
def bundled_content() -> Content:
    diags = Diagnostics()
    content = load_content(REPO / "content", diags)
    assert content is not None, [d.format() for d in diags]
    return content


def bundled_language() -> LanguageList:
    language = bundled_content().language
    assert language is not None, "content/language.yaml is missing"
    return language
