"""The help screen: every key, from the verb table, with the user's remaps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from papertui.tui.verb_table import by_group, key_of
from papertui.vault.flags import IS_WORDS

FILTER_HELP = (
    "Filter: words match fuzzily (title, authors, tags, keywords, id), best first.\n"
    "  'exact  ^prefix  suffix$  !negate  a | b   (space = AND)\n"
    "  tag:diffusion  author:smith  id:2409.17058\n"
    f"  {'  '.join(f'is:{word}' for word in IS_WORDS)}\n"
    "  day:2024-09  after:2024-09-01  before:2024-10-01"
)


class HelpScreen(ModalScreen[None]):
    """Every key the reader answers to."""

    AUTO_FOCUS = "#help"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", show=True),
    ]

    def __init__(self, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.keymap = dict(keymap or {})

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(
                Text.assemble(("papertui keys", "bold"), ("   Esc closes, arrows scroll", "dim")),
                id="help-title",
            )
            for group, verbs in by_group().items():
                table = Table.grid(padding=(0, 2))
                table.add_column(min_width=12, style="bold")
                table.add_column()
                table.add_column(style="dim")
                for verb in verbs:
                    table.add_row(Text(key_of(verb, self.keymap)), Text(verb.help), Text(verb.id))
                yield Static(Text(group, style="underline"), classes="help-group")
                yield Static(table)
            yield Static(Text(FILTER_HELP), id="help-filter")
            yield Static(
                Text('Remap keys in the config file: [keys] table, action id = "key".'),
                id="help-remap",
            )

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
