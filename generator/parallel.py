"""Map a function over independent items on all cores, or in this process when few.

Loading review files and making each area's pages are independent per item; on a national
folder they are most of a build's time. Workers come from a fork server (a plain fork is
unsafe under `serve`, whose other threads may hold locks), and receive the shared content
once through the initializer rather than with every item.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_shared: Any = None


def _init(shared: Any) -> None:
    global _shared
    _shared = shared


def _call(func: Callable[[Any, Any], Any], item: Any) -> Any:
    return func(item, _shared)


def workers() -> int:
    return min(os.cpu_count() or 1, 8)


def parallel_map(
    func: Callable[[T, Any], R], items: Iterable[T], shared: Any, *, parallel: bool = True,
    chunksize: int = 1,
) -> list[R]:
    """``[func(item, shared) for item in items]``, in order; on several processes when
    ``parallel`` and the machine has more than one core."""
    todo = list(items)
    if not parallel or workers() < 2 or len(todo) < 2:
        return [func(item, shared) for item in todo]
    with ProcessPoolExecutor(workers(), initializer=_init, initargs=(shared,),
                             mp_context=multiprocessing.get_context("forkserver")) as pool:
        return list(pool.map(_call, [func] * len(todo), todo, chunksize=chunksize))
