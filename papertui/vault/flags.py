"""The per-paper flags the user sets, declared once: everything that lists flags derives from here.

The state file's keys, the ``is:`` words of the filter, the export columns,
the list's glyphs and styles, the pane header, the tree's entries and what a
triage message says are all read off :class:`Flag` and its :class:`FlagSpec`.
Adding a flag is a member, its spec, and the behaviour that is really new.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class Flag(StrEnum):
    """A per-paper flag. The value names it in the state file, ``is:`` and the exports."""

    READ = "read"
    STARRED = "starred"

    @property
    def spec(self) -> FlagSpec:
        """How the flag shows and is spoken of."""
        return SPECS[self]


@dataclass(frozen=True, slots=True)
class FlagSpec:
    """What the rest of papertui derives from a flag, beyond its name."""

    turned: tuple[str, str]
    """What setting and clearing it are called: ``("marked read", "marked unread")``."""
    unset_word: str = ""
    """The word for a paper without it (``unread``): an ``is:`` word, the pane header's
    word, a list style; empty when there is none (``!is:starred`` says it)."""
    glyph: str = ""
    """The mark before a title in the list and in the pane header (``★``); a flag
    without one shows as a style of the whole row instead."""
    tree_word: str = ""
    """The ``is:`` word whose papers get an entry in the tag tree (``unread``), if any."""


SPECS: Mapping[Flag, FlagSpec] = {
    Flag.READ: FlagSpec(("marked read", "marked unread"), unset_word="unread", tree_word="unread"),
    Flag.STARRED: FlagSpec(("starred", "unstarred"), glyph="★", tree_word="starred"),
}

IS_WORDS: Mapping[str, tuple[Flag, bool]] = {
    word: (flag, value)
    for flag in Flag
    for word, value in ((flag.value, True), (flag.spec.unset_word, False))
    if word
}
"""Every ``is:`` word: the flag it asks about and the value it wants (``unread``: read, False)."""


class Flags(Protocol):
    """Which papers carry which flag, by paper key (``StateStore`` is one)."""

    def has(self, key: str, flag: Flag) -> bool:
        """True when the paper ``key`` carries ``flag``."""
        ...

    def keys_with(self, flag: Flag) -> frozenset[str]:
        """The keys of every paper that carries ``flag`` now (a snapshot)."""
        ...


@dataclass(frozen=True, slots=True)
class FixedFlags:
    """Flags that never change: the state before it has loaded, or a test's."""

    keys: Mapping[Flag, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, **keys: Iterable[str]) -> FixedFlags:
        """``FixedFlags.of(read=["arxiv:1"], starred=[...])``: by flag name."""
        return cls({Flag(name): frozenset(found) for name, found in keys.items()})

    def has(self, key: str, flag: Flag) -> bool:
        return key in self.keys.get(flag, ())

    def keys_with(self, flag: Flag) -> frozenset[str]:
        return self.keys.get(flag, frozenset())


NO_FLAGS = FixedFlags()
"""Nothing read, nothing starred: what the reader shows until the state has loaded."""


def flags_on(flags: Flags, key: str) -> frozenset[Flag]:
    """The flags the paper ``key`` carries."""
    return frozenset(flag for flag in Flag if flags.has(key, flag))
