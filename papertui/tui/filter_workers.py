"""The filter run in workers for the main screen: the rows of what is wanted, then the tree's
counts; the newest run wins, and each result comes back to the screen as a message."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.dom import DOMNode
from textual.message import Message
from textual.timer import Timer
from textual.worker import get_current_worker

from papertui.tui.choices import Choice
from papertui.tui.filtering import Counts, Filter, Shown, build, count
from papertui.vault.flags import NO_FLAGS, Flags
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

    The screen hands it what changed: what is wanted (:meth:`run`), the vault's
    papers (:meth:`papers_read`), the flags (:meth:`state_loaded`), a new For-you
    ranking (:meth:`ranked`), and asks for counts (:meth:`recount_soon`). Each
    run is numbered: its rows come back as :class:`FilterRuns.Rows` unless a
    newer run began meanwhile, and the counts of the newest rows follow as
    :class:`FilterRuns.Counted` once runs and flag changes pause (they cost more
    than the rows). The workers are the screen's (they end with it).
    """

    @dataclass
    class Rows(Message):
        """The rows of a run (moot unless :meth:`FilterRuns.newest`)."""

        view: Shown
        run: Run
        number: int
        """The run's number."""

    @dataclass
    class Counted(Message):
        """The tree's counts over a run's matches (moot unless :meth:`FilterRuns.newest`)."""

        counts: Counts
        number: int
        """The number of the run counted."""

    def __init__(self, node: DOMNode) -> None:
        self._node = node
        self.index = PaperIndex(())
        """Every paper of the vault."""
        self.new_keys: frozenset[str] = frozenset()
        """Keys of the papers from notes new since the last session."""
        self.flags: Flags = NO_FLAGS
        self.wanted = Filter()
        """What the newest run was asked for."""
        self.query: Query = parse_query("")
        """The query of the newest run."""
        self.ranking: ForYou | None = None
        """The For-you ranking every run uses (set as it is remade)."""
        self._generation = 0
        self._live_generation = -1
        self._scan_generation = -1
        self._recount_timer: Timer | None = None
        self._counting: tuple[View | None, Sequence[Choice]] = (None, ())
        """What the last count asked for: the rows' matches, the saved entries."""

    def run(self, wanted: Filter, *, live: bool = False) -> str:
        """Show what ``wanted`` asks for; why its query cannot be parsed ("" when it can)."""
        self.wanted = wanted
        try:
            query = parse_query(wanted.text)
        except QueryError as error:
            return f"{error.message} (at {error.position + 1})"
        self.query = query
        self._generation += 1
        if live:
            self._live_generation = self._generation
        args = (wanted, query, self.flags, self.new_keys, self.ranking)
        build_rows = partial(self._build, self._generation, self.index, *args)
        self._node.run_worker(
            build_rows, thread=True, exclusive=True, group="filter", exit_on_error=False
        )
        return ""

    def papers_read(
        self, index: PaperIndex, new_keys: frozenset[str], *, live: bool, final: bool
    ) -> str:
        """Show the vault's papers now (a scan's snapshot, its end, or a live change)."""
        self.index, self.new_keys = index, new_keys
        error = self.run(self.wanted, live=live)
        if final:
            self._scan_generation = self._generation  # it shows the end of a whole scan
        return error

    def state_loaded(self, flags: Flags) -> None:
        """The flags runs and counts go by from now on."""
        self.flags = flags

    def ranked(self, ranking: ForYou) -> None:
        """Use a new For-you ranking: show it if the rows follow it, else count it."""
        self.ranking = ranking
        if self.wanted.follows_ranking:
            self.run(self.wanted)
        else:
            self.recount_soon(*self._counting)

    def newest(self, number: int) -> bool:
        """Whether the run numbered ``number`` is still the newest (else its result is moot)."""
        return number == self._generation

    def _build(self, generation: int, index: PaperIndex, *args: Any) -> None:
        worker = get_current_worker()
        view = build(index, *args)
        if not worker.is_cancelled:
            self._node.app.call_from_thread(self._built, generation, view)

    def _built(self, generation: int, view: Shown) -> None:
        if self.newest(generation):  # (else a newer run is on its way)
            run = Run(generation == self._live_generation, generation == self._scan_generation)
            self._node.post_message(self.Rows(view, run, generation))

    def recount_soon(
        self, matched: View | None, saved: Sequence[Choice] = (), *, restart: bool = False
    ) -> None:
        """Count ``matched`` (the newest rows' matches) once things pause.

        Args:
            matched: What the newest rows' query matched (None: nothing to count).
            saved: The saved searches' and collections' entries.
            restart: Wait anew (new rows came); else a count already due stays due.
        """
        self._counting = (matched, saved)
        if restart and self._recount_timer is not None:
            self._recount_timer.stop()
            self._recount_timer = None
        if self._recount_timer is None:
            args = (matched, self.flags, self.new_keys, saved, self.ranking)
            self._recount_timer = self._node.set_timer(RECOUNT_DELAY, partial(self._recount, *args))

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
        if self.newest(generation):
            self._node.post_message(self.Counted(counts, generation))
