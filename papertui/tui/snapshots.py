"""A scan's papers made ready for the screen, off the UI thread: index, tag tree, new papers."""

from __future__ import annotations

import time
from dataclasses import dataclass

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


def make_snapshot(
    store: StateStore,
    vault_id: str,
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
    notes = [note.path for note in result.notes]
    fresh = store.new_notes(vault_id, notes)
    new_keys = frozenset(
        [
            paper.key
            for paper in result.papers
            if any(appearance.path in fresh for appearance in paper.appearances)
        ]
        if fresh
        else ()
    )
    store.mark_notes_seen(vault_id, notes)
    cost = time.perf_counter() - started
    return Snapshot(result, index, tags, new_keys, final, live, cost)
