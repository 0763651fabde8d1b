"""NoteLedger: what a scan knows of each note, apart from its papers (those are the Merger's)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from papertui.vault.notes.walk import NoteFile
from papertui.vault.scan import cache
from papertui.vault.scan.cache import STALE, NoteEntry, report_of
from papertui.vault.scan.changed_paths import drop_path, insert_path
from papertui.vault.scan.image_folders import add_folder, mtime_of
from papertui.vault.scan.result import SKIPPED, STATUSES, NoteReport, NoteStatus

if TYPE_CHECKING:
    from papertui.vault.notes.read import NoteResult


class NoteLedger:
    """Each note's cache entry and report, the notes in walk order, and the image folders.

    The entries are what the index cache keeps of a note (size, mtime, outcome):
    a note whose size and mtime are unchanged is not read again.
    """

    def __init__(self) -> None:
        self.entries: dict[str, NoteEntry] = {}
        """Every note read (or taken from the cache), by path."""
        self.reports: dict[str, NoteReport] = {}
        self.paths: list[str] = []
        """Every note path, read or skipped, in path order."""
        self.folders: dict[str, int] = {}
        """The folders local images were looked for in, with their mtime_ns then
        (STALE: look again), so a changed folder's ``missing`` flags are read again."""

    @classmethod
    def from_cache(cls, loaded: cache.Cached) -> NoteLedger:
        """Every note the cache holds, also those gone since (:meth:`changed` sorts them out)."""
        ledger = cls()
        ledger.entries = loaded.notes
        ledger.paths = list(loaded.notes)  # in the order of the walk that wrote them
        ledger.reports = {path: report_of(path, entry) for path, entry in loaded.notes.items()}
        ledger.folders = loaded.folders
        return ledger

    def notes(self) -> tuple[NoteReport, ...]:
        """Every note's report, in path order."""
        reports = self.reports
        return tuple([reports[path] for path in self.paths if path in reports])

    def knows(self, path: str) -> bool:
        return path in self.reports

    def holds_notes(self, prefix: str) -> bool:
        """Whether any note path starts with ``prefix`` (a folder, ``a/b/``)."""
        return any(path.startswith(prefix) for path in self.paths)

    def forget(self, path: str) -> bool:
        """Forget a note; True if it had been read (its papers must go too)."""
        self.reports.pop(path, None)
        return self.entries.pop(path, None) is not None

    def changed(self, files: list[NoteFile]) -> tuple[list[NoteFile], list[str]]:
        """The notes to read (new, or changed since they were read), and the notes
        forgotten whose papers must go (gone, changed, or now skipped).

        ``files`` is the whole vault, as the walk found it.
        """
        entries = self.entries
        present = {file.path for file in files}
        dropped = [path for path in entries if path not in present]
        for path in dropped:
            self.forget(path)
        reading: list[NoteFile] = []
        for file in files:
            if file.skipped is not None:
                if self.forget(file.path):
                    dropped.append(file.path)
                self.skip(file.path, file.skipped)
                continue
            entry = entries.get(file.path)
            if entry is None or entry.size != file.size or entry.mtime_ns != file.mtime_ns:
                if self.forget(file.path):
                    dropped.append(file.path)
                reading.append(file)
        self.paths = [file.path for file in files]
        return reading, dropped

    def skip(self, path: str, reason: str) -> None:
        """A note the walk passes by unread (not a regular file, ...)."""
        self.reports[path] = NoteReport(path, NoteStatus.SKIPPED, 0, reason)

    def record(self, file: NoteFile, result: NoteResult, racy: int) -> None:
        """A note just read: its entry (to be read again next time if it changed
        after ``racy``, in ns, or could not be read), report and image folders."""
        path, status, count, reason, kind, rows = result
        mtime = file.mtime_ns
        if mtime > racy or (status == SKIPPED and (reason or "").startswith("unreadable")):
            mtime = STALE
        self.entries[path] = NoteEntry(file.size, mtime, status, count, reason, kind)
        self.reports[path] = NoteReport(path, STATUSES[status], count, reason, kind)
        for row in rows:
            for image in row.images:
                add_folder(self.folders, image)

    def place(self, path: str) -> None:
        """A note that came: its path in walk order."""
        insert_path(self.paths, path)

    def drop(self, path: str) -> None:
        """A note that went: its path out of the walk order."""
        drop_path(self.paths, path)

    def image_folders(self, threshold: int, absolute: Callable[[str], str]) -> dict[str, int]:
        """The image folders with their mtime_ns now (STALE if changed after ``threshold``).

        (A folder whose images went with their notes is still listed: it only
        costs a stat when the cache is read.)
        """
        folders = self.folders
        for folder in folders:
            mtime = mtime_of(absolute(folder))
            folders[folder] = STALE if mtime > threshold else mtime
        return dict(folders)
