"""When a long scan reports its progress: at the first chance, then at a steady pace."""

from __future__ import annotations

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
