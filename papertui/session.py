"""What one run of the reader reads: the vault, its state file, the settings, built once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from papertui import paths
from papertui.config import Config

if TYPE_CHECKING:
    from papertui.tui.graphics import Graphics
    from papertui.vault.scan.early import EarlyScan
    from papertui.vault.scan.scanner import Scanner
    from papertui.vault.scan.vault_set import VaultSet


@dataclass(frozen=True, slots=True)
class Session:
    """Everything the reader is started with, settled before Textual is imported.

    Build it with :meth:`open` (the command line does, once); the app, its
    screen and the vault's feed read from it and never merge settings again.
    """

    vault: Path
    """The notes folder (with several vaults, the folder they share: notes' paths are
    relative to it)."""
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
    vaults: tuple[Path, ...] = ()
    """The vaults read as one when there are several (else empty: ``vault`` alone)."""

    @classmethod
    def open(
        cls,
        vault: Path | Sequence[Path],
        *,
        state_path: Path | None = None,
        config: Config | None = None,
        include: Iterable[str] = (),
        exclude: Iterable[str] = (),
        messages: Iterable[str] = (),
    ) -> Session:
        """The session for ``vault``: the config's globs and the given ones merged, once.

        Args:
            vault: The notes folder, or several read as one (each once; see
                :class:`papertui.vault.scan.vault_set.VaultSet`).
            state_path: The state file (``--state``); None for the platform's default.
            config: The user's settings (None: the defaults).
            include: Globs from the command line, added to the config's.
            exclude: Globs from the command line, added to the config's.
            messages: Problems to show once the reader is up.
        """
        config = config or Config()
        vaults: tuple[Path, ...] = ()
        if not isinstance(vault, Path):
            from papertui.vault.scan.vault_set import common_root, distinct

            vaults = distinct(vault)
            vault = common_root(vaults) if len(vaults) > 1 else vaults[0]
            vaults = vaults if len(vaults) > 1 else ()
        return cls(
            vault=vault,
            vaults=vaults,
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
        from papertui.vault.scan.pool import prestart

        prestart()  # (before the scanner is made: it starts no thread)
        return replace(self, early=EarlyScan.begin(self.new_scanner()))

    def new_scanner(self) -> Scanner | VaultSet:
        """A scanner of the vault, or of the vaults as one."""
        if self.vaults:
            from papertui.vault.scan.vault_set import VaultSet

            return VaultSet(self.vaults, include=self.include, exclude=self.exclude)
        from papertui.vault.scan.scanner import Scanner

        return Scanner(self.vault, include=self.include, exclude=self.exclude)

    @property
    def name(self) -> str:
        """What the reader calls what it reads: ``notes``, ``notes + digests``."""
        if self.vaults:
            return " + ".join(vault.name or str(vault) for vault in self.vaults)
        return self.vault.name or str(self.vault)

    def cancel_scan(self) -> None:
        """Stop the early scan if the reader never took all of it (safe to call always)."""
        if self.early is not None:
            self.early.cancel()
