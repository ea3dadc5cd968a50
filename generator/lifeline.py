"""A worker process ends as soon as the process that started it does, however that ended.

A pool's workers wait on a pipe that they themselves hold open, so when a build is killed
(``kill -9``, the terminal closed) they would otherwise live on, orphaned, rendering PDFs
for no one. On Linux the kernel signals them when their parent dies (``PR_SET_PDEATHSIG``);
elsewhere a thread in each worker watches for its parent to change.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1
# How often a worker without PR_SET_PDEATHSIG looks for its parent.
WATCH_SECONDS = 0.5


def end_with_parent(parent: int | None = None) -> None:
    """Call first thing in a new worker. ``parent`` is the process that started it, when
    known (a forked child is told; a fork server's child asks)."""
    expected = os.getppid() if parent is None else parent
    if not _kernel_signals_death():
        threading.Thread(target=_watch, args=(expected,), name="csreview-lifeline",
                         daemon=True).start()
    if os.getppid() != expected:  # it died before we were listening
        os._exit(1)


def _kernel_signals_death() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)
