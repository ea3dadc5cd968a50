"""Work kept from one run to the next, handed back while the inputs that made it are equal.

`csreview serve` rebuilds after every saved file. On a national reviews folder, loading,
checking and generating every area again cost most of a minute for one edited review;
with a ``Reuse`` kept across rebuilds, only the areas whose inputs changed are redone.
A one-off ``build`` keeps none: there is nothing earlier to reuse.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class Reuse:
    """Results of the last run by name, each with the inputs that made it.

    Inputs are compared with ``==``: dataclasses compare field by field, and a tuple
    holding the very objects handed back last time compares them by identity first, so
    an unchanged area costs almost nothing to recognise. Whatever a run does not ask for
    is forgotten at its end, so a folder that is removed does not linger."""

    def __init__(self, *, enabled: bool = True) -> None:
        # A disabled one keeps nothing, so callers need only one way to do their work.
        self.enabled = enabled
        self._last: dict[str, tuple[Any, Any]] = {}
        self._now: dict[str, tuple[Any, Any]] = {}
        self.reused = 0  # in the last run; for tests and the benchmark

    def get(self, name: str, inputs: Any) -> Any | None:
        """What was made last run from equal inputs, or None."""
        kept = self._last.get(name)
        if kept is None or kept[0] != inputs:
            return None
        self._now[name] = kept
        self.reused += 1
        return kept[1]

    def put(self, name: str, inputs: Any, value: Any) -> None:
        if self.enabled:
            self._now[name] = (inputs, value)

    def fill(self, keyed: Sequence[tuple[str, Any]],
             make: Callable[[list[int]], list[Any]]) -> list[Any]:
        """One run over ``keyed`` (name, inputs) pairs: the result for each, kept from the
        last run where the inputs are equal, else from ``make(indices)``, which is given
        the positions of all the others at once so it can share them among processes."""
        with self.run():
            results = [self.get(name, inputs) for name, inputs in keyed]
            todo = [i for i, result in enumerate(results) if result is None]
            for i, result in zip(todo, make(todo), strict=True):
                results[i] = result
                self.put(*keyed[i], result)
        return results

    @contextmanager
    def run(self) -> Iterator[Reuse]:
        """One run: what it puts or reuses becomes the next run's ``last``. A run that
        fails keeps the previous results, which are still right for their inputs."""
        self._now, self.reused = {}, 0
        try:
            yield self
        except BaseException:
            self._now = {}
            raise
        self._last, self._now = self._now, {}


def folder_files(*folders: Path) -> list[Path]:
    """Every file under the folders, in a stable order, for ``files_digest``."""
    return [p for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()]


def files_digest(paths: Iterable[Path]) -> str:
    """A digest of the named files' bytes: a file saved with the same size within the same
    clock tick still changes it, which a modification time would miss."""
    h = hashlib.blake2b(digest_size=20)
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\0unreadable"
        h.update(str(path).encode("utf-8", "surrogateescape"))
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()
