"""A scan's papers made ready for the screen, off the UI thread: index, tag tree, new papers."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from papertui.tui.filtering import tag_tree
from papertui.vault.query import PaperIndex
from papertui.vault.scan import ScanResult
from papertui.vault.state.store import StateStore
from papertui.vault.tags import TagNode


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The vault's papers made ready for the screen off the UI thread."""

    result: ScanResult
    index: PaperIndex
    tags: TagNode
    new_keys: frozenset[str]
    """Keys of the papers from notes new since the last session."""
    final: bool
    """The end of a whole scan."""
    live: bool
    """A change in the vault while the reader is open."""
    cost: float
    """Seconds it took to make ready."""


VaultNotes = Callable[[Iterable[str]], list[tuple[Path, dict[str, str]]]]
"""Note paths by vault: each vault, and its notes relative to it -> as the scan names them."""


def vault_id(vault: Path) -> str:
    """How the state file names a vault (for the notes seen)."""
    return str(vault.resolve())


def make_snapshot(
    store: StateStore,
    vault_notes: VaultNotes,
    result: ScanResult,
    previous: PaperIndex,
    *,
    final: bool,
    live: bool,
) -> Snapshot:
    """``result`` made ready, and its notes marked seen in ``store``.

    What ``previous`` (the last snapshot's index) worked out is carried over:
    only new papers cost.
    """
    started = time.perf_counter()
    index = PaperIndex(result.papers, previous)
    tags = tag_tree(index, store)
    by_vault = vault_notes([note.path for note in result.notes])
    fresh: set[str] = set()
    for vault, notes in by_vault:
        # The state names each vault by its real path, its notes relative to it.
        fresh.update(map(notes.__getitem__, store.new_notes(vault_id(vault), notes)))
    new_keys = frozenset(
        [
            paper.key
            for paper in result.papers
            if any(appearance.path in fresh for appearance in paper.appearances)
        ]
        if fresh
        else ()
    )
    for vault, notes in by_vault:
        store.mark_notes_seen(vault_id(vault), notes)
    cost = time.perf_counter() - started
    return Snapshot(result, index, tags, new_keys, final, live, cost)
