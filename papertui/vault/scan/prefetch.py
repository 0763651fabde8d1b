"""Prefetch: an iterator's items made in a background thread, a few ahead of whoever takes them."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar, cast

_T = TypeVar("_T")
_ITEM, _ERROR, _END = range(3)
_POLL = 0.5
"""Seconds between looks at the stop flag (a backstop: cancel wakes the thread)."""


class Prefetch(Generic[_T]):
    """Items of ``source`` made in a thread, at most ``ahead`` beyond those taken.

    The reader starts its scan this way before it imports Textual: the first
    papers are ready by the time there is a screen to show them on. The taker
    iterates once; the items come in order, and an exception the source raises
    is raised to the taker in its place. :meth:`cancel` (or a taker that stops
    early) closes the source in its thread before its next item.
    """

    def __init__(self, source: Iterable[_T], *, ahead: int = 1, name: str = "prefetch") -> None:
        """Items of ``source``, made by :meth:`start` in a daemon thread called ``name``.

        Args:
            source: What to iterate (a generator is closed when cancelled).
            ahead: How many items beyond those taken may be made: with 0 the
                next item is made only once the last one is taken.
            name: The thread's name.
        """
        self._source = source
        self._ahead = max(0, ahead)
        self._queue: queue.SimpleQueue[tuple[int, object]] = queue.SimpleQueue()
        self._taken = 0
        self._turn = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._iterated = False

    def start(self) -> Prefetch[_T]:
        """Start making items; returns self."""
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Make no more items (the source is closed in the thread)."""
        self._stop.set()
        with self._turn:
            self._turn.notify_all()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end; True if it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def __iter__(self) -> Iterator[_T]:
        if self._iterated:
            raise RuntimeError("a Prefetch is iterated once")
        self._iterated = True
        try:
            while True:
                kind, value = self._queue.get()
                with self._turn:
                    self._taken += 1
                    self._turn.notify_all()
                if kind == _END:
                    return
                if kind == _ERROR:
                    assert isinstance(value, BaseException)
                    raise value
                yield cast(_T, value)
        finally:
            self.cancel()

    def _run(self) -> None:
        iterator = iter(self._source)
        made = 0
        try:
            while self._wait_until_taken(made - self._ahead):
                try:
                    item = next(iterator)
                except StopIteration:
                    self._queue.put((_END, None))
                    return
                self._queue.put((_ITEM, item))
                made += 1
        except BaseException as error:  # handed to the taker, raised there
            self._queue.put((_ERROR, error))
        finally:
            if self._stop.is_set():
                close = getattr(iterator, "close", None)
                if close is not None:
                    close()

    def _wait_until_taken(self, count: int) -> bool:
        """Wait until ``count`` items are taken; False if cancelled meanwhile."""
        with self._turn:
            while self._taken < count and not self._stop.is_set():
                self._turn.wait(_POLL)
        return not self._stop.is_set()
