"""The tree's fixed entries: each vault as a root (when several are open) and the watch-list.

Pure: no Textual here. Each entry selects its papers by a query (see
:func:`papertui.tui.filtering.entry_query`), so its counts come as a saved
search's do.
"""

from __future__ import annotations

from papertui.session import Session
from papertui.tui.choices import Choice, Kind
from papertui.vault.scan.vault_set import vault_label
from papertui.vault.watch import WatchList

WATCH_LIST = "Watch-list"


def vault_entries(session: Session) -> tuple[Choice, ...]:
    """One entry per vault when there are several (none for one vault: the tree is as ever)."""
    labels = (vault_label(session.vault, vault) for vault in session.vaults)
    return tuple(Choice(Kind.VAULT, label, label) for label in labels)


def watch_entries(watch: WatchList) -> tuple[Choice, ...]:
    """The watch-list's entry, then one per watched author and keyword (its children)."""
    if not watch:
        return ()
    items = (Choice(Kind.WATCH, item.reason, item.value) for item in watch.items)
    return (Choice(Kind.WATCH, "", WATCH_LIST), *items)


def fixed_entries(session: Session) -> tuple[Choice, ...]:
    """Every fixed entry of the tree, in order: vaults, then the watch-list."""
    return (*vault_entries(session), *watch_entries(session.config.watch))
