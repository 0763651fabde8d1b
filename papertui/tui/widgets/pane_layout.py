"""The panes side by side (tree | filter and list | paper): which show, and moving through them."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from textual import on
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.reactive import var
from textual.widget import Widget

from papertui.tui.choices import Choice
from papertui.tui.frame_hold import FrameHold
from papertui.tui.paper_verbs import PaperVerbs, applies, on_paper
from papertui.tui.verb_table import Scope, bindings
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.paper_view import PaperView
from papertui.tui.widgets.tag_tree import TagTree
from papertui.vault.flags import Flag
from papertui.vault.paper import Paper


def _on_list(move: Callable[[PaperList], object]) -> Callable[[PaneLayout], None]:
    """An action moving the list's cursor (from any pane: the list is where papers are)."""

    def action(layout: PaneLayout) -> None:
        move(layout.query_one(PaperList))

    return action


class PaneLayout(Horizontal):
    """The body of the main screen: it holds every pane, so its keys work from any of them.

    The screen composes the panes into it (they bind the screen's reactives);
    this owns only which are shown, which has focus, moving through the list
    and the paper's notes from any pane, the verbs on the paper under the
    cursor (``verbs``, bound from the screen), having the pane render ahead of
    the list's cursor, and a move of the cursor shown in one frame with its paper.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(Scope.LAYOUT)  # type: ignore[assignment]

    show_tree: var[bool] = var(True, init=False)
    """The tag tree is shown (``[``)."""
    show_pane: var[bool] = var(True, init=False)
    """The paper pane is shown (``]``)."""
    verbs: var[PaperVerbs | None] = var(None, init=False)
    """The verbs on papers, once the state is loaded (the screen's, bound)."""

    def __init__(
        self,
        *children: Widget,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(*children, name=name, id=id, classes=classes, disabled=disabled)
        self.frame_hold = FrameHold(self)
        """Holds the screen's updates from a move of the cursor to its paper in the pane."""

    def on_mount(self) -> None:
        self.show_tree = self.app.size.width >= 100
        # Synchronously, before the list's repaint can reach the screen (any key, a click).
        self.watch(self.query_one(PaperList), "cursor", self.frame_hold.hold, init=False)

    def on_unmount(self) -> None:
        self.frame_hold.release()

    def watch_show_tree(self, show: bool) -> None:
        self.set_class(not show, "-no-tree")
        if not show and isinstance(self.screen.focused, TagTree):
            self.screen.set_focus(self.query_one(PaperList))

    def watch_show_pane(self, show: bool) -> None:
        self.set_class(not show, "-no-pane")
        if not show and isinstance(self.screen.focused, PaperView):
            self.screen.set_focus(self.query_one(PaperList))

    @on(PaperList.Highlighted)
    def render_ahead(self, event: PaperList.Highlighted) -> None:
        """The paper pane renders the two papers after the cursor ahead, in the background."""
        paper_list, pane = self.query_one(PaperList), self.query_one(PaperView)
        if event.paper is None or not pane.has_ready(event.paper):
            self.frame_hold.release()  # its render is still to run: the cursor goes first
        rows, cursor = paper_list.rows, paper_list.cursor
        pane.render_ahead(rows[cursor + 1 : cursor + 3])

    @on(PaperView.Rendered)
    def paper_painted(self) -> None:
        """The pane's repaint is on its way to the screen (posted before this message
        left the pane): the frame may show the cursor and the paper together."""
        self.frame_hold.release()

    @on(PaperList.Selected)
    def read_paper(self) -> None:
        """Enter on a paper: read it in the pane (when the pane is shown)."""
        if self.show_pane:
            self.screen.set_focus(self.query_one(PaperView))

    def go_to_tag(self, choice: Choice) -> None:
        """Show ``choice`` in the tree (shown if it was hidden) and go to the list."""
        self.show_tree = True
        self.query_one(TagTree).choose(choice)
        self.screen.set_focus(self.query_one(PaperList))

    def action_toggle_tree(self) -> None:
        self.show_tree = not self.show_tree

    def action_toggle_pane(self) -> None:
        self.show_pane = not self.show_pane

    def action_go_to(self, pane: str) -> None:
        """Focus the tag tree, the list or the paper pane, showing it if it was hidden."""
        target = self.query_one(f"#{pane}")
        if target.display:
            self.screen.set_focus(target)  # now: the keys typed next must already go there
            return
        if pane == "tags":
            self.show_tree = True
        elif pane == "paper":
            self.show_pane = True
        self.call_after_refresh(target.focus)

    def action_find_in_pane(self) -> None:
        self.show_pane = True
        pane = self.query_one(PaperView)
        pane.focus()
        pane.action_find()

    @property
    def selected(self) -> Paper | None:
        """The paper under the list's cursor now (what the verbs act on)."""
        return self.query_one(PaperList).current

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        paper_list = self.query_one(PaperList)  # (asked for every binding the footer shows)
        listed = bool(paper_list.rows)
        return applies(action, paper_list.current, self.verbs, listed=listed)  # None: dimmed

    action_next = _on_list(PaperList.action_cursor_down)
    action_previous = _on_list(PaperList.action_cursor_up)
    action_first = _on_list(PaperList.action_first)
    action_last = _on_list(PaperList.action_last)
    action_next_unread = _on_list(partial(PaperList.to_unread, step=+1))
    action_previous_unread = _on_list(partial(PaperList.to_unread, step=-1))

    def action_next_appearance(self) -> None:
        self._to_appearance(+1)

    def action_previous_appearance(self) -> None:
        self._to_appearance(-1)

    def _to_appearance(self, step: int) -> None:
        paper = self.query_one(PaperList).current
        if paper is None:
            return
        if len(paper.appearances) < 2:
            self.notify("This paper is in one note only.", timeout=2)
            return
        self.show_pane = True  # the pane is where the other note shows
        self.query_one(PaperView).step(paper, step)

    # -- verbs on the paper under the cursor (PaperVerbs does them) ------------------

    action_mark_read = on_paper(PaperVerbs.mark_read)
    action_mark_unread = on_paper(PaperVerbs.mark_unread)
    action_star = on_paper(partial(PaperVerbs.toggle, flag=Flag.STARRED))
    action_later = on_paper(partial(PaperVerbs.toggle, flag=Flag.LATER))
    action_dismiss_paper = on_paper(partial(PaperVerbs.toggle, flag=Flag.DISMISSED))
    action_open_abstract = on_paper(PaperVerbs.open_abstract)
    action_open_pdf = on_paper(PaperVerbs.open_pdf)
    action_copy_link = on_paper(PaperVerbs.copy_link)
    action_copy_bibtex = on_paper(PaperVerbs.copy_bibtex)
    action_annotate = on_paper(PaperVerbs.annotate)
    action_user_tags = on_paper(PaperVerbs.edit_tags)
    action_collect = on_paper(PaperVerbs.collect)

    def action_read_and_next(self) -> None:
        paper_list = self.query_one(PaperList)
        if self.verbs is not None and (paper := paper_list.current) is not None:
            self.verbs.read_one(paper)
        paper_list.action_cursor_down()

    def action_mark_all_read(self) -> None:
        if self.verbs is not None:
            self.verbs.mark_all_read(self.query_one(PaperList).rows)
