"""The filter's runs: the rows, then the tree's counts, worked out in workers; the newest wins."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.dom import DOMNode
from textual.timer import Timer
from textual.worker import get_current_worker

from papertui.tui.choices import Choice
from papertui.tui.filtering import Counts, Filter, Shown, build, count
from papertui.vault.flags import Flags
from papertui.vault.query import PaperIndex, Query, QueryError, View, parse_query
from papertui.vault.similar.foryou import ForYou

RECOUNT_DELAY = 0.15
"""Seconds of quiet (no keystroke, no flag change) before the tree's counts are redone."""


@dataclass(frozen=True, slots=True)
class Run:
    """What one run of the filter showed, told with its rows."""

    live: bool
    """It showed a change in the vault (its new papers above the cursor are told)."""
    ended_scan: bool
    """It showed the end of a whole scan (an untouched list stays on the newest)."""


class FilterRuns:
    """Runs :func:`build` and :func:`count` off the UI thread, for the screen that owns it.

    Each run is numbered: its rows reach ``rows`` (on the UI thread) only if no
    newer run began meanwhile, and the counts of the newest rows follow once
    runs and flag changes pause (they cost more than the rows). The workers are
    the screen's (they end with it).
    """

    def __init__(
        self,
        node: DOMNode,
        *,
        rows: Callable[[Shown, Run], None],
        counts: Callable[[Counts], None],
    ) -> None:
        self._node = node
        self._rows = rows
        self._counts = counts
        self.query: Query = parse_query("")
        """The query of the newest run."""
        self._generation = 0
        self._live_generation = -1
        self._scan_generation = -1
        self._recount_timer: Timer | None = None
        self.ranking: ForYou | None = None
        """The For-you ranking every run uses (set as it is remade)."""

    def run(
        self,
        index: PaperIndex,
        wanted: Filter,
        flags: Flags,
        new: Collection[str],
        *,
        live: bool = False,
    ) -> str:
        """Show what ``wanted`` asks for; why its query cannot be parsed ("" when it can)."""
        try:
            query = parse_query(wanted.text)
        except QueryError as error:
            return f"{error.message} (at {error.position + 1})"
        self.query = query
        self._generation += 1
        if live:
            self._live_generation = self._generation
        build_rows = partial(
            self._build, self._generation, index, wanted, query, flags, new, self.ranking
        )
        self._node.run_worker(
            build_rows, thread=True, exclusive=True, group="filter", exit_on_error=False
        )
        return ""

    def scan_ended(self) -> None:
        """The newest run shows the end of a whole scan."""
        self._scan_generation = self._generation

    def _build(self, generation: int, index: PaperIndex, *args: Any) -> None:
        worker = get_current_worker()
        view = build(index, *args)
        if not worker.is_cancelled:
            self._node.app.call_from_thread(self._built, generation, view)

    def _built(self, generation: int, view: Shown) -> None:
        if generation != self._generation:
            return  # a newer run is on its way
        run = Run(generation == self._live_generation, generation == self._scan_generation)
        self._rows(view, run)

    def recount_soon(
        self,
        matched: View | None,
        flags: Flags,
        new: Collection[str],
        saved: Sequence[Choice] = (),
        *,
        restart: bool = False,
    ) -> None:
        """Count ``matched`` (the newest rows' matches) once things pause.

        Args:
            matched: What the newest rows' query matched (None: nothing to count).
            flags: Read and starred flags.
            new: Keys of the papers from notes new since the last session.
            saved: The saved searches' entries.
            restart: Wait anew (new rows came); else a count already due stays due.
        """
        if restart and self._recount_timer is not None:
            self._recount_timer.stop()
            self._recount_timer = None
        if self._recount_timer is None:
            recount = partial(self._recount, matched, flags, new, saved, self.ranking)
            self._recount_timer = self._node.set_timer(RECOUNT_DELAY, recount)

    def _recount(self, matched: View | None, *args: Any) -> None:
        self._recount_timer = None
        if matched is not None:
            count_them = partial(self._count, self._generation, matched, *args)
            self._node.run_worker(
                count_them, thread=True, exclusive=True, group="count", exit_on_error=False
            )

    def _count(self, generation: int, matched: View, *args: Any) -> None:
        counts = count(matched, *args)
        if not get_current_worker().is_cancelled:
            self._node.app.call_from_thread(self._counted, generation, counts)

    def _counted(self, generation: int, counts: Counts) -> None:
        if generation == self._generation:
            self._counts(counts)
