"""Ask for a short name (a saved search's) in a modal dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from papertui.vault.sanitize import clean_line


class NameScreen(ModalScreen[str | None]):
    """A question and a line to type a name; dismisses with it (None: cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", show=False)]

    def __init__(self, question: str, *, value: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self.question), id="question")
            yield Input(value=self.value, placeholder="a name", id="name")

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
