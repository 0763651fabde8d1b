"""Reading one note: its bytes, safely, then its paper rows; never raises."""

from __future__ import annotations

import marshal
import os
import stat

from papertui.vault.notes.decode import MAX_NOTE_BYTES
from papertui.vault.notes.walk import NoteFile
from papertui.vault.paper import SectionRow
from papertui.vault.scan.result import PASSED_OVER, READ, SKIPPED


def read_note(note: NoteFile) -> bytes:
    """A regular file's bytes; never blocks on a FIFO or device.

    Raises:
        Skip: With the reason the note cannot be read.
    """
    if note.size > MAX_NOTE_BYTES:
        raise Skip(f"too large: {note.size:,} bytes (limit {MAX_NOTE_BYTES:,})")
    try:
        fd = os.open(note.absolute, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise Skip(f"unreadable: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Skip("not a regular file")
        if info.st_size > MAX_NOTE_BYTES:
            raise Skip(f"too large: {info.st_size:,} bytes (limit {MAX_NOTE_BYTES:,})")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > MAX_NOTE_BYTES:
                raise Skip(f"too large: over {MAX_NOTE_BYTES:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise Skip(f"unreadable: {error.strerror or error}") from None
    finally:
        os.close(fd)


class Skip(Exception):
    """A note that cannot be read, with the reason."""


NoteResult = tuple[str, str, int, str | None, str | None, tuple[SectionRow, ...]]
"""(path, status, papers, reason, format, rows): one note's outcome as plain data."""


def read_one(
    note: NoteFile, root: str, folders: dict[str, frozenset[str]] | None = None
) -> NoteResult:
    """Read one note into its outcome and paper rows; never raises."""
    if note.skipped is not None:
        return note.path, SKIPPED, 0, note.skipped, None, ()
    try:
        raw = read_note(note)
    except Skip as skip:
        return note.path, SKIPPED, 0, str(skip), None, ()
    # The parsers load with the first note read: a process that only hands notes to
    # worker processes (the reader's) never loads them.
    from papertui.vault.notes.parse import parse_note

    try:
        parsed = parse_note(raw, note.path, root, folders)
    except (RecursionError, MemoryError, ValueError) as error:  # pragma: no cover - defensive
        return (
            note.path,
            SKIPPED,
            0,
            f"could not be read: {type(error).__name__}",
            None,
            (),
        )
    if parsed.skipped is not None:
        return note.path, SKIPPED, 0, parsed.skipped, None, ()
    if parsed.passed_over is not None:
        return note.path, PASSED_OVER, 0, parsed.passed_over, parsed.format, ()
    rows = parsed.rows
    return note.path, READ, len(rows), parsed.problem, parsed.format, rows


def read_batch(batch: list[NoteFile], root: str) -> list[NoteResult]:
    """Read a batch of notes (in a worker process, or in the scanning one)."""
    folders: dict[str, frozenset[str]] = {}
    return [read_one(note, root, folders) for note in batch]


def read_packed(batch: list[tuple[str, str, int]], root: str) -> bytes:
    """Read a batch of (path, absolute path, size) in a worker process; the results marshalled.

    ``marshal`` packs these plain tuples several times faster than pickle, and
    the scanning process unpacks them faster too.
    """
    notes = [NoteFile(path, absolute, size) for path, absolute, size in batch]
    return marshal.dumps(read_batch(notes, root))
