"""The main screen: owns what is shown (view, current); feed, filter runs and verbs do the work."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Header
from textual.worker import Worker

from papertui.session import Session
from papertui.tui.choices import ALL, Choice
from papertui.tui.feed import VaultFeed
from papertui.tui.filter_workers import FilterRuns
from papertui.tui.filtering import Counts, Filter, Shown, find, next_sort
from papertui.tui.list_place import ListPlace
from papertui.tui.marking import Marks, describe
from papertui.tui.messages import FlagsChanged, GoToPaper, GoToTag
from papertui.tui.paper_verbs import (
    FILTER_KEYS,
    FOOTER_ACTIONS,
    PaperVerbs,
    applies,
    filter_key_applies,
)
from papertui.tui.recommending import Recommendations
from papertui.tui.saved_searches import SearchVerbs
from papertui.tui.verb_table import Scope, bindings
from papertui.tui.widgets.filter_bar import FilterBar
from papertui.tui.widgets.pane_layout import PaneLayout
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.paper_view import PaperView
from papertui.tui.widgets.save_warning import SaveWarning
from papertui.tui.widgets.scan_status import ScanStatus
from papertui.tui.widgets.tag_tree import TagTree
from papertui.tui.workers import worker_failure
from papertui.vault.flags import NO_FLAGS, Flags
from papertui.vault.paper import Paper
from papertui.vault.query import Hit, PaperIndex
from papertui.vault.sanitize import clean_line
from papertui.vault.state.store import StateStore
from papertui.vault.tags import TagNode

if TYPE_CHECKING:
    from papertui.tui.app import PaperTUI


class MainScreen(Screen[None]):
    """Tag tree, filter and list, and the paper pane, fed by the vault's feed."""

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
    flags: var[Flags] = var(NO_FLAGS, init=False)
    """Where read/starred come from: nothing read until the state is loaded."""
    query_error: var[str] = var("", init=False)
    """Why the filter's query cannot be parsed ("" when it can)."""
    empty_text: var[str] = var("Reading the vault…", init=False)
    """What the list says when it shows no rows."""
    searches: var[tuple[Choice, ...]] = var((), init=False)
    """The saved searches' tree entries."""
    collections: var[tuple[Choice, ...]] = var((), init=False)
    """The collections' tree entries (the branch first)."""
    verbs: var[PaperVerbs | None] = var(None, init=False)
    """The verbs on papers, once the state is loaded."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.vault = session.vault
        self.feed = VaultFeed(session, id="feed")
        self.papers: tuple[Paper, ...] = ()
        """Every paper of the vault."""
        self.index = PaperIndex(())
        self.store: StateStore | None = None
        self.marks = Marks()
        self.scanning = False
        """A whole scan is under way (the list follows its top while untouched)."""
        self.runs = FilterRuns(self)
        self.place = ListPlace()
        self._footer_state: tuple[bool | None, ...] = ()
        self.search_verbs = SearchVerbs(self, session)
        self.tag_tree = TagTree(id="tags", expanded=self.search_verbs.saved.expanded)
        self.filter_bar = FilterBar(id="filter")
        self.recommend = Recommendations(self, session, self.runs.ranked)

    def compose(self) -> ComposeResult:
        yield Header()
        with PaneLayout(id="body").data_bind(MainScreen.verbs):
            yield self.tag_tree.data_bind(
                MainScreen.tags, MainScreen.counts, MainScreen.searches, MainScreen.collections
            )
            with Container(id="reader"):
                with Vertical(id="list-column"):
                    yield self.filter_bar.data_bind(error=MainScreen.query_error)
                    yield ScanStatus(id="scan-status")
                    yield SaveWarning(id="save-warning")
                    yield PaperList(id="papers", marks=self.marks).data_bind(
                        MainScreen.view,
                        MainScreen.revision,
                        MainScreen.flags,
                        MainScreen.empty_text,
                    )
                    yield self.recommend.reason
                yield PaperView.for_session(self.session, id="paper").data_bind(
                    MainScreen.flags, paper=MainScreen.current, revision=MainScreen.revision
                )
        yield Footer()
        yield self.feed

    @property
    def panes(self) -> PaneLayout:
        return self.query_one(PaneLayout)

    @property
    def paper_list(self) -> PaperList:
        return self.query_one(PaperList)

    @property
    def selected(self) -> Paper | None:
        """The paper under the list's cursor now.

        Verbs act on this, not on ``current``: that follows the cursor by
        message, so keys typed quickly (``s j s``) would find it a step behind.
        """
        return self.paper_list.current

    def on_mount(self) -> None:
        self.sub_title = f"{clean_line(self.session.name)} · reading…"
        saved = self.search_verbs.saved
        self.searches = saved.choices
        if (last := saved.last_node()) != ALL:
            self.tag_tree.choose(last)  # the cursor goes there once the tags are read
            self.wanted = replace(self.wanted, choice=last)
        if saved.problem:
            self.notify(saved.problem, severity="warning", markup=False)
        self._rescan()

    def _rescan(self) -> None:
        self.scanning = True
        self.feed.rescan()

    # -- the vault's feed ----------------------------------------------------------

    @on(VaultFeed.StateLoaded)
    def use_state(self, event: VaultFeed.StateLoaded) -> None:
        if self.store is None:
            self.store = self.flags = event.store
            self.runs.state_loaded(event.store)
            self.recommend.flags_changed(event.store)
            name = self.session.name or "papertui"
            config = self.session.config
            args = (self.app, event.store, self.post_message, name, config, self.marks)
            self.verbs = PaperVerbs(*args)
            self.collections = self.verbs.collections.entries()
            self.verbs.own.tag_choices = self.tag_choices

    @on(VaultFeed.Progress)
    def show_progress(self, event: VaultFeed.Progress) -> None:
        self.query_one(ScanStatus).show(event)

    @on(VaultFeed.Papers)
    def show_papers(self, event: VaultFeed.Papers) -> None:
        snapshot = event.snapshot
        self.papers = snapshot.result.papers
        self.index = snapshot.index
        self.recommend.vault_read(snapshot.index, final=snapshot.final)
        self.tags = snapshot.tags
        self.query_error = self.runs.papers_read(
            snapshot.index, snapshot.new_keys, live=snapshot.live, final=snapshot.final
        )
        if snapshot.final:
            self.scanning = False

    @on(VaultFeed.Failed)
    def show_failure(self, event: VaultFeed.Failed) -> None:
        self.scanning = False
        self.query_one(ScanStatus).done()
        self.empty_text = event.reason
        self.notify(event.reason, severity="error", timeout=15, markup=False)

    @on(VaultFeed.Problem)
    def tell_problem(self, event: VaultFeed.Problem) -> None:
        self.notify(event.text, severity=event.severity, timeout=event.timeout, markup=False)

    @on(Worker.StateChanged)
    def report_failure(self, event: Worker.StateChanged) -> None:
        failure = worker_failure(event)
        if failure is not None:
            self.notify(failure, severity="error", timeout=15, markup=False)

    # -- filtering -----------------------------------------------------------------

    def watch_wanted(self, wanted: Filter) -> None:
        self.query_error = self.runs.run(wanted)

    @on(FilterRuns.Rows)
    def show_rows(self, event: FilterRuns.Rows) -> None:
        if not self.runs.newest(event.number):
            return  # a newer run is on its way
        view, run = event.view, event.run
        self.empty_text = view.empty_text()
        if view.total:
            self.feed.rows_shown()  # (the scan waits for the first rows: see early.paced)
        following = self.scanning or run.ended_scan
        held = self.place.hold(self.paper_list, self.view, following=following, live=run.live)
        self.view = view
        if above := self.place.settle(self.paper_list, view, held):
            papers = "paper" if above == 1 else "papers"
            self.notify(f"{above:,} new {papers} above", timeout=4, markup=False)
        self._recount_soon(restart=True)
        self._title()
        self.refresh_footer()

    @on(PaperList.MarksChanged)
    def _title(self) -> None:
        self.sub_title = describe(self.view.description(self.session.name), len(self.marks))

    def _recount_soon(self, *, restart: bool = False) -> None:
        saved = self.searches + self.collections
        self.runs.recount_soon(self.view.matched, saved, restart=restart)

    @on(FilterRuns.Counted)
    def show_counts(self, event: FilterRuns.Counted) -> None:
        if self.runs.newest(event.number):
            self.counts = event.counts

    def find_papers(self, text: str, limit: int) -> Sequence[Hit]:
        """The best papers for ``text`` in the filter language, titles lit (for the palette)."""
        return find(self.index, self.flags, text, limit)

    def tag_choices(self) -> Sequence[Choice]:
        return self.query_one(TagTree).choices

    @on(FilterBar.Changed)
    def filter_as_typed(self, event: FilterBar.Changed) -> None:
        self.wanted = replace(self.wanted, text=event.text)

    @on(TagTree.Chosen)
    def show_tag(self, event: TagTree.Chosen) -> None:
        self.wanted = replace(self.wanted, choice=event.choice)
        if event.go_to_list:
            self.set_focus(self.paper_list)

    @on(GoToTag)
    def go_to_tag(self, event: GoToTag) -> None:
        self.panes.go_to_tag(event.choice)

    @on(GoToPaper)
    def go_to_paper(self, event: GoToPaper) -> None:
        if not self.place.go_to(self.paper_list, event.paper.key):
            self.filter_bar.set_text("")
            self.query_one(TagTree).choose(ALL)
            self.wanted = Filter(sort=self.wanted.sort)
        self.set_focus(self.paper_list)

    @on(PaperList.Highlighted)
    def show_paper(self, event: PaperList.Highlighted) -> None:
        self.current = event.paper
        self.feed.fold_later()
        self.recommend.highlighted(event.paper)
        self.refresh_footer()
        if self.verbs is not None:
            self.verbs.read_later(event.paper, self.session.config.auto_read_delay)

    # -- state ---------------------------------------------------------------------

    @on(FlagsChanged)
    def flags_changed(self) -> None:
        """Repaint, recount, save soon."""
        self.show_flags()
        self.refresh_footer()
        self.feed.save_soon()

    @on(VaultFeed.StateMerged)
    def show_flags(self) -> None:
        """Flags or collections changed, here or in another papertui (merged in on a save)."""
        if self.verbs is not None:
            self.collections = self.verbs.collections.entries()
        self.revision += 1
        self.recommend.flags_changed(self.flags)
        self._recount_soon()

    @on(VaultFeed.SaveStatus)
    def show_save_status(self, event: VaultFeed.SaveStatus) -> None:
        self.query_one(SaveWarning).show_failure(event.error)

    def on_unmount(self) -> None:
        unsaved = self.feed.close()
        if unsaved:
            cast("PaperTUI", self.app).unsaved.extend(unsaved)  # printed once the app is gone
        self.search_verbs.saved.keep_tree(self.tag_tree.expanded, self.wanted.choice)

    # -- saved searches ----------------------------------------------------------------

    def watch_searches(self) -> None:
        self._recount_soon(restart=True)

    def action_save_search(self) -> None:
        self.search_verbs.save(self.wanted.text, parsed=not self.query_error)

    @on(TagTree.Forget)
    def forget_search(self, event: TagTree.Forget) -> None:
        self.search_verbs.forget(event.choice, self.verbs.collections if self.verbs else None)

    @on(SearchVerbs.Changed)
    def show_searches(self, event: SearchVerbs.Changed) -> None:
        self.searches = event.searches

    @on(SearchVerbs.Forgotten)
    def forgotten(self, event: SearchVerbs.Forgotten) -> None:
        if self.wanted.choice == event.choice:
            self.wanted = replace(self.wanted, choice=ALL)

    # -- what applies --------------------------------------------------------------

    @property
    def filtering(self) -> bool:
        """The filter's input has focus."""
        return self.focused is self.filter_bar.input

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in FILTER_KEYS:
            pane = self.focused
            finding = pane.finding if isinstance(pane, PaperView) else None
            has_query = bool(self.wanted.text) or bool(self.marks)
            return filter_key_applies(
                action, filtering=self.filtering, has_query=has_query, finding_in_pane=finding
            )
        return applies(action, self.selected, self.verbs, listed=bool(self.paper_list.rows))

    def refresh_footer(self) -> None:
        """Refresh the bindings only if what the footer shows changed: it recomposes."""
        state = tuple(self.check_action(action, ()) for action in sorted(FOOTER_ACTIONS))
        if state != self._footer_state:
            self._footer_state = state
            self.refresh_bindings()

    # -- showing -------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        self.wanted = replace(self.wanted, hide_read=not self.wanted.hide_read)

    def action_cycle_sort(self) -> None:
        self.wanted = replace(self.wanted, sort=next_sort(self.wanted.sort, self.runs.query))
        self.recommend.sort_chosen(self.wanted.sort)

    def action_similar(self) -> None:
        self.recommend.show_similar(self.index, self.selected)

    def action_focus_filter(self) -> None:
        self.filter_bar.focus_input()

    def action_leave_filter(self) -> None:
        self.filter_bar.keep_edit()
        self.set_focus(self.paper_list)

    def action_escape_filter(self) -> None:
        if self.filtering:
            self.filter_bar.cancel_edit()
            self.set_focus(self.paper_list)
        elif self.paper_list.clear_marks():
            self.notify("Unmarked every paper.", timeout=2)
        else:
            self.filter_bar.set_text("")

    def action_rescan(self) -> None:
        self.notify("Reading the vault again…", timeout=2)
        self._rescan()

    # -- verbs on the list (those on one paper are the layout's) ---------------------

    def action_undo_history(self) -> None:
        if self.verbs is not None:
            self.verbs.show_history(self.papers, self.paper_list.select_key)

    def action_undo(self) -> None:
        batch = self.verbs.undo() if self.verbs is not None else None
        if batch is not None:  # back to the paper changed (once the list has it again)
            self.place.go_to(self.paper_list, batch.keys[0])

    def action_collection_up(self, step: int = -1) -> None:
        if self.verbs and self.verbs.collections.move(self.selected, self.wanted.choice, step):
            self.feed.save_soon()
            self.query_error = self.runs.run(self.wanted)

    def action_collection_down(self) -> None:
        self.action_collection_up(1)

    def action_export(self) -> None:
        if self.verbs is not None:
            self.verbs.export(self.papers, self.paper_list.rows)
