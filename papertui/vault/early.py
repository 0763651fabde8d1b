"""A reader's scan started before its screen exists: the first papers wait for the screen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from papertui.vault.parallel import prestart
from papertui.vault.prefetch import Prefetch
from papertui.vault.scanner import Scanner, ScanProgress


@dataclass(frozen=True, slots=True)
class EarlyScan:
    """A scanner already scanning, and the snapshots it yields (made ahead in a thread).

    Importing Textual and laying out the screen take most of a reader's first
    half second; the scan's worker processes read meanwhile. The next snapshot
    is made only once the screen has taken the last: until the screen is up,
    the scan's thread waits rather than slow the start down.
    """

    scanner: Scanner
    batches: Prefetch[ScanProgress]
    """What ``scanner.iter_batches()`` yields."""

    @classmethod
    def start(
        cls, root: Path, *, include: Sequence[str] = (), exclude: Sequence[str] = ()
    ) -> EarlyScan:
        """Start scanning ``root`` now (call before other threads start: see ``prestart``)."""
        prestart()
        scanner = Scanner(root, include=include, exclude=exclude)
        batches = Prefetch(scanner.iter_batches(), ahead=0, name="papertui-scan")
        return cls(scanner, batches.start())

    def cancel(self) -> None:
        """Stop scanning (if the screen never took the snapshots, or stopped taking them)."""
        self.batches.cancel()
