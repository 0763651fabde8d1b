"""Reading many notes on every core: worker processes, and the scanning process too."""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from papertui.vault.read import NoteResult, read_batch
from papertui.vault.walk import NoteFile

PARALLEL_BYTES = 32 * 1024 * 1024
"""Below this many bytes of notes, one process reads faster than several."""
BATCH_BYTES = 2 * 1024 * 1024
"""About this many bytes of notes go to a process at a time."""


def workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def batches(notes: list[NoteFile], size: int = BATCH_BYTES) -> list[list[NoteFile]]:
    """Runs of notes of about ``size`` bytes, in path order."""
    found: list[list[NoteFile]] = [[]]
    total = 0
    for note in notes:
        if total >= size and found[-1]:
            found.append([])
            total = 0
        found[-1].append(note)
        total += note.size
    return found


def _context() -> multiprocessing.context.BaseContext:
    # fork is fastest (the workers share the loaded modules), but unsafe once
    # threads run (the reader scans in a worker thread): then forkserver.
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # Workers fork from a server that has the scanner imported already.
        context.set_forkserver_preload(["papertui.vault.read"])
        return context
    return multiprocessing.get_context("spawn")


def read_notes(
    notes: list[NoteFile], root: str, *, parallel: bool | None = None
) -> Iterator[NoteResult]:
    """Every note's result, in order; on every core when there are enough bytes.

    Worker processes read batches of notes; this process only collects their
    results (and merges them as they come, in the caller). Letting this
    process read batches too was measured slower: its parsing then competes
    for the GIL with the thread that unpickles the workers' results.
    """
    cores = workers()
    if parallel is None:
        total = sum(note.size for note in notes)
        parallel = cores > 1 and total >= PARALLEL_BYTES and len(notes) >= 4 * cores
    if not parallel or cores < 2:
        yield from read_batch(notes, root)
        return
    runs = batches(notes)
    with ProcessPoolExecutor(max_workers=cores, mp_context=_context()) as pool:
        for results in pool.map(read_batch, runs, [root] * len(runs)):
            yield from results
