"""A worker process ends as soon as the process it works for does, however that ended.

A pool's workers wait on a pipe that they themselves hold open, so when a build is killed
(``kill -9``, the terminal closed) they would otherwise live on, orphaned, rendering PDFs
for no one. A worker forked from the build asks the kernel to kill it when its parent dies
(Linux's ``PR_SET_PDEATHSIG``). A fork server's worker cannot: its parent is the fork
server, which in turn waits for its workers to end (each holds its "alive" pipe open). So
it, and a worker where the kernel offers no such signal, watches the build from a thread.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from pathlib import Path

__all__ = ["end_with", "running"]

_PR_SET_PDEATHSIG = 1
# How often a watching worker looks for the process it works for.
WATCH_SECONDS = 0.5


def end_with(owner: int) -> None:
    """Call first thing in a new worker; ``owner`` is the pid of the process it works for."""
    if os.getppid() == owner and _kernel_signals_death():
        if os.getppid() != owner:  # it died before the kernel was listening
            os._exit(1)
        return
    threading.Thread(target=_watch, args=(owner,), name="csreview-lifeline",
                     daemon=True).start()


def running(pid: int) -> bool:
    """Whether the process ``pid`` still runs (one that has ended but that its parent has
    not yet waited for does not)."""
    if sys.platform == "win32":
        return True  # os.kill(pid, 0) would send it Ctrl-C; assume it runs
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def _kernel_signals_death() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(owner: int) -> None:
    while running(owner):
        time.sleep(WATCH_SECONDS)
    os._exit(1)
