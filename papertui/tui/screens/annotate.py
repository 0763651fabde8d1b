"""Your note on a paper: a Markdown editor in a dialog (ctrl+s saves, Esc cancels)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from papertui.tui.screens.confirm import ConfirmScreen
from papertui.vault.sanitize import clean_line
from papertui.vault.state.annotations import Recovered


class AnnotationScreen(ModalScreen[str | None]):
    """Edit your Markdown about one paper; dismisses with the text to save (None: cancelled).

    An empty text deletes the note. Esc asks first when the text was changed.
    ``ctrl+r`` puts back the newest older version another papertui's edit replaced.
    When the reader quits with the editor open, a changed text is handed to
    ``keep`` first: quitting never drops what was typed.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
        Binding("ctrl+r", "restore", "Older version", priority=True),
    ]

    def __init__(
        self,
        title: str,
        text: str,
        recovered: tuple[Recovered, ...] = (),
        keep: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self.paper_title = clean_line(title)
        self.original = text
        self.recovered = recovered
        self.keep = keep
        self.typed = text
        """The editor's text, kept as it changes: the widget is gone by unmount."""
        self.settled = False
        """Saved or cancelled: nothing is left to keep at unmount."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(f"Your note on: {self.paper_title}"), id="question")
            yield TextArea.code_editor(
                self.original,
                language="markdown",
                soft_wrap=True,
                show_line_numbers=False,
                tab_behavior="focus",
                id="annotation",
            )
            hint = "ctrl+s save · esc cancel · empty text deletes the note"
            if self.recovered:
                hint += " · ctrl+r puts back the older version another papertui kept"
            yield Static(Content(hint), id="hint")

    def on_mount(self) -> None:
        editor = self.editor
        editor.focus()
        editor.move_cursor(editor.document.end)

    @property
    def editor(self) -> TextArea:
        return self.query_one("#annotation", TextArea)

    @property
    def changed(self) -> bool:
        return self.editor.text != self.original

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.typed = event.text_area.text

    def on_unmount(self) -> None:
        if not self.settled and self.keep is not None and self.typed != self.original:
            self.keep(self.typed)  # the reader is quitting with the editor open

    def action_save(self) -> None:
        self.settled = True
        self.dismiss(self.editor.text)

    def action_cancel(self) -> None:
        if not self.changed:
            self.settled = True
            self.dismiss(None)
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.settled = True
                self.dismiss(None)

        question = "Discard your changes to this note?"
        self.app.push_screen(ConfirmScreen(question, yes="Discard", no="Keep editing"), answer)

    def action_restore(self) -> None:
        if not self.recovered:
            self.notify("No older version was kept.", timeout=2)
            return
        older = self.recovered[0]
        editor = self.editor
        gap = "\n\n" if editor.text.strip() else ""
        editor.insert(f"{gap}{older.text}", editor.document.end)
        self.notify(f"Put back the version of {older.at[:16].replace('T', ' ')} UTC.", timeout=3)
