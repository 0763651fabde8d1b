"""A reader's scan started before its screen exists: the first papers wait for the screen."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from papertui.vault.scan.pool import prestart
from papertui.vault.scan.prefetch import Prefetch
from papertui.vault.scan.result import ScanProgress
from papertui.vault.scan.scanner import Scanner
from papertui.vault.scan.vault_set import VaultSet

FIRST_ROWS_WAIT = 2.0
"""The longest a scan waits for the screen to show its first papers."""


@dataclass(frozen=True, slots=True)
class EarlyScan:
    """A scanner already scanning, and the snapshots it yields (made ahead in a thread).

    Importing Textual and laying out the screen take most of a reader's first
    half second; the scan's worker processes read meanwhile. The next snapshot
    is made only once the screen has taken the last: until the screen is up,
    the scan's thread waits rather than slow the start down.
    """

    scanner: Scanner | VaultSet
    batches: Prefetch[ScanProgress]
    """What ``scanner.iter_batches(snapshots=wanted)`` yields."""
    wanted: threading.Event
    """Set when the screen is ready for the next snapshot (see ``Scanner.iter_batches``)."""
    shown: threading.Event
    """Set when the screen shows its first rows: the scan waits for it (see :func:`paced`)."""

    @classmethod
    def start(
        cls, root: Path, *, include: Sequence[str] = (), exclude: Sequence[str] = ()
    ) -> EarlyScan:
        """Start scanning ``root`` now (call before other threads start: see ``prestart``)."""
        prestart()
        return cls.begin(Scanner(root, include=include, exclude=exclude))

    @classmethod
    def begin(cls, scanner: Scanner | VaultSet) -> EarlyScan:
        """Start ``scanner`` scanning now (``prestart`` called already)."""
        wanted = threading.Event()
        wanted.set()  # the first papers at once
        shown = threading.Event()
        batches = Prefetch(
            paced(scanner.iter_batches(snapshots=wanted), shown), ahead=0, name="papertui-scan"
        )
        return cls(scanner, batches.start(), wanted, shown)

    def cancel(self) -> None:
        """Stop scanning (if the screen never took the snapshots, or stopped taking them)."""
        self.batches.cancel()
        self.shown.set()  # (a scan waiting for the screen stops waiting)


def paced(
    batches: Iterable[ScanProgress], shown: threading.Event, timeout: float | None = None
) -> Iterator[ScanProgress]:
    """``batches``, the scan pausing after its first papers until ``shown`` is set.

    The first rows reach the screen through several threads in turn; a scan
    going on meanwhile holds the GIL against each of them. It waits at most
    ``timeout`` seconds (default :data:`FIRST_ROWS_WAIT`).
    """
    iterator = iter(batches)
    waiting = True
    try:
        for progress in iterator:
            yield progress
            if waiting and progress.result is not None:
                waiting = False
                shown.wait(FIRST_ROWS_WAIT if timeout is None else timeout)
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()
