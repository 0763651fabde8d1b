"""The reader app: config, theme and keymap, then the main screen."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.command import Provider
from textual.screen import Screen

from papertui.commands.common import EXIT_UNSAVED
from papertui.session import Session
from papertui.tui.screens.main import MainScreen
from papertui.tui.verb_table import Scope, bindings, check_keymap
from papertui.vault.sanitize import clean_line
from papertui.vault.scan.pool import prestart
from papertui.vault.watch import use_watch_list


def _verb_provider() -> type[Provider]:
    """The palette's verbs (imported when the palette first opens, not on the way up)."""
    from papertui.tui.palette import VerbProvider

    return VerbProvider


# Textual's own palette entries that our verbs replace.
_REPLACED_SYSTEM_COMMANDS = frozenset({"Quit", "Keys"})


class PaperTUI(App[int]):
    """A keyboard-driven reader for a folder of paper-digest notes."""

    CSS_PATH = "app.tcss"
    TITLE = "papertui"
    BINDINGS: ClassVar[list[BindingType]] = bindings(Scope.APP)  # type: ignore[assignment]
    COMMANDS = App.COMMANDS | {_verb_provider}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (Textual's type)

    def __init__(self, session: Session) -> None:
        """Read the vault ``session`` names, with its settings."""
        super().__init__()
        prestart()  # the scan's worker processes start from a thread, once the app runs
        self.session = session
        use_watch_list(session.config.watch)  # what is:watched and the list's mark ask
        self.unsaved: list[str] = []
        """What could not be saved, to print once the terminal is back (see run_reader)."""
        self.keymap, keymap_messages = check_keymap(session.config.keys)
        self._messages = [*session.messages, *keymap_messages]

    def on_mount(self) -> None:
        theme = self.session.config.theme
        if theme:
            if theme in self.available_themes:
                self.theme = theme
            else:
                self._messages.append(f"theme: no theme named {theme!r}")
        if self.keymap:
            self.set_keymap(self.keymap)
        for message in self._messages:
            self.notify(clean_line(message), severity="warning", timeout=10, markup=False)

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self.session)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title not in _REPLACED_SYSTEM_COMMANDS:
                yield command

    def action_show_stats(self) -> None:
        """The stats screen over the papers the main screen's filter shows."""
        from papertui.tui.screens.stats import StatsScreen

        main = self.screen
        if isinstance(main, MainScreen):
            view = main.view
            self.push_screen(
                StatsScreen(view.papers, main.flags, view.description(main.vault.name))
            )

    def action_cycle_theme(self) -> None:
        from papertui.tui.themes import cycle_theme

        cycle_theme(self)

    def action_help(self) -> None:
        from papertui.tui.screens.help import HelpScreen  # (when asked: not on the way up)

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.keymap))


def make_app(session: Session) -> PaperTUI:
    """The reader for ``session`` (run it with ``run()``, or ``run_test()`` under Pilot)."""
    return PaperTUI(session)


def run_reader(session: Session) -> int:
    """Run the reader until the user quits; the exit status.

    Changes that could not be saved are told on stderr once the terminal is
    back (with where their recovery copy is), and the status is then
    ``EXIT_UNSAVED``: the user must not believe them saved.
    """
    app = make_app(session)
    app.run()
    if app.unsaved:
        for line in app.unsaved:
            print(f"papertui: {clean_line(line)}", file=sys.stderr)
        return EXIT_UNSAVED
    return app.return_code or 0
