"""Ask for a short name (a saved search's, a collection's) in a modal dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from papertui.vault.sanitize import clean_line


class NameScreen(ModalScreen[str | None]):
    """A question and a line to type a name; dismisses with it (None: cancelled).

    With ``suggestions``, the name typed is completed from them (Tab or →).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", show=False),
        Binding("tab", "complete", show=False),
    ]

    def __init__(self, question: str, *, value: str = "", suggestions: Sequence[str] = ()) -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.suggestions = tuple(suggestions)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self.question), id="question")
            suggester = SuggestFromList(self.suggestions, case_sensitive=False)
            yield Input(
                value=self.value,
                placeholder="a name",
                id="name",
                suggester=suggester if self.suggestions else None,
            )

    def action_complete(self) -> None:
        """Take the completion offered (the input's → does the same at the end)."""
        name = self.query_one(Input)
        name.cursor_position = len(name.value)
        name.action_cursor_right()

    @on(Input.Submitted)
    def named(self, event: Input.Submitted) -> None:
        name = clean_line(event.value).strip()
        self.dismiss(name or None)


def ask_search_name(app: App[Any], query: str, named: Callable[[str], object]) -> None:
    """Ask what to call the search ``query``; ``named`` gets the name (nothing if cancelled)."""

    def answered(name: str | None) -> None:
        if name:
            named(name)

    question = f"Save the search '{clean_line(query)}' as:"
    app.push_screen(NameScreen(question, value=clean_line(query)), answered)
