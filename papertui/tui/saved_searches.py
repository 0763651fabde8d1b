"""Saved searches and the tree as it was left: what the main screen keeps across sessions.

The config's ``[searches]`` come first; searches saved in the reader (``b``) are
kept with the reader's remembered state (see :mod:`papertui.tui.remembered`),
as are the open tags and the node last chosen. Pure: no Textual here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from papertui.session import Session
from papertui.tui.choices import Choice, Kind, choice_of, fixed_entries, node_of, searches
from papertui.tui.remembered import load, path_beside, save


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
