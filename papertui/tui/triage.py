"""Flag changes, and changes to your notes and tags, with several levels of undo (pure)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from papertui.tui.own_changes import OwnChange, OwnStore
from papertui.vault.flags import Flag, Flags


class Store(Flags, OwnStore, Protocol):
    """The flags, notes and tags a triage changes (``StateStore`` is one)."""

    def mark(self, keys: Iterable[str], flag: Flag, value: bool) -> list[str]:
        """Set (or clear) ``flag`` on ``keys``; the keys that changed."""
        ...


@dataclass(frozen=True, slots=True)
class Batch:
    """One user action: the flag, the value set, and the keys it changed."""

    flag: Flag
    value: bool
    keys: tuple[str, ...]

    def describe(self) -> str:
        """``3 papers marked read``, ``1 paper starred``."""
        count = len(self.keys)
        noun = "paper" if count == 1 else "papers"
        set_word, cleared_word = self.flag.spec.turned
        return f"{count} {noun} {set_word if self.value else cleared_word}"


Change = Batch | OwnChange
"""What ``z`` undoes: a flag set on papers, or an edit of your note or tags."""


class Triage:
    """Sets flags on a store, remembering each action so it can be undone."""

    def __init__(self, store: Store, *, depth: int = 100) -> None:
        self.store = store
        self._undo: deque[Change] = deque(maxlen=depth)

    def get(self, key: str, flag: Flag) -> bool:
        return self.store.has(key, flag)

    def set(self, keys: Iterable[str], flag: Flag, value: bool) -> Batch | None:
        """Set ``flag`` to ``value`` on every key; ``None`` if nothing changed."""
        changed = tuple(dict.fromkeys(self.store.mark(keys, flag, value)))
        if not changed:
            return None
        batch = Batch(flag, value, changed)
        self._undo.append(batch)
        return batch

    def record(self, change: OwnChange) -> None:
        """Remember an edit of your note or tags (already made) so ``undo`` can take it back."""
        self._undo.append(change)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def history(self) -> tuple[Change, ...]:
        """The changes ``undo`` would take back, the next one first."""
        return tuple(reversed(self._undo))

    def undo(self) -> Change | None:
        """Reverse the last action; returns it (``None`` when there is nothing to undo)."""
        if not self._undo:
            return None
        change = self._undo.pop()
        if isinstance(change, Batch):
            self.store.mark(change.keys, change.flag, not change.value)
        else:
            change.revert(self.store)
        return change
