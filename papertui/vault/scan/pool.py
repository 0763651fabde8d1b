"""Reading many notes on every core: worker processes read, the scanning process collects."""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.context
import os
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from papertui.vault.notes.read import NoteResult, read_batch, read_packed, unpack_batch
from papertui.vault.notes.walk import NoteFile
from papertui.vault.scan.lifeline import die_with_parent

PRELOAD = [
    "papertui.vault.notes.read",
    "papertui.vault.notes.parse",
    "papertui.vault.scan.lifeline",
]
"""What the fork server imports, so that each worker starts with the parsers loaded."""

PARALLEL_BYTES = 32 * 1024 * 1024
"""Below this many bytes of notes, one process reads faster than several."""
BATCH_BYTES = 2 * 1024 * 1024
"""About this many bytes of notes go to a process at a time."""
FIRST_BATCH_BYTES = 256 * 1024
"""The first batch is this small, so the first papers come at once; the next ones double."""
WINDOW = 8
"""Batches given out ahead of those collected, per worker."""


def workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def batches(
    notes: list[NoteFile], size: int = BATCH_BYTES, first: int | None = None
) -> list[list[NoteFile]]:
    """Runs of notes of about ``size`` bytes (from ``first``, doubling), in path order."""
    found: list[list[NoteFile]] = [[]]
    limit = size if first is None else min(first, size)
    total = 0
    for note in notes:
        if total >= limit and found[-1]:
            found.append([])
            total = 0
            limit = min(size, limit * 2)
        found[-1].append(note)
        total += note.size
    return found


def context() -> multiprocessing.context.BaseContext:
    """How worker processes start.

    fork is fastest (the workers share the loaded modules), but unsafe once
    threads run (the reader scans in a worker thread): then forkserver.
    """
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # Workers fork from a server that has the scanner imported already.
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")  # pragma: no cover - not POSIX


def prestart() -> None:
    """Start the fork server now, before threads run, so a scan's workers start at once.

    A program that will scan from a thread (the reader) calls this first thing:
    the server then imports the scanner while the program loads the rest.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():  # pragma: no cover
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    from multiprocessing import forkserver

    with contextlib.suppress(OSError, ValueError):  # else it starts with the first scan
        forkserver.ensure_running()


def read_notes(
    notes: list[NoteFile], root: str, *, parallel: bool | None = None
) -> Iterator[NoteResult]:
    """Every note's result, in order; on every core when there are enough bytes.

    Worker processes read batches of notes; this process only collects their
    results (and merges them as they come, in the caller). Letting this
    process read batches too was measured slower: its parsing then competes
    for the GIL with the thread that unpacks the workers' results.
    """
    cores = workers()
    if parallel is None:
        total = sum(note.size for note in notes)
        parallel = cores > 1 and total >= PARALLEL_BYTES and len(notes) >= 4 * cores
    if not parallel or cores < 2:
        yield from read_batch(notes, root)
        return
    direct = [note for note in notes if note.skipped is None]
    runs = [
        [(note.path, note.absolute, note.size) for note in run]
        for run in batches(direct, first=FIRST_BATCH_BYTES)
    ]
    results: Iterator[NoteResult] = iter(())
    # Workers end with this process, however it ends (see lifeline.py).
    pool = ProcessPoolExecutor(max_workers=cores, mp_context=context(), initializer=die_with_parent)
    try:
        packed = _in_order(pool, runs, root, WINDOW * cores, start=cores)
        for note in notes:
            if note.skipped is not None:  # (no parser runs for these)
                yield read_batch([note], root)[0]
                continue
            result = next(results, None)
            if result is None:
                results = iter(unpack_batch(next(packed)))
                result = next(results)
            yield result
    finally:
        # A caller that stops early (the reader quitting mid-scan) must not
        # wait for every queued batch: cancel what has not started.
        pool.shutdown(wait=True, cancel_futures=True)


def _in_order(
    pool: ProcessPoolExecutor,
    runs: list[list[tuple[str, str, int]]],
    root: str,
    window: int,
    start: int,
) -> Iterator[bytes]:
    """Each run's packed results, in order, with at most ``window`` runs given out ahead.

    ``start`` runs are given out first, and two more for each one collected
    until ``window`` are out: a collector that pauses (the reader's scan waits
    for the screen to come up) leaves the cores to the rest of the program.
    (``pool.map`` would give out every run at once: the workers would read the
    whole vault even while nobody takes their results.)
    """
    queued = iter(runs)
    pending: deque[Future[bytes]] = deque(
        pool.submit(read_packed, run, root) for run in islice(queued, start)
    )
    while pending:
        packed = pending.popleft().result()
        for run in islice(queued, 2 if len(pending) + 2 <= window else 1):
            pending.append(pool.submit(read_packed, run, root))
        yield packed
