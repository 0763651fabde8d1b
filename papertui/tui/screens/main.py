"""The main screen: owns what is shown (view, current) and the read/star state."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header
from textual.worker import get_current_worker

from papertui.config import Config
from papertui.tui.commands import Scope, bindings
from papertui.tui.messages import FlagsChanged, GoToPaper, GoToTag
from papertui.tui.screens.actions import TriageActions
from papertui.tui.screens.loading import VaultLoader
from papertui.tui.triage import Flag, Triage
from papertui.tui.view import ALL, Choice, Counts, Filter, Shown, build, count, next_sort
from papertui.tui.widgets.filter_bar import FilterBar
from papertui.tui.widgets.paper_list import NoFlags, PaperList
from papertui.tui.widgets.paper_view import PaperView
from papertui.tui.widgets.scan_status import ScanStatus
from papertui.tui.widgets.tag_tree import TagTree
from papertui.vault.paper import Paper
from papertui.vault.query import Hit, PaperIndex, Query, QueryError, View, parse_query
from papertui.vault.sanitize import clean_line
from papertui.vault.scan.early import EarlyScan
from papertui.vault.state.store import StateStore
from papertui.vault.tags import TagNode

_FIND_KEYS = frozenset({"leave_filter", "escape_filter"})
"""Filter keys that an open find in the paper pane takes (Enter, Esc)."""
SAVE_DELAY = 0.5
"""Seconds between a change and its save (changes within it are saved together)."""
RECOUNT_DELAY = 0.15
"""Seconds of quiet (no keystroke, no flag change) before the tree's counts are redone."""


class MainScreen(TriageActions, VaultLoader, Screen[None]):
    """Tag tree, filter and list, and the paper pane."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Scope.MAIN)  # type: ignore[assignment]
    AUTO_FOCUS = "PaperList"

    wanted: var[Filter] = var(Filter, init=False)
    """What the user asked to see (tree node, query, hide-read, sort)."""
    view: var[Shown] = var(Shown, init=False, always_update=True)
    """What the list shows: the rows ``wanted`` gave."""
    counts: var[Counts] = var(Counts, init=False, always_update=True)
    """Unread/total per tree node under the current query."""
    tags: var[TagNode | None] = var(None, init=False, always_update=True)
    """Every tag of the vault."""
    current: var[Paper | None] = var(None, init=False, always_update=True)
    """The highlighted paper (set anew after a rescan even if equal: its note may differ)."""
    revision: var[int] = var(0, init=False)
    """Bumped whenever read/star flags change."""

    def __init__(
        self,
        vault: Path,
        *,
        state_path: Path,
        config: Config,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        early: EarlyScan | None = None,
    ) -> None:
        super().__init__()
        self.vault = vault
        self.include = tuple(include)
        self.exclude = tuple(exclude)
        self.state_path = state_path
        self.config = config
        self.papers: tuple[Paper, ...] = ()
        self.index = PaperIndex(())
        self.store: StateStore | None = None
        self.triage: Triage | None = None
        self.new_keys: frozenset[str] = frozenset()
        self._query: Query = parse_query("")
        self._generation = 0
        self._live_generation = -1
        """The filter run that shows a live change (its new papers above the cursor are told)."""
        self._pending_key: str | None = None
        self._save_lock = threading.Lock()
        self._save_timer: Timer | None = None
        self._recount_timer: Timer | None = None
        self._read_timer: Timer | None = None
        self._init_loader(early)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield TagTree(id="tags").data_bind(MainScreen.tags, MainScreen.counts)
            with Container(id="reader"):
                with Vertical(id="list-column"):
                    yield FilterBar(id="filter")
                    yield ScanStatus(id="scan-status")
                    yield PaperList(id="papers", empty_text="Reading the vault…").data_bind(
                        MainScreen.view, MainScreen.revision
                    )
                yield PaperView(id="paper", root=self.vault).data_bind(
                    paper=MainScreen.current, revision=MainScreen.revision
                )
        yield Footer()

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    def on_mount(self) -> None:
        self.sub_title = f"{clean_line(self.vault.name)} · reading…"
        self.show_tree = self.app.size.width >= 100
        self.rescan()

    # -- filtering -----------------------------------------------------------------

    def watch_wanted(self) -> None:
        self._refilter()

    def _refilter(self, *, live: bool = False) -> None:
        try:
            query = parse_query(self.wanted.text)
        except QueryError as error:
            self.filter_bar.error = f"{error.message} (at {error.position + 1})"
            return
        self.filter_bar.error = ""
        self._query = query
        self._generation += 1
        if live:
            self._live_generation = self._generation
        flags = self.store if self.store is not None else NoFlags()
        self._build(self._generation, self.index, self.wanted, query, flags, self.new_keys)

    @work(thread=True, exclusive=True, group="filter", exit_on_error=False)
    def _build(self, generation: int, index: PaperIndex, *args: Any) -> None:
        worker = get_current_worker()
        view = build(index, *args)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._built, generation, view)

    def _built(self, generation: int, view: Shown) -> None:
        if generation != self._generation:
            return  # a newer filter is on its way
        self.paper_list.empty_text = self._why_empty(view)
        if view.total:
            self._rows_shown.set()  # (the scan waits for the first rows: see early.paced)
        at_top = self.follows_top(generation) and self.paper_list.cursor == 0
        live = generation == self._live_generation and not at_top
        kept = self.paper_list.current if live else None
        before = self.view.keys[: self.paper_list.cursor] if kept is not None else []
        self.view = view
        if at_top:
            self.paper_list.move_to(0)  # untouched while the scan fills in: stay on the newest
        elif kept is not None:
            self._tell_above(before, kept)
        # The tree's counts cost more than the rows: they follow once typing pauses.
        self._recount_soon(restart=True)
        self.sub_title = view.description(self.vault.name)
        if self._pending_key is not None:
            self.paper_list.select_key(self._pending_key)
            self._pending_key = None
        self.refresh_footer()

    def _tell_above(self, before: list[str], kept: Paper) -> None:
        """Say how many papers a live change put above the cursor (which stayed on ``kept``)."""
        paper_list = self.paper_list
        current = paper_list.current
        if current is None or current.key != kept.key:
            return
        seen = set(before)
        above = sum(1 for key in self.view.keys[: paper_list.cursor] if key not in seen)
        if above:
            papers = "paper" if above == 1 else "papers"
            self.notify(f"{above:,} new {papers} above", timeout=4, markup=False)

    def _why_empty(self, view: Shown) -> str:
        """What the list says when nothing is shown, and the key that shows more."""
        if not self.papers:
            return "No papers in this vault (papertui list -v says what was read)."
        wanted = view.filter
        if wanted.text.strip():
            return "No papers match the filter here. Esc clears it."
        if wanted.hide_read:
            return "No unread papers here. x shows the read ones."
        return "No papers here."

    def _recount_soon(self, *, restart: bool = False) -> None:
        if restart and self._recount_timer is not None:
            self._recount_timer.stop()
            self._recount_timer = None
        if self._recount_timer is None:
            self._recount_timer = self.set_timer(RECOUNT_DELAY, self._recount)

    def _recount(self) -> None:
        self._recount_timer = None
        matched = self.view.matched
        if matched is not None:
            flags = self.store if self.store is not None else NoFlags()
            self._count(self._generation, matched, flags, self.new_keys)

    @work(thread=True, exclusive=True, group="count", exit_on_error=False)
    def _count(self, generation: int, matched: View, *args: Any) -> None:
        counts = count(matched, *args)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._counted, generation, counts)

    def _counted(self, generation: int, counts: Counts) -> None:
        if generation == self._generation:
            self.counts = counts

    def find_papers(self, text: str, limit: int) -> Sequence[Hit]:
        """The best papers for ``text`` in the filter language, titles lit (for the palette)."""
        try:
            query = parse_query(text)
        except QueryError:
            return []
        hits = self.index.search(query, self.store or NoFlags())
        return [hits.highlighted(row) for row in range(min(limit, len(hits)))]

    def tag_choices(self) -> Sequence[Choice]:
        return self.query_one(TagTree).choices

    @on(FilterBar.Changed)
    def filter_as_typed(self, event: FilterBar.Changed) -> None:
        self.wanted = replace(self.wanted, text=event.text)

    @on(TagTree.Chosen)
    def show_tag(self, event: TagTree.Chosen) -> None:
        self.wanted = replace(self.wanted, choice=event.choice)

    @on(GoToTag)
    def go_to_tag(self, event: GoToTag) -> None:
        self.show_tree = True
        self.query_one(TagTree).choose(event.choice)
        self.set_focus(self.paper_list)

    @on(GoToPaper)
    def go_to_paper(self, event: GoToPaper) -> None:
        if not self.paper_list.select_key(event.paper.key):
            self._pending_key = event.paper.key
            self.filter_bar.set_text("")
            self.query_one(TagTree).choose(ALL)
            self.wanted = Filter(sort=self.wanted.sort)
        self.set_focus(self.paper_list)

    @on(PaperList.Highlighted)
    def show_paper(self, event: PaperList.Highlighted) -> None:
        rows, cursor = self.paper_list.rows, self.paper_list.cursor
        self.query_one(PaperView).render_ahead(rows[cursor + 1 : cursor + 3])
        self.current = event.paper
        self.refresh_footer()
        self._auto_read_later(event.paper)

    @on(PaperList.Selected)
    def read_paper(self) -> None:
        if self.show_pane:
            self.set_focus(self.query_one(PaperView))

    # -- state ---------------------------------------------------------------------

    @on(FlagsChanged)
    def flags_changed(self) -> None:
        """Repaint, recount, save soon."""
        self.revision += 1
        self._recount_soon()
        self.refresh_footer()
        self._save_soon_after_change()

    def _save_soon_after_change(self) -> None:
        if self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_DELAY, self._save_due)

    def _save_due(self) -> None:
        self._save_timer = None
        self._save()

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _save(self) -> None:
        merged = self.save_now()
        self.app.call_from_thread(self._saved, merged)

    def _saved(self, merged: frozenset[str]) -> None:
        if self.store is not None:
            self._tell(self.store.pop_messages())
        if merged:
            # Another papertui changed flags meanwhile: show its changes too.
            self.revision += 1
            self._recount_soon()

    def save_now(self) -> frozenset[str]:
        """Save the state if it changed (the store merges with other writers, under a lock).

        Returns the keys whose flags another papertui changed meanwhile.
        """
        store = self.store
        if store is None:
            return frozenset()
        with self._save_lock:
            return store.last_merge if store.save() else frozenset()

    def _tell(self, messages: list[str]) -> None:
        for message in messages:
            self.notify(clean_line(message), severity="warning", timeout=10, markup=False)

    def on_unmount(self) -> None:
        self.stop_watching()
        self.save_now()

    def _auto_read_later(self, paper: Paper | None) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        delay = self.config.auto_read_delay
        if paper is None or delay is None or self.triage is None:
            return

        def mark() -> None:
            if self.current is paper and self.triage is not None:
                batch = self.triage.set([paper.key], Flag.READ, True)
                if batch is not None:
                    self.post_message(FlagsChanged(batch))

        self._read_timer = self.set_timer(delay, mark)

    # -- showing -------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        self.wanted = replace(self.wanted, hide_read=not self.wanted.hide_read)

    def action_cycle_sort(self) -> None:
        self.wanted = replace(self.wanted, sort=next_sort(self.wanted.sort, self._query))

    @property
    def filtering(self) -> bool:
        """The filter's input has focus."""
        return self.focused is self.filter_bar.input

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The filter's keys are priority bindings (so keys typed right after them land
        # in the right place); where they do not apply, the key goes on as typed.
        # In the paper pane ``/`` finds, and Enter and Esc belong to an open find.
        pane = self.focused
        if isinstance(pane, PaperView) and (
            action == "focus_filter" or (pane.finding and action in _FIND_KEYS)
        ):
            return False
        if action == "focus_filter":
            return not self.filtering
        if action == "leave_filter":
            return self.filtering
        if action == "escape_filter":
            return self.filtering or bool(self.wanted.text)
        return super().check_action(action, parameters)

    def action_find_in_pane(self) -> None:
        self.show_pane = True
        pane = self.query_one(PaperView)
        pane.focus()
        pane.action_find()

    def action_focus_filter(self) -> None:
        self.filter_bar.focus_input()

    def action_leave_filter(self) -> None:
        self.set_focus(self.paper_list)

    def action_escape_filter(self) -> None:
        if self.filtering:
            self.set_focus(self.paper_list)
        else:
            self.filter_bar.set_text("")

    def action_rescan(self) -> None:
        self.notify("Reading the vault again…", timeout=2)
        self.rescan()
