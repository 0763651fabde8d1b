"""Finding the notes of a vault: safe against links, loops, FIFOs and hidden folders."""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

NOTE_SUFFIXES = (".md", ".markdown")
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})


@dataclass(frozen=True, slots=True)
class NoteFile:
    """A note found in the vault, or a reason it cannot be read."""

    path: str
    """Relative to the vault, with ``/`` (undecodable bytes as surrogate escapes)."""
    absolute: str
    size: int = 0
    mtime_ns: int = 0
    skipped: str | None = None


@lru_cache(maxsize=256)
def _glob(pattern: str) -> re.Pattern[str]:
    """A glob as a regex: ``**`` spans folders, ``*`` and ``?`` stay within one."""
    pattern = pattern.strip().lstrip("/")
    if pattern.endswith("/"):
        pattern += "**"
    out: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            out.append(".*")
            index += 2
        elif pattern[index] == "*":
            out.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            out.append("[^/]")
            index += 1
        elif pattern[index] == "[":
            end = pattern.find("]", index + 1)
            if end == -1:
                out.append(re.escape("["))
                index += 1
            else:
                out.append(fnmatch.translate(pattern[index : end + 1])[4:-3])
                index = end + 1
        else:
            out.append(re.escape(pattern[index]))
            index += 1
    return re.compile("".join(out) + r"(?:/.*)?\Z", re.IGNORECASE)


def matches(path: str, patterns: Sequence[str]) -> bool:
    """True when ``path`` (relative, with ``/``) matches any glob.

    A pattern without ``/`` matches a file or folder name at any depth, as
    ``.gitignore`` does; a folder that matches takes everything below it.
    """
    parts = path.split("/")
    for pattern in patterns:
        compiled = _glob(pattern)
        if compiled.match(path):
            return True
        if "/" not in pattern.strip("/") and any(compiled.match(part) for part in parts):
            return True
    return False


def is_note_name(name: str) -> bool:
    return name.lower().endswith(NOTE_SUFFIXES) and not name.startswith(".")


def walk(root: str, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> Iterator[NoteFile]:
    """Every note below ``root``, in path order.

    Hidden files and folders and ``node_modules`` are left out. Links are
    followed only while they stay inside the vault; each real file and folder
    is visited once, so link loops end. What cannot be visited (a folder that
    cannot be read, a link loop, a link to a folder already visited) is
    yielded as a skipped entry, its path ending in ``/`` for a folder.
    """
    real_root = os.path.realpath(root)
    seen_dirs: dict[tuple[int, int], str] = {}
    seen_files: dict[tuple[int, int], str] = {}
    root_stat = os.stat(real_root)
    seen_dirs[(root_stat.st_dev, root_stat.st_ino)] = ""
    yield from _walk_dir(root, "", real_root, seen_dirs, seen_files, include, exclude)


def _inside(real_root: str, target: str) -> bool:
    return target == real_root or target.startswith(real_root.rstrip(os.sep) + os.sep)


def _walk_dir(
    directory: str,
    prefix: str,
    real_root: str,
    seen_dirs: dict[tuple[int, int], str],
    seen_files: dict[tuple[int, int], str],
    include: Sequence[str],
    exclude: Sequence[str],
) -> Iterator[NoteFile]:
    try:
        with os.scandir(directory) as scanner:
            entries = sorted(scanner, key=lambda entry: entry.name)
    except OSError as error:
        if prefix:  # (the vault itself: the caller says it cannot be read)
            reason = _why(error).removeprefix("unreadable: ")
            yield NoteFile(prefix, directory, skipped=f"an unreadable folder: {reason}")
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        relative = f"{prefix}{name}"
        try:
            is_link = entry.is_symlink()
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError as error:
            if not (exclude and matches(relative, exclude)):
                yield NoteFile(relative, entry.path, skipped=_why(error))
            continue
        if is_dir:
            if name in SKIPPED_DIRS or (exclude and matches(relative, exclude)):
                continue
            if is_link and not _inside(real_root, os.path.realpath(entry.path)):
                continue
            try:
                info = entry.stat(follow_symlinks=True)
            except OSError as error:
                yield NoteFile(relative + "/", entry.path, skipped=_why(error))
                continue
            key = (info.st_dev, info.st_ino)
            first = seen_dirs.get(key)
            if first is not None:
                yield NoteFile(relative + "/", entry.path, skipped=_same_folder(relative, first))
                continue
            seen_dirs[key] = relative + "/"
            yield from _walk_dir(
                entry.path, relative + "/", real_root, seen_dirs, seen_files, include, exclude
            )
            continue
        if not is_note_name(name):
            continue
        if exclude and matches(relative, exclude):
            continue
        if include and not matches(relative, include):
            continue
        yield _note(entry, relative, real_root, is_link, seen_files)


def _why(error: OSError) -> str:
    """Why an entry cannot be visited, in words."""
    if error.errno == errno.ELOOP:
        return "a symlink loop (ELOOP): its links never end"
    return f"unreadable: {error.strerror or error}"


def _same_folder(relative: str, first: str) -> str:
    """Why a link to a folder already visited is not visited again."""
    if first == "" or relative.startswith(first):
        return f"a symlink loop back to {first or 'the vault itself'}"
    return f"the same folder as {first}"


def _note(
    entry: os.DirEntry[str],
    relative: str,
    real_root: str,
    is_link: bool,
    seen_files: dict[tuple[int, int], str],
) -> NoteFile:
    if is_link and not _inside(real_root, os.path.realpath(entry.path)):
        return NoteFile(relative, entry.path, skipped="outside the vault: a link to elsewhere")
    try:
        info = entry.stat(follow_symlinks=True)
    except OSError as error:
        reason = "a broken link" if is_link and error.errno == errno.ENOENT else _why(error)
        return NoteFile(relative, entry.path, skipped=reason)
    if not stat.S_ISREG(info.st_mode):
        return NoteFile(relative, entry.path, skipped="not a regular file")
    key = (info.st_dev, info.st_ino)
    first = seen_files.get(key)
    if first is not None:
        return NoteFile(relative, entry.path, skipped=f"the same file as {first}")
    seen_files[key] = relative
    return NoteFile(relative, entry.path, info.st_size, info.st_mtime_ns)
