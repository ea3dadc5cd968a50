"""Make the new version of an output folder beside it, then swap it in whole, so a failed or
killed build leaves the previous one exactly as it was.

Every folder made on the way is named ``<prefix><pid>-<random>`` and carries a note of
which process on which machine made it, so a later run can tell what an earlier, killed
run left behind (its process has ended) from what a run still going is writing. Nothing
without that note is ever removed.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import socket
import sys
import tempfile
from pathlib import Path

from .lifeline import running
from .output_guard import MARKER

__all__ = ["Staging", "mark", "owned_folder", "remove_leftovers"]

OWNER_NOTE = ".csreview-staging"
# The prefix of the folders in the temporary folder that workers hand results back through
# (see parallel); every build removes those of runs that were killed.
SPOOL = "csreview-work-"


def mark(folder: Path, made_by: str) -> None:
    """Say in ``folder`` that csreview made it, so a later run may replace it."""
    (folder / MARKER).write_text(
        f"Made by `{made_by}`; the next one replaces this whole folder, so keep nothing"
        " else here.\n", encoding="utf-8")


def _note(pid: int) -> str:
    return (f"Being written by csreview, process {pid} on {socket.gethostname()}; removed"
            " when it ends, or by a later run once it has.\n")


def owned_folder(parent: Path, prefix: str) -> Path:
    """A new private folder ``parent/<prefix><pid>-<random>`` noting this process as its
    owner (see ``remove_leftovers``)."""
    pid = os.getpid()
    folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{pid}-", dir=parent))
    (folder / OWNER_NOTE).write_text(_note(pid), encoding="utf-8")
    return folder


def remove_leftovers(parent: Path, prefix: str) -> list[Path]:
    """Remove the folders ``owned_folder(parent, prefix)`` made for a process that has
    ended (killed, say, before it could clean up); return them."""
    pattern = re.compile(re.escape(prefix) + r"(\d+)-[A-Za-z0-9_]+")
    removed = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return []
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found is None or not entry.is_dir(follow_symlinks=False):
            continue
        pid = int(found.group(1))
        try:
            note = (Path(entry.path) / OWNER_NOTE).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if note == _note(pid) and not running(pid):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed


class Staging:
    """A new version of ``target`` made in a private folder beside it, made now; earlier
    runs' leftovers beside ``target`` are removed first. ``replace()`` marks the new
    version and swaps it in; ``remove()`` removes whatever is left: the staging folder,
    or after the swap the previous version."""

    def __init__(self, target: Path, made_by: str) -> None:
        self.target = target.resolve()
        self.made_by = made_by
        prefix = f".{self.target.name}.building-"
        self.target.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(self.target.parent, prefix)
        remove_leftovers(Path(tempfile.gettempdir()), SPOOL)
        self.holder = owned_folder(self.target.parent, prefix)
        # Where the new version is written, with the umask's permissions (the holder is
        # private): a web server running as another user must be able to read the site.
        self.tree = self.holder / self.target.name
        self.tree.mkdir()

    def replace(self) -> None:
        """Swap the new version in, so readers see the old folder or the new one."""
        mark(self.tree, self.made_by)
        if not self.target.exists():
            self.tree.rename(self.target)
        elif not _exchange(self.tree, self.target):
            previous = self.tree.with_name(f"{self.target.name}.previous")
            self.target.rename(previous)
            try:
                self.tree.rename(self.target)
            except OSError:
                previous.rename(self.target)
                raise

    def remove(self) -> None:
        shutil.rmtree(self.holder, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux's renameat2); False where that is not offered."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # a file system or kernel without it
    raise OSError(code, os.strerror(code), str(b))
