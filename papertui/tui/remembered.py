"""What the reader remembers between sessions: open tree nodes, the last node, saved searches.

Kept beside the state file (``state.json`` -> ``state.reader.json``), written
atomically. Pure: no Textual here. A file that cannot be read is reported and
replaced by the defaults; it never stops the reader.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from papertui.vault.atomic import write_atomically

VERSION = 1
_NONE: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Remembered:
    """The reader's own state, apart from the papers' flags."""

    expanded: frozenset[str] = frozenset()
    """The tree nodes left open (tag paths, case-folded)."""
    node: tuple[str, str] = ("All", "")
    """The node last chosen: (kind, tag path or search name)."""
    searches: Mapping[str, str] = field(default_factory=lambda: _NONE, hash=False)
    """Searches saved from the reader: name -> query, in the order saved."""

    def with_search(self, name: str, query: str) -> Remembered:
        """These settings with ``query`` saved under ``name`` (replacing one of that name)."""
        searches = {key: value for key, value in self.searches.items() if key != name}
        searches[name] = query
        return replace(self, searches=MappingProxyType(searches))

    def without_search(self, name: str) -> Remembered:
        searches = {key: value for key, value in self.searches.items() if key != name}
        return replace(self, searches=MappingProxyType(searches))

    def to_json(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "expanded": sorted(self.expanded),
            "node": list(self.node),
            "searches": dict(self.searches),
        }


def path_beside(state_path: Path) -> Path:
    """Where the reader's state lives: beside the flags' state file."""
    return state_path.with_name(f"{state_path.stem}.reader.json")


def load(path: Path) -> tuple[Remembered, str | None]:
    """What was remembered at ``path``, and a problem to tell (None when all is well)."""
    try:
        document = json.loads(path.read_bytes())
    except FileNotFoundError:
        return Remembered(), None
    except (OSError, ValueError) as error:
        return Remembered(), f"{path.name} could not be read ({error}); starting afresh"
    if not isinstance(document, dict) or document.get("version") != VERSION:
        return Remembered(), f"{path.name} is not a reader state of version {VERSION}; ignored"
    expanded = document.get("expanded", [])
    node = document.get("node", ["All", ""])
    searches = document.get("searches", {})
    if not (
        isinstance(expanded, list)
        and all(isinstance(item, str) for item in expanded)
        and isinstance(node, list)
        and len(node) == 2
        and all(isinstance(item, str) for item in node)
        and isinstance(searches, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in searches.items())
    ):
        return Remembered(), f"{path.name} holds values of the wrong kind; ignored"
    return Remembered(frozenset(expanded), (node[0], node[1]), MappingProxyType(searches)), None


def save(path: Path, remembered: Remembered) -> str | None:
    """Write ``remembered`` to ``path`` atomically; a problem to tell, or None."""
    data = json.dumps(remembered.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
    except OSError as error:
        return f"could not save {path.name}: {error.strerror or error}"
    return None
