"""Reading a corpus's EXPECTED.json whatever its exact layout, or failing loudly."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

_FILE_COLLECTIONS = ("files", "notes", "documents", "expected", "results", "entries")
_NAME_KEYS = ("path", "file", "filename", "name", "note", "relpath", "source")
_PAPER_LISTS = ("papers", "expected_papers", "paper_list", "items")
_COUNT_KEYS = ("count", "paper_count", "papers_count", "n_papers", "num_papers", "expected_count")
_TITLE_KEYS = ("title", "paper_title", "name")
_ID_KEYS = ("arxiv_id", "arxiv", "arxivId", "arxiv_ids", "id")
_NON_PAPER_KEYS = (
    "non_paper_headings",
    "not_papers",
    "non_papers",
    "headings_not_papers",
    "non_paper",
    "excluded_headings",
)
_NOTE_SUFFIX = re.compile(r"\.(md|markdown)$", re.IGNORECASE)
_VERSION = re.compile(r"v\d+$")


class ExpectedLayoutError(Exception):
    """EXPECTED.json is not laid out in any way this reader understands."""


@dataclass
class ExpectedPaper:
    title: str | None
    arxiv_id: str | None
    tags: tuple[str, ...] | None


@dataclass
class ExpectedNote:
    path: str
    count: int
    papers: list[ExpectedPaper] | None
    """None when the file gives only a count."""
    non_paper_headings: list[str] = field(default_factory=list)
    counting_rule: str | None = None


def load_expected(document: Any) -> list[ExpectedNote]:
    """Every note EXPECTED.json describes.

    Raises:
        ExpectedLayoutError: With what was found, when the layout is not understood.
    """
    if not isinstance(document, Mapping | list):
        raise ExpectedLayoutError(f"top level is a {type(document).__name__}")
    rule = _text(document.get("counting_rule")) if isinstance(document, Mapping) else None
    notes = [_note(name, entry, rule) for name, entry in _entries(document)]
    if not notes:
        keys = sorted(document) if isinstance(document, Mapping) else f"a list of {len(document)}"
        raise ExpectedLayoutError(f"no per-file entries found (top level: {keys})")
    return notes


def _entries(document: Mapping[str, Any] | list[Any]) -> Iterator[tuple[str, Any]]:
    if isinstance(document, list):
        yield from _listed(document)
        return
    for key in _FILE_COLLECTIONS:
        value = document.get(key)
        if isinstance(value, Mapping):
            yield from ((str(name), entry) for name, entry in value.items())
            return
        if isinstance(value, list):
            yield from _listed(value)
            return
    named = {str(k): v for k, v in document.items() if _NOTE_SUFFIX.search(str(k))}
    if named:
        yield from named.items()
        return
    for value in document.values():  # one level deeper: {"corpus": {"files": ...}}
        if isinstance(value, Mapping) and any(key in value for key in _FILE_COLLECTIONS):
            yield from _entries(value)
            return


def _listed(entries: list[Any]) -> Iterator[tuple[str, Any]]:
    for entry in entries:
        if not isinstance(entry, Mapping):
            raise ExpectedLayoutError(f"a file entry is a {type(entry).__name__}: {entry!r:.80}")
        name = next((entry[key] for key in _NAME_KEYS if isinstance(entry.get(key), str)), None)
        if name is None:
            raise ExpectedLayoutError(f"a file entry has no name ({sorted(entry)})")
        yield name, entry


def _note(name: str, entry: Any, rule: str | None) -> ExpectedNote:
    papers: list[ExpectedPaper] | None = None
    count: int | None = None
    non_papers: list[str] = []
    if isinstance(entry, list):
        papers = [_paper(item) for item in entry]
    elif isinstance(entry, int) and not isinstance(entry, bool):
        count = entry
    elif isinstance(entry, Mapping):
        rule = _text(entry.get("counting_rule")) or rule
        for key in _PAPER_LISTS:
            if isinstance(entry.get(key), list):
                papers = [_paper(item) for item in entry[key]]
                break
        for key in _COUNT_KEYS:
            if isinstance(entry.get(key), int) and not isinstance(entry.get(key), bool):
                count = entry[key]
                break
        if count is None and isinstance(entry.get("papers"), int):
            count = entry["papers"]
        for key in _NON_PAPER_KEYS:
            if isinstance(entry.get(key), list):
                non_papers = [_heading(item) for item in entry[key]]
                break
    else:
        raise ExpectedLayoutError(f"{name}: entry is a {type(entry).__name__}")
    if papers is None and count is None:
        keys = sorted(entry) if isinstance(entry, Mapping) else entry
        raise ExpectedLayoutError(f"{name}: neither a list of papers nor a count ({keys})")
    if papers is not None and count is not None and count != len(papers):
        raise ExpectedLayoutError(f"{name}: count {count} but {len(papers)} papers listed")
    return ExpectedNote(
        name, len(papers) if papers is not None else int(count or 0), papers, non_papers, rule
    )


def _paper(item: Any) -> ExpectedPaper:
    if isinstance(item, str):
        return ExpectedPaper(_collapse(item), None, None)
    if not isinstance(item, Mapping):
        raise ExpectedLayoutError(f"a paper is a {type(item).__name__}: {item!r:.80}")
    title = next((item[key] for key in _TITLE_KEYS if isinstance(item.get(key), str)), None)
    arxiv = next((item[key] for key in _ID_KEYS if key in item), None)
    if isinstance(arxiv, list):
        arxiv = arxiv[0] if arxiv else None
    tags = item.get("tags")
    return ExpectedPaper(
        _collapse(title) if title is not None else None,
        _arxiv(arxiv),
        tuple(str(tag).lstrip("#").strip() for tag in tags) if isinstance(tags, list) else None,
    )


def _heading(item: Any) -> str:
    if isinstance(item, Mapping):
        item = next((item[key] for key in ("text", "heading", "title") if key in item), "")
    return _collapse(str(item).lstrip("#").strip())


def _arxiv(value: Any) -> str | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    text = re.sub(r"^(?:arxiv:|https?://arxiv\.org/(?:abs|pdf)/)", "", text, flags=re.IGNORECASE)
    return _VERSION.sub("", text) or None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _collapse(text: str) -> str:
    return " ".join(text.split())
