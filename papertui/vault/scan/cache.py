"""The index cache: each note's size, mtime and paper rows, so a scan re-reads only what changed.

One file per vault and include/exclude globs in :func:`papertui.paths.cache_dir`,
named by a hash of the vault's real path and the globs. Layout::

    MAGIC | <IQI: FORMAT_VERSION, length of the rest, frames> | frames
    frame = <II: length, crc32> + a marshal payload
    frame 0: (PARSER_VERSION, root, include, exclude, notes, folders)
    frames 1...: (paths, rows, sizes): papers in their sorted order, each paper's
        rows one after another (``sizes``: how many rows each paper has; ``paths``:
        each row's note)

Only plain tuples, lists, strings and numbers are stored (``marshal``: the
fastest loader in the standard library, and it builds no objects of any
class); rows are named again as they load (:meth:`SectionRow.unpacked_rows`,
in bulk: a frame's columns, not a list per paper and a tuple per row). A
file that is truncated, corrupt (crc), of another format or parser version,
or of another vault is ignored and rebuilt; loading never raises. Papers come
first in sorted order so a reader can show the newest while the rest load,
and ``papertui list --json`` can stream them as they are. Writes are atomic
(temp file and rename, last writer wins) under a lock that only writers take,
so two papertui on one vault never leave a broken file.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import struct
import zlib
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, chain, repeat
from operator import attrgetter
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple, TypeAlias, TypeVar

from papertui import paths
from papertui.vault.atomic import atomic_writer, remove_stale_temps
from papertui.vault.notes.formats import PARSER_VERSION
from papertui.vault.notes.walk import NoteFile
from papertui.vault.paper import PackedRow, SectionRow
from papertui.vault.scan.result import STATUSES, NoteReport, NoteStatus, PackedPair, Pair

MAGIC = b"PTUIIDX\n"
FORMAT_VERSION = 5
"""Changes whenever the file layout changes."""
_HEADER = struct.Struct("<IQI")
_FRAME = struct.Struct("<II")
CHUNK_PAPERS = 4096
"""Papers per frame: the first frame gives a reader the newest papers at once."""
LOCK_TIMEOUT = 2.0
"""Seconds a writer waits for another writer before leaving the cache as it is."""


class NoteEntry(NamedTuple):
    """A note as last read (stored as a plain tuple after its path)."""

    size: int
    mtime_ns: int
    """STALE: read it again however it looks."""
    status: str
    papers: int
    reason: str | None
    format: str | None


STALE = -1
"""The mtime of a note (or an image folder) to read again however it looks."""


def cache_file(
    root: str | os.PathLike[str], include: Sequence[str], exclude: Sequence[str]
) -> Path:
    """Where the index of the vault at ``root`` read with these globs is kept."""
    real = os.path.realpath(root)
    name = "\0".join([real, "\x01".join(include), "\x01".join(exclude)])
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return paths.cache_dir() / f"index-{digest}.bin"


class Cached:
    """A cache file whose notes passed every check, its papers still to be read."""

    def __init__(
        self, file: BinaryIO, frames: int, notes: dict[str, NoteEntry], folders: dict[str, int]
    ) -> None:
        self._file = file
        self.frames = frames
        """How many frames of papers there are."""
        self.notes = notes
        self.folders = folders
        """Image folders the rows' ``missing`` flags were read from, and their mtime_ns."""

    def groups(self) -> Iterator[list[list[Pair]]]:
        """The papers' row groups, a frame at a time, in sorted order; closes the file.

        Raises:
            ValueError: A frame is damaged or not what this version writes (rebuild).
        """
        try:
            for _ in range(self.frames):
                yield frame_groups(_frame(self._file))
        finally:
            self.close()

    def checked_frames(self) -> list[bytes] | None:
        """Every frame of papers, its crc checked, still packed (see :func:`frame_groups`).

        For a reader that cannot take back what it did with the first frames
        (``papertui list --json`` writes them out), or that hands them to other
        processes: None if any frame is damaged. Closes the file.
        """
        try:
            return [_frame(self._file) for _ in range(self.frames)]
        except (OSError, ValueError):
            return None
        finally:
            self.close()

    def close(self) -> None:
        self._file.close()


def _frame(file: BinaryIO) -> bytes:
    """The next frame's payload, checked against its crc32."""
    head = file.read(_FRAME.size)
    if len(head) != _FRAME.size:
        raise ValueError("truncated")
    size, crc = _FRAME.unpack(head)
    payload = file.read(size)
    if len(payload) != size or zlib.crc32(payload) != crc:
        raise ValueError("truncated or corrupt")
    return payload


Columns: TypeAlias = tuple[list[str], list[PackedRow], list[int]]
"""A frame of papers as stored: each row's note path, the rows, each paper's number of rows."""


def packed_groups(frame: bytes) -> list[list[PackedPair]]:
    """A frame's groups as stored: each a paper's (path, packed row) pairs.

    For a reader that takes the rows by position (``papertui list --json``
    writes them out): it checks each row's shape as it reads it.

    Raises:
        ValueError: It is not a frame of paper rows.
    """
    paths, rows, sizes = _columns(frame)
    return _grouped(paths, rows, _starts(sizes), sizes)


def frame_groups(frame: bytes) -> list[list[Pair]]:
    """A frame's groups, their rows named: each a paper's (path, row) pairs, one key.

    Raises:
        ValueError: It is not what this version writes.
    """
    paths, packed, sizes = _columns(frame)
    starts = _starts(sizes)
    try:
        rows = SectionRow.unpacked_rows(packed)
        keys = list(map(_key_of, rows))
        texts = {*map(type, paths), *map(type, keys), *map(type, map(_title_of, rows))}
        if texts - {str}:
            raise TypeError("a row's key, title or path")
        # Each paper's first key repeated over its rows: the keys as they are, or two
        # papers' rows share a group.
        firsts = map(keys.__getitem__, starts)
        if list(chain.from_iterable(map(repeat, firsts, sizes))) != keys:
            raise TypeError("rows of two papers in one")
    except (TypeError, ValueError, IndexError) as error:  # not rows of this version
        raise ValueError(f"cache frame is not a list of paper rows: {error}") from None
    return _grouped(paths, rows, starts, sizes)


def _columns(frame: bytes) -> Columns:
    """A frame's columns, their shapes checked (the rows' fields are the reader's to check)."""
    try:
        chunk = marshal.loads(frame)
    except (EOFError, TypeError) as error:
        raise ValueError(f"cache frame is not marshal data: {error}") from None
    if type(chunk) is not tuple or len(chunk) != 3 or {*map(type, chunk)} != {list}:
        raise ValueError("cache frame is not columns of paper rows")
    paths, rows, sizes = chunk
    if {*map(type, rows)} - {tuple} or {*map(type, sizes)} - {int}:
        raise ValueError("cache frame is not columns of paper rows")
    if len(paths) != len(rows) or sum(sizes) != len(rows) or (sizes and min(sizes) < 1):
        raise ValueError("cache frame's papers and rows do not add up")
    return paths, rows, sizes


def _starts(sizes: list[int]) -> list[int]:
    """Where each paper's rows start."""
    return [0, *accumulate(sizes[:-1])]


_Row = TypeVar("_Row", bound=tuple[Any, ...])


def _grouped(
    paths: list[str], rows: list[_Row], starts: list[int], sizes: list[int]
) -> list[list[tuple[str, _Row]]]:
    """Each paper's (path, row) pairs: the columns cut at ``starts`` (see :func:`_starts`)."""
    pairs = list(zip(paths, rows, strict=True))
    return [pairs[start : start + size] for start, size in zip(starts, sizes, strict=True)]


_key_of = attrgetter("key")
_title_of = attrgetter("title")


def _packed(groups: list[list[Pair]]) -> Columns:
    paths = [path for group in groups for path, _ in group]
    rows = [row.packed() for group in groups for _, row in group]
    return paths, rows, list(map(len, groups))


def load(
    path: Path, root: str | os.PathLike[str], include: Sequence[str], exclude: Sequence[str]
) -> Cached | None:
    """The cache at ``path`` if it is whole and belongs to this vault and version, else None.

    Only the notes are read now; :meth:`Cached.groups` reads the papers (the
    caller closes the cache, or reads all of it).
    """
    try:
        file = open(path, "rb")  # noqa: SIM115 - Cached closes it
    except OSError:
        return None
    try:
        return _open(file, os.path.realpath(root), tuple(include), tuple(exclude))
    except (OSError, ValueError, TypeError, EOFError, IndexError, KeyError, struct.error):
        file.close()
        return None


def _open(file: BinaryIO, root: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> Cached:
    head = file.read(len(MAGIC) + _HEADER.size)
    if not head.startswith(MAGIC) or len(head) != len(MAGIC) + _HEADER.size:
        raise ValueError("not a papertui index")
    version, length, frames = _HEADER.unpack_from(head, len(MAGIC))
    if version != FORMAT_VERSION or length != os.fstat(file.fileno()).st_size - len(head):
        raise ValueError("another format, or truncated")
    meta = marshal.loads(_frame(file))
    parser, cached_root, cached_include, cached_exclude, notes, folders = meta
    if (parser, cached_root, cached_include, cached_exclude) != (
        PARSER_VERSION,
        root,
        include,
        exclude,
    ):
        raise ValueError("another vault or parser")
    return Cached(file, frames - 1, _notes(notes), _folders(folders))


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
        found[path] = NoteEntry(size, mtime, status, count, reason, kind)
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
    """Write the cache atomically; False when it cannot be written (it is a cache).

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
    from filelock import FileLock, Timeout  # only writers need it

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(path.with_name(path.name + ".lock"), timeout=LOCK_TIMEOUT):
            remove_stale_temps(path)
            with atomic_writer(path, durable=False) as file:
                _write_frames(file, marshal.dumps(meta), groups)
            # A copy of `list --json`'s output that earlier papertui kept (100 MB and more).
            path.with_name(path.stem + ".list").unlink(missing_ok=True)
    except (OSError, Timeout):
        return False
    return True


def _write_frames(file: BinaryIO, meta: bytes, groups: Iterable[list[Pair]]) -> None:
    """The header, then each frame as it is made (a chunk of rows at a time, never the
    whole file in memory); the header's length and frame count are written last."""
    file.write(bytes(len(MAGIC) + _HEADER.size))
    length = frames = 0

    def put(frame: bytes) -> None:
        nonlocal length, frames
        file.write(_FRAME.pack(len(frame), zlib.crc32(frame)))
        file.write(frame)
        length += _FRAME.size + len(frame)
        frames += 1

    put(meta)
    chunk: list[list[Pair]] = []
    for group in groups:
        chunk.append(group)
        if len(chunk) == CHUNK_PAPERS:
            put(marshal.dumps(_packed(chunk)))
            chunk = []
    if chunk:
        put(marshal.dumps(_packed(chunk)))
    file.seek(0)
    file.write(MAGIC + _HEADER.pack(FORMAT_VERSION, length, frames))


def report_of(path: str, entry: NoteEntry) -> NoteReport:
    """The report of a note as the cache remembers it."""
    return NoteReport(path, STATUSES[entry.status], entry.papers, entry.reason, entry.format)


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
        if entry is None or entry.size != file.size or entry.mtime_ns != file.mtime_ns:
            return None
        reports.append(report_of(file.path, entry))
    if len(notes) != sum(file.skipped is None for file in files):
        return None  # a note went away
    return tuple(reports)
