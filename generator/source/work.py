"""How the core runs its batches of independent work, decided by whoever calls it.

Loading a reviews folder and making every area's pages are each many independent jobs.
Whether they run on one core or all, whether results of an earlier run are kept, and
whether Python's cycle collector pauses meanwhile are questions for the adapters (a
one-off build, a live preview, a test), not the core: the core asks a ``Work`` and gets
answers. ``SERIAL`` is the plain answer: everything here, now, nothing kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

__all__ = ["SERIAL", "Keyed", "Serial", "Work"]

T = TypeVar("T")
R = TypeVar("R")
# A job's name, what it is made from, and the files (or folders) whose bytes count too.
Keyed = tuple[str, Any, Sequence[Path]]


class Work(Protocol):
    def map(self, func: Callable[[T, Any], R], items: Sequence[T], shared: Any, *,
            worth_sharing: bool) -> list[R]:
        """``[func(item, shared) for item in items]``, in order. ``worth_sharing``: the
        caller thinks the batch large enough to be worth spreading over processes."""
        ...

    def fill(self, keyed: Sequence[Keyed], make: Callable[[list[int]], list[Any]]
             ) -> list[Any]:
        """The result for each of ``keyed``: one kept from an earlier run whose inputs are
        equal, or one from ``make(positions)``, given every position left at once."""
        ...

    def batch(self) -> Any:
        """A context for a stretch of work that makes many objects and no garbage."""
        ...


class Serial:
    """Everything in this process, nothing kept between runs."""

    def map(self, func: Callable[[T, Any], R], items: Sequence[T], shared: Any, *,
            worth_sharing: bool) -> list[R]:
        return [func(item, shared) for item in items]

    def fill(self, keyed: Sequence[Keyed], make: Callable[[list[int]], list[Any]]
             ) -> list[Any]:
        return make(list(range(len(keyed))))

    @contextmanager
    def batch(self) -> Iterator[None]:
        yield


SERIAL: Work = Serial()
