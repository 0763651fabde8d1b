"""Prefetch: items made in a thread, in order, a bounded way ahead, errors passed on."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from papertui.vault.scan.prefetch import Prefetch


def test_items_come_in_order_and_end() -> None:
    assert list(Prefetch(range(100), ahead=3).start()) == list(range(100))


def test_an_error_in_the_source_is_raised_to_the_taker_after_its_items() -> None:
    def source() -> Iterator[int]:
        yield 1
        yield 2
        raise OSError("the vault went away")

    items = iter(Prefetch(source()).start())
    assert [next(items), next(items)] == [1, 2]
    with pytest.raises(OSError, match="went away"):
        next(items)


def test_the_source_runs_at_most_ahead_items_before_the_taker() -> None:
    made: list[int] = []
    step = threading.Event()

    def source() -> Iterator[int]:
        for n in range(10):
            made.append(n)
            if n == 4:
                step.set()
            yield n

    prefetch = Prefetch(source(), ahead=2).start()
    items = iter(prefetch)
    assert next(items) == 0
    # With one taken and two queued, the source may have made one more it holds.
    assert not step.wait(0.3)
    assert len(made) <= 4
    assert list(items) == list(range(1, 10))


def test_a_taker_that_stops_closes_the_source_in_its_thread() -> None:
    closed = threading.Event()

    def source() -> Iterator[int]:
        try:
            n = 0
            while True:
                yield n
                n += 1
        finally:
            closed.set()

    prefetch = Prefetch(source()).start()
    for item in prefetch:
        if item == 3:
            break
    assert closed.wait(2.0)
    assert prefetch.join(2.0)


def test_cancel_before_anything_is_taken_ends_the_thread() -> None:
    closed = threading.Event()

    def source() -> Iterator[int]:
        try:
            yield from range(1000)
        finally:
            closed.set()

    prefetch = Prefetch(source()).start()
    prefetch.cancel()
    assert prefetch.join(2.0)
    assert closed.is_set()


def test_a_prefetch_is_iterated_once() -> None:
    prefetch = Prefetch([1]).start()
    assert list(prefetch) == [1]
    with pytest.raises(RuntimeError):
        list(prefetch)


def test_with_nothing_ahead_the_next_item_is_made_only_once_the_last_is_taken() -> None:
    made: list[int] = []

    def source() -> Iterator[int]:
        for n in range(5):
            made.append(n)
            yield n

    items = iter(Prefetch(source(), ahead=0).start())
    time.sleep(0.2)
    assert made == [0]
    assert next(items) == 0
    time.sleep(0.2)
    assert made == [0, 1]
    assert list(items) == [1, 2, 3, 4]


def test_paced_waits_after_the_first_papers_until_shown() -> None:
    from papertui.vault.scan.early import paced

    class Progress:
        def __init__(self, result: object) -> None:
            self.result = result

    made: list[int] = []

    def source() -> Iterator[Any]:
        for n in range(4):
            made.append(n)
            yield Progress(None if n == 0 else n)  # counts first, then papers

    shown = threading.Event()
    pacing: Any = paced(source(), shown, timeout=5.0)  # (any object with a result will do)
    items: Iterator[Any] = iter(Prefetch(pacing, ahead=0).start())
    assert next(items).result is None
    assert next(items).result == 1
    time.sleep(0.2)
    assert made == [0, 1]  # the scan holds still until the first rows show
    shown.set()
    assert [progress.result for progress in items] == [2, 3]
