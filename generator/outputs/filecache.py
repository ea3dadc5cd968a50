"""A folder of files made before, by the sha256 of everything that shaped them.

PDFs and spreadsheets are the slow parts of a build and depend only on their inputs, so a
rebuild reuses each one whose inputs are unchanged. Builds for other audiences or older
content share the folder; entries no build has used for a month are removed.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

KEEP_UNUSED = 30 * 24 * 3600


def digest(parts: Iterable[str | bytes]) -> str:
    """A key for a list of inputs: each part is hashed with a separator after it, so
    ("ab", "c") and ("a", "bc") differ."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


class FileCache:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder  # None: no cache, every read misses and writes do nothing

    def read(self, name: str) -> bytes | None:
        if self.folder is None:
            return None
        path = self.folder / name
        try:
            data = path.read_bytes()
            os.utime(path)  # used now: keeps it from being pruned
        except OSError:
            return None
        return data

    def write(self, name: str, data: bytes) -> str | None:
        """Write atomically, so a build interrupted mid-write never leaves a torn file to
        reuse. A cache that cannot be written only costs speed: returns why, for a warning,
        and the build goes on."""
        if self.folder is None:
            return None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, self.folder / name)
        except OSError as exc:
            return f"cannot write the cache in {self.folder}: {exc}"
        return None

    def prune(self, pattern: str) -> None:
        """Remove entries matching ``pattern`` that no build has used for a month."""
        if self.folder is None or not self.folder.is_dir():
            return
        cutoff = time.time() - KEEP_UNUSED
        for entry in self.folder.glob(pattern):
            try:
                if entry.stat().st_mtime < cutoff:
                    entry.unlink()
            except OSError:
                pass  # another build removed or replaced it first
