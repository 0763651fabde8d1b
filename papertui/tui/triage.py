"""Read/star changes with several levels of undo (pure: no Textual here)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Flag(StrEnum):
    """A per-paper flag the user sets."""

    READ = "read"
    STARRED = "starred"


class Store(Protocol):
    """The flags a triage changes (``papertui.vault.state.store.StateStore`` is one)."""

    def is_read(self, key: str) -> bool: ...

    def is_starred(self, key: str) -> bool: ...

    def set_read_many(self, keys: Iterable[str], value: bool) -> list[str]: ...

    def set_starred(self, key: str, value: bool) -> bool: ...


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
        if self.flag is Flag.READ:
            what = "marked read" if self.value else "marked unread"
        else:
            what = "starred" if self.value else "unstarred"
        return f"{count} {noun} {what}"


class Triage:
    """Sets flags on a store, remembering each action so it can be undone."""

    def __init__(self, store: Store, *, depth: int = 100) -> None:
        self.store = store
        self._undo: deque[Batch] = deque(maxlen=depth)

    def get(self, key: str, flag: Flag) -> bool:
        return self.store.is_read(key) if flag is Flag.READ else self.store.is_starred(key)

    def _put(self, keys: Iterable[str], flag: Flag, value: bool) -> list[str]:
        """Set the flag on ``keys``; the keys it changed (one store call for many reads)."""
        if flag is Flag.READ:
            return self.store.set_read_many(keys, value)
        return [key for key in keys if self.store.set_starred(key, value)]

    def set(self, keys: Iterable[str], flag: Flag, value: bool) -> Batch | None:
        """Set ``flag`` to ``value`` on every key; ``None`` if nothing changed."""
        changed = tuple(dict.fromkeys(self._put(keys, flag, value)))
        if not changed:
            return None
        batch = Batch(flag, value, changed)
        self._undo.append(batch)
        return batch

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> Batch | None:
        """Reverse the last action; returns it (``None`` when there is nothing to undo)."""
        if not self._undo:
            return None
        batch = self._undo.pop()
        self._put(batch.keys, batch.flag, not batch.value)
        return batch
