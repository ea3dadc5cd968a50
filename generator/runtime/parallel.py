"""Map a function over independent items on all cores, or in this process when few.

Loading review files, making each area's pages and writing spreadsheets are independent per
item; on a national folder they are most of a build's time. ``shared_map`` has this process
work alongside the workers; ``background_map`` leaves it free for other work meanwhile.

Workers are forked from this process when that is safe, that is when it runs no other
thread: they start with the shared content and every item in memory, and are sent only
the positions of their items, so nothing is pickled for them. Otherwise (under `serve`,
whose other threads may hold locks that a forked copy could never take) workers come from
a fork server, receive the shared content once through the initializer, and the items
with each chunk. Either way results come back through files (see ``_handed_over``).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import shutil
import sys
import tempfile
import threading
import types
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from .lifeline import end_with
from .staging import SPOOL, owned_folder, remove_leftovers

T = TypeVar("T")
R = TypeVar("R")

# A worker's own: set once by ``_init`` as it starts, never in the process that starts it.
_shared: Any = None
_items: list[Any] = []  # a forked worker's items, as the parent held them when it forked
_spool = ""  # the folder where a worker leaves its results (see _handed_over)
_frozen_for_good = False  # see freeze_for_good


def _init(shared: Any, items: list[Any], spool: str, owner: int) -> None:
    """A worker's start. Forked, it is handed ``shared`` and ``items`` as they are in the
    parent's memory, whenever the pool forks it; from a fork server, ``items`` is empty
    and each chunk brings its own."""
    global _shared, _items, _spool
    end_with(owner)
    _shared, _items, _spool = shared, items, spool


def _call_chunk(func: Callable[[Any, Any], Any], items: list[Any]) -> str:
    with no_gc():
        return _handed_over([func(item, _shared) for item in items])


def _call_forked(func: Callable[[Any, Any], Any], positions: list[int]) -> str:
    return _call_chunk(func, [_items[i] for i in positions])


def _handed_over(results: list[Any]) -> str:
    """Results go back through a file, and only its name through the pool's pipe. The
    pipe is read by a thread of the parent, which must win the GIL from the parent's busy
    main thread for every 64 KB: a worker sending an area's pages back spent most of its
    time waiting for that, and did a fifth of the areas rather than half."""
    fd, path = tempfile.mkstemp(dir=_spool, suffix=".pickle")
    with os.fdopen(fd, "wb") as out:
        pickle.dump(results, out, protocol=pickle.HIGHEST_PROTOCOL)
    return path


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cycle collector while building many objects that stay alive (a loaded
    folder, a generated site): each collection would walk all of them again, and on a
    national folder that was a quarter of the load time. Reference counting still frees
    everything that is dropped.

    At the end, what was built is moved straight to the oldest generation, as if it had
    survived the young collections: otherwise the first collection after the pause walks
    every object made during it (1.1 s after loading a national folder). Cycles among
    them are still found by the next full collection. After ``freeze_for_good``, these
    join the frozen objects instead: moving everything back would undo it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if not _frozen_for_good:
            gc.unfreeze()
        if enabled:
            gc.enable()


def freeze_for_good() -> None:
    """Exempt every object now alive from the cycle collector until ``thaw``: for a one-off
    build, whose model and pages live to its end. A full collection walked a gigabyte on a
    national build, and after a fork made this process copy every page of memory it shared
    with its children. A flag, not ``gc.get_freeze_count()``: that walks every frozen
    object, and did so in each worker, doubling the MkDocs phase."""
    global _frozen_for_good
    gc.freeze()
    _frozen_for_good = True


def thaw() -> None:
    global _frozen_for_good
    gc.unfreeze()
    _frozen_for_good = False


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


def fork_is_safe() -> bool:
    return ("fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


class Workers:
    """``count`` worker processes for ``[func(items[i], shared) …]``, given positions."""

    def __init__(self, count: int, shared: Any, items: list[Any]) -> None:
        self.items = items
        # Named for this process, so a later run removes it if this one is killed.
        temp = Path(tempfile.gettempdir())
        remove_leftovers(temp, SPOOL)
        self.spool = str(owned_folder(temp, SPOOL))
        self.forked = fork_is_safe()
        if self.forked:
            # A forked worker's arguments are not pickled: it starts with them in memory.
            self.executor = ProcessPoolExecutor(
                count, mp_context=multiprocessing.get_context("fork"),
                initializer=_init, initargs=(shared, items, self.spool, os.getpid()))
        else:
            method = ("forkserver" if "forkserver" in multiprocessing.get_all_start_methods()
                      else "spawn")
            self.executor = ProcessPoolExecutor(
                count, initializer=_init, initargs=(shared, [], self.spool, os.getpid()),
                mp_context=multiprocessing.get_context(method))

    def submit(self, func: Callable[[Any, Any], Any], positions: list[int]) -> Future[str]:
        """Start ``func`` on the items at ``positions``; ``result`` gives what it returned."""
        if not self.forked:
            with main_hidden():
                return self.executor.submit(_call_chunk, func,
                                            [self.items[i] for i in positions])
        return self.executor.submit(_call_forked, func, positions)

    def result(self, future: Future[str]) -> list[Any]:
        path = future.result()
        with open(path, "rb") as handed:
            data = handed.read()
        os.unlink(path)
        with no_gc():
            return list(pickle.loads(data))

    def shutdown(self, *, wait: bool = True, cancel_futures: bool = False) -> None:
        self.executor.shutdown(wait=wait, cancel_futures=cancel_futures)
        shutil.rmtree(self.spool, ignore_errors=True)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()


def _chunks(count: int, size: int) -> list[list[int]]:
    """The positions 0 … count-1 in runs of ``size``: what workers are sent."""
    return [list(range(i, min(i + size, count))) for i in range(0, count, size)]


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
    chunks = _chunks(len(todo), chunk)
    done: list[list[R] | None] = [None] * len(chunks)
    with Workers(workers() - 1, shared, todo) as pool:
        futures: dict[int, Future[str]] = {}
        for k in reversed(range(len(chunks))):
            futures[k] = pool.submit(func, chunks[k])
        with no_gc():
            for k, positions in enumerate(chunks):
                if not futures[k].cancel():
                    break  # a worker has it, and every chunk after it
                done[k] = [func(todo[i], shared) for i in positions]
            for k, future in futures.items():
                if done[k] is None:
                    done[k] = pool.result(future)
    return [result for part in done if part is not None for result in part]


class Background:
    """``[func(item, shared) for item in items]`` on worker processes, started now and
    collected by ``result()``, so this process can do other work meanwhile."""

    def __init__(self, func: Callable[[Any, Any], Any], items: list[Any], shared: Any,
                 chunk: int) -> None:
        self._pool = Workers(workers(), shared, items)
        self._futures = [self._pool.submit(func, part)
                         for part in _chunks(len(items), chunk)]

    def result(self) -> list[Any]:
        try:
            return [r for future in self._futures for r in self._pool.result(future)]
        finally:
            self._pool.shutdown()

    def cancel(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def background_map(func: Callable[[T, Any], R], items: Iterable[T], shared: Any, *,
                   chunk: int = 10) -> Background:
    return Background(func, list(items), shared, chunk)
