"""The main screen's vault: a streaming scan, live reload by watchfiles, the cache saved."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterable, Set
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import watchfiles
from textual import on, work
from textual.app import App
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from papertui.tui.filtering import tag_tree
from papertui.tui.triage import Triage
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.paper_view import PaperView
from papertui.tui.widgets.scan_status import ScanStatus
from papertui.vault.paper import Paper
from papertui.vault.query import PaperIndex
from papertui.vault.sanitize import clean_line
from papertui.vault.scan import NoteStatus, ScanResult
from papertui.vault.scan.early import EarlyScan, paced
from papertui.vault.scan.scanner import Scanner, ScanProgress
from papertui.vault.state.store import StateStore
from papertui.vault.tags import TagNode

WATCH_DEBOUNCE_MS = 400
"""The longest watchfiles groups changes before handing them over."""
WATCH_STEP_MS = 50
"""Quiet after a change before watchfiles hands it over."""
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
WATCH_GROUP = "watch"
"""The worker group of the vault's watcher: it runs as long as the reader does."""
IDLE_MS = 2000
"""Quiet (no change in the vault) after which the index cache is saved."""


@dataclass
class Scanned(Message):
    """The scanner has a newer snapshot (only the newest matters: they replace each other)."""

    progress: ScanProgress
    live: bool = False
    """From the watcher (a change in the vault), not a whole scan."""

    def can_replace(self, message: Message) -> bool:
        # Called on the older of two queued messages: a newer one makes it moot, unless
        # this one brings papers and the newer only counts.
        if not isinstance(message, Scanned) or self.progress.final:
            return False
        return self.progress.result is None or message.progress.result is not None


@dataclass
class StateLoaded(Message):
    """The read/star state, loaded off the UI thread."""

    store: StateStore


@dataclass(frozen=True, slots=True)
class Ingested:
    """A snapshot made ready for the screen off the UI thread."""

    result: ScanResult
    index: PaperIndex
    tags: TagNode
    new_keys: frozenset[str]
    final: bool
    """The end of a whole scan."""
    live: bool
    """A change in the vault while the reader is open."""
    cost: float
    """Seconds it took to make ready."""


class VaultLoader(Screen[None]):
    """Scans the vault in a worker, streams snapshots to the list, and follows changes."""

    vault: Path
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    state_path: Path
    store: StateStore | None
    triage: Triage | None
    papers: tuple[Paper, ...]
    index: PaperIndex
    new_keys: frozenset[str]
    _generation: int

    def _init_loader(self, early: EarlyScan | None = None) -> None:
        """Set up the scanner (``early``: one started before the app, and its snapshots)."""
        if early is None:
            self.scanner = Scanner(self.vault, include=self.include, exclude=self.exclude)
        else:
            self.scanner = early.scanner
        self._early = early
        self._scanner_lock = threading.Lock()
        """One thread at a time uses the scanner (the scan, or the watcher)."""
        self._stop_watching = threading.Event()
        self._latest: tuple[ScanProgress, bool] | None = None
        """The newest snapshot not yet shown, and whether it is a live change."""
        self._ingesting = False
        self._want_snapshot = threading.Event() if early is None else early.wanted
        self._rows_shown = threading.Event() if early is None else early.shown
        """Set once the list has shown rows: a scan waits for it after its first papers."""
        """Set when the screen is ready for the scan's next snapshot: the scan takes one
        only then (a snapshot sorts every paper so far)."""
        self._scan_written = threading.Event()
        """Set when no scan is writing the cache (the final index waits for it)."""
        self._scan_written.set()
        self._scanning = False
        self._scan_began = 0.0
        self._watching = False
        self._last_scan_generation = -1

    @property
    def scan_status(self) -> ScanStatus:
        return self.query_one(ScanStatus)

    @property
    def scanning(self) -> bool:
        """A whole scan is under way."""
        return self._scanning

    # -- the whole scan ------------------------------------------------------------

    def rescan(self) -> None:
        """Read the whole vault again (only changed notes are re-read), off the UI thread."""
        self._scanning = True
        self._scan_began = time.monotonic()
        self._want_snapshot.set()
        self._scan_written.clear()
        self._scan(self.store)
        if not self._watching:
            self._watching = True
            self._watch_vault()  # changes during the scan wait for it, then are taken in

    @work(thread=True, exclusive=True, group="scan", exit_on_error=False)
    def _scan(self, store: StateStore | None) -> None:
        worker = get_current_worker()
        try:
            if store is None:
                store = StateStore.load(self.state_path)
                # Posted, not called: the scan need not wait for the screen's first paint.
                self.post_message(StateLoaded(store))
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
                    self.post_message(Scanned(progress))
        except OSError as error:
            message = f"Cannot read {self.vault}: {error.strerror or error}"
            self.app.call_from_thread(self._scan_failed, clean_line(message))
        finally:
            self._scan_written.set()

    @on(StateLoaded)
    def _state_loaded(self, event: StateLoaded) -> None:
        self._got_store(event.store)

    def _got_store(self, store: StateStore) -> None:
        if self.store is None:
            self.store = store
            self.triage = Triage(store)
            self.query_one(PaperList).flags = store
            self.query_one(PaperView).flags = store
            self._tell(store.pop_messages())
            self._ingest_latest()  # a snapshot that came before the state

    def _scan_failed(self, message: str) -> None:
        self._scanning = False
        self.scan_status.done()
        paper_list = self.query_one(PaperList)
        paper_list.empty_text = message
        paper_list.refresh()
        self.notify(message, severity="error", timeout=15, markup=False)

    @on(Scanned)
    def _show_progress(self, event: Scanned) -> None:
        progress = event.progress
        if progress.final and not event.live:
            self.scan_status.done()
        elif self._scanning:
            self.scan_status.report(progress.done, progress.total, progress.papers)
        if progress.result is not None:
            self._latest = (progress, event.live)
            self._ingest_latest()

    # -- snapshots to the screen ---------------------------------------------------

    def _ingest_latest(self) -> None:
        """Make the newest snapshot ready (one at a time: snapshots that came meanwhile drop)."""
        if self._ingesting or self._latest is None or self.store is None:
            return
        (progress, live), self._latest = self._latest, None
        assert progress.result is not None
        self._ingesting = True
        final = progress.final and self._scanning
        self._ingest(self.store, progress.result, self.index, final=final, live=live)

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
        started = time.perf_counter()
        # What the last snapshot's index worked out is carried over: only new papers cost.
        index = PaperIndex(result.papers, previous)
        del previous  # (the final index waits below: let the old one go meanwhile)
        tags = tag_tree(index, store)
        notes = [note.path for note in result.notes]
        fresh = store.new_notes(self.vault_id, notes)
        new_keys = frozenset(
            [
                paper.key
                for paper in result.papers
                if any(appearance.path in fresh for appearance in paper.appearances)
            ]
            if fresh
            else ()
        )
        store.mark_notes_seen(self.vault_id, notes)
        cost = time.perf_counter() - started
        ready = Ingested(result, index, tags, new_keys, final, live, cost)
        self.app.call_from_thread(self._ingested, ready)
        if final:
            # The text bare words search, built now rather than at the first keystroke;
            # once the scan has written the cache, so the two peaks of memory do not meet.
            self._scan_written.wait(SCAN_WAIT)
            index.prepare()

    def _ingested(self, ready: Ingested) -> None:
        self._ingesting = False
        if self._scanning and not ready.final:
            # Ask for the next snapshot later: each costs the scan time (the GIL).
            ran = time.monotonic() - self._scan_began
            gap = max(INGEST_GAP, INGEST_SHARE * ready.cost, SCAN_SHARE * ran)
            self.set_timer(gap, self._want_snapshot.set)
        self.papers = ready.result.papers
        self.index = ready.index
        self.new_keys = ready.new_keys
        self.tags = ready.tags
        if ready.final:
            # A full collection walks every paper (hundreds of ms on a big vault) and
            # would stall whatever runs then; papers hold no cycles, so keep them out.
            gc.freeze()
            skipped = ready.result.count(NoteStatus.SKIPPED)
            if skipped:
                self.notify(
                    f"{skipped} notes could not be read (papertui list -v says why).",
                    severity="warning",
                    markup=False,
                )
        self._save_soon_after_change()
        self._refilter(live=ready.live)
        if ready.final:
            self._scanning = False
            self._last_scan_generation = self._generation
        self._ingest_latest()

    def follows_top(self, generation: int) -> bool:
        """Rows built by ``generation`` come from a scan under way (or its end)."""
        return self._scanning or generation == self._last_scan_generation

    @property
    def vault_id(self) -> str:
        """How the state file names this vault (for the notes seen)."""
        return str(self.vault.resolve())

    # -- live reload ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group=WATCH_GROUP, exit_on_error=False)
    def _watch_vault(self) -> None:
        """Follow the vault's changes until the screen goes; save the cache when idle."""
        stop = self._stop_watching
        changes: Set[tuple[watchfiles.Change, str]]
        for changes in watchfiles.watch(
            self.vault,
            stop_event=stop,
            debounce=WATCH_DEBOUNCE_MS,
            step=WATCH_STEP_MS,
            rust_timeout=IDLE_MS,
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            if stop.is_set():
                break
            with self._scanner_lock:
                if not changes:
                    self.scanner.save_cache()
                    continue
                if self.scanner.result is None:
                    continue  # a whole scan was cut short: R reads again
                result = self.scanner.apply_watch(changes)
            done = len(result.notes)
            progress = ScanProgress(done, done, len(result.papers), result, final=True)
            self.post_message(Scanned(progress, live=True))

    def stop_watching(self) -> None:
        """Let the watcher end (within a watchfiles step) and save the cache if it can."""
        self._stop_watching.set()
        self._rows_shown.set()  # a scan waiting for the first rows stops waiting
        if self._scanner_lock.acquire(blocking=False):
            try:
                self.scanner.save_cache()
            finally:
                self._scanner_lock.release()

    @on(Worker.StateChanged)
    def report_failure(self, event: Worker.StateChanged) -> None:
        """A worker that raised is a bug: say so rather than sit there silently."""
        if event.state is WorkerState.ERROR:
            if event.worker.group == "ingest":
                self._ingesting = False
            error = event.worker.error
            self.notify(
                clean_line(f"{event.worker.group} failed: {type(error).__name__}: {error}"),
                severity="error",
                timeout=15,
                markup=False,
            )

    if TYPE_CHECKING:  # supplied by the main screen
        tags: TagNode | None

        def _refilter(self, *, live: bool = False) -> None: ...

        def _save_soon_after_change(self) -> None: ...

        def _tell(self, messages: list[str]) -> None: ...


def busy_workers(app: App[Any]) -> list[Worker[Any]]:
    """The app's workers still at work, but for the vault's watcher (it never ends by itself)."""
    return [
        worker
        for worker in app.workers
        if worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
        and worker.group != WATCH_GROUP
    ]
