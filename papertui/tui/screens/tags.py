"""Your tags on a paper: type tags to add them, or ones it has to take them off."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from papertui.vault.sanitize import clean_line
from papertui.vault.state.annotations import tag_words


class LastTagSuggester(Suggester):
    """Completes the tag being typed (the last word) from every tag of the vault."""

    def __init__(self, tags: Iterable[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = sorted(set(tags), key=lambda tag: (tag.casefold(), tag))

    async def get_suggestion(self, value: str) -> str | None:
        word = re.split(r"[\s,]+", value)[-1].lstrip("#")
        if not word:
            return None
        start = len(value) - len(word)
        folded = word.casefold()
        for tag in self.tags:
            if tag.casefold().startswith(folded) and tag != word:
                return value[:start] + word + tag[len(word) :]
        return None


def toggles(have: Sequence[str], typed: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The tags ``typed`` adds and removes: one the paper has (any case) comes off."""
    held = {tag.casefold(): tag for tag in have}
    added: list[str] = []
    removed: list[str] = []
    for word in tag_words(clean_line(typed)):
        if word.casefold() in held:
            removed.append(held[word.casefold()])
        else:
            added.append(word)
    return tuple(added), tuple(removed)


class TagsScreen(ModalScreen[str | None]):
    """Type tags (spaces or commas between them); dismisses with what was typed (None: Esc)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", show=False)]

    def __init__(self, title: str, have: Sequence[str], every: Iterable[str]) -> None:
        super().__init__()
        self.paper_title = clean_line(title)
        self.have = tuple(have)
        self.every = tuple(every)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            now = ", ".join(clean_line(tag) for tag in self.have) or "none yet"
            question = f"Your tags on: {self.paper_title}\nNow: {now}"
            yield Static(Content(question), id="question")
            yield Input(
                placeholder="tags to add, or ones it has to take off",
                suggester=LastTagSuggester(self.every),
                id="tags",
            )
            yield Static(Content("→ (right arrow) takes the suggestion · Enter applies"), id="hint")

    @on(Input.Changed)
    def preview(self, event: Input.Changed) -> None:
        added, removed = toggles(self.have, event.value)
        words = [f"+{tag}" for tag in added] + [f"-{tag}" for tag in removed]
        hint = " ".join(words) if words else "→ (right arrow) takes the suggestion · Enter applies"
        self.query_one("#hint", Static).update(Content(hint))

    @on(Input.Submitted)
    def apply(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)
