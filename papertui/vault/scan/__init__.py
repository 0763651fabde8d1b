"""scan(root): every paper in a notes folder, with what was skipped and why."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from papertui.vault.paper import Appearance
from papertui.vault.scan.result import NoteReport, NoteStatus, ScanResult
from papertui.vault.scan.scanner import Scanner, ScanProgress

__all__ = ["NoteReport", "NoteStatus", "ScanProgress", "ScanResult", "scan", "section_text"]


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
    collecting = gc.isenabled()
    # A scan makes hundreds of thousands of small objects and frees none:
    # the cyclic collector would walk them again and again for nothing.
    gc.disable()
    try:
        return Scanner(root, include=include, exclude=exclude, cache=cache).scan(progress)
    finally:
        if collecting:
            gc.enable()


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
