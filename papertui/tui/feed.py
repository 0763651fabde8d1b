"""The vault's feed: a streaming scan, live reload, the cache and the state saved, as messages."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import Worker, WorkerState, get_current_worker

from papertui.session import Session
from papertui.tui.snapshots import Snapshot, make_snapshot
from papertui.tui.vault_watch import follow_vault
from papertui.tui.workers import WATCH_GROUP, worker_failure
from papertui.vault.query import PaperIndex
from papertui.vault.sanitize import clean_line
from papertui.vault.scan import NoteStatus, ScanResult
from papertui.vault.scan.early import paced
from papertui.vault.scan.scanner import Scanner, ScanProgress
from papertui.vault.scan.vault_set import VaultSet
from papertui.vault.state.store import StateStore
from papertui.vault.state.sync import load_merging_copies

INGEST_GAP = 1.0
"""Seconds between two partial snapshots shown while a scan runs (the last one always shows)."""
INGEST_SHARE = 5
"""While a scan runs, a snapshot is asked for no sooner than this many times what the
last one cost to take in: the scan keeps most of the time."""
SCAN_SHARE = 0.5
"""...and no sooner than this share of the time the scan has run: each snapshot costs
more than the last (every paper so far), so they come further apart as it goes."""
SCAN_WAIT = 60.0
"""The longest the final index waits for the scan to write the cache before building its text."""
FOLD_DELAY = 3.0
"""Seconds after a scan's end before the filter's folded text is built (in a worker), and
after the last move through the papers (:meth:`VaultFeed.fold_later`)."""
FOLD_LATEST = 30.0
"""Seconds after a scan's end by which that text is built, moves or not."""
SAVE_DELAY = 0.5
"""Seconds between a change of the state and its save (changes within it are saved together)."""
RETRY_DELAY = 5.0
"""Seconds between a failed save of the state and the next try."""


@dataclass
class _Scanned(Message, bubble=False):
    """The scanner has a newer snapshot (only the newest matters: they replace each other)."""

    progress: ScanProgress
    live: bool = False
    """From the watcher (a change in the vault), not a whole scan."""

    def can_replace(self, message: Message) -> bool:
        # Called on the older of two queued messages: a newer one makes it moot, unless
        # this one brings papers and the newer only counts.
        if not isinstance(message, _Scanned) or self.progress.final:
            return False
        return self.progress.result is None or message.progress.result is not None


class VaultFeed(Widget):
    """Reads the vault (notes, index cache, read/star state), follows it, saves; shows nothing.

    A widget only for its message queue (snapshots that come faster than they
    are taken in replace each other), timers, and workers that end with the
    screen. It touches no other widget: the screen calls :meth:`rescan`,
    :meth:`rows_shown`, :meth:`save_soon` and :meth:`close`, and handles the
    messages below.
    """

    DEFAULT_CSS: ClassVar[str] = "VaultFeed { display: none; }"

    @dataclass
    class StateLoaded(Message):
        """The read/star state, loaded off the UI thread."""

        store: StateStore

    @dataclass
    class Progress(Message):
        """A whole scan has read ``done`` notes of ``total`` and found ``papers`` so far."""

        done: int
        total: int
        papers: int
        finished: bool
        """The scan has read every note."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, VaultFeed.Progress) and not self.finished

    @dataclass
    class Papers(Message):
        """The vault's papers now: a scan's snapshot, its end, or a live change."""

        snapshot: Snapshot

    @dataclass
    class StateMerged(Message):
        """Saving the state took in flags another papertui changed meanwhile."""

        keys: frozenset[str]

    @dataclass
    class SaveStatus(Message):
        """A save of the state failed (``error`` says why; changes wait), or one succeeded."""

        error: str | None

    @dataclass
    class Failed(Message):
        """The vault could not be read (the list says why)."""

        reason: str

    @dataclass
    class Problem(Message):
        """Something to tell the user (notes skipped, a worker that failed)."""

        text: str
        severity: SeverityLevel = "warning"
        timeout: float | None = None

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.vault = session.vault
        self.state_path = session.state_path
        early = session.early
        self.scanner: Scanner | VaultSet = session.new_scanner() if early is None else early.scanner
        self._early = early
        self._store: StateStore | None = None
        self._index = PaperIndex(())
        self._scanner_lock = threading.Lock()
        """One thread at a time uses the scanner (the scan, or the watcher)."""
        self._stop_watching = threading.Event()
        self._latest: tuple[ScanProgress, bool] | None = None
        """The newest snapshot not yet taken in, and whether it is a live change."""
        self._ingesting = False
        self._want_snapshot = threading.Event() if early is None else early.wanted
        """Set when the screen is ready for the scan's next snapshot: the scan takes one
        only then (a snapshot sorts every paper so far)."""
        self._rows_shown = threading.Event() if early is None else early.shown
        """Set once the list has shown rows: a scan waits for it after its first papers."""
        self._scan_written = threading.Event()
        """Set when no scan is writing the cache (the final index waits for it)."""
        self._scan_written.set()
        self._scanning = False
        self._scan_began = 0.0
        self._watching = False
        self._save_lock = threading.Lock()
        self._save_timer: Timer | None = None
        self._fold_timer: Timer | None = None
        self._fold_by = 0.0
        self._save_failing: str | None = None
        """Why saves fail now (shown until one succeeds); None while they succeed."""

    def rows_shown(self) -> None:
        """The list shows rows: a scan that waits for the first ones goes on."""
        self._rows_shown.set()

    # -- the whole scan ------------------------------------------------------------

    def rescan(self) -> None:
        """Read the whole vault again (only changed notes are re-read), off the UI thread."""
        self._scanning = True
        self._scan_began = time.monotonic()
        self._want_snapshot.set()
        self._scan_written.clear()
        self._scan(self._store)
        if not self._watching:
            self._watching = True
            self._watch_vault()  # changes during the scan wait for it, then are taken in

    @work(thread=True, exclusive=True, group="scan", exit_on_error=False)
    def _scan(self, store: StateStore | None) -> None:
        worker = get_current_worker()
        try:
            if store is None:
                # (A sync tool's conflict copies of the file are merged in first.)
                store = load_merging_copies(self.state_path)
                # Posted, not called: the scan need not wait for the screen's first paint.
                self.post_message(self.StateLoaded(store))
            with self._scanner_lock:
                if worker.is_cancelled:
                    return
                early, self._early = self._early, None
                wanted = self._want_snapshot
                if early is None:
                    batches: Iterable[ScanProgress] = paced(
                        self.scanner.iter_batches(snapshots=wanted), self._rows_shown
                    )
                else:
                    batches = early.batches  # (taking snapshots when ``wanted`` says, too)
                for progress in batches:
                    if worker.is_cancelled:
                        return
                    self.post_message(_Scanned(progress))
        except OSError as error:
            message = f"Cannot read {self.vault}: {error.strerror or error}"
            self.app.call_from_thread(self._scan_failed, clean_line(message))
        finally:
            self._scan_written.set()

    @on(StateLoaded)
    def _state_loaded(self, event: StateLoaded) -> None:
        # (The message goes on up to the screen.)
        if self._store is None:
            self._store = event.store
            self._tell(event.store.pop_messages())
            self._ingest_latest()  # a snapshot that came before the state

    def _scan_failed(self, message: str) -> None:
        self._scanning = False
        self.post_message(self.Failed(message))

    @on(_Scanned)
    def _scanned(self, event: _Scanned) -> None:
        progress = event.progress
        if not event.live and (self._scanning or progress.final):
            self.post_message(
                self.Progress(progress.done, progress.total, progress.papers, progress.final)
            )
        if progress.result is not None:
            self._latest = (progress, event.live)
            self._ingest_latest()

    # -- snapshots made ready ------------------------------------------------------

    def _ingest_latest(self) -> None:
        """Make the newest snapshot ready (one at a time: snapshots that came meanwhile drop)."""
        if self._ingesting or self._latest is None or self._store is None:
            return
        (progress, live), self._latest = self._latest, None
        assert progress.result is not None
        self._ingesting = True
        final = progress.final and self._scanning
        self._ingest(self._store, progress.result, self._index, final=final, live=live)

    @work(thread=True, group="ingest", exit_on_error=False)
    def _ingest(
        self,
        store: StateStore,
        result: ScanResult,
        previous: PaperIndex,
        *,
        final: bool,
        live: bool,
    ) -> None:
        ready = make_snapshot(
            store, self.scanner.vault_notes, result, previous, final=final, live=live
        )
        del previous  # (the final index waits below: let the old one go meanwhile)
        self.app.call_from_thread(self._ingested, ready)
        if final:
            # The text bare words search, built now rather than at the first keystroke;
            # once the scan has written the cache, so the two peaks of memory do not meet.
            self._scan_written.wait(SCAN_WAIT)
            ready.index.prepare(folded=False)  # (the folded text: see _fold_soon)

    def _ingested(self, ready: Snapshot) -> None:
        self._ingesting = False
        if self._scanning and not ready.final:
            # Ask for the next snapshot later: each costs the scan time (the GIL).
            ran = time.monotonic() - self._scan_began
            gap = max(INGEST_GAP, INGEST_SHARE * ready.cost, SCAN_SHARE * ran)
            self.set_timer(gap, self._want_snapshot.set)
        self._index = ready.index
        if ready.final:
            self._scanning = False
            # A full collection walks every paper (hundreds of ms on a big vault) and
            # would stall whatever runs then; papers hold no cycles, so keep them out.
            gc.freeze()
            # The filter's folded text costs most: built a moment later, so that a note
            # changed just after the scan does not wait for it.
            if self._fold_timer is not None:
                self._fold_timer.stop()  # (a rescan's end: one build, of the newest index)
            self._fold_timer = self.set_timer(FOLD_DELAY, self._fold_due)
            self._fold_by = time.monotonic() + FOLD_LATEST
            skipped = ready.result.count(NoteStatus.SKIPPED)
            if skipped:
                why = f"{skipped} notes could not be read (papertui list -v says why)."
                self.post_message(self.Problem(why))
        self.save_soon()  # (the notes seen are in the state)
        self.post_message(self.Papers(ready))
        self._ingest_latest()

    def fold_later(self) -> None:
        """The user moves through the papers: build the folded text once they pause.

        Its build holds the GIL for seconds on a big vault; a key pressed meanwhile
        waits for it (``j`` on 127,000 papers: p95 75-80 ms instead of 30-45).
        """
        timer = self._fold_timer
        if timer is not None and time.monotonic() + FOLD_DELAY < self._fold_by:
            timer.reset()

    def _fold_due(self) -> None:
        self._fold_timer = None
        self._fold()

    @work(thread=True, group="ingest", exit_on_error=False)
    def _fold(self) -> None:
        """Build the current index's folded text (a live change in between carries it over)."""
        self._index.prepare()
        # It lives as long as the reader, with the pinyin readings it loaded (190,000
        # lists): out of the collector's walks too, or a full collection costs 60 ms
        # a time, and the key pressed then misses its frame.
        gc.freeze()

    # -- live reload ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group=WATCH_GROUP, exit_on_error=False)
    def _watch_vault(self) -> None:
        """Follow the vault's changes until the screen goes; save the cache when idle."""
        follow_vault(self.scanner, self._scanner_lock, self._stop_watching, self._post_live)

    def _post_live(self, result: ScanResult) -> None:
        done = len(result.notes)
        progress = ScanProgress(done, done, len(result.papers), result, final=True)
        self.post_message(_Scanned(progress, live=True))

    def stop_watching(self) -> None:
        """Let the watcher end (within a watchfiles step) and save the cache if it can."""
        self._stop_watching.set()
        self._rows_shown.set()  # a scan waiting for the first rows stops waiting
        if self._scanner_lock.acquire(blocking=False):
            try:
                self.scanner.save_cache()
            finally:
                self._scanner_lock.release()

    def close(self) -> list[str]:
        """The reader is going: stop watching, save the cache and the state now.

        Returns what to tell the user once the terminal is back if changes
        could not be saved (and where a recovery copy of them was written).
        """
        self.stop_watching()
        self.save_now()
        if self._store is None:
            return []
        from papertui.vault.state.rescue import unsaved_report

        with self._save_lock:
            return unsaved_report(self._store)

    # -- the read/star state -------------------------------------------------------

    def save_soon(self, delay: float = SAVE_DELAY) -> None:
        """Save the state a moment from now (changes meanwhile are saved with it)."""
        if self._save_timer is None:
            self._save_timer = self.set_timer(delay, self._save_due)

    def _save_due(self) -> None:
        self._save_timer = None
        self._save()

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _save(self) -> None:
        merged = self.save_now()
        self.app.call_from_thread(self._saved, merged)

    def _saved(self, merged: frozenset[str]) -> None:
        store = self._store
        if store is not None:
            self._tell(store.pop_messages())
            failing = store.save_error if store.dirty and not store.read_only else None
            if failing != self._save_failing:
                self._save_failing = failing
                self.post_message(self.SaveStatus(failing))
            if failing is not None:
                self.save_soon(RETRY_DELAY)  # the changes wait in the store: try again
        if merged:
            self.post_message(self.StateMerged(merged))

    def save_now(self) -> frozenset[str]:
        """Save the state if it changed (the store merges with other writers, under a lock).

        Returns the keys whose flags another papertui changed meanwhile.
        """
        store = self._store
        if store is None:
            return frozenset()
        with self._save_lock:
            return store.last_merge if store.save() else frozenset()

    def _tell(self, messages: list[str]) -> None:
        for message in messages:
            self.post_message(self.Problem(clean_line(message), timeout=10))

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "ingest" and event.state is WorkerState.ERROR:
            self._ingesting = False
        failure = worker_failure(event)
        if failure is not None:
            self.post_message(self.Problem(failure, severity="error", timeout=15))
