"""Similar papers: the papers most like one, with how alike they are; Enter goes to one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from papertui.vault.paper import Paper
from papertui.vault.sanitize import clean_line


def row(paper: Paper, score: float) -> Content:
    """``0.42  Title · 2024-09-27``: the similarity, the title (as data), the day."""
    day = f" · {paper.day.isoformat()}" if paper.day else ""
    return Content.assemble((f"{score:4.2f}  ", "dim"), clean_line(paper.title), (day, "dim"))


class SimilarScreen(ModalScreen[Paper | None]):
    """The papers most like ``paper``, most alike first; dismisses with the one chosen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,m", "dismiss(None)", "Back", show=False),
        Binding("j", "cursor('down')", show=False),
        Binding("k", "cursor('up')", show=False),
    ]

    def __init__(self, paper: Paper, similar: Sequence[tuple[Paper, float]]) -> None:
        super().__init__()
        self.paper = paper
        self.similar = tuple(similar)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            count = len(self.similar)
            heading = Content.assemble(
                f"{count} paper{'' if count == 1 else 's'} like ",
                (clean_line(self.paper.title), "bold"),
                " (Enter goes to one, Esc back)",
            )
            yield Static(heading, id="question")
            if not self.similar:
                yield Static(Content("No paper of the vault shares enough words with this one."))
            yield OptionList(
                *(Option(row(paper, score)) for paper, score in self.similar), id="similar-papers"
            )

    def action_cursor(self, direction: str) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if direction == "down" else options.action_cursor_up()

    @on(OptionList.OptionSelected)
    def go_to_paper(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.similar[event.option_index][0])
