"""Scanner: a vault's papers read once, streamed as they come, cached, and kept up to date.

For the reader (all of it runs in one worker thread, e.g. Textual's
``@work(thread=True, exclusive=True)``; a Scanner is not for two threads at
once, but every :class:`ScanResult` it hands out is immutable and can go to
the UI thread as it is)::

    scanner = Scanner(vault, include=..., exclude=...)      # cache=True by default
    for progress in scanner.iter_batches():                 # snapshots, newest first
        post(progress.result, progress.done, progress.total, progress.final)
    ...
    result = scanner.apply_changes(added=..., modified=..., deleted=...)  # live reload
    result = scanner.apply_watch(changes)                   # watchfiles' set of (Change, path)
    scanner.save_cache()                                    # when idle, and before exit

With a valid cache the first snapshot (the newest papers) comes in a few
tens of milliseconds and the rest within a second; without one, worker
processes on every core read the notes and a snapshot comes as soon as the
first batch is read, then every ``interval`` seconds. Programs that scan from
a thread should call :func:`papertui.vault.parallel.prestart` first thing.
"""

from __future__ import annotations

import os
import stat
import time
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from papertui.vault import cache
from papertui.vault.cache import NoteEntry
from papertui.vault.merge import Merger, Pair, path_order
from papertui.vault.paper import ImageRow, SectionRow
from papertui.vault.result import SKIPPED, STATUSES, NoteReport, NoteStatus, ScanResult
from papertui.vault.walk import NoteFile, is_note_name, matches, walk

if TYPE_CHECKING:
    from papertui.vault.read import NoteResult

RACY_NS = 2_000_000_000
"""A note changed this close to a scan may change again within its mtime's tick, unseen:
it is read again next time."""
STALE = -1
"""The mtime of a note to read again however it looks."""


@dataclass(frozen=True, slots=True)
class ScanProgress:
    """How far a scan has got, and (unless asked not to) what it has found so far."""

    done: int
    """Notes read, or taken from the cache."""
    total: int
    """Notes in the vault."""
    papers: int
    """Papers found so far."""
    result: ScanResult | None
    """The papers and notes so far, sorted; always given when ``final``."""
    final: bool = False
    """The scan is complete: ``result`` is the vault's."""


class Scanner:
    """The papers of one vault, kept up to date."""

    def __init__(
        self,
        root: Path,
        *,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        cache: bool = True,
        parallel: bool | None = None,
    ) -> None:
        """A scanner of the vault at ``root``.

        Args:
            root: The vault folder.
            include: Globs (relative to the vault); when given, only matching notes are read.
            exclude: Globs of notes to leave out.
            cache: Keep an index in the user's cache folder and read only changed notes.
            parallel: Read on every core (None: when there is enough to read).
        """
        self.root = root
        self.include = tuple(include)
        self.exclude = tuple(exclude)
        self.cache_path = cache_file_for(root, self.include, self.exclude) if cache else None
        self.parallel = parallel
        self._base = os.fspath(root)
        self._real = os.path.realpath(self._base)
        self._merger = Merger()
        self._entries: dict[str, NoteEntry] = {}
        self._reports: dict[str, NoteReport] = {}
        self._paths: list[str] = []
        """Every note path, read or skipped, in path order."""
        self._folders: dict[str, int] = {}
        self._dirty = False
        self._started = 0
        """When the running scan began (time_ns): anything changed since is read again next time."""
        self._complete = False
        """A scan has run to the end (so the cache may be written)."""
        self._result: ScanResult | None = None

    @property
    def result(self) -> ScanResult | None:
        """The latest complete result, or None before the first scan ends."""
        if self._result is None and self._complete:
            self._result = self._snapshot()
        return self._result

    # -- a whole scan ------------------------------------------------------------

    def scan(self, progress: Callable[[ScanProgress], None] | None = None) -> ScanResult:
        """Scan the vault (re-reading only changed notes when the cache is valid).

        Args:
            progress: Called now and then with counts (``result`` None) and at the end.
        """
        final: ScanProgress | None = None
        for final in self.iter_batches(interval=0.1, snapshots=False):
            if progress is not None:
                progress(final)
        assert final is not None
        assert final.result is not None
        return final.result

    def read(self, progress: Callable[[ScanProgress], None] | None = None) -> None:
        """Scan the vault without making its papers: for :meth:`groups` and :meth:`notes`.

        Args:
            progress: Called now and then with counts (``result`` None).
        """
        for report in self._run(0.1, snapshots=False, eager=False):
            if progress is not None:
                progress(report)
        self.save_cache()

    def groups(self) -> Iterator[list[Pair]]:
        """Each paper's section rows (with their notes' paths), in the papers' order."""
        return self._merger.in_order()

    def notes(self) -> tuple[NoteReport, ...]:
        """Every note's report, in path order."""
        reports = self._reports
        return tuple([reports[path] for path in self._paths if path in reports])

    def iter_batches(
        self, *, interval: float = 0.25, snapshots: bool = True
    ) -> Iterator[ScanProgress]:
        """Scan the vault, yielding progress as it goes; the last has ``final`` set.

        The first progress with papers comes as soon as there are any, then one
        every ``interval`` seconds. The cache is written after the final one
        is yielded (when the caller asks for the next, as a for loop does).

        Args:
            interval: Seconds between progress reports.
            snapshots: Give each report the papers so far (sorting them costs
                some milliseconds per 10,000 papers); else only the final one.
        """
        yield from self._run(interval, snapshots)
        self._result = self._snapshot()
        total = len(self._paths)
        yield ScanProgress(total, total, len(self._result.papers), self._result, final=True)
        self.save_cache()

    def _run(
        self, interval: float, snapshots: bool, *, eager: bool = True
    ) -> Iterator[ScanProgress]:
        """Scan the vault up to (not including) the final report (``eager``: see Merger)."""
        self._started = time.time_ns()
        files = list(walk(self._base, self.include, self.exclude))
        self._merger = Merger(eager=eager)
        self._entries = {}
        self._reports = {}
        self._paths = [file.path for file in files]
        self._dirty = self.cache_path is None
        self._result = None
        self._complete = False
        total = len(files)
        clock = _Clock(interval)
        loaded = self._load_cache(files)
        cached = len(self._reports)
        if loaded is not None:
            frames = loaded.frames or 1
            try:
                for number, chunk in enumerate(loaded.groups(), start=1):
                    for group in chunk:
                        self._merger.add_group(group)
                    if clock.due():
                        yield self._progress(cached * number // frames, total, snapshots)
                        clock.reset()
            except (TypeError, ValueError, IndexError, KeyError, AttributeError):
                self._forget_cache()
                loaded = None
                cached = 0
        reading = self._changed(files)
        if loaded is not None:
            self._refresh_folders(loaded.folders)
        done = cached
        for _ in self._read(reading, in_order=loaded is None):
            done += 1
            if clock.due() and len(self._merger):
                yield self._progress(done, total, snapshots)
                clock.reset()
        self._complete = True

    def _progress(self, done: int, total: int, snapshots: bool) -> ScanProgress:
        snapshot = self._snapshot() if snapshots else None
        return ScanProgress(done, total, len(self._merger), snapshot)

    def _snapshot(self) -> ScanResult:
        return ScanResult(self.root, self._merger.papers(), self.notes())

    # -- the cache -----------------------------------------------------------------

    def _load_cache(self, files: list[NoteFile]) -> cache.Cached | None:
        """Take each unchanged note's entry from the cache; the cache, or None."""
        if self.cache_path is None:
            return None
        loaded = cache.load(self.cache_path, self.root, self.include, self.exclude)
        if loaded is None:
            self._dirty = True
            return None
        self._folders = loaded.folders
        # Every cached note, also those gone since: their papers are in the cache too,
        # and :meth:`_changed` takes them out.
        self._entries = loaded.notes
        present = {file.path for file in files if file.skipped is None}
        for path, entry in loaded.notes.items():
            if path in present:
                self._reports[path] = _report(path, entry)
        return loaded

    def _forget_cache(self) -> None:
        self._merger = Merger(eager=self._merger.eager)
        self._entries.clear()
        self._reports.clear()
        self._folders = {}
        self._dirty = True

    def save_cache(self) -> bool:
        """Write the cache if anything changed since it was read or written; True if written."""
        if self.cache_path is None or not self._dirty or not self._complete:
            return False
        groups = list(self._merger.in_order())
        written = cache.save(
            self.cache_path,
            self.root,
            self.include,
            self.exclude,
            self._entries,
            self._image_folders(groups),
            groups,
        )
        self._dirty = not written
        return written

    def _image_folders(self, groups: list[list[Pair]]) -> dict[str, int]:
        """The folders local images were looked for in, with their mtime_ns now."""
        folders: dict[str, int] = {}
        for group in groups:
            for _, row in group:
                for image in row[10]:
                    _add_folder(folders, image)
        threshold = self._started - RACY_NS
        for folder in folders:
            mtime = _mtime(os.path.join(self._real, *folder.split("/")) if folder else self._real)
            folders[folder] = STALE if mtime > threshold else mtime
        self._folders = folders
        return folders

    # -- reading notes -------------------------------------------------------------

    def _changed(self, files: list[NoteFile]) -> list[NoteFile]:
        """Notes to read: new or changed since the cache; notes gone are forgotten."""
        entries = self._entries
        present = {file.path for file in files}
        for path in [path for path in entries if path not in present]:
            self._forget(path)
        reading: list[NoteFile] = []
        for file in files:
            if file.skipped is not None:
                self._forget(file.path)
                self._reports[file.path] = NoteReport(
                    file.path, NoteStatus.SKIPPED, 0, file.skipped
                )
                continue
            entry = entries.get(file.path)
            if entry is None or entry[0] != file.size or entry[1] != file.mtime_ns:
                self._forget(file.path)
                reading.append(file)
        return reading

    def _forget(self, path: str) -> None:
        if self._entries.pop(path, None) is not None:
            self._dirty = True
        self._reports.pop(path, None)
        self._merger.remove(path)

    def _read(self, files: list[NoteFile], *, in_order: bool) -> Iterator[NoteResult]:
        """Read ``files`` and take in their papers; each note's result as it comes."""
        if not files:
            return
        from papertui.vault.parallel import read_notes  # the parsers load only when needed

        by_path = {file.path: file for file in files}
        racy = time.time_ns() - RACY_NS
        merger = self._merger
        for result in read_notes(files, self._real, parallel=self.parallel):
            path, status, count, reason, kind, rows = result
            file = by_path[path]
            mtime = file.mtime_ns
            if mtime > racy or (status == SKIPPED and (reason or "").startswith("unreadable")):
                mtime = STALE
            self._entries[path] = (file.size, mtime, status, count, reason, kind)
            self._reports[path] = NoteReport(path, STATUSES[status], count, reason, kind)
            if rows:
                merger.add(path, rows, in_order=in_order)
            self._dirty = True
            yield result

    # -- live reload ---------------------------------------------------------------

    def refresh(self) -> ScanResult:
        """Walk the vault again and take in whatever changed (notes, folders, images)."""
        files = list(walk(self._base, self.include, self.exclude))
        self._paths = [file.path for file in files]
        reading = self._changed(files)
        self._refresh_folders(self._folders)
        for _ in self._read(reading, in_order=False):
            pass
        return self._finish()

    def apply_changes(
        self,
        added: Iterable[str | os.PathLike[str]] = (),
        modified: Iterable[str | os.PathLike[str]] = (),
        deleted: Iterable[str | os.PathLike[str]] = (),
    ) -> ScanResult:
        """Take in notes added, changed or deleted since the scan; the new result.

        Only those notes are read again. Paths may be absolute (as watchfiles
        gives them) or relative to the vault. A folder, a link or anything the
        vault's walk would treat specially makes it walk the vault again
        (:meth:`refresh`); other files (images) update the ``missing`` flags of
        the images in their folder.
        """
        if not self._complete:
            return self.scan()
        changed: dict[str, None] = {}
        for raw in (*added, *modified, *deleted):
            relative = self._relative(os.fspath(raw))
            if relative is not None:
                changed[relative] = None
        reading: list[NoteFile] = []
        folders: set[str] = set()
        for relative in changed:
            kind = self._classify(relative)
            if kind is None:
                return self.refresh()
            if kind == "other":
                folders.add(relative.rpartition("/")[0])
                continue
            self._forget(relative)
            if kind == "gone":
                self._drop_path(relative)
                continue
            file = _note_file(self._base, relative)
            if file is None:
                return self.refresh()
            self._insert_path(relative)
            if file.skipped is not None:
                self._reports[relative] = NoteReport(relative, NoteStatus.SKIPPED, 0, file.skipped)
            else:
                reading.append(file)
        self._refresh_folders({folder: STALE for folder in folders if folder in self._folders})
        for _ in self._read(reading, in_order=False):
            pass
        return self._finish()

    def apply_watch(self, changes: Iterable[tuple[int, str]]) -> ScanResult:
        """Take in watchfiles' (``Change``, path) pairs; each path's state on disk decides."""
        return self.apply_changes(modified=[path for _, path in changes])

    def _finish(self) -> ScanResult:
        self._result = self._snapshot()
        return self._result

    def _relative(self, path: str) -> str | None:
        """``path`` relative to the vault with ``/``; None outside it."""
        if not os.path.isabs(path):
            relative = path
        else:
            for base in (self._base, self._real):
                relative = os.path.relpath(path, base)
                if relative != ".." and not relative.startswith(".." + os.sep):
                    break
            else:
                return None
        relative = relative.replace(os.sep, "/").strip("/")
        return None if relative in ("", ".") else relative

    def _classify(self, relative: str) -> str | None:
        """``note``, ``gone`` (a note no more), ``other`` (not a note), or None (walk again)."""
        parts = relative.split("/")
        absolute = os.path.join(self._real, *parts)
        if any(part.startswith(".") for part in parts[:-1]):
            return "other"
        known = relative in self._reports
        try:
            info = os.lstat(absolute)
        except OSError:
            if known:
                return "gone"
            prefix = relative + "/"
            if any(path.startswith(prefix) for path in self._paths):
                return None  # a folder of notes went away
            return "other"
        if os.path.realpath(absolute) != absolute or (info.st_nlink > 1 and not _is_dir(info)):
            return None  # links: the walk decides what they are
        if _is_dir(info):
            return None
        name = parts[-1]
        if not is_note_name(name) or any(part in ("node_modules", "__pycache__") for part in parts):
            return "gone" if known else "other"
        if (self.exclude and matches(relative, self.exclude)) or (
            self.include and not matches(relative, self.include)
        ):
            return "gone" if known else "other"
        return "note"

    def _insert_path(self, relative: str) -> None:
        """Put a note's path in its place among the paths (if it is not there)."""
        paths = self._paths
        at = bisect_left(paths, path_order(relative), key=path_order)
        if at == len(paths) or paths[at] != relative:
            paths.insert(at, relative)

    def _drop_path(self, relative: str) -> None:
        paths = self._paths
        at = bisect_left(paths, path_order(relative), key=path_order)
        if at < len(paths) and paths[at] == relative:
            del paths[at]

    def _refresh_folders(self, folders: dict[str, int]) -> None:
        """Look again at the image folders whose mtime changed since the rows were read."""
        changed: dict[str, frozenset[str]] = {}
        for folder, mtime in folders.items():
            absolute = os.path.join(self._real, *folder.split("/")) if folder else self._real
            if mtime == STALE or _mtime(absolute) != mtime:
                try:
                    changed[folder] = frozenset(os.listdir(absolute))
                except OSError:
                    changed[folder] = frozenset()
        if not changed:
            return
        merger = self._merger
        for key, group in list(merger.groups.items()):
            if not any(row[10] for _, row in group):
                continue
            fresh = [(path, _with_images(row, changed)) for path, row in group]
            if any(new is not old[1] for (_, new), old in zip(fresh, group, strict=True)):
                merger.replace(key, fresh)
                self._dirty = True
        for folder in changed:
            self._folders[folder] = STALE


class _Clock:
    """When the next progress report is due: at the first chance, then every ``interval``."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.next = 0.0

    def due(self) -> bool:
        return time.monotonic() >= self.next

    def reset(self) -> None:
        self.next = time.monotonic() + self.interval


def cache_file_for(root: Path, include: Sequence[str], exclude: Sequence[str]) -> Path:
    """The cache file of a vault (see :func:`papertui.vault.cache.cache_file`)."""
    return cache.cache_file(root, include, exclude)


def _report(path: str, entry: NoteEntry) -> NoteReport:
    return NoteReport(path, STATUSES[entry[2]], entry[3], entry[4], entry[5])


def _mtime(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return STALE


def _is_dir(info: os.stat_result) -> bool:
    return stat.S_ISDIR(info.st_mode)


def _add_folder(folders: dict[str, int], image: ImageRow) -> None:
    path = image[1]
    if path is not None and path != ".." and not path.startswith("../"):
        folders[path.rpartition("/")[0]] = 0


def _with_images(row: SectionRow, changed: dict[str, frozenset[str]]) -> SectionRow:
    """``row`` with its images' ``missing`` flags read from the changed folders' listings."""
    images = row[10]
    fresh: list[ImageRow] = []
    for src, path, missing in images:
        if path is not None and path != ".." and not path.startswith("../"):
            folder, _, name = path.rpartition("/")
            listing = changed.get(folder)
            if listing is not None:
                missing = name not in listing
        fresh.append((src, path, missing))
    new = tuple(fresh)
    if new == images:
        return row
    return (*row[:10], new, *row[11:])


def _note_file(base: str, relative: str) -> NoteFile | None:
    """The note at ``relative`` as the walk would see it; None if it is not a plain note now."""
    absolute = os.path.join(base, *relative.split("/"))
    try:
        info = os.stat(absolute)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return NoteFile(relative, absolute, skipped="not a regular file")
    return NoteFile(relative, absolute, info.st_size, info.st_mtime_ns)
