"""The filter bar: the query as typed, and what is wrong with it when it cannot be parsed."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import Input, Static

from papertui.vault.sanitize import clean_line

PLACEHOLDER = "/ to filter: words 'exact ^prefix end$ !not a|b tag: author: is:unread day:"


class FilterBar(Horizontal):
    """An ``Input`` whose every keystroke asks for a new filter.

    The screen's priority keys (``/``, Enter, Esc) move the focus in and out of it.
    As in fzf and lazygit, Esc cancels an edit: the query goes back to what it was
    when the edit began (:meth:`cancel_edit`); Enter keeps it.
    """

    _before: str | None = None
    """The query when the current edit began (None while not editing)."""

    error: var[str] = var("", init=False)
    """Why the query cannot be parsed ("" when it can)."""

    @dataclass
    class Changed(Message):
        """The query text changed."""

        filter_bar: FilterBar
        text: str

        @property
        def control(self) -> FilterBar:
            return self.filter_bar

    def compose(self) -> ComposeResult:
        yield Input(placeholder=PLACEHOLDER, id="query", select_on_focus=False)
        yield Static(id="query-error", markup=False)

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def text(self) -> str:
        return self.input.value

    def set_text(self, text: str) -> None:
        """Replace the query (posts ``Changed``)."""
        self.input.value = text

    def cancel_edit(self) -> None:
        """Put back the query the current edit began with."""
        if self._before is not None and self._before != self.text:
            self.set_text(self._before)
        self._before = None

    def keep_edit(self) -> None:
        """The current edit is done: its query stays."""
        self._before = None

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self._before is None:
            self._before = self.text

    def focus_input(self) -> None:
        # Now, not later (``focus()`` waits its turn): keys typed right after "/"
        # are already queued and must reach the input, not fire bindings. The edit
        # begins now too: the focus message comes after those keys are typed.
        if self._before is None:
            self._before = self.text
        self.screen.set_focus(self.input)
        self.input.cursor_position = len(self.input.value)

    def watch_error(self, error: str) -> None:
        self.set_class(bool(error), "-error")
        self.query_one("#query-error", Static).update(Content(clean_line(error)))

    @on(Input.Changed, "#query")
    def ask_for_filter(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, event.value))
