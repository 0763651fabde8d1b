"""Flag and collection changes, and edits of your notes and tags, with several levels of
undo (pure: no Textual here)."""

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


@dataclass(frozen=True, slots=True)
class Collected:
    """One user action on a collection: papers added to it (or taken out)."""

    name: str
    added: bool
    keys: tuple[str, ...]

    def describe(self) -> str:
        """``3 papers added to 'To read'``, ``1 paper taken out of 'To read'``."""
        count = len(self.keys)
        noun = "paper" if count == 1 else "papers"
        where = "added to" if self.added else "taken out of"
        return f"{count} {noun} {where} {self.name!r}"


Change = Batch | Collected | OwnChange
"""What one undo takes back: a flag set on papers, papers collected, or an edit of your
note or tags."""


class Shelves(Protocol):
    """The collections a triage changes (``StateStore`` holds them)."""

    def collect(self, name: str, keys: Iterable[str]) -> list[str]:
        """Add ``keys`` to collection ``name``; the keys added."""
        ...

    def uncollect(self, name: str, keys: Iterable[str]) -> list[str]:
        """Take ``keys`` out of collection ``name``; the keys taken out."""
        ...


class Triage:
    """Sets flags on a store, remembering each action so it can be undone."""

    def __init__(self, store: Store, *, depth: int = 100, shelves: Shelves | None = None) -> None:
        self.store = store
        self.shelves = shelves
        """Where collections are changed (None: ``collect`` is refused)."""
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

    def collect(self, name: str, keys: Iterable[str], add: bool) -> Collected | None:
        """Add ``keys`` to collection ``name`` (or take them out); None if nothing changed."""
        if self.shelves is None:
            raise ValueError("no collections to change")
        change = self.shelves.collect if add else self.shelves.uncollect
        changed = tuple(change(name, keys))
        if not changed:
            return None
        batch = Collected(name, add, changed)
        self._undo.append(batch)
        return batch

    def deleted(self, name: str, keys: Iterable[str]) -> Collected:
        """Remember that collection ``name`` was deleted with ``keys`` in it (undo: it is back
        with them, in their order)."""
        batch = Collected(name, False, tuple(keys))
        if batch.keys:
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
        if isinstance(change, Collected):
            if self.shelves is not None:
                back = self.shelves.uncollect if change.added else self.shelves.collect
                back(change.name, change.keys)
        elif isinstance(change, Batch):
            self.store.mark(change.keys, change.flag, not change.value)
        else:
            change.revert(self.store)
        return change
