"""The per-paper flags the user sets, declared once: everything that lists flags derives from here.

The state file's keys, the ``is:`` words of the filter, the export columns,
the list's glyphs and styles, the pane header, the tree's entries and what a
triage message says are all read off :class:`Flag` and its :class:`FlagSpec`.
Adding a flag is a member, its spec, and the behaviour that is really new.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class Flag(StrEnum):
    """A per-paper flag. The value names it in the state file, ``is:`` and the exports."""

    READ = "read"
    STARRED = "starred"
    LATER = "later"
    """Queued to read later: a reading queue, oldest first."""
    DISMISSED = "dismissed"
    """Put aside without reading: out of Unread, never deleted."""

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
    """The word for a paper without it (for a ``done`` flag: without any done flag,
    so ``unread`` is neither read nor dismissed): an ``is:`` word, the pane header's
    word, a list style; empty when there is none (``!is:starred`` says it)."""
    glyph: str = ""
    """The mark before a title in the list and in the pane header (``★``); a flag
    without one shows as a style of the whole row instead."""
    tree_word: str = ""
    """The ``is:`` word whose papers get an entry in the tag tree (``unread``), if any."""
    done: bool = False
    """The paper no longer waits to be read: it leaves Unread and its counts."""
    queue: bool = False
    """Its tree entry lists the papers in the order they got it, oldest first."""


SPECS: Mapping[Flag, FlagSpec] = {
    Flag.READ: FlagSpec(
        ("marked read", "marked unread"), unset_word="unread", tree_word="unread", done=True
    ),
    Flag.STARRED: FlagSpec(("starred", "unstarred"), glyph="★", tree_word="starred"),
    Flag.LATER: FlagSpec(
        ("queued for later", "taken off the queue"), glyph="◷", tree_word="later", queue=True
    ),
    Flag.DISMISSED: FlagSpec(("dismissed", "brought back"), done=True),
}

DONE = frozenset(flag for flag in Flag if flag.spec.done)
"""The flags that take a paper out of Unread."""


@dataclass(frozen=True, slots=True)
class IsWord:
    """What an ``is:`` word asks: whether a paper carries any of ``flags`` is ``value``."""

    flags: frozenset[Flag]
    value: bool

    def holds(self, carried: AbstractSet[Flag]) -> bool:
        """The answer for a paper that carries ``carried``."""
        return bool(self.flags & carried) == self.value

    def marked(self, flags: Flags) -> frozenset[str]:
        """The keys of the papers that carry any of ``self.flags``."""
        # No copy when one flag has papers (dismissed is rare): read alone is the union.
        found = [keys for keys in map(flags.keys_with, self.flags) if keys]
        return found[0].union(*found[1:]) if found else frozenset()


IS_WORDS: Mapping[str, IsWord] = {
    word: meaning
    for flag in Flag
    for word, meaning in (
        (flag.value, IsWord(frozenset({flag}), True)),
        (flag.spec.unset_word, IsWord(DONE if flag.spec.done else frozenset({flag}), False)),
    )
    if word
}
"""Every ``is:`` word and what it asks (``unread``: none of the done flags)."""
UNREAD = IsWord(DONE, False)
"""What Unread asks: none of the done flags."""


class Flags(Protocol):
    """Which papers carry which flag, by paper key (``StateStore`` is one)."""

    def has(self, key: str, flag: Flag) -> bool:
        """True when the paper ``key`` carries ``flag``."""
        ...

    def keys_with(self, flag: Flag) -> frozenset[str]:
        """The keys of every paper that carries ``flag`` now (a snapshot)."""
        ...

    def since(self, key: str, flag: Flag) -> str:
        """When the paper ``key`` got ``flag``: a stamp that sorts as text; "" if unknown."""
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

    def since(self, key: str, flag: Flag) -> str:
        return ""


NO_FLAGS = FixedFlags()
"""Nothing read, nothing starred: what the reader shows until the state has loaded."""


def flags_on(flags: Flags, key: str) -> frozenset[Flag]:
    """The flags the paper ``key`` carries."""
    return frozenset(flag for flag in Flag if flags.has(key, flag))


def is_unread(flags: Flags, key: str) -> bool:
    """True when the paper ``key`` carries none of the done flags."""
    return not any(flags.has(key, flag) for flag in DONE)


def done_keys(flags: Flags) -> frozenset[str]:
    """The keys of every paper that carries a done flag (read, as a rule)."""
    return UNREAD.marked(flags)
