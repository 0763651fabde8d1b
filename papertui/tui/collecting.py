"""The verbs on collections: collect (``c``), reorder inside one, delete one from the tree."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from papertui.tui.choices import Choice, Kind, collections
from papertui.tui.messages import FlagsChanged
from papertui.tui.screens.confirm import ConfirmScreen
from papertui.tui.screens.name import NameScreen
from papertui.vault.paper import Paper
from papertui.vault.sanitize import clean_line

if TYPE_CHECKING:
    from papertui.tui.paper_verbs import PaperVerbs

SHOWN_NAMES = 8
"""Collections named in the collect dialog; more are completed as typed."""


class CollectionVerbs:
    """What the keys do to collections, through the paper verbs (one undo stack, one store)."""

    def __init__(self, verbs: PaperVerbs) -> None:
        self.verbs = verbs
        self.store = verbs.store
        self.app = verbs.app

    def entries(self) -> tuple[Choice, ...]:
        """The tree's entries: the Collections branch, then each collection (none: none)."""
        return collections(self.store.collection_names())

    def collect(self, paper: Paper | None) -> None:
        """Ask which collection gets the paper (or the marked papers), with completion.

        A name not known makes a collection; when every paper is in the collection
        already, offer to take them out of it instead.
        """
        keys = self.verbs.targets(paper)
        if not keys:
            return
        names = self.store.collection_names()
        if self.verbs.marks or paper is None:
            what = f"the {len(keys):,} marked paper{'' if len(keys) == 1 else 's'}"
        else:
            what = f"'{clean_line(paper.title)}'"
        known = ", ".join(names[:SHOWN_NAMES]) + (" …" if len(names) > SHOWN_NAMES else "")
        question = f"Add {what} to which collection? A new name makes one."
        if names:
            question += f"\nCollections (Tab completes): {known}"

        def answered(name: str | None) -> None:
            if name:
                self._collect(keys, name)

        self.app.push_screen(NameScreen(question, suggestions=names), answered)

    def _collect(self, keys: tuple[str, ...], typed: str) -> None:
        name = self.store.collections.find(typed) or typed
        missing = [key for key in keys if not self.store.collections.holds(name, key)]
        if missing:
            self.verbs.changed(self.verbs.triage.collect(name, missing, True))
            if not self.verbs.marks:
                self.app.notify(f"Added to {name!r}.", timeout=3, markup=False)
            return
        one = len(keys) == 1
        it = "it" if one else "them"
        question = (
            f"{'The paper is' if one else f'All {len(keys):,} papers are'} in {name!r} already.\n"
            f"Take {it} out of {name!r}? z puts {it} back."
        )

        def answer(yes: bool | None) -> None:
            if yes:
                self.verbs.changed(self.verbs.triage.collect(name, keys, False))
                if not self.verbs.marks:
                    self.app.notify(f"Taken out of {name!r}.", timeout=3, markup=False)

        self.app.push_screen(ConfirmScreen(question, yes="Take out"), answer)

    def move(self, paper: Paper | None, choice: Choice, step: int) -> bool:
        """Move ``paper`` ``step`` (±1) places in the collection ``choice`` lists; True if moved."""
        if choice.kind is not Kind.COLLECTION or not choice.name:
            self.app.notify(
                "Choose a collection in the tree first: papers move within one.", timeout=3
            )
            return False
        return paper is not None and self.store.move_in_collection(choice.name, paper.key, step)

    def delete(self, choice: Choice, deleted: Callable[[], object]) -> None:
        """Ask, then delete the collection ``choice`` (its papers stay); ``deleted`` after."""
        name = choice.name
        count = len(self.store.collection(name))
        noun = "paper" if count == 1 else "papers"
        question = (
            f"Delete the collection {name!r}?\n"
            f"Its {count:,} {noun} stay in the vault. z brings the collection back."
        )

        def answer(yes: bool | None) -> None:
            if yes:
                change = self.verbs.triage.deleted(name, self.store.delete_collection(name))
                self.verbs.post(FlagsChanged(change))
                self.app.notify(f"Deleted the collection {name!r}.", timeout=3, markup=False)
                deleted()

        self.app.push_screen(ConfirmScreen(question, yes="Delete"), answer)
