"""Reading a vault: :func:`scan` for everything at once, :func:`scan_rows` for records, a
:class:`Scanner` for a stream that stays up to date (the reader).

All three read the same way (worker processes for a big vault, the index
cache for notes unchanged since the last read, the cyclic collector paused
meanwhile) and give the same papers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from papertui.vault.paper import Appearance
from papertui.vault.scan.result import NoteReport, NoteStatus, ScanProgress, ScanResult, ScanRows
from papertui.vault.scan.rows import scan_rows
from papertui.vault.scan.scanner import Scanner

__all__ = [
    "NoteReport",
    "NoteStatus",
    "ScanProgress",
    "ScanResult",
    "ScanRows",
    "Scanner",
    "scan",
    "scan_rows",
    "section_text",
]


def scan(
    root: Path,
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    cache: bool = True,
    progress: Callable[[ScanProgress], None] | None = None,
) -> ScanResult:
    """Read every note below ``root``.

    Bad notes never stop the scan: each gets a report saying whether it was
    read, skipped (and why) or passed over as not a paper digest.

    Args:
        root: The vault folder.
        include: Globs (relative to the vault); when given, only matching notes are read.
        exclude: Globs of notes to leave out.
        cache: Use the vault's index cache: read only notes changed since it was
            written, and write it afresh (see :mod:`papertui.vault.scan.cache`).
        progress: Called now and then with the notes read so far (see :class:`ScanProgress`).
    """
    return Scanner(root, include=include, exclude=exclude, cache=cache).scan(progress)


MAX_SECTION_BYTES = 256 * 1024
"""The most of one section the reader shows; the rest stays in the note."""


def section_text(root: Path, appearance: Appearance) -> str:
    """The Markdown of one appearance's section, read from its note now.

    Returns an empty string when the note is gone or no longer readable.
    """
    from papertui.vault.notes.decode import Undecodable, decode_note
    from papertui.vault.notes.read import Skip, read_note
    from papertui.vault.notes.walk import NoteFile

    absolute = os.path.join(os.fspath(root), *appearance.path.split("/"))
    try:
        raw = read_note(NoteFile(appearance.path, absolute))
        data = decode_note(raw).data
    except (Skip, Undecodable):
        return ""
    start = _line_offset(data, appearance.line)
    end = _line_offset(data, appearance.end_line + 1)
    if end - start <= MAX_SECTION_BYTES:
        return data[start:end].decode("utf-8", "replace")
    # A section of megabytes would take the pane minutes to lay out, for nothing anyone reads.
    cut = data.rfind(b"\n", start, start + MAX_SECTION_BYTES) + 1 or start + MAX_SECTION_BYTES
    shown = data[start:cut].decode("utf-8", "replace")
    return (
        f"{shown}\n\n*(cut here: the section goes on for {end - cut:,} more bytes in the note)*\n"
    )


def _line_offset(data: bytes, line: int) -> int:
    """The offset of the start of 1-based ``line`` (the end, past the last)."""
    offset = 0
    for _ in range(line - 1):
        found = data.find(b"\n", offset)
        if found == -1:
            return len(data)
        offset = found + 1
    return offset
