"""Scanner: a vault's papers read once, streamed as they come, cached, and kept up to date.

For the reader. Everything runs in one worker thread (Textual's
``@work(thread=True, exclusive=True, group="scan")``): a Scanner is not for
two threads at once, but every :class:`ScanResult` it hands out is immutable
and can go to the UI thread as it is (``app.call_from_thread``)::

    parallel.prestart()                                   # first thing in main(), before threads
    scanner = Scanner(vault, include=..., exclude=...)    # the index cache is on by default
    for progress in scanner.iter_batches():               # ScanProgress: done/total/papers/result
        post(progress)                                    # result: the papers so far, sorted
    # ... later, from the same worker group, for each watchfiles batch:
    result = scanner.apply_watch(changes)                 # {(Change, "/abs/path"), ...}
    scanner.save_cache()                                  # when idle (debounced) and at exit

* Warm (valid cache): the first snapshot holds the newest 4,096 papers about
  0.2 s after the scan starts (10,000 notes); the rest come in snapshots every
  ``interval`` s, all within ~1.3 s. Only notes changed since are read.
* Cold: worker processes on every core read the notes; the first snapshot
  comes with the first small batch (~0.2 s), then one every ``interval`` s.
  The cache is written after the final snapshot is taken (in this thread).
* Snapshots list the papers so far in their final order, so rows only ever
  grow in place; ``progress.papers`` / ``done`` / ``total`` drive a progress bar.
* While a scan runs the cyclic collector is off (process-wide, a second or
  two), and then ``gc.freeze()``s the papers (they hold no cycles): else the
  collector's first full pass over them stalls every thread ~0.7 s.
* ``apply_changes(added, modified, deleted)`` / ``apply_watch(changes)`` read
  only those notes again (which list a path is in does not matter: its state
  on disk decides); a folder or a link makes it walk the vault again
  (:meth:`Scanner.refresh`). The result equals a scan from scratch: papers
  whose appearances span changed and unchanged notes are merged again in path
  order. One changed note in a 10,000-note vault: ~0.1-0.3 s.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from papertui.vault.collector import collector_paused
from papertui.vault.notes.walk import NoteFile, walk
from papertui.vault.scan import cache
from papertui.vault.scan.cache import STALE, cache_file
from papertui.vault.scan.changed_paths import classify, note_file, relative_paths
from papertui.vault.scan.image_folders import changed_folders, folder_path, refresh_images
from papertui.vault.scan.ledger import NoteLedger
from papertui.vault.scan.merger import Merger
from papertui.vault.scan.pacing import Clock, snapshot_wanted
from papertui.vault.scan.result import NoteReport, Pair, ScanProgress, ScanResult, final_result

if TYPE_CHECKING:
    from papertui.vault.notes.read import NoteResult

__all__ = ["ScanProgress", "Scanner"]  # ScanProgress: what Scanner.iter_batches yields

RACY_NS = 2_000_000_000
"""A note changed this close to a scan may change again within its mtime's tick, unseen:
it is read again next time."""


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
        self.cache_path = cache_file(root, self.include, self.exclude) if cache else None
        self.parallel = parallel
        self._base = os.fspath(root)
        self._real = os.path.realpath(self._base)
        self._merger = Merger()
        self._notes = NoteLedger()
        self._dirty = False
        self._started = 0
        """When the running scan began (time_ns): anything changed since is read again next time."""
        self._complete = False
        """A scan has run to the end (so the cache may be written)."""
        self._result: ScanResult | None = None

    @property
    def roots(self) -> tuple[Path, ...]:
        """The folders to watch for changes (see :class:`VaultSet`, which has several)."""
        return (self.root,)

    def vault_notes(self, paths: Iterable[str]) -> list[tuple[Path, dict[str, str]]]:
        """``paths`` by vault, as :meth:`VaultSet.vault_notes` gives them (here one vault)."""
        return [(self.root, {path: path for path in paths})]

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
        return final_result(self.iter_batches(interval=0.1, snapshots=False), progress)

    def read(self, progress: Callable[[ScanProgress], None] | None = None) -> None:
        """Scan the vault without making its papers: for :meth:`groups` and :meth:`notes`
        (see :func:`papertui.vault.scan.rows.scan_rows`).

        Args:
            progress: Called now and then with counts (``result`` None).
        """
        with collector_paused():
            for report in self._run(0.1, snapshots=False, eager=False):
                if progress is not None:
                    progress(report)
            self.save_cache()
            self._merger.forget_orders()

    def groups(self) -> Iterator[list[Pair]]:
        """Each paper's section rows (with their notes' paths), in the papers' order."""
        return self._merger.in_order()

    def notes(self) -> tuple[NoteReport, ...]:
        """Every note's report, in path order."""
        return self._notes.notes()

    def iter_batches(
        self,
        *,
        interval: float = 0.25,
        snapshots: bool | threading.Event = True,
        freeze: bool = True,
    ) -> Iterator[ScanProgress]:
        """Scan the vault, yielding progress as it goes; the last has ``final`` set.

        The first progress with papers comes as soon as there are any, then one
        every ``interval`` seconds. The cache is written after the final one
        is yielded (when the caller asks for the next, as a for loop does).

        Args:
            interval: Seconds between progress reports.
            snapshots: Give each report the papers so far (sorting them costs
                some milliseconds per 10,000 papers); else only the final one.
                An Event: a report gives them only while it is set, and clears
                it (whoever takes the snapshots sets it when ready for another).
            freeze: ``gc.freeze()`` once the papers are made: they hold no
                cycles, and the collector's first full pass over them would
                otherwise stall every thread ~0.7 s (150,000 papers). It
                freezes every object of the process: for a long-running reader.
        """
        with collector_paused(freeze=freeze):
            yield from self._run(interval, snapshots)
            self._result = self._snapshot()
            self._merger.forget_orders()
        total = len(self._notes.paths)
        yield ScanProgress(total, total, len(self._result.papers), self._result, final=True)
        with collector_paused():
            self.save_cache()

    def _run(
        self, interval: float, snapshots: bool | threading.Event, *, eager: bool = True
    ) -> Iterator[ScanProgress]:
        """Scan the vault up to (not including) the final report (``eager``: see Merger)."""
        self._started = time.time_ns()
        self._merger = Merger(eager=eager)
        self._notes = NoteLedger()
        self._dirty = self.cache_path is None
        self._result = None
        self._complete = False
        clock = Clock(interval)
        # The cache's papers first, the newest at once; the walk then says which
        # notes changed since (until then the notes are the cache's).
        loaded = self._load_cache()
        cached = total = len(self._notes.paths)
        if loaded is not None:
            frames = loaded.frames or 1
            try:
                for number, chunk in enumerate(loaded.groups(), start=1):
                    for group in chunk:
                        self._merger.add_group(group)
                    # None from the last quarter of the cache: the final result follows
                    # soon, and a snapshot of nearly every paper would only delay it.
                    if clock.due() and number * 4 < frames * 3:
                        yield self._progress(cached * number // frames, total, snapshots)
                        clock.reset()
            except (TypeError, ValueError, IndexError, KeyError, AttributeError):
                self._forget_cache()
                loaded = None
        files = list(walk(self._base, self.include, self.exclude))
        total = len(files)
        reading = self._changed(files)
        cached = total - len(reading)
        if loaded is not None:
            self._refresh_folders(loaded.folders)
        done = cached
        for _ in self._read(reading, in_order=loaded is None):
            done += 1
            if clock.due() and len(self._merger):
                yield self._progress(done, total, snapshots)
                clock.reset()
        self._complete = True

    def _progress(self, done: int, total: int, snapshots: bool | threading.Event) -> ScanProgress:
        snapshot = self._snapshot() if snapshot_wanted(snapshots) else None
        return ScanProgress(done, total, len(self._merger), snapshot)

    def _snapshot(self) -> ScanResult:
        return ScanResult(self.root, self._merger.papers(), self.notes())

    # -- the cache -----------------------------------------------------------------

    def _load_cache(self) -> cache.Cached | None:
        """Take every note's entry from the cache (:meth:`_changed` sorts them out); or None."""
        if self.cache_path is None:
            return None
        loaded = cache.load(self.cache_path, self.root, self.include, self.exclude)
        if loaded is None:
            self._dirty = True
            return None
        self._notes = NoteLedger.from_cache(loaded)
        return loaded

    def _folder(self, folder: str) -> str:
        return folder_path(self._real, folder)

    def _forget_cache(self) -> None:
        self._merger = Merger(eager=self._merger.eager)
        self._notes = NoteLedger()
        self._dirty = True

    def save_cache(self) -> bool:
        """Write the cache if anything changed since it was read or written; True if written."""
        if self.cache_path is None or not self._dirty or not self._complete:
            return False
        written = cache.save(
            self.cache_path,
            self.root,
            self.include,
            self.exclude,
            self._notes.entries,
            self._notes.image_folders(self._started - RACY_NS, self._folder),
            self._merger.in_order(),  # (made chunk by chunk as they are written)
        )
        self._dirty = not written
        return written

    # -- reading notes -------------------------------------------------------------

    def _changed(self, files: list[NoteFile]) -> list[NoteFile]:
        """Notes to read: new or changed since the cache; the papers of notes gone go."""
        reading, dropped = self._notes.changed(files)
        for path in dropped:
            self._dropped(path)
        return reading

    def _forget(self, path: str) -> None:
        if self._notes.forget(path):
            self._dropped(path)

    def _dropped(self, path: str) -> None:
        """The papers of a note forgotten go with it."""
        self._dirty = True
        self._merger.remove(path)

    def _read(self, files: list[NoteFile], *, in_order: bool) -> Iterator[NoteResult]:
        """Read ``files`` and take in their papers; each note's result as it comes."""
        if not files:
            return
        from papertui.vault.scan.pool import read_notes  # the parsers load only when needed

        by_path = {file.path: file for file in files}
        racy = time.time_ns() - RACY_NS
        merger = self._merger
        notes = self._notes
        for result in read_notes(files, self._real, parallel=self.parallel):
            notes.record(by_path[result.path], result, racy)
            if result.rows:
                merger.add(result.path, result.rows, in_order=in_order)
            self._dirty = True
            yield result

    # -- live reload ---------------------------------------------------------------

    def refresh(self) -> ScanResult:
        """Walk the vault again and take in whatever changed (notes, folders, images)."""
        files = list(walk(self._base, self.include, self.exclude))
        reading = self._changed(files)
        self._refresh_folders(self._notes.folders)
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
        reading: list[NoteFile] = []
        folders: set[str] = set()
        for relative in relative_paths((*added, *modified, *deleted), (self._base, self._real)):
            kind = self._classify(relative)
            if kind is None:
                return self.refresh()
            if kind == "other":
                folders.add(relative.rpartition("/")[0])
                continue
            self._forget(relative)
            if kind == "gone":
                self._notes.drop(relative)
                continue
            file = note_file(self._base, relative)
            if file is None:
                return self.refresh()
            self._notes.place(relative)
            if file.skipped is not None:
                self._notes.skip(relative, file.skipped)
            else:
                reading.append(file)
        known = self._notes.folders
        self._refresh_folders({folder: STALE for folder in folders if folder in known})
        for _ in self._read(reading, in_order=False):
            pass
        return self._finish()

    def apply_watch(self, changes: Iterable[tuple[int, str]]) -> ScanResult:
        """Take in watchfiles' (``Change``, path) pairs; each path's state on disk decides."""
        return self.apply_changes(modified=[path for _, path in changes])

    def _finish(self) -> ScanResult:
        self._result = self._snapshot()
        self._merger.forget_orders()
        return self._result

    def _classify(self, relative: str) -> str | None:
        """``note``, ``gone`` (a note no more), ``other`` (not a note), or None (walk again)."""
        return classify(
            relative,
            self._real,
            known=self._notes.knows(relative),
            holds_notes=self._notes.holds_notes,
            include=self.include,
            exclude=self.exclude,
        )

    def _refresh_folders(self, folders: dict[str, int]) -> None:
        """Look again at the image folders whose mtime changed since the rows were read."""
        changed = changed_folders(folders, self._folder)
        if changed and refresh_images(self._merger, changed):
            self._dirty = True
        for folder in changed:
            self._notes.folders[folder] = STALE
