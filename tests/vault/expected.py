"""A corpus's EXPECTED.json, read in the layout ``../shared/corpus/README.md`` documents.

The layout: ``counting_rule`` and ``totals`` at the top, and ``files``, an object keyed
by the note's path relative to the corpus folder. Each file gives ``papers`` (a count)
and ``titles`` (note order, whitespace collapsed); Hexo and digest files give
``arxiv_ids`` (without version, note order); Dendron files give ``tags_per_paper``
(one list of ``#tag`` names per paper). Headings that are not papers come as
``non_paper_h2`` and ``setext_headings_not_papers`` (lists of headings) or
``h2_headings_not_papers`` (a count only). Anything else is an error, not a guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class ExpectedLayoutError(Exception):
    """EXPECTED.json is not in the documented layout."""


@dataclass(frozen=True)
class ExpectedNote:
    """What a careful reader counts in one note."""

    path: str
    """The note's path relative to the corpus folder."""
    papers: int
    titles: tuple[str, ...]
    arxiv_ids: tuple[str, ...] | None
    """None where the file gives no ids (Dendron)."""
    tags_per_paper: tuple[frozenset[str], ...] | None
    """Tag names without ``#``, one set per paper; None where the file gives none."""
    non_paper_headings: tuple[str, ...]
    counting_rule: str


def load_expected(document: Any) -> list[ExpectedNote]:
    """Every note of one EXPECTED.json document.

    Raises:
        ExpectedLayoutError: Naming what is missing or of the wrong type.
    """
    if not isinstance(document, Mapping):
        raise ExpectedLayoutError(f"top level is a {type(document).__name__}, not an object")
    rule = _required(document, "counting_rule", str, "top level")
    files = _required(document, "files", Mapping, "top level")
    totals = _required(document, "totals", Mapping, "top level")
    notes = [_note(str(path), entry, rule) for path, entry in files.items()]
    if totals.get("files") != len(notes):
        raise ExpectedLayoutError(f"totals.files {totals.get('files')} but {len(notes)} files")
    if totals.get("papers") != sum(note.papers for note in notes):
        raise ExpectedLayoutError(f"totals.papers {totals.get('papers')} != the files' sum")
    return notes


def _note(path: str, entry: Any, rule: str) -> ExpectedNote:
    if not isinstance(entry, Mapping):
        raise ExpectedLayoutError(f"{path}: entry is a {type(entry).__name__}")
    count = _required(entry, "papers", int, path)
    titles = tuple(_collapse(title) for title in _strings(entry, "titles", path))
    if len(titles) != count:
        raise ExpectedLayoutError(f"{path}: papers {count} but {len(titles)} titles")
    arxiv_ids = None
    if "arxiv_ids" in entry:
        arxiv_ids = tuple(_strings(entry, "arxiv_ids", path))
        if len(arxiv_ids) != count:
            raise ExpectedLayoutError(f"{path}: papers {count} but {len(arxiv_ids)} arxiv_ids")
    tags = None
    if "tags_per_paper" in entry:
        lists = _required(entry, "tags_per_paper", list, path)
        if len(lists) != count or not all(isinstance(tags, list) for tags in lists):
            raise ExpectedLayoutError(f"{path}: tags_per_paper is not one list per paper")
        tags = tuple(frozenset(str(tag).removeprefix("#") for tag in tags) for tags in lists)
    headings: list[str] = []
    for key in ("non_paper_h2", "setext_headings_not_papers"):
        if key in entry:
            headings += (_collapse(text) for text in _strings(entry, key, path))
    if "h2_headings_not_papers" in entry:
        _required(entry, "h2_headings_not_papers", int, path)
    return ExpectedNote(path, count, titles, arxiv_ids, tags, tuple(headings), rule)


def _required(entry: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    value = entry.get(key)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ExpectedLayoutError(f"{where}: {key!r} is not a {kind.__name__} ({value!r:.60})")
    return value


def _strings(entry: Mapping[str, Any], key: str, where: str) -> list[str]:
    values: list[str] = _required(entry, key, list, where)
    if not all(isinstance(value, str) for value in values):
        raise ExpectedLayoutError(f"{where}: {key!r} holds something other than strings")
    return values


def _collapse(text: str) -> str:
    return " ".join(text.split())
