"""Where the list's cursor goes when the filter gives it new rows."""

from __future__ import annotations

from dataclasses import dataclass

from papertui.tui.filtering import Shown
from papertui.tui.widgets.paper_list import PaperList
from papertui.vault.paper import Paper


@dataclass(frozen=True, slots=True)
class Held:
    """The list's place just before new rows."""

    at_top: bool
    """Untouched on the top while a scan fills in: it stays on the newest."""
    kept: Paper | None
    """The paper a live change keeps the cursor on (None: none is kept)."""
    before: list[str]
    """The keys above the cursor, to count what came in above it."""
    following: bool = False
    """A scan fills the list in: a paper waited for may come in later rows."""


class ListPlace:
    """The cursor's place across new rows, and a paper asked for before the rows hold it.

    The screen owns one and calls :meth:`hold` before it hands the list new rows
    and :meth:`settle` after: an untouched list stays on the newest while a scan
    fills it in; after a live change the cursor stays on its paper; a paper
    asked for that the rows did not hold is moved to once they do.
    """

    def __init__(self) -> None:
        self.pending: str | None = None
        """A paper to move to once the filter widened for it shows."""

    def go_to(self, paper_list: PaperList, key: str) -> bool:
        """Move to the paper with ``key`` now (True), or once the rows hold it (False)."""
        if paper_list.select_key(key):
            return True
        self.pending = key
        return False

    def hold(self, paper_list: PaperList, shown: Shown, *, following: bool, live: bool) -> Held:
        """Note the place before new rows.

        Args:
            paper_list: The list.
            shown: The rows it shows now.
            following: A scan fills the list in (or just ended).
            live: The new rows show a change in the vault.
        """
        at_top = following and paper_list.cursor == 0
        kept = paper_list.current if live and not at_top else None
        before = shown.keys[: paper_list.cursor] if kept is not None else []
        if following and not at_top and self.pending is None and paper_list.current:
            # A rescan's early rows may lack the paper the cursor is on: go back to it
            # once the rows hold it again (see settle).
            self.pending = paper_list.current.key
        return Held(at_top, kept, before, following)

    def settle(self, paper_list: PaperList, shown: Shown, held: Held) -> int:
        """Put the cursor in place among the new rows ``shown``; how many came in above it."""
        above = 0
        if held.at_top:
            paper_list.move_to(0)  # untouched while the scan fills in: stay on the newest
        elif held.kept is not None:
            current = paper_list.current
            if current is not None and current.key == held.kept.key:
                above = shown.added_above(held.before, paper_list.cursor)
        if self.pending is not None:
            found = paper_list.select_key(self.pending)
            if found or not held.following:
                self.pending = None
        return above
