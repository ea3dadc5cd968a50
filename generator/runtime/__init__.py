"""How work runs: process pools, what `serve` keeps between rebuilds, staging folders and
the output guard, workers that end with their build, tools' warnings. The core never
imports this; adapters hand it in (``source.work``)."""

__all__ = [
    "lifeline",
    "output_guard",
    "parallel",
    "reuse",
    "staging",
    "tool_warnings",
    "work",
]
