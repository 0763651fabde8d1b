"""Each paper's section rows, for writing records: from the index alone when nothing changed."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from papertui.vault.notes.walk import walk
from papertui.vault.scan import cache
from papertui.vault.scan.cache import cache_file, unchanged_reports
from papertui.vault.scan.image_folders import changed_folders, folder_path
from papertui.vault.scan.result import ScanProgress, ScanRows
from papertui.vault.scan.scanner import Scanner


def scan_rows(
    root: Path,
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    cache: bool = True,
    progress: Callable[[ScanProgress], None] | None = None,
) -> ScanRows:
    """Every note's report and each paper's section rows, in order; no paper is made.

    For writing every paper's record (``papertui list --json``). When no note
    changed since the index cache was written, the rows stream from it a frame
    at a time, packed as it keeps them (never all in memory, nothing merged or
    named, no note read; the frames are checked whole first); else the vault
    is read as a scan reads it, and the cache written. The arguments are those of
    :func:`papertui.vault.scan.scan`. Pause the collector while the rows are
    taken (:func:`papertui.vault.collector.collector_paused`).
    """
    if cache:
        found = cached_rows(root, tuple(include), tuple(exclude))
        if found is not None:
            return found
    scanner = Scanner(root, include=include, exclude=exclude, cache=cache)
    scanner.read(progress)
    return ScanRows(scanner.notes(), scanner.groups())


def cached_rows(root: Path, include: tuple[str, ...], exclude: tuple[str, ...]) -> ScanRows | None:
    """:func:`scan_rows` from the index cache alone; None if any note or image folder
    changed since it was written, or it is missing or damaged."""
    files = list(walk(os.fspath(root), include, exclude))
    loaded = cache.load(cache_file(root, include, exclude), root, include, exclude)
    if loaded is None:
        return None
    reports = unchanged_reports(files, loaded.notes)
    absolute = partial(folder_path, os.path.realpath(root))
    if reports is None or changed_folders(loaded.folders, absolute):
        loaded.close()
        return None
    frames = loaded.checked_frames()
    if frames is None:
        return None
    return ScanRows(reports, (group for frame in frames for group in cache.packed_groups(frame)))
