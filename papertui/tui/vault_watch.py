"""Live reload: every vault's changes as watchfiles reports them, taken in by the scanner."""

from __future__ import annotations

import threading
from collections.abc import Callable, Set

import watchfiles

from papertui.vault.scan import ScanResult
from papertui.vault.scan.scanner import Scanner
from papertui.vault.scan.vault_set import VaultSet

WATCH_DEBOUNCE_MS = 400
"""The longest watchfiles groups changes before handing them over."""
WATCH_STEP_MS = 50
"""Quiet after a change before watchfiles hands it over."""
IDLE_MS = 2000
"""Quiet (no change in the vault) after which the index cache is saved."""


def follow_vault(
    scanner: Scanner | VaultSet,
    lock: threading.Lock,
    stop: threading.Event,
    changed: Callable[[ScanResult], None],
) -> None:
    """Take in the vault's changes until ``stop`` is set; save the cache when idle.

    Args:
        scanner: The vault's scanner, or the vaults' (used only while holding ``lock``).
        lock: Held by whoever uses the scanner (the whole scan, or this).
        stop: Set when the reader goes.
        changed: Called with the vault's papers after each change.
    """
    walk_again = False
    while not stop.is_set():
        try:
            _follow(scanner, lock, stop, changed, walk_again=walk_again)
        except RuntimeError:
            # watchfiles gives up on a name it cannot decode (not UTF-8): what changed is
            # unknown, so the new watch walks the vault again at its first report.
            walk_again = True
            stop.wait(WATCH_STEP_MS / 1000)


def _follow(
    scanner: Scanner | VaultSet,
    lock: threading.Lock,
    stop: threading.Event,
    changed: Callable[[ScanResult], None],
    *,
    walk_again: bool,
) -> None:
    """One watch of the vault; ``walk_again``: its first report (a change, or quiet)
    walks the whole vault, since changes before it are unknown."""
    changes: Set[tuple[watchfiles.Change, str]]
    for changes in watchfiles.watch(
        *scanner.roots,
        stop_event=stop,
        debounce=WATCH_DEBOUNCE_MS,
        step=WATCH_STEP_MS,
        rust_timeout=IDLE_MS,
        yield_on_timeout=True,
        raise_interrupt=False,
    ):
        if stop.is_set():
            return
        with lock:
            if not changes and not walk_again:
                scanner.save_cache()
                continue
            if scanner.result is None:
                continue  # a whole scan was cut short: R reads again
            if walk_again:
                walk_again = False
                result = scanner.refresh()
            else:
                result = scanner.apply_watch(changes)
        changed(result)
