"""The adapters' answer to the core's ``source.work.Work``: batches shared among all cores,
results kept between rebuilds of `serve`, the cycle collector paused while a batch runs."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from ..source.work import Keyed
from .parallel import no_gc, shared_map
from .reuse import Reuse, files_digest, folder_files

__all__ = ["Pooled"]

T = TypeVar("T")
R = TypeVar("R")
# Jobs per chunk handed to a worker: areas are large, so small chunks balance the cores.
CHUNK = 2


class Pooled:
    """Work on every core; with ``reuse`` (kept by `serve` across rebuilds), a job whose
    inputs and files are unchanged gets the result made last time."""

    def __init__(self, reuse: Reuse | None = None) -> None:
        self.reuse = reuse or Reuse(enabled=False)

    def map(self, func: Callable[[T, Any], R], items: Sequence[T], shared: Any, *,
            worth_sharing: bool) -> list[R]:
        return shared_map(func, items, shared, chunk=CHUNK, parallel=worth_sharing)

    def fill(self, keyed: Sequence[Keyed], make: Callable[[list[int]], list[Any]]
             ) -> list[Any]:
        if not self.reuse.enabled:
            return make(list(range(len(keyed))))
        digests: dict[tuple[Path, ...], str] = {}  # the same folders for every job

        def digest(paths: Sequence[Path]) -> str:
            key = tuple(paths)
            if key not in digests:
                files = [f for p in paths for f in (folder_files(p) if p.is_dir() else [p])]
                digests[key] = files_digest(files)
            return digests[key]

        return self.reuse.fill([(name, (inputs, digest(files)))
                                for name, inputs, files in keyed], make)

    @contextmanager
    def batch(self) -> Iterator[None]:
        with no_gc():  # many objects, none cyclic garbage: see parallel.no_gc
            yield
