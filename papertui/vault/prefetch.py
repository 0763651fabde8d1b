"""Prefetch: an iterator's items made in a background thread, a few ahead of whoever takes them."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar, cast

_T = TypeVar("_T")
_ITEM, _ERROR, _END = range(3)
_POLL = 0.05
"""Seconds between looks at the stop flag while the taker is not taking."""


class Prefetch(Generic[_T]):
    """Items of ``source`` made in a thread, at most ``ahead`` of the one taking them.

    The reader starts its scan this way before it imports Textual: the first
    papers are ready by the time there is a screen to show them on. The taker
    iterates once; the items come in order, and an exception the source raises
    is raised to the taker in its place. :meth:`cancel` (or a taker that stops
    early) closes the source in its thread at its next item.
    """

    def __init__(self, source: Iterable[_T], *, ahead: int = 1, name: str = "prefetch") -> None:
        """Items of ``source``, made by :meth:`start` in a daemon thread called ``name``.

        Args:
            source: What to iterate (a generator is closed when cancelled).
            ahead: Items made before the taker asks for them.
            name: The thread's name.
        """
        self._source = source
        self._queue: queue.Queue[tuple[int, object]] = queue.Queue(maxsize=max(1, ahead))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._taken = False

    def start(self) -> Prefetch[_T]:
        """Start making items; returns self."""
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Make no more items (the source is closed in the thread)."""
        self._stop.set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end; True if it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def __iter__(self) -> Iterator[_T]:
        if self._taken:
            raise RuntimeError("a Prefetch is iterated once")
        self._taken = True
        try:
            while True:
                kind, value = self._queue.get()
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
        try:
            for item in iterator:
                if not self._put(_ITEM, item):
                    return
        except BaseException as error:  # handed to the taker, raised there
            self._put(_ERROR, error)
            return
        finally:
            if self._stop.is_set():
                close = getattr(iterator, "close", None)
                if close is not None:
                    close()
        self._put(_END, None)

    def _put(self, kind: int, value: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put((kind, value), timeout=_POLL)
            except queue.Full:
                continue
            return True
        return False
