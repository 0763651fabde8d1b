"""Your own layer over the notes: an annotation and your tags per paper, merged like the flags.

In the state file (schema 3) beside ``papers``::

    "annotations": {"<key>": {"text": "...", "at": "<stamp>", "base": "<stamp>",
                              "recovered": [{"text": "...", "at": "<stamp>"}]}},
    "user_tags": {"<key>": {"<tag>": [true, "<stamp>"]}}

An annotation is replaced whole: the newest edit wins. ``base`` is the stamp of
the version the edit started from, so a merge tells a later edit of the same
text (nothing lost) from an edit made meanwhile by another papertui: that one
loses, but is kept in ``recovered``. An empty text is a deletion that merges
too. Your tags merge per tag, the newest add or remove winning, as flags do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple, Protocol, runtime_checkable

from papertui.vault.state.schema import Mark, canonical_stamp, newest

RECOVERED_KEPT = 5
"""Older versions kept per paper (the newest)."""


class Recovered(NamedTuple):
    """An annotation another papertui replaced while this one edited it."""

    text: str
    at: str
    """When it was written (a canonical stamp)."""


class Annotation(NamedTuple):
    """Your note on a paper; an empty text is a deletion."""

    text: str
    at: str
    """When it was written (a canonical stamp)."""
    base: str = ""
    """The stamp of the version this edit replaced ("" for none)."""
    recovered: tuple[Recovered, ...] = ()
    """Versions from other papertuis that a newer edit replaced, newest first."""


@runtime_checkable
class OwnNotes(Protocol):
    """Your annotation and tags per paper key (``StateStore`` holds them; exports read them)."""

    def annotation(self, key: str) -> str:
        """Your note on the paper ("" when there is none)."""
        ...

    def user_tags(self, key: str) -> tuple[str, ...]:
        """The tags you gave the paper."""
        ...


class NoOwnNotes:
    """No annotations, no tags of yours (flags alone, in a test or before the state loads)."""

    def annotation(self, key: str) -> str:
        return ""

    def user_tags(self, key: str) -> tuple[str, ...]:
        return ()


NO_OWN_NOTES = NoOwnNotes()


def own_notes_of(flags: object) -> OwnNotes:
    """The annotations and tags ``flags`` holds too (a state store does), else none."""
    return flags if isinstance(flags, OwnNotes) else NO_OWN_NOTES


@runtime_checkable
class OwnSource(Protocol):
    """What holds your layer (``StateStore``): searches and counts read its snapshot."""

    def own_layer(self) -> OwnLayer:
        """Every annotation and tag of yours now: the same object until one changes."""
        ...


def own_layer_of(flags: object) -> OwnLayer | None:
    """The snapshot of your layer that ``flags`` holds too (a state store does), else None."""
    return flags.own_layer() if isinstance(flags, OwnSource) else None


def tag_words(text: str) -> list[str]:
    """The tags typed in ``text`` (spaces or commas between them, ``#`` dropped), in order."""
    words = (word.strip().lstrip("#").strip("/") for word in re.split(r"[\s,]+", text))
    return list(dict.fromkeys(word for word in words if word))


class OwnLayer:
    """Every paper's annotation and your tags (inner values are replaced, never edited)."""

    def __init__(self) -> None:
        self.annotations: dict[str, Annotation] = {}
        self.tags: dict[str, dict[str, Mark]] = {}
        """Paper key -> tag -> (carried, when set)."""

    def copy(self) -> OwnLayer:
        layer = OwnLayer()
        layer.annotations = self.annotations.copy()
        layer.tags = self.tags.copy()
        return layer

    def __bool__(self) -> bool:
        return bool(self.annotations or self.tags)

    # -- reading -------------------------------------------------------------------

    def text(self, key: str) -> str:
        """The paper's annotation ("" when it has none)."""
        found = self.annotations.get(key)
        return found.text if found is not None else ""

    def user_tags(self, key: str) -> tuple[str, ...]:
        """The tags you gave the paper, sorted without regard to case."""
        marks = self.tags.get(key, {})
        return tuple(sorted((tag for tag, (on, _) in marks.items() if on), key=str.casefold))

    def every_tag(self) -> frozenset[str]:
        """Every tag you gave any paper."""
        return frozenset(tag for key in self.tags for tag in self.user_tags(key))

    def touched(self) -> set[str]:
        """The papers with anything of yours, or a deletion of it."""
        return set(self.annotations) | set(self.tags)

    def tagged(self, tag: str) -> set[str]:
        """The papers you gave ``tag`` or a tag nested under it (any case); "": any tag."""
        wanted = tag.casefold()
        return {
            key
            for key in self.tags
            if any(t.casefold() == wanted or t.casefold().startswith(wanted + "/") or not wanted
                   for t in self.user_tags(key))
        }  # fmt: skip

    def entry(self, key: str) -> tuple[Annotation | None, dict[str, Mark] | None]:
        return self.annotations.get(key), self.tags.get(key)

    # -- changing ------------------------------------------------------------------

    def annotate(self, key: str, text: str, stamp: str, *, unsaved: bool) -> bool:
        """Set the paper's annotation (""; delete it); False when it already says that.

        Args:
            key: The paper.
            text: The new text.
            stamp: Now, later than the old version's stamp.
            unsaved: The old version was written here and not saved yet: this
                edit keeps its base (the last version another papertui may hold).
        """
        old = self.annotations.get(key)
        if (old.text if old else "") == text:
            return False
        base = (old.base if unsaved else old.at) if old is not None else ""
        recovered = old.recovered if old is not None else ()
        self.annotations[key] = Annotation(text, stamp, base, recovered)
        return True

    def set_tag(self, key: str, tag: str, value: bool, stamp: str) -> bool:
        """Give the paper ``tag`` (or take it away); False when nothing changed.

        A tag that differs from one the paper has only in case is that tag.
        """
        marks = self.tags.get(key, {})
        same = next((t for t in marks if t.casefold() == tag.casefold()), tag)
        old = marks.get(same)
        if (old[0] if old else False) == value:
            return False
        stamp = max(stamp, old[1]) if old else stamp
        self.tags[key] = {**marks, same: (value, stamp)}
        return True

    # -- merging -------------------------------------------------------------------

    def lay_over(self, top: OwnLayer, keys: Iterable[str]) -> None:
        """Merge ``top``'s entries for ``keys`` into this layer (the newest wins)."""
        for key in keys:
            ours, theirs = top.annotations.get(key), self.annotations.get(key)
            merged = merge_annotations(ours, theirs)
            if merged is not None:
                self.annotations[key] = merged
            mine, other = top.tags.get(key), self.tags.get(key)
            if mine is not None and other is not None:
                every = dict.fromkeys([*other, *mine])
                self.tags[key] = {
                    tag: mark
                    for tag in every
                    if (mark := newest(mine.get(tag), other.get(tag))) is not None
                }
            elif mine is not None:
                self.tags[key] = mine


def merge_annotations(a: Annotation | None, b: Annotation | None) -> Annotation | None:
    """Two versions of one paper's annotation as one: the newest, keeping the other if lost.

    The older is lost (and kept in ``recovered``) when it says something else
    and the newer did not start from it: two papertuis edited at once.
    """
    if a is None or b is None:
        return a or b
    new, old = (a, b) if (a.at, a.text) >= (b.at, b.text) else (b, a)
    kept = [*new.recovered, *old.recovered]
    if old.text and old.text != new.text and new.base != old.at and old.at != new.at:
        kept.append(Recovered(old.text, old.at))
    unique = {(item.at, item.text): item for item in kept if item.text != new.text}
    recovered = sorted(unique.values(), key=lambda item: item.at, reverse=True)
    return new._replace(recovered=tuple(recovered[:RECOVERED_KEPT]))


# -- the file ---------------------------------------------------------------------------


def parse_layer(raw: Mapping[str, object]) -> tuple[OwnLayer, int]:
    """The layer in a state file's top-level object (none in schema 1 and 2); bad entries."""
    layer = OwnLayer()
    bad = 0
    annotations = raw.get("annotations", {})
    tags = raw.get("user_tags", {})
    if not isinstance(annotations, dict) or not isinstance(tags, dict):
        return layer, 1
    for key, entry in annotations.items():
        annotation = _annotation(entry)
        if annotation is None:
            bad += 1
        else:
            layer.annotations[key] = annotation
    for key, entry in tags.items():
        marks = _tag_marks(entry)
        if marks is None:
            bad += 1
        elif marks:
            layer.tags[key] = marks
    return layer, bad


def _annotation(entry: object) -> Annotation | None:
    if not isinstance(entry, dict):
        return None
    text, at = entry.get("text"), canonical_stamp(entry.get("at"))
    base = entry.get("base", "")
    recovered = entry.get("recovered", [])
    if not isinstance(text, str) or at is None or not isinstance(recovered, list):
        return None
    kept: list[Recovered] = []
    for item in recovered:
        old = item.get("text") if isinstance(item, dict) else None
        when = canonical_stamp(item.get("at")) if isinstance(item, dict) else None
        if not isinstance(old, str) or when is None:
            return None
        kept.append(Recovered(old, when))
    return Annotation(text, at, canonical_stamp(base) or "", tuple(kept))


def _tag_marks(entry: object) -> dict[str, Mark] | None:
    if not isinstance(entry, dict):
        return None
    marks: dict[str, Mark] = {}
    for tag, mark in entry.items():
        if type(mark) is not list or len(mark) != 2 or type(mark[0]) is not bool:
            return None
        stamp = canonical_stamp(mark[1])
        if stamp is None or not tag_words(tag):
            return None
        marks[tag] = (mark[0], stamp)
    return marks


def layer_fields(layer: OwnLayer) -> dict[str, object]:
    """The layer as the state file's ``annotations`` and ``user_tags`` values."""
    annotations: dict[str, object] = {}
    for key, note in layer.annotations.items():
        entry: dict[str, object] = {"text": note.text, "at": note.at}
        if note.base:
            entry["base"] = note.base
        if note.recovered:
            entry["recovered"] = [{"text": r.text, "at": r.at} for r in note.recovered]
        annotations[key] = entry
    tags = {
        key: {tag: list(mark) for tag, mark in marks.items()} for key, marks in layer.tags.items()
    }
    return {"annotations": annotations, "user_tags": tags}
