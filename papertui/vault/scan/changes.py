"""What the Scanner leans on: changed paths sorted out, image flags, the collector, a clock."""

from __future__ import annotations

import contextlib
import gc
import os
import stat
import time
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence

from papertui.vault.notes.walk import SKIPPED_DIRS, NoteFile, is_note_name, matches
from papertui.vault.paper import ImageRow, SectionRow
from papertui.vault.scan.cache import NoteEntry
from papertui.vault.scan.merge import path_order
from papertui.vault.scan.result import STATUSES, NoteReport, NoteStatus

STALE = -1
"""The mtime of a note (or folder) to read again however it looks."""


@contextlib.contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """No cyclic garbage collection meanwhile.

    A scan makes hundreds of thousands of objects and frees none: the
    collector would walk them again and again (a warm scan of 150,000 papers
    takes 2.4 s with it, 1.5 s without). The whole process pauses, the reader's
    UI thread too, for the second or two the scan takes.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
        if freeze:
            gc.freeze()
    finally:
        if collecting:
            gc.enable()


class Clock:
    """When the next progress report is due: at the first chance, then every ``interval``."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.next = 0.0

    def due(self) -> bool:
        return time.monotonic() >= self.next

    def reset(self) -> None:
        self.next = time.monotonic() + self.interval


def mtime_of(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return STALE


def add_folder(folders: dict[str, int], image: ImageRow) -> None:
    path = image.path
    if path is not None and path != ".." and not path.startswith("../"):
        folders.setdefault(path.rpartition("/")[0], STALE)


def with_images(row: SectionRow, changed: dict[str, frozenset[str]]) -> SectionRow:
    """``row`` with its images' ``missing`` flags read from the changed folders' listings."""
    images = row.images
    fresh: list[ImageRow] = []
    for image in images:
        path = image.path
        if path is not None and path != ".." and not path.startswith("../"):
            folder, _, name = path.rpartition("/")
            listing = changed.get(folder)
            if listing is not None:
                image = image._replace(missing=name not in listing)
        fresh.append(image)
    new = tuple(fresh)
    if new == images:
        return row
    return row._replace(images=new)


def note_file(base: str, relative: str) -> NoteFile | None:
    """The note at ``relative`` as the walk would see it; None if it is not a plain note now."""
    absolute = os.path.join(base, *relative.split("/"))
    try:
        info = os.stat(absolute)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return NoteFile(relative, absolute, skipped="not a regular file")
    return NoteFile(relative, absolute, info.st_size, info.st_mtime_ns)


def relative_path(path: str, bases: tuple[str, ...]) -> str | None:
    """``path`` relative to the vault (reached by any of ``bases``) with ``/``; None outside."""
    if not os.path.isabs(path):
        relative = path
    else:
        for base in bases:
            relative = os.path.relpath(path, base)
            if relative != ".." and not relative.startswith(".." + os.sep):
                break
        else:
            return None
    relative = relative.replace(os.sep, "/").strip("/")
    return None if relative in ("", ".") else relative


def classify(
    relative: str,
    real_root: str,
    *,
    known: bool,
    holds_notes: Callable[[str], bool],
    include: Sequence[str],
    exclude: Sequence[str],
) -> str | None:
    """What a changed path is now: ``note``, ``gone`` (a note no more), ``other``, or None.

    None means the walk must decide (a folder, a link, a hard-linked file).

    Args:
        relative: The path, relative to the vault.
        real_root: The vault's real path.
        known: Whether the path was a note.
        holds_notes: Whether notes were known below a folder prefix (``a/b/``).
        include: The vault's include globs.
        exclude: The vault's exclude globs.
    """
    parts = relative.split("/")
    absolute = os.path.join(real_root, *parts)
    if any(part.startswith(".") for part in parts[:-1]):
        return "other"
    try:
        info = os.lstat(absolute)
    except OSError:
        if known:
            return "gone"
        return None if holds_notes(relative + "/") else "other"  # a folder of notes went
    if stat.S_ISDIR(info.st_mode) or os.path.realpath(absolute) != absolute or info.st_nlink > 1:
        return None  # folders and links: the walk decides what they hold and are
    if not is_note_name(parts[-1]) or any(part in SKIPPED_DIRS for part in parts):
        return "gone" if known else "other"
    if (exclude and matches(relative, exclude)) or (include and not matches(relative, include)):
        return "gone" if known else "other"
    return "note"


def insert_path(paths: list[str], relative: str) -> None:
    """Put a note's path in its place among ``paths`` (in walk order), if it is not there."""
    at = bisect_left(paths, path_order(relative), key=path_order)
    if at == len(paths) or paths[at] != relative:
        paths.insert(at, relative)


def drop_path(paths: list[str], relative: str) -> None:
    """Take a note's path out of ``paths`` (in walk order)."""
    at = bisect_left(paths, path_order(relative), key=path_order)
    if at < len(paths) and paths[at] == relative:
        del paths[at]


def report_of(path: str, entry: NoteEntry) -> NoteReport:
    """The report of a note as the cache remembers it."""
    return NoteReport(path, STATUSES[entry[2]], entry[3], entry[4], entry[5])


def unchanged_reports(
    files: list[NoteFile], notes: dict[str, NoteEntry]
) -> tuple[NoteReport, ...] | None:
    """Every note's report from the cache's ``notes``; None if any note is new, changed or gone."""
    reports: list[NoteReport] = []
    for file in files:
        if file.skipped is not None:
            reports.append(NoteReport(file.path, NoteStatus.SKIPPED, 0, file.skipped))
            continue
        entry = notes.get(file.path)
        if entry is None or entry[0] != file.size or entry[1] != file.mtime_ns:
            return None
        reports.append(report_of(file.path, entry))
    if len(notes) != sum(file.skipped is None for file in files):
        return None  # a note went away
    return tuple(reports)


def changed_folders(
    folders: dict[str, int], absolute: Callable[[str], str]
) -> dict[str, frozenset[str]]:
    """The listing of each folder whose mtime is not the one recorded (``absolute``: its path)."""
    changed: dict[str, frozenset[str]] = {}
    for folder, mtime in folders.items():
        path = absolute(folder)
        if mtime == STALE or mtime_of(path) != mtime:
            try:
                changed[folder] = frozenset(os.listdir(path))
            except OSError:
                changed[folder] = frozenset()
    return changed
