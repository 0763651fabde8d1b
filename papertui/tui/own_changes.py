"""Changes to your annotation and tags of a paper, as the undo history keeps them (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


class OwnStore(Protocol):
    """Where your annotations and tags live (``StateStore`` is one)."""

    def annotation(self, key: str) -> str: ...

    def annotate(self, key: str, text: str) -> bool: ...

    def tag(self, key: str, tags: Iterable[str], value: bool = True) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class NoteEdit:
    """Your note on one paper went from ``before`` to ``after``."""

    key: str
    before: str
    after: str

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.key,)

    def describe(self) -> str:
        """``note added to 1 paper``, ``note edited``, ``note deleted``."""
        if not self.before:
            return "1 paper annotated"
        return "1 paper's note deleted" if not self.after else "1 paper's note edited"

    def revert(self, store: OwnStore) -> None:
        store.annotate(self.key, self.before)


@dataclass(frozen=True, slots=True)
class TagEdit:
    """Your tags on one paper: ``added`` given, ``removed`` taken away."""

    key: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.key,)

    def describe(self) -> str:
        """``1 paper tagged +nerf -old``."""
        words = [f"+{tag}" for tag in self.added] + [f"-{tag}" for tag in self.removed]
        return f"1 paper tagged {' '.join(words)}"

    def revert(self, store: OwnStore) -> None:
        store.tag(self.key, self.added, False)
        store.tag(self.key, self.removed, True)


@dataclass(frozen=True, slots=True)
class TagsEdit:
    """Your tags on several papers (the marked ones), changed in one go: one undo."""

    edits: tuple[TagEdit, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(edit.key for edit in self.edits)

    def describe(self) -> str:
        """``12 papers tagged +nerf -old``."""
        added = dict.fromkeys(tag for edit in self.edits for tag in edit.added)
        removed = dict.fromkeys(tag for edit in self.edits for tag in edit.removed)
        words = [f"+{tag}" for tag in added] + [f"-{tag}" for tag in removed]
        count = len(self.edits)
        return f"{count} {'paper' if count == 1 else 'papers'} tagged {' '.join(words)}"

    def revert(self, store: OwnStore) -> None:
        for edit in self.edits:
            edit.revert(store)


OwnChange = NoteEdit | TagEdit | TagsEdit
