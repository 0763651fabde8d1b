"""A scan's progress as one plain line on stderr, when stderr is a terminal."""

from __future__ import annotations

import shutil
import time
from typing import TextIO

from papertui.vault.scan.result import ScanProgress

DELAY = 0.2
"""Seconds before the line first shows: a quick scan shows none."""
EVERY = 0.1
"""Seconds between redraws."""


class ProgressLine:
    """Draws ``reading notes [#####-----] 4,123/10,000 notes, 61,234 papers`` with ``\\r``.

    No Rich, no colour: plain text a headless command can afford. Call it with
    each :class:`ScanProgress`; :meth:`close` wipes the line.
    """

    def __init__(self, stream: TextIO, *, enabled: bool | None = None) -> None:
        self.stream = stream
        self.enabled = _is_terminal(stream) if enabled is None else enabled
        self.started = time.monotonic()
        self.drawn = 0
        """The width of the line on screen (0: none)."""
        self.next = self.started + DELAY

    def __call__(self, progress: ScanProgress) -> None:
        if not self.enabled or progress.final:
            return
        now = time.monotonic()
        if now < self.next:
            return
        self.next = now + EVERY
        self.draw(progress.done, progress.total, progress.papers)

    def draw(self, done: int, total: int, papers: int) -> None:
        """Show the line now."""
        width = min(shutil.get_terminal_size((80, 24)).columns - 1, 100)
        counts = f" {done:>{len(f'{total:,}')},}/{total:,} notes, {papers:>9,} papers"
        room = width - len("reading notes []") - len(counts)
        bar = ""
        if room >= 10:
            filled = room * done // total if total else room
            bar = " [" + "#" * filled + "-" * (room - filled) + "]"
        line = f"reading notes{bar}{counts}"[:width]
        self.stream.write("\r" + line.ljust(self.drawn))
        self.stream.flush()
        self.drawn = len(line)

    def close(self) -> None:
        """Wipe the line, if one was drawn."""
        if self.drawn:
            self.stream.write("\r" + " " * self.drawn + "\r")
            self.stream.flush()
            self.drawn = 0


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
