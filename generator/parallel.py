"""Map a function over independent items on all cores, or in this process when few.

Loading review files, making each area's pages and writing spreadsheets are independent per
item; on a national folder they are most of a build's time. ``shared_map`` has this process
work alongside the workers; ``background_map`` leaves it free for other work meanwhile.
Workers come from a fork server (a plain fork is unsafe under `serve`, whose other threads
may hold locks), and receive the shared content once through the initializer rather than
with every item.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import types
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_shared: Any = None


def _init(shared: Any) -> None:
    global _shared
    _shared = shared


def _call_chunk(func: Callable[[Any, Any], Any], items: list[Any]) -> list[Any]:
    with no_gc():
        return [func(item, _shared) for item in items]


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cycle collector while building many objects that stay alive (a loaded
    folder, a generated site): each collection would walk all of them again, and on a
    national folder that was a quarter of the load time. Reference counting still frees
    everything that is dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def main_hidden() -> Iterator[None]:
    """Workers need only generator modules, yet multiprocessing runs the main script again
    in each one: that fails for code piped into ``python -``, and runs a script's top level
    twice when it lacks an ``if __name__ == "__main__":`` guard. So while workers start,
    the main module is swapped for an empty one and nothing is re-run."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def workers() -> int:
    return min(os.cpu_count() or 1, 8)


def pool(count: int, shared: Any = None) -> ProcessPoolExecutor:
    """Worker processes for this package's work, each handed ``shared`` once. From a fork
    server where there is one: forking a process that runs threads (``mkdocs serve``) can
    deadlock a child. Submit inside ``main_hidden()``."""
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(count, initializer=_init, initargs=(shared,),
                               mp_context=multiprocessing.get_context(method))


def _chunks(items: list[T], size: int) -> list[list[T]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def shared_map(
    func: Callable[[T, Any], R], items: Iterable[T], shared: Any, *, chunk: int = 20,
    parallel: bool = True,
) -> list[R]:
    """``[func(item, shared) for item in items]``, in order, with this process working too.

    For work whose results are costly to send back (loaded reviews), a pool alone leaves
    this process idle while it waits. Here the workers take chunks from the end and this
    process from the start; a chunk no worker has started yet is taken back and done here,
    so both sides finish together whatever the speed of each."""
    todo = list(items)
    if not parallel or workers() < 2 or len(todo) < 2 * chunk:
        with no_gc():
            return [func(item, shared) for item in todo]
    chunks = _chunks(todo, chunk)
    done: list[list[R] | None] = [None] * len(chunks)
    with pool(workers() - 1, shared) as executor:
        futures: dict[int, Future[list[R]]] = {}
        with main_hidden():
            for k in reversed(range(len(chunks))):
                futures[k] = executor.submit(_call_chunk, func, chunks[k])
        with no_gc():
            for k, chunk_items in enumerate(chunks):
                if not futures[k].cancel():
                    break  # a worker has it, and every chunk after it
                done[k] = [func(item, shared) for item in chunk_items]
            for k, future in futures.items():
                if done[k] is None:
                    done[k] = future.result()
    return [result for part in done if part is not None for result in part]


class Background:
    """``[func(item, shared) for item in items]`` on worker processes, started now and
    collected by ``result()``, so this process can do other work meanwhile."""

    def __init__(self, func: Callable[[Any, Any], Any], items: list[Any], shared: Any,
                 chunk: int) -> None:
        self._pool = pool(workers(), shared)
        with main_hidden():
            self._futures = [self._pool.submit(_call_chunk, func, part)
                             for part in _chunks(items, chunk)]

    def result(self) -> list[Any]:
        try:
            return [r for future in self._futures for r in future.result()]
        finally:
            self._pool.shutdown()

    def cancel(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def background_map(func: Callable[[T, Any], R], items: Iterable[T], shared: Any, *,
                   chunk: int = 10) -> Background:
    return Background(func, list(items), shared, chunk)
