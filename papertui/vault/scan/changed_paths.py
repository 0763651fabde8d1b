"""A path a file watcher reports, sorted out: which note it is now, and where it goes."""

from __future__ import annotations

import os
import stat
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence

from papertui.vault.notes.walk import SKIPPED_DIRS, NoteFile, is_note_name, matches
from papertui.vault.scan.paper_making import path_order


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


def relative_paths(paths: Iterable[str | os.PathLike[str]], bases: tuple[str, ...]) -> list[str]:
    """The ``paths`` inside the vault, relative (see :func:`relative_path`), once each, in order."""
    relative = (relative_path(os.fspath(path), bases) for path in paths)
    return list(dict.fromkeys(path for path in relative if path is not None))


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
