"""A worker process's tie to the process that started it: when that one is gone, so is it.

A scan's worker processes wait on a queue that their parent feeds. Killed
parents (``kill -9``, a closed terminal) used to leave them blocked there
for good, since every worker holds the queue open too. So each worker, as it
starts, asks Linux to kill it when its parent dies (``PR_SET_PDEATHSIG``),
and, on every system, a thread of its own looks at its parent's id a few
times a second: a new parent id means the old parent has died.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

POLL_SECONDS = 0.2
"""How often a worker looks whether its parent is still there."""
_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Make this process end when its parent does (a worker process's initializer)."""
    parent = os.getppid()
    _ask_the_kernel()
    if os.getppid() != parent:  # the parent died before the kernel was asked
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="lifeline", daemon=True).start()


def _ask_the_kernel() -> None:
    """Linux: SIGKILL this process when the thread that forked it ends."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError, TypeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


def _watch(parent: int) -> None:
    """End the process as soon as its parent is no longer ``parent``."""
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)
