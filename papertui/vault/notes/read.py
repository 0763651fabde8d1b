"""Reading one note: its bytes, safely, then its paper rows; never raises."""

from __future__ import annotations

import marshal
import os
import stat
from itertools import chain
from operator import itemgetter
from typing import Any, NamedTuple

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


class NoteResult(NamedTuple):
    """One note's outcome as plain data."""

    path: str
    status: str
    """READ, SKIPPED or PASSED_OVER (see :class:`papertui.vault.scan.result.NoteStatus`)."""
    papers: int
    reason: str | None
    format: str | None
    rows: tuple[SectionRow, ...]

    def packed(self) -> tuple[Any, ...]:
        """The result as plain tuples, for ``marshal`` (see :meth:`SectionRow.packed`)."""
        return (*self[:_ROWS], _packed_rows(self.rows))


_ROWS = NoteResult._fields.index("rows")
_packed_rows = SectionRow.packed_rows
_unpacked_rows = SectionRow.unpacked_rows
_rows_of = itemgetter(_ROWS)


def read_one(
    note: NoteFile, root: str, folders: dict[str, frozenset[str]] | None = None
) -> NoteResult:
    """Read one note into its outcome and paper rows; never raises."""
    if note.skipped is not None:
        return NoteResult(note.path, SKIPPED, 0, note.skipped, None, ())
    try:
        raw = read_note(note)
    except Skip as skip:
        return NoteResult(note.path, SKIPPED, 0, str(skip), None, ())
    # The parsers load with the first note read: a process that only hands notes to
    # worker processes (the reader's) never loads them.
    from papertui.vault.notes.parse import parse_note

    try:
        parsed = parse_note(raw, note.path, root, folders)
    except (RecursionError, MemoryError, ValueError) as error:  # pragma: no cover - defensive
        reason = f"could not be read: {type(error).__name__}"
        return NoteResult(note.path, SKIPPED, 0, reason, None, ())
    if parsed.skipped is not None:
        return NoteResult(note.path, SKIPPED, 0, parsed.skipped, None, ())
    if parsed.passed_over is not None:
        return NoteResult(note.path, PASSED_OVER, 0, parsed.passed_over, parsed.format, ())
    rows = parsed.rows
    return NoteResult(note.path, READ, len(rows), parsed.problem, parsed.format, rows)


def read_batch(batch: list[NoteFile], root: str) -> list[NoteResult]:
    """Read a batch of notes (in a worker process, or in the scanning one)."""
    folders: dict[str, frozenset[str]] = {}
    return [read_one(note, root, folders) for note in batch]


def read_packed(batch: list[tuple[str, str, int]], root: str) -> bytes:
    """Read a batch of (path, absolute path, size) in a worker process; the results marshalled.

    ``marshal`` packs plain tuples several times faster than pickle, and the
    scanning process unpacks them faster too (see :func:`unpack_batch`).
    """
    folders: dict[str, frozenset[str]] = {}
    # Each result is packed as soon as it is read, and its rows let go: marshal
    # then meets each string once and need not remember it (dumps took 1.7 times as long
    # with the rows still held).
    return marshal.dumps(
        [
            read_one(NoteFile(path, absolute, size), root, folders).packed()
            for path, absolute, size in batch
        ]
    )


def unpack_batch(data: bytes) -> list[NoteResult]:
    """The results :func:`read_packed` marshalled; every row of the batch named in one go."""
    packed: list[tuple[Any, ...]] = marshal.loads(data)
    rows = _unpacked_rows(list(chain.from_iterable(map(_rows_of, packed))))
    results: list[NoteResult] = []
    start = 0
    for path, status, papers, reason, kind, packed_rows in packed:
        end = start + len(packed_rows)
        results.append(NoteResult(path, status, papers, reason, kind, tuple(rows[start:end])))
        start = end
    return results
