"""scan(root): every paper in a notes folder, with what was skipped and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from papertui.vault.paper import Appearance, Paper, json_safe


class NoteStatus(StrEnum):
    """What the scanner did with a note."""

    READ = "read"
    SKIPPED = "skipped"
    """The note could not be read (encoding, binary, too large, ...)."""
    PASSED_OVER = "passed-over"
    """The note was read but is not a paper digest (a journal, an idea list)."""


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

    def to_json(self) -> dict[str, object]:
        return {
            "path": json_safe(self.path),
            "status": str(self.status),
            "papers": self.papers,
            "reason": self.reason,
            "format": self.format,
        }


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What a scan found."""

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


def scan(root: Path, *, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> ScanResult:
    """Read every note below ``root``.

    Args:
        root: The vault folder.
        include: Globs (relative to the vault); when given, only matching notes are read.
        exclude: Globs of notes to leave out.
    """
    raise NotImplementedError  # being written: see issue 2


def section_text(root: Path, appearance: Appearance) -> str:
    """The text of one appearance's section, read from its note now."""
    raise NotImplementedError  # being written: see issue 2
