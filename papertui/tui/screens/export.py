"""The export dialog: format, what and where; writes atomically, dismisses with the path."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static
from textual.worker import get_current_worker

from papertui.vault.export import FORMATS, GROUPINGS, GroupBy, render, write_export
from papertui.vault.flags import Flags
from papertui.vault.paper import Paper
from papertui.vault.sanitize import clean_line

_UNSAFE_NAME = re.compile(r"[^\w.-]+")
_WHAT = ("marked", "starred", "visible")
_WHAT_LABELS = ("Marked papers", "Starred papers", "Visible list")


def default_file_name(vault_name: str, what: str, fmt: str) -> str:
    """A file name such as ``notes-starred.bib``: safe on any file system."""
    stem = _UNSAFE_NAME.sub("-", clean_line(vault_name)).strip("-.") or "papertui"
    return f"{stem}-{what}{FORMATS[fmt].suffix}"


class ExportScreen(ModalScreen[Path | None]):
    """Export the starred papers or the visible list to a file.

    Dismisses with the path written, or None when cancelled.
    """

    DEFAULT_CSS = """
    ExportScreen {
        align: center middle;
    }
    #export-dialog {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        overflow-y: auto;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    #export-dialog Label {
        margin-top: 1;
        text-style: bold;
    }
    #export-choices, #export-choices > Vertical, #export-grouping {
        height: auto;
    }
    #export-grouping.-hidden {
        display: none;
    }
    #export-status {
        margin-top: 1;
        height: auto;
    }
    #export-status.-warning {
        color: $text-warning;
    }
    #export-status.-error {
        color: $text-error;
    }
    #export-buttons {
        height: auto;
        align-horizontal: right;
        margin-top: 1;
    }
    #export-buttons Button {
        margin-left: 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "write", "Write"),
    ]

    def __init__(
        self,
        starred: Sequence[Paper],
        visible: Sequence[Paper],
        flags: Flags,
        vault_name: str = "papertui",
        *,
        folder: Path | None = None,
        marked: Sequence[Paper] = (),
    ) -> None:
        """The dialog for these papers.

        Args:
            starred: The starred papers.
            visible: The papers the list shows now (filtered, sorted).
            flags: Read/star state, for the formats that carry it.
            vault_name: Names the default file (``<vault>-starred.bib``).
            folder: Where the default file goes (the current directory if None).
            marked: The papers marked in the list (``v``): offered first when there are some.
        """
        super().__init__()
        self._papers = {
            "marked": tuple(marked),
            "starred": tuple(starred),
            "visible": tuple(visible),
        }
        self._flags = flags
        self._vault_name = vault_name
        self._folder = folder
        self._format = "bibtex"
        self._what = "marked" if marked else ("starred" if starred or not visible else "visible")
        self._group_by: GroupBy = "tag"
        self._auto_destination = ""
        self._confirm: Path | None = None
        """A path the user was told exists: the next write overwrites it."""
        self._writing = False

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Static(
                Content.assemble(("Export", "bold"), " from ", clean_line(self._vault_name)),
                id="export-title",
            )
            with Horizontal(id="export-choices"):
                with Vertical():
                    yield Label("Format")
                    with RadioSet(id="export-format", compact=True):
                        for fmt in FORMATS.values():
                            yield RadioButton(fmt.label, fmt.name == self._format, name=fmt.name)
                with Vertical():
                    yield Label("What")
                    with RadioSet(id="export-what", compact=True):
                        for what, label in zip(_WHAT, _WHAT_LABELS, strict=True):
                            if what == "marked" and not self._papers[what]:
                                continue
                            count = len(self._papers[what])
                            yield RadioButton(f"{label} ({count:,})", what == self._what, name=what)
                    with Vertical(id="export-grouping", classes="-hidden"):
                        yield Label("Group by")
                        with RadioSet(id="export-group-by", compact=True):
                            for group_by in GROUPINGS:
                                yield RadioButton(
                                    group_by.title(), group_by == self._group_by, name=group_by
                                )
            yield Label("Destination")
            yield Input(id="export-destination", select_on_focus=False, compact=True)
            yield Static(id="export-status", markup=False)
            with Horizontal(id="export-buttons"):
                yield Button("Write", variant="primary", id="export-write", compact=True)
                yield Button("Cancel", id="export-cancel", compact=True)

    def on_mount(self) -> None:
        self._update_destination()
        self._update_status()
        self.query_one("#export-destination", Input).focus()

    @property
    def destination(self) -> Path:
        """The file the dialog would write, relative to the folder it offers."""
        text = self.query_one("#export-destination", Input).value.strip()
        path = Path(text).expanduser()
        return path if path.is_absolute() else (self._folder or Path.cwd()) / path

    def _selected(self) -> tuple[Paper, ...]:
        return self._papers[self._what]

    def _update_destination(self) -> None:
        """Follow the format and selection in the file name, unless the user typed one."""
        field = self.query_one("#export-destination", Input)
        if field.value and field.value != self._auto_destination:
            return
        name = default_file_name(self._vault_name, self._what, self._format)
        self._auto_destination = str((self._folder or Path.cwd()) / name)
        field.value = self._auto_destination

    def _update_status(self, message: str | None = None, kind: str = "") -> None:
        status = self.query_one("#export-status", Static)
        papers = self._selected()
        if message is None:
            with_id = sum(1 for paper in papers if paper.arxiv_id)
            count = with_id if FORMATS[self._format].needs_id else len(papers)
            if not count:
                message, kind = "Nothing to export.", "-warning"
            else:
                message = f"{count:,} paper{'' if count == 1 else 's'} will be written."
                if count < len(papers):
                    message += f" {len(papers) - count:,} without an arXiv id are left out."
        status.update(Content(clean_line(message)))
        status.set_class(kind == "-warning", "-warning")
        status.set_class(kind == "-error", "-error")

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self._format = event.pressed.name or self._format
        grouping = self.query_one("#export-grouping")
        grouping.set_class(self._format != "markdown", "-hidden")
        self._changed()

    @on(RadioSet.Changed, "#export-group-by")
    def _group_by_changed(self, event: RadioSet.Changed) -> None:
        self._group_by = GROUPINGS[event.index]

    @on(RadioSet.Changed, "#export-what")
    def _what_changed(self, event: RadioSet.Changed) -> None:
        self._what = event.pressed.name or self._what
        self._changed()

    def _changed(self) -> None:
        self._confirm = None
        self._update_destination()
        self._update_status()

    @on(Input.Changed, "#export-destination")
    def _destination_changed(self) -> None:
        if self._confirm is not None:
            self._confirm = None
            self._update_status()

    @on(Input.Submitted, "#export-destination")
    @on(Button.Pressed, "#export-write")
    def _submit(self) -> None:
        self.action_write()

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_write(self) -> None:
        """Write the file; a file that exists is overwritten only on a second request."""
        if self._writing:
            return
        papers = self._selected()
        if not papers or (
            FORMATS[self._format].needs_id and not any(paper.arxiv_id for paper in papers)
        ):
            self._update_status()
            return
        if not self.query_one("#export-destination", Input).value.strip():
            self._update_status("Give a file to write to.", "-error")
            return
        path = self.destination
        self._writing = True
        self._write(path, papers, self._format, self._group_by, overwrite=path == self._confirm)

    @work(thread=True, exclusive=True, group="export")
    def _write(
        self,
        path: Path,
        papers: tuple[Paper, ...],
        fmt: str,
        group_by: GroupBy,
        *,
        overwrite: bool,
    ) -> None:
        # Rendering 100,000 papers and writing them takes a moment: off the UI thread.
        exported = render(papers, fmt, self._flags, group_by=group_by)
        try:
            write_export(path, exported.text, overwrite=overwrite)
        except FileExistsError:
            outcome: tuple[Path | None, str, str] = (
                None,
                f"{path} exists: press Enter again to overwrite it.",
                "-warning",
            )
            confirm: Path | None = path
        except OSError as error:
            outcome = (None, f"Cannot write {path}: {error.strerror or error}", "-error")
            confirm = None
        else:
            outcome, confirm = (path, "", ""), None
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._written, outcome, confirm)

    def _written(self, outcome: tuple[Path | None, str, str], confirm: Path | None) -> None:
        self._writing = False
        path, message, kind = outcome
        if path is not None:
            self.dismiss(path)
            return
        self._confirm = confirm
        self._update_status(message, kind)
