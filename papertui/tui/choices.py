"""The tag tree's entries: what each selects (Kind), one entry (Choice), the standard
ones, the session's fixed ones (each vault, the watch-list), and how an entry is
remembered between sessions (pure: no Textual).

What an entry shows is :mod:`papertui.tui.filtering`'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from papertui.vault.flags import IS_WORDS, Flag, Flags, IsWord
from papertui.vault.sanitize import clean_line
from papertui.vault.state.annotations import own_layer_of

if TYPE_CHECKING:
    from papertui.session import Session
    from papertui.vault.watch import WatchList


class Kind(StrEnum):
    """What a node of the tag tree selects."""

    ALL = "All"
    FLAG = "flag"
    """The papers an ``is:`` word selects (Unread, Starred): one entry per flag that asks."""
    NEW = "New"
    TAG = "tag"
    SEARCH = "search"
    """A saved search: the papers its query matches."""
    VAULT = "vault"
    """One vault's papers, when several are open (its name in ``tag``)."""
    WATCH = "watch"
    """The watch-list's papers (``tag`` empty), or one watched author's or keyword's
    (``tag``: ``author Hinton``)."""
    COLLECTION = "collection"
    """A collection: its papers in the user's order (the branch: every collected paper)."""
    YOURS = "yours"
    """One of your tags (``tag`` empty: the papers with any of them)."""
    FOR_YOU = "For you"
    """The unread papers most like the liked ones, best first (see ``vault/similar``)."""


@dataclass(frozen=True, slots=True)
class Choice:
    """A node of the tag tree: a special set, or a tag (with everything nested below it)."""

    kind: Kind = Kind.ALL
    tag: str = ""
    """The tag's path (``a/b``), for ``Kind.TAG``; the query, for ``Kind.SEARCH``."""
    name: str = ""
    """The tag as shown (its last level); the search's name."""
    word: str = ""
    """The ``is:`` word, for ``Kind.FLAG`` (``unread``)."""

    @property
    def label(self) -> str:
        if self.kind is Kind.TAG:
            return clean_line(self.name or self.tag)
        if self.kind in (Kind.SEARCH, Kind.VAULT, Kind.WATCH):
            return clean_line(self.name)
        if self.kind is Kind.COLLECTION:
            return clean_line(self.name) if self.name else "Collections"
        if self.kind is Kind.YOURS:
            return clean_line(self.tag) if self.tag else YOUR_TAGS
        return self.word.capitalize() if self.kind is Kind.FLAG else str(self.kind)

    @property
    def selects(self) -> IsWord | None:
        """For ``Kind.FLAG``: what its ``is:`` word asks."""
        return IS_WORDS[self.word] if self.kind is Kind.FLAG else None

    @property
    def count_key(self) -> str:
        """How the counts name this node (tags group without regard to case)."""
        if self.kind is Kind.SEARCH:
            return f"search:{self.name}"
        if self.kind in (Kind.VAULT, Kind.WATCH):
            return f"{self.kind}:{self.tag}"
        if self.kind is Kind.COLLECTION:
            return f"collection:{self.name.casefold()}"
        if self.kind is Kind.YOURS:
            return f"yours:{self.tag.casefold()}"
        return self.tag.casefold() if self.kind is Kind.TAG else self.label


ALL = Choice()
YOUR_TAGS = "Your tags"
FLAG_CHOICES = tuple(
    Choice(Kind.FLAG, word=flag.spec.tree_word) for flag in Flag if flag.spec.tree_word
)
"""The tree's entry for each flag that has one, in declaration order."""
FOR_YOU = Choice(Kind.FOR_YOU)
SPECIALS = (ALL, *FLAG_CHOICES, Choice(Kind.NEW), FOR_YOU)
COLLECTIONS = Choice(Kind.COLLECTION)
"""The tree's branch over the collections: every paper in any of them."""
WATCH_LIST = "Watch-list"


def collections(names: Sequence[str]) -> tuple[Choice, ...]:
    """The tree's entries for the collections: the branch, then one per name (none: none)."""
    if not names:
        return ()
    return (COLLECTIONS, *(Choice(Kind.COLLECTION, name=name) for name in names))


def searches(saved: Mapping[str, str]) -> tuple[Choice, ...]:
    """The tree's entries for saved searches (name -> query), in order."""
    return tuple(Choice(Kind.SEARCH, query, name) for name, query in saved.items())


def node_of(choice: Choice) -> tuple[str, str]:
    """A tree node as remembered between sessions: (kind, tag path, ``is:`` word or name)."""
    if choice.kind is Kind.FLAG:
        return str(choice.kind), choice.word
    if choice.kind in (Kind.SEARCH, Kind.COLLECTION):
        return str(choice.kind), choice.name
    return str(choice.kind), choice.tag


def _fixed(kind: str, value: str, saved: Sequence[Choice]) -> Choice:
    return next((c for c in saved if c.kind == kind and c.tag == value), ALL)


def choice_of(node: tuple[str, str], saved: Sequence[Choice]) -> Choice:
    """The tree node remembered as ``node`` (All when it no longer exists)."""
    kind, value = node
    if kind == Kind.TAG and value:
        return Choice(Kind.TAG, value, value.rsplit("/", 1)[-1])
    if kind == Kind.FLAG:
        return next((c for c in FLAG_CHOICES if c.word == value), ALL)
    if kind == Kind.SEARCH:
        return next((c for c in saved if c.kind is Kind.SEARCH and c.name == value), ALL)
    if kind in (Kind.VAULT, Kind.WATCH):
        return _fixed(kind, value, saved)
    if kind == Kind.COLLECTION:
        return Choice(Kind.COLLECTION, name=value)
    if kind == Kind.YOURS:
        return Choice(Kind.YOURS, value)
    if kind == Kind.FOR_YOU:
        return FOR_YOU
    return Choice(Kind.NEW) if kind == Kind.NEW else ALL


def your_tag_choices(flags: Flags) -> tuple[Choice, ...]:
    """The tree's entries for your tags (none while you have none)."""
    layer = own_layer_of(flags)
    every = sorted(layer.every_tag(), key=lambda tag: (tag.casefold(), tag)) if layer else []
    tags = list({tag.casefold(): tag for tag in reversed(every)}.values())[::-1]
    return (Choice(Kind.YOURS), *(Choice(Kind.YOURS, tag) for tag in tags)) if tags else ()


def vault_entries(session: Session) -> tuple[Choice, ...]:
    """One entry per vault when there are several (none for one vault: the tree is as ever)."""
    from papertui.vault.scan.vault_set import vault_label

    labels = (vault_label(session.vault, vault) for vault in session.vaults)
    return tuple(Choice(Kind.VAULT, label, label) for label in labels)


def watch_entries(watch: WatchList) -> tuple[Choice, ...]:
    """The watch-list's entry, then one per watched author and keyword (its children)."""
    if not watch:
        return ()
    items = (Choice(Kind.WATCH, item.reason, item.value) for item in watch.items)
    return (Choice(Kind.WATCH, "", WATCH_LIST), *items)


def fixed_entries(session: Session) -> tuple[Choice, ...]:
    """The tree's fixed entries, in order: each vault (when several are open), then the
    watch-list. Each selects its papers by a query (see
    :func:`papertui.tui.filtering.entry_query`), so its counts come as a saved search's do."""
    return (*vault_entries(session), *watch_entries(session.config.watch))
