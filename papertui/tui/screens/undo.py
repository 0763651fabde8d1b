"""The undo history: what ``z`` would take back, newest first; Enter goes to a change's paper."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from papertui.tui.triage import Change
from papertui.vault.sanitize import clean_line

SHOWN_TITLES = 2
"""Titles named per change; more are counted."""


def describe(batch: Change, titles: Mapping[str, str]) -> str:
    """``2 papers starred: First title; Second title``, ``5 papers read: A; B; and 3 more``."""
    named = [clean_line(titles.get(key, key)) for key in batch.keys[:SHOWN_TITLES]]
    more = len(batch.keys) - len(named)
    if more:
        named.append(f"and {more:,} more")
    return f"{batch.describe()}: {'; '.join(named)}"


class UndoHistoryScreen(ModalScreen[str | None]):
    """Every change that can be undone; dismisses with the key of the chosen change's paper."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,U", "dismiss(None)", "Close", show=False),
        Binding("j", "cursor('down')", show=False),
        Binding("k", "cursor('up')", show=False),
    ]

    def __init__(self, history: Sequence[Change], titles: Mapping[str, str]) -> None:
        super().__init__()
        self.history = tuple(history)
        self.titles = titles

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            count = len(self.history)
            heading = f"Undo history: {count:,} change{'' if count == 1 else 's'}, newest first"
            yield Static(Content(heading + " (z undoes the top one)"), id="question")
            yield OptionList(
                *(Option(Content(describe(batch, self.titles))) for batch in self.history),
                id="undo-history",
            )

    def action_cursor(self, direction: str) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if direction == "down" else options.action_cursor_up()

    @on(OptionList.OptionSelected)
    def go_to_paper(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.history[event.option_index].keys[0])
