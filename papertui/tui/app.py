"""The reader app: config, theme and keymap, then the main screen."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen

from papertui import paths
from papertui.config import Config
from papertui.tui.commands import Scope, bindings, check_keymap
from papertui.tui.palette import VerbProvider
from papertui.tui.screens.help import HelpScreen
from papertui.tui.screens.main import MainScreen
from papertui.vault.sanitize import clean_line
from papertui.vault.scan.early import EarlyScan
from papertui.vault.scan.pool import prestart

# Textual's own palette entries that our verbs replace.
_REPLACED_SYSTEM_COMMANDS = frozenset({"Quit", "Keys"})


class PaperTUI(App[int]):
    """A keyboard-driven reader for a folder of paper-digest notes."""

    CSS_PATH = "app.tcss"
    TITLE = "papertui"
    BINDINGS: ClassVar[list[BindingType]] = bindings(Scope.APP)  # type: ignore[assignment]
    COMMANDS = App.COMMANDS | {VerbProvider}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (Textual's type)

    def __init__(
        self,
        vault: Path,
        *,
        state_path: Path | None = None,
        config: Config | None = None,
        include: Sequence[str] | None = None,
        exclude: Sequence[str] | None = None,
        messages: Iterable[str] = (),
        early: EarlyScan | None = None,
    ) -> None:
        """Read ``vault``.

        Args:
            vault: The notes folder.
            state_path: The read/star state file (default: the platform's data dir).
            config: The user's settings.
            include: Globs of notes to read (default: the config's).
            exclude: Globs of notes to leave out (default: the config's).
            messages: Problems found before the app started, shown once it has.
            early: The vault's scan, started before the app (by ``run_reader``'s caller).
        """
        super().__init__()
        prestart()  # the scan's worker processes start from a thread, once the app runs
        self.vault = vault
        self.state_path = state_path or paths.state_file()
        self.config = config or Config()
        self.include = tuple(self.config.include if include is None else include)
        self.exclude = tuple(self.config.exclude if exclude is None else exclude)
        self.keymap, keymap_messages = check_keymap(self.config.keys)
        self._messages = [*messages, *keymap_messages]
        self._early = early

    def on_mount(self) -> None:
        if self.config.theme:
            if self.config.theme in self.available_themes:
                self.theme = self.config.theme
            else:
                self._messages.append(f"theme: no theme named {self.config.theme!r}")
        if self.keymap:
            self.set_keymap(self.keymap)
        for message in self._messages:
            self.notify(clean_line(message), severity="warning", timeout=10, markup=False)

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(
            self.vault,
            state_path=self.state_path,
            config=self.config,
            include=self.include,
            exclude=self.exclude,
            early=self._early,
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title not in _REPLACED_SYSTEM_COMMANDS:
                yield command

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.keymap))


def run_reader(
    vault: Path,
    *,
    state_path: Path | None,
    config: Config,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    messages: Iterable[str] = (),
    early: EarlyScan | None = None,
) -> int:
    """Run the reader on ``vault`` until the user quits; the exit status.

    Args:
        vault: The notes folder.
        state_path: The state file (``--state``); None for the default.
        config: The user's settings.
        include: Globs of notes to read (default: the config's).
        exclude: Globs of notes to leave out (default: the config's).
        messages: Config problems, shown as notifications once the reader is up.
        early: The vault's scan, if the caller started it already (see ``EarlyScan``).
    """
    app = PaperTUI(
        vault,
        state_path=state_path,
        config=config,
        include=include,
        exclude=exclude,
        messages=messages,
        early=early,
    )
    app.run()
    return app.return_code or 0
