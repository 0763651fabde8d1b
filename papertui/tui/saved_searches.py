"""Saved searches and the tree as it was left, kept across sessions (SavedSearches, pure),
and the verbs on them (SearchVerbs): ``b`` saves the filter, the tree forgets a search.

The config's ``[searches]`` come first; searches saved in the reader (``b``) are
kept with the reader's remembered state (see :mod:`papertui.tui.remembered`),
as are the open tags and the node last chosen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from textual.message import Message
from textual.widget import Widget

from papertui.session import Session
from papertui.tui.choices import Choice, Kind, choice_of, fixed_entries, node_of, searches
from papertui.tui.collecting import CollectionVerbs
from papertui.tui.remembered import load, path_beside, save
from papertui.tui.screens.name import ask_search_name


class SavedSearches:
    """The tree's saved searches, and the tree's open tags and last node, remembered."""

    def __init__(
        self, state_path: Path, configured: Mapping[str, str], fixed: tuple[Choice, ...] = ()
    ) -> None:
        self.configured = configured
        self.fixed = fixed
        """Entries that come before the searches and are never forgotten (vaults, watch-list)."""
        self.path = path_beside(state_path)
        self.state, self.problem = load(self.path)
        """What was remembered; why it could not be read (None: it could, or there was none)."""

    @classmethod
    def of(cls, session: Session) -> SavedSearches:
        """The session's saved searches, after its vaults' and watch-list's entries."""
        return cls(session.state_path, session.config.searches, fixed_entries(session))

    @property
    def choices(self) -> tuple[Choice, ...]:
        """The tree's entries: the fixed ones, the config's searches, then the reader's
        (these win a name)."""
        return (*self.fixed, *searches({**self.configured, **self.state.searches}))

    @property
    def expanded(self) -> frozenset[str]:
        return self.state.expanded

    def last_node(self) -> Choice:
        """The node chosen when the reader was last left (All if it is gone)."""
        return choice_of(self.state.node, self.choices)

    def save(self, name: str, query: str) -> str:
        """Save ``query`` as ``name``; what to tell the user."""
        self.state = self.state.with_search(name, query)
        problem = save(self.path, self.state)
        return problem or f"Saved the search {name!r}: it is in the tree."

    def forget(self, choice: Choice) -> str:
        """Forget a saved search; what to tell the user."""
        if choice.kind is not Kind.SEARCH:
            return "Only saved searches can be forgotten."
        if choice.name not in self.state.searches:
            return f"{choice.name!r} is set in the config file: remove it there."
        self.state = self.state.without_search(choice.name)
        problem = save(self.path, self.state)
        return problem or f"Forgot the search {choice.name!r}."

    def keep_tree(self, expanded: frozenset[str], chosen: Choice) -> str | None:
        """Remember the open tags and the chosen node; a problem to tell, or None."""
        node = node_of(chosen)
        if (expanded, node) == (self.state.expanded, self.state.node):
            return None
        self.state = replace(self.state, expanded=expanded, node=node)
        return save(self.path, self.state)


class SearchVerbs:
    """Saved searches for the screen that owns it, which hears of changes as messages.

    The screen calls :meth:`save` and :meth:`forget` and handles
    :class:`SearchVerbs.Changed` and :class:`SearchVerbs.Forgotten`; what is
    remembered is :attr:`saved`'s.
    """

    @dataclass
    class Changed(Message):
        """A search was saved or forgotten."""

        searches: tuple[Choice, ...]
        """The tree's entries for the saved searches now."""

    @dataclass
    class Forgotten(Message):
        """A search (or a collection) is gone: a filter on it shows everything again."""

        choice: Choice

    def __init__(self, node: Widget, session: Session) -> None:
        self._node = node
        self.saved = SavedSearches.of(session)
        """Saved searches, and the tree as the last session left it."""

    def save(self, query: str, *, parsed: bool) -> None:
        """Ask for a name, then save ``query`` (the filter as typed) under it.

        Args:
            query: The filter's text.
            parsed: The query can be parsed (a broken one is not saved).
        """
        query = query.strip()
        if not query or not parsed:
            self._node.notify("Filter first (/), then b saves the filter as a search.", timeout=3)
            return
        ask_search_name(self._node.app, query, partial(self._save, query))

    def _save(self, query: str, name: str) -> None:
        self._node.notify(self.saved.save(name, query), timeout=3, markup=False)
        self._node.post_message(self.Changed(self.saved.choices))

    def forget(self, choice: Choice, collections: CollectionVerbs | None) -> None:
        """Forget a saved search, or ask, then delete a collection (once the state is loaded)."""
        forgotten = self.Forgotten(choice)
        if choice.kind is Kind.COLLECTION and collections is not None:
            collections.delete(choice, partial(self._node.post_message, forgotten))
            return
        self._node.notify(self.saved.forget(choice), timeout=3, markup=False)
        self._node.post_message(self.Changed(self.saved.choices))
        self._node.post_message(forgotten)
