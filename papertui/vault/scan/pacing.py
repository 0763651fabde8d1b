"""When a long scan reports its progress (at the first chance, then at a steady pace), and
whether a report carries the papers so far."""

from __future__ import annotations

import threading
import time


class Clock:
    """When the next progress report is due: at the first chance, then every ``interval``."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.next = 0.0

    def due(self) -> bool:
        return time.monotonic() >= self.next

    def reset(self) -> None:
        self.next = time.monotonic() + self.interval


def snapshot_wanted(snapshots: bool | threading.Event) -> bool:
    """Whether a report gives the papers so far: always, never, or while the Event is set
    (taking one clears it; whoever takes the snapshots sets it when ready for another)."""
    if not isinstance(snapshots, threading.Event):
        return snapshots
    if not snapshots.is_set():
        return False
    snapshots.clear()
    return True
