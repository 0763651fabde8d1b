"""What one run of the reader reads: the vault, its state file, the settings, built once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from papertui import paths
from papertui.config import Config

if TYPE_CHECKING:
    from papertui.tui.graphics import Graphics
    from papertui.vault.scan.early import EarlyScan


@dataclass(frozen=True, slots=True)
class Session:
    """Everything the reader is started with, settled before Textual is imported.

    Build it with :meth:`open` (the command line does, once); the app, its
    screen and the vault's feed read from it and never merge settings again.
    """

    vault: Path
    """The notes folder."""
    state_path: Path
    """The read/star state file."""
    config: Config = field(default_factory=Config)
    """The user's settings."""
    include: tuple[str, ...] = ()
    """Globs of notes to read: the config's, then the command line's."""
    exclude: tuple[str, ...] = ()
    """Globs of notes to leave out: the config's, then the command line's."""
    messages: tuple[str, ...] = ()
    """Problems found before the reader started (the config's), shown once it is up."""
    early: EarlyScan | None = None
    """The vault's scan, if it was started before the app (see :meth:`start_scan`)."""
    graphics: Graphics | None = None
    """How the terminal draws images, asked before the app started (None: not asked;
    the pane follows the config's ``images`` with half blocks for ``"auto"``)."""

    @classmethod
    def open(
        cls,
        vault: Path,
        *,
        state_path: Path | None = None,
        config: Config | None = None,
        include: Iterable[str] = (),
        exclude: Iterable[str] = (),
        messages: Iterable[str] = (),
    ) -> Session:
        """The session for ``vault``: the config's globs and the given ones merged, once.

        Args:
            vault: The notes folder.
            state_path: The state file (``--state``); None for the platform's default.
            config: The user's settings (None: the defaults).
            include: Globs from the command line, added to the config's.
            exclude: Globs from the command line, added to the config's.
            messages: Problems to show once the reader is up.
        """
        config = config or Config()
        return cls(
            vault=vault,
            state_path=state_path or paths.state_file(),
            config=config,
            include=(*config.include, *include),
            exclude=(*config.exclude, *exclude),
            messages=tuple(messages),
        )

    def start_scan(self) -> Session:
        """This session with its vault's scan started now (before Textual loads: see ``EarlyScan``).

        The caller cancels ``early`` once the reader has ended, however it ended.
        """
        from papertui.vault.scan.early import EarlyScan

        early = EarlyScan.start(self.vault, include=self.include, exclude=self.exclude)
        return replace(self, early=early)

    def cancel_scan(self) -> None:
        """Stop the early scan if the reader never took all of it (safe to call always)."""
        if self.early is not None:
            self.early.cancel()
