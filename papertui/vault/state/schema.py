"""The state file's format: schema 3, checked on reading, written compactly.

Schema 3 added collections (``collections.py``) and your annotations and tags
(``annotations.py``): older files have none and are read as they are; a
papertui of schema 2 opens a schema 3 file read-only. Schema 2 added the later
and dismissed flags: a schema 1 file has the same layout with fewer flag names
and is read as it is; a papertui of schema 1 opens a schema 2 file read-only
rather than drop the flags it does not know.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from papertui.vault.collector import collector_paused
from papertui.vault.flags import Flag
from papertui.vault.raw_names import escape_surrogates
from papertui.vault.state.collections import Collections

if TYPE_CHECKING:
    from papertui.vault.state.annotations import OwnLayer

SCHEMA_VERSION = 3
FLAGS: tuple[Flag, ...] = tuple(Flag)
"""The flags an entry holds, each under its name (``"read": [true, "<stamp>"]``)."""

Mark = tuple[bool, str]
"""A flag's value and when it was set (ISO 8601, UTC, microseconds)."""
Marks = dict[str, dict[str, Mark]]
"""Paper key -> flag name -> mark."""
_STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00"
_CANONICAL = re.compile(_STAMP)
_CANONICAL_LINES = re.compile(f"{_STAMP}(?:\n{_STAMP})*")


def utc_now() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)


def stamp_of(moment: datetime) -> str:
    """A mark's stamp: ISO 8601 in UTC with microseconds, so stamps sort as strings."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def canonical_stamp(text: object) -> str | None:
    """``text`` as a canonical UTC stamp (so stamps compare as strings), or None."""
    if not isinstance(text, str):
        return None
    if _CANONICAL.fullmatch(text):
        return text
    try:
        moment = datetime.fromisoformat(text)
        return stamp_of(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    except (ValueError, OverflowError):
        return None


class CorruptState(Exception):
    """The state file cannot be used at all."""


class StateDocument:
    """What a state file holds, checked."""

    def __init__(self) -> None:
        self.version = SCHEMA_VERSION
        self.marks: Marks = {}
        self.notes: dict[str, set[str]] = {}
        self.collections = Collections()
        self.bad_entries = 0
        self.own: OwnLayer = _own_layer()
        """Your annotations and tags (schema 3)."""

    @classmethod
    def parse(cls, data: bytes) -> StateDocument:
        # Parsing a big file makes containers by the hundred thousand, none cyclic.
        with collector_paused():
            return cls._parse(data)

    @classmethod
    def _parse(cls, data: bytes) -> StateDocument:
        try:
            raw = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
            raise CorruptState(f"not JSON ({error})") from None
        if not isinstance(raw, dict):
            raise CorruptState("not a JSON object")
        version = raw.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise CorruptState("no valid schema version")
        document = cls()
        document.version = version
        try:
            document._read_entries(raw)
        except CorruptState:
            if version <= SCHEMA_VERSION:
                raise
            # A newer schema we cannot read: it opens read-only, never moved aside.
            document.marks, document.notes, document.bad_entries = {}, {}, 0
            document.collections = Collections()
            document.own = _own_layer()
        return document

    def _read_entries(self, raw: dict[str, object]) -> None:
        papers = raw.get("papers", {})
        notes = raw.get("notes_seen", {})
        if not isinstance(papers, dict) or not isinstance(notes, dict):
            raise CorruptState("papers or notes_seen is not an object")
        for key, flags in papers.items():
            marks = _parse_marks(flags)
            if marks is None:
                self.bad_entries += 1
            elif marks:
                self.marks[key] = marks
        # Every stamp in one regex call; only a file with odd ones pays per stamp.
        stamps = "\n".join(mark[1] for marks in self.marks.values() for mark in marks.values())
        if stamps and not _CANONICAL_LINES.fullmatch(stamps):
            for key, marks in list(self.marks.items()):
                fixed = {flag: (v, canonical_stamp(stamp)) for flag, (v, stamp) in marks.items()}
                if any(stamp is None for _, stamp in fixed.values()):
                    del self.marks[key]
                    self.bad_entries += 1
                else:
                    self.marks[key] = fixed  # type: ignore[assignment]
        self.collections, bad = Collections.from_json(raw.get("collections"), canonical_stamp)
        self.bad_entries += bad
        for vault, seen in notes.items():
            if isinstance(seen, list) and all(isinstance(path, str) for path in seen):
                self.notes[vault] = set(seen)
            else:
                self.bad_entries += 1
        self._read_own(raw)

    def _read_own(self, raw: dict[str, object]) -> None:
        from papertui.vault.state.annotations import parse_layer

        self.own, bad = parse_layer(raw)
        self.bad_entries += bad

    @classmethod
    def of(cls, marks: Marks, own: OwnLayer | None = None) -> StateDocument:
        document = cls()
        document.marks = marks
        if own is not None:
            document.own = own
        return document

    def dump(self, encoded: dict[str, tuple[dict[str, Mark], str]]) -> str:
        """The document as JSON text.

        Args:
            encoded: Per key, marks and their JSON, from earlier dumps: a key
                whose marks are the same dict (marks are never edited in place)
                or an equal one is not encoded again. Updated.
        """
        entries = []
        for key, marks in self.marks.items():
            known = encoded.get(key)
            if known is None or (known[0] is not marks and known[0] != marks):
                # Stamps are canonical (checked on reading): only the key needs escaping.
                flags = ",".join(
                    f'"{flag}":[{"true" if value else "false"},"{stamp}"]'
                    for flag, (value, stamp) in marks.items()
                )
                known = (marks, f"{_json_string(key)}:{{{flags}}}")
            encoded[key] = known if known[0] is marks else (marks, known[1])
            entries.append(known[1])
        notes = _json({vault: sorted(seen) for vault, seen in self.notes.items()})
        papers = ",".join(entries)
        # Collections, annotations and your tags only once there are some: most files
        # never have any.
        shelves = self.collections.to_json()
        collections = f',"collections":{_json(shelves)}' if shelves else ""
        own = _dump_own(self.own)
        return (
            f'{{"version":{SCHEMA_VERSION},"papers":{{{papers}}},"notes_seen":{notes}'
            f"{collections}{own}}}\n"
        )


def _own_layer() -> OwnLayer:
    from papertui.vault.state.annotations import OwnLayer

    return OwnLayer()


def _dump_own(own: OwnLayer) -> str:
    """``,"annotations":{...},"user_tags":{...}`` (nothing while there are none)."""
    if not own:
        return ""
    from papertui.vault.state.annotations import layer_fields

    return "".join(f",{_json(name)}:{_json(value)}" for name, value in layer_fields(own).items())


_json_string: Callable[[str], str] = json.encoder.encode_basestring_ascii


def _json(value: object) -> str:
    # Note paths that are not UTF-8 keep their bytes as \udcXX escapes.
    return escape_surrogates(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def _parse_marks(flags: object) -> dict[str, Mark] | None:
    """An entry's marks, their stamps not checked yet; None if it is malformed."""
    if type(flags) is not dict:
        return None
    marks: dict[str, Mark] = {}
    for flag in FLAGS:
        entry = flags.get(flag)
        if entry is None:
            continue
        if type(entry) is not list or len(entry) != 2 or type(entry[0]) is not bool:
            return None
        if type(entry[1]) is not str:
            return None
        marks[flag] = (entry[0], entry[1])
    return marks


def lay_over(base: StateDocument, top: StateDocument, keys: Iterable[str]) -> StateDocument:
    """``base`` with the marks of ``keys`` from ``top`` merged in (the newest wins) and
    ``top``'s seen notes added; ``base`` is changed and returned."""
    for key in keys:
        ours = top.marks.get(key, {})
        theirs = base.marks.get(key, {})
        marks = {flag: newest(ours.get(flag), theirs.get(flag)) for flag in FLAGS}
        base.marks[key] = {flag: mark for flag, mark in marks.items() if mark is not None}
    for vault, seen in top.notes.items():
        base.notes[vault] = base.notes.get(vault, set()) | seen
    base.collections.merge(top.collections)  # every change is stamped: merging is whole
    base.own.lay_over(top.own, keys)
    return base


def newest(a: Mark | None, b: Mark | None) -> Mark | None:
    """The mark set last; on a tie of times, True (deterministic for every writer)."""
    if a is None or b is None:
        return a or b
    return a if (a[1], a[0]) >= (b[1], b[0]) else b
