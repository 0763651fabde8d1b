"""What a scan found: the papers, and a report on every note."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TypeAlias

from papertui.vault.paper import PackedRow, Paper, SectionRow

READ = "read"
SKIPPED = "skipped"
PASSED_OVER = "passed-over"


Pair: TypeAlias = tuple[str, SectionRow]
"""A section row and the path of the note it is in."""
PackedPair: TypeAlias = tuple[str, PackedRow]
"""A section row, packed (plain tuples, as the index cache keeps it) or named; its note's path."""


class NoteStatus(StrEnum):
    """What the scanner did with a note."""

    READ = READ
    SKIPPED = SKIPPED
    """The note could not be read (encoding, binary, too large, ...)."""
    PASSED_OVER = PASSED_OVER
    """The note was read but is not a paper digest (a journal, an idea list)."""


STATUSES = {status.value: status for status in NoteStatus}


@dataclass(frozen=True, slots=True)
class NoteReport:
    """One note and what became of it."""

    path: str
    """Relative to the vault, with ``/``."""
    status: NoteStatus
    papers: int = 0
    """Paper sections found in this note (a digest pasted twice counts each copy)."""
    reason: str | None = None
    """Why the note was skipped or passed over, or what went wrong in part."""
    format: str | None = None
    """The format the note was read as: dendron, hexo, digest or plain."""


@dataclass(frozen=True, slots=True, repr=False)
class ScanResult:
    """What a scan found (or, while a scan runs, has found so far)."""

    root: Path
    papers: tuple[Paper, ...]
    """Newest day first, then by title."""
    notes: tuple[NoteReport, ...]
    """Every note considered, in path order."""

    @property
    def appearances(self) -> int:
        return sum(len(paper.appearances) for paper in self.papers)

    @property
    def merged(self) -> int:
        """Appearances folded into a paper seen elsewhere."""
        return self.appearances - len(self.papers)

    def count(self, status: NoteStatus) -> int:
        return sum(1 for note in self.notes if note.status is status)

    def __repr__(self) -> str:
        # Never every paper: Textual's @work describes a worker by its arguments'
        # reprs, and 150,000 papers took seconds of the UI thread each time.
        return (
            f"ScanResult(root={self.root!r}, papers=<{len(self.papers)} papers>, "
            f"notes=<{len(self.notes)} notes>)"
        )


@dataclass(frozen=True, slots=True)
class ScanRows:
    """What a scan found as each paper's section rows, the papers never made.

    For writing every paper's record (``papertui list --json``): a paper is a
    merge of its rows, and most papers have one.
    """

    notes: tuple[NoteReport, ...]
    """Every note considered, in path order."""
    groups: Iterable[Sequence[PackedPair]]
    """Each paper's (path, row) pairs, in the papers' order; iterate once. From the index
    cache the rows come packed, as ``marshal`` gives them: naming and checking 127,000
    rows only to write them out took a warm ``list --json`` 0.2 s."""


@dataclass(frozen=True, slots=True)
class ScanProgress:
    """How far a scan has got, and (unless asked not to) what it has found so far."""

    done: int
    """Notes read, or taken from the cache."""
    total: int
    """Notes in the vault."""
    papers: int
    """Papers found so far."""
    result: ScanResult | None
    """The papers and notes so far, sorted; always given when ``final``."""
    final: bool = False
    """The scan is complete: ``result`` is the vault's."""


def final_result(
    batches: Iterable[ScanProgress], progress: Callable[[ScanProgress], None] | None
) -> ScanResult:
    """The result of a scan's last batch, ``progress`` called with each."""
    final: ScanProgress | None = None
    for final in batches:
        if progress is not None:
            progress(final)
    assert final is not None
    assert final.result is not None
    return final.result
