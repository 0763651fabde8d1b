"""The index cache: each note's size, mtime and paper rows, so a scan re-reads only what changed.

One file per vault and include/exclude globs in :func:`papertui.paths.cache_dir`,
named by a hash of the vault's real path and the globs. Layout::

    MAGIC | <IIQ: FORMAT_VERSION, crc32 of the body, body length> | body
    body = frames, each <I: length> + a marshal payload
    frame 0: (PARSER_VERSION, root, include, exclude, notes, folders)
    frames 1...: lists of papers' row groups, in the papers' sorted order

Only plain tuples, lists, strings and numbers are stored (``marshal``: the
fastest loader in the standard library, and it builds no objects of any
class). A file that is truncated, corrupt (crc), of another format or parser
version, or of another vault is ignored and rebuilt; loading never raises.
Papers come first in sorted order so a reader can show the newest while the
rest load. Writes are atomic (temp file and rename, last writer wins) under a
lock that only writers take, so two papertui on one vault never leave a
broken file.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import struct
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

from filelock import FileLock, Timeout

from papertui import paths
from papertui.vault.atomic import remove_stale_temps, write_atomically
from papertui.vault.formats import PARSER_VERSION
from papertui.vault.merge import Pair

MAGIC = b"PTUIIDX\n"
FORMAT_VERSION = 1
"""Changes whenever the file layout changes."""
_HEADER = struct.Struct("<IIQ")
_FRAME = struct.Struct("<I")
CHUNK_PAPERS = 4096
"""Papers per frame: the first frame gives a reader the newest papers at once."""
LOCK_TIMEOUT = 2.0
"""Seconds a writer waits for another writer before leaving the cache as it is."""

NoteEntry: TypeAlias = tuple[int, int, str, int, str | None, str | None]
"""A note as last read: (size, mtime_ns, status, papers, reason, format); mtime -1 to re-read."""


def cache_file(
    root: str | os.PathLike[str], include: Sequence[str], exclude: Sequence[str]
) -> Path:
    """Where the index of the vault at ``root`` read with these globs is kept."""
    real = os.path.realpath(root)
    name = "\0".join([real, "\x01".join(include), "\x01".join(exclude)])
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return paths.cache_dir() / f"index-{digest}.bin"


@dataclass(slots=True)
class Cached:
    """A cache file that passed every check, its papers still to be decoded."""

    notes: dict[str, NoteEntry]
    folders: dict[str, int]
    """Image folders the rows' ``missing`` flags were read from, and their mtime_ns."""
    frames: list[memoryview]

    def groups(self) -> Iterator[list[list[Pair]]]:
        """The papers' row groups, a frame at a time, in sorted order.

        Raises:
            ValueError: A frame is not what this version writes (caller rebuilds).
        """
        for frame in self.frames:
            chunk = marshal.loads(frame)
            if type(chunk) is not list:
                raise ValueError("cache frame is not a list")
            yield chunk


def load(
    path: Path, root: str | os.PathLike[str], include: Sequence[str], exclude: Sequence[str]
) -> Cached | None:
    """The cache at ``path`` if it is whole and belongs to this vault and version, else None."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return None
    try:
        return _parse(data, os.path.realpath(root), tuple(include), tuple(exclude))
    except (ValueError, TypeError, EOFError, IndexError, KeyError, struct.error):
        return None


def _parse(data: bytes, root: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> Cached:
    head = len(MAGIC) + _HEADER.size
    if not data.startswith(MAGIC) or len(data) < head:
        raise ValueError("not a papertui index")
    version, crc, length = _HEADER.unpack_from(data, len(MAGIC))
    if version != FORMAT_VERSION or length != len(data) - head:
        raise ValueError("another format, or truncated")
    body = memoryview(data)[head:]
    if zlib.crc32(body) != crc:
        raise ValueError("corrupt")
    frames: list[memoryview] = []
    at = 0
    while at < length:
        (size,) = _FRAME.unpack_from(body, at)
        at += _FRAME.size
        if at + size > length:
            raise ValueError("frame past the end")
        frames.append(body[at : at + size])
        at += size
    meta = marshal.loads(frames[0])
    parser, cached_root, cached_include, cached_exclude, notes, folders = meta
    if (parser, cached_root, cached_include, cached_exclude) != (
        PARSER_VERSION,
        root,
        include,
        exclude,
    ):
        raise ValueError("another vault or parser")
    return Cached(_notes(notes), _folders(folders), frames[1:])


def _notes(value: Any) -> dict[str, NoteEntry]:
    if type(value) is not tuple:
        raise TypeError("notes")
    found: dict[str, NoteEntry] = {}
    for item in value:
        path, size, mtime, status, count, reason, kind = item
        if not (
            type(path) is str
            and type(size) is int
            and type(mtime) is int
            and type(status) is str
            and type(count) is int
            and (reason is None or type(reason) is str)
            and (kind is None or type(kind) is str)
        ):
            raise TypeError("note entry")
        found[path] = (size, mtime, status, count, reason, kind)
    return found


def _folders(value: Any) -> dict[str, int]:
    found = dict(value)
    if not all(type(key) is str and type(mtime) is int for key, mtime in found.items()):
        raise TypeError("folders")
    return found


def save(
    path: Path,
    root: str | os.PathLike[str],
    include: Sequence[str],
    exclude: Sequence[str],
    notes: dict[str, NoteEntry],
    folders: dict[str, int],
    groups: Iterable[list[Pair]],
) -> bool:
    """Write the cache atomically; False when it cannot be written (it is only a cache).

    Args:
        path: The cache file (see :func:`cache_file`).
        root: The vault.
        include: The globs the notes were chosen with.
        exclude: The globs notes were left out with.
        notes: Each note read, by path.
        folders: The image folders the rows were checked against, with their mtime_ns.
        groups: Every paper's rows, in the papers' sorted order.
    """
    meta = (
        PARSER_VERSION,
        os.path.realpath(root),
        tuple(include),
        tuple(exclude),
        tuple((note, *entry) for note, entry in notes.items()),
        tuple(folders.items()),
    )
    frames = [marshal.dumps(meta)]
    chunk: list[list[Pair]] = []
    for group in groups:
        chunk.append(group)
        if len(chunk) == CHUNK_PAPERS:
            frames.append(marshal.dumps(chunk))
            chunk = []
    if chunk:
        frames.append(marshal.dumps(chunk))
    parts = [b""]
    crc = 0
    for frame in frames:
        size = _FRAME.pack(len(frame))
        crc = zlib.crc32(frame, zlib.crc32(size, crc))
        parts += (size, frame)
    length = sum(len(part) for part in parts)
    parts[0] = MAGIC + _HEADER.pack(FORMAT_VERSION, crc, length)
    data = b"".join(parts)
    del parts, frames
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(path.with_name(path.name + ".lock"), timeout=LOCK_TIMEOUT):
            remove_stale_temps(path)
            write_atomically(path, data, durable=False)
    except (OSError, Timeout):
        return False
    return True


def remove(path: Path) -> None:
    """Delete a cache file, if there is one."""
    with contextlib.suppress(OSError):
        path.unlink()
