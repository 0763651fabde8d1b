"""scan(root): every paper in a notes folder, with what was skipped and why."""

from __future__ import annotations

import gc
import os
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from papertui.vault.decode import Undecodable, decode_note
from papertui.vault.merge import Merger
from papertui.vault.paper import Appearance, Paper, json_safe
from papertui.vault.parallel import read_notes
from papertui.vault.read import PASSED_OVER, READ, SKIPPED, Skip, read_note
from papertui.vault.walk import NoteFile, walk


class NoteStatus(StrEnum):
    """What the scanner did with a note."""

    READ = READ
    SKIPPED = SKIPPED
    """The note could not be read (encoding, binary, too large, ...)."""
    PASSED_OVER = PASSED_OVER
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

    Bad notes never stop the scan: each gets a report saying whether it was
    read, skipped (and why) or passed over as not a paper digest.

    Args:
        root: The vault folder.
        include: Globs (relative to the vault); when given, only matching notes are read.
        exclude: Globs of notes to leave out.
    """
    base = os.fspath(root)
    collecting = gc.isenabled()
    # A scan makes hundreds of thousands of small objects and frees none:
    # the cyclic collector would walk them again and again for nothing.
    gc.disable()
    try:
        notes = list(walk(base, include, exclude))
        reports: list[NoteReport] = []
        merger = Merger()
        statuses = {status.value: status for status in NoteStatus}
        for path, status, count, reason, kind, rows in read_notes(notes, os.path.realpath(base)):
            reports.append(NoteReport(path, statuses[status], count, reason, kind))
            if rows:
                merger.add(path, rows)
        return ScanResult(root, merger.papers(), tuple(reports))
    finally:
        if collecting:
            gc.enable()


def section_text(root: Path, appearance: Appearance) -> str:
    """The Markdown of one appearance's section, read from its note now.

    Returns an empty string when the note is gone or no longer readable.
    """
    absolute = os.path.join(os.fspath(root), *appearance.path.split("/"))
    try:
        raw = read_note(NoteFile(appearance.path, absolute))
        data = decode_note(raw).data
    except (Skip, Undecodable):
        return ""
    start = _line_offset(data, appearance.line)
    end = _line_offset(data, appearance.end_line + 1)
    return data[start:end].decode("utf-8", "replace")


def _line_offset(data: bytes, line: int) -> int:
    """The offset of the start of 1-based ``line`` (the end, past the last)."""
    offset = 0
    for _ in range(line - 1):
        found = data.find(b"\n", offset)
        if found == -1:
            return len(data)
        offset = found + 1
    return offset
