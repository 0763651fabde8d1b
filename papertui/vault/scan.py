"""scan(root): every paper in a notes folder, with what was skipped and why."""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import stat
import threading
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from papertui.vault.decode import MAX_NOTE_BYTES, Undecodable, decode_note
from papertui.vault.note import parse_note
from papertui.vault.paper import Appearance, Paper, Section, json_safe
from papertui.vault.walk import NoteFile, walk

PARALLEL_BYTES = 32 * 1024 * 1024
"""Below this many bytes of notes, one process reads faster than two."""


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


def read_note(note: NoteFile) -> bytes:
    """A regular file's bytes; never blocks on a FIFO or device.

    Raises:
        _Skip: With the reason the note cannot be read.
    """
    if note.size > MAX_NOTE_BYTES:
        raise _Skip(f"too large: {note.size:,} bytes (limit {MAX_NOTE_BYTES:,})")
    try:
        fd = os.open(note.absolute, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise _Skip(f"unreadable: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _Skip("not a regular file")
        if info.st_size > MAX_NOTE_BYTES:
            raise _Skip(f"too large: {info.st_size:,} bytes (limit {MAX_NOTE_BYTES:,})")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > MAX_NOTE_BYTES:
                raise _Skip(f"too large: over {MAX_NOTE_BYTES:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise _Skip(f"unreadable: {error.strerror or error}") from None
    finally:
        os.close(fd)


class _Skip(Exception):
    """A note that cannot be read, with the reason."""


def read_one(note: NoteFile, root: str) -> tuple[NoteReport, tuple[Section, ...]]:
    """Read one note into its report and paper sections; never raises."""
    if note.skipped is not None:
        return NoteReport(note.path, NoteStatus.SKIPPED, reason=note.skipped), ()
    try:
        raw = read_note(note)
    except _Skip as skip:
        return NoteReport(note.path, NoteStatus.SKIPPED, reason=str(skip)), ()
    try:
        parsed = parse_note(raw, note.path, root)
    except (RecursionError, MemoryError, ValueError) as error:  # pragma: no cover - defensive
        reason = f"could not be read: {type(error).__name__}"
        return NoteReport(note.path, NoteStatus.SKIPPED, reason=reason), ()
    if parsed.skipped is not None:
        return NoteReport(note.path, NoteStatus.SKIPPED, reason=parsed.skipped), ()
    if parsed.passed_over is not None:
        report = NoteReport(
            note.path, NoteStatus.PASSED_OVER, reason=parsed.passed_over, format=parsed.format
        )
        return report, ()
    report = NoteReport(
        note.path,
        NoteStatus.READ,
        papers=len(parsed.sections),
        reason=parsed.problem,
        format=parsed.format,
    )
    return report, parsed.sections


def _read_batch(batch: list[NoteFile], root: str) -> list[tuple[NoteReport, tuple[Section, ...]]]:
    return [read_one(note, root) for note in batch]


def _batches(notes: list[NoteFile], count: int) -> list[list[NoteFile]]:
    """About ``count`` batches of similar byte size, in path order."""
    total = sum(note.size for note in notes) or 1
    target = total / count
    batches: list[list[NoteFile]] = [[]]
    size = 0
    for note in notes:
        if size >= target and batches[-1]:
            batches.append([])
            size = 0
        batches[-1].append(note)
        size += note.size
    return batches


def _workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _context() -> multiprocessing.context.BaseContext:
    # fork is fastest, but unsafe once threads run (the reader scans in one).
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")


def read_notes(
    notes: list[NoteFile], root: str, *, parallel: bool | None = None
) -> Iterator[tuple[NoteReport, tuple[Section, ...]]]:
    """Read notes, on every core when there are enough bytes to be worth it."""
    workers = _workers()
    total = sum(note.size for note in notes)
    if parallel is None:
        parallel = workers > 1 and total >= PARALLEL_BYTES and len(notes) >= 2 * workers
    if not parallel:
        for note in notes:
            yield read_one(note, root)
        return
    batches = _batches(notes, workers * 8)
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        for results in pool.map(_read_batch, batches, [root] * len(batches)):
            yield from results


def merge(sections: Iterable[Section]) -> tuple[Paper, ...]:
    """One paper per key, newest day first, then by title."""
    groups: dict[str, list[Section]] = {}
    for section in sections:
        groups.setdefault(section.key, []).append(section)
    papers = [Paper.from_sections(group) for group in groups.values()]
    papers.sort(key=lambda paper: paper.title.casefold())
    papers.sort(key=lambda paper: paper.day or date.min, reverse=True)
    return tuple(papers)


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
    notes = list(walk(base, include, exclude))
    reports: list[NoteReport] = []
    sections: list[Section] = []
    for report, found in read_notes(notes, os.path.realpath(base)):
        reports.append(report)
        sections.extend(found)
    return ScanResult(root, merge(sections), tuple(reports))


def section_text(root: Path, appearance: Appearance) -> str:
    """The Markdown of one appearance's section, read from its note now.

    Returns an empty string when the note is gone or no longer readable.
    """
    absolute = os.path.join(os.fspath(root), *appearance.path.split("/"))
    try:
        raw = read_note(NoteFile(appearance.path, absolute))
        data = decode_note(raw).data
    except (_Skip, Undecodable):
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
