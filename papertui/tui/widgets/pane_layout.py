"""The panes side by side (tree | filter and list | paper): which show, and going between them."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.containers import Horizontal
from textual.reactive import var

from papertui.tui.commands import Scope, bindings
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.paper_view import PaperView
from papertui.tui.widgets.tag_tree import TagTree


class PaneLayout(Horizontal):
    """The body of the main screen: it holds every pane, so its keys work from any of them.

    The screen composes the panes into it (they bind the screen's reactives);
    this owns only which are shown and which has focus.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(Scope.LAYOUT)  # type: ignore[assignment]

    show_tree: var[bool] = var(True, init=False)
    """The tag tree is shown (``[``)."""
    show_pane: var[bool] = var(True, init=False)
    """The paper pane is shown (``]``)."""

    def on_mount(self) -> None:
        self.show_tree = self.app.size.width >= 100

    def watch_show_tree(self, show: bool) -> None:
        self.set_class(not show, "-no-tree")
        if not show and isinstance(self.screen.focused, TagTree):
            self.screen.set_focus(self.query_one(PaperList))

    def watch_show_pane(self, show: bool) -> None:
        self.set_class(not show, "-no-pane")
        if not show and isinstance(self.screen.focused, PaperView):
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
