"""The papers marked with ``v`` and ``V``: the set the verbs act on when there is one (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


class Marks:
    """Marked paper keys, in the order they were marked.

    The paper list paints them and changes them (``v``, ``V``); the verbs read
    them (:meth:`papertui.tui.paper_verbs.PaperVerbs.targets`). Marks outlive a
    change of filter, like ranger's and lazygit's: the count says how many.
    """

    def __init__(self) -> None:
        self._keys: dict[str, None] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    @property
    def keys(self) -> tuple[str, ...]:
        """The marked keys, first marked first."""
        return tuple(self._keys)

    def toggle(self, key: str) -> bool:
        """Mark ``key``, or unmark it; True when it is marked now."""
        if key in self._keys:
            del self._keys[key]
            return False
        self._keys[key] = None
        return True

    def mark_all(self, keys: Iterable[str]) -> bool:
        """Mark every one of ``keys``; when all were marked already, unmark them instead.

        Returns:
            True when they are marked now.
        """
        wanted = list(keys)
        if wanted and all(key in self._keys for key in wanted):
            for key in wanted:
                del self._keys[key]
            return False
        self._keys.update(dict.fromkeys(wanted))
        return True

    def clear(self) -> int:
        """Unmark everything; how many were marked."""
        count = len(self._keys)
        self._keys.clear()
        return count


def describe(title: str, count: int) -> str:
    """``title · 12 marked``; ``title`` alone when nothing is marked."""
    return f"{title} · {count:,} marked" if count else title
