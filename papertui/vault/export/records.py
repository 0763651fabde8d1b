"""Records: CSV rows, JSON documents and arXiv id lists, with each paper's flags."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from papertui.vault.export.listing import paper_record
from papertui.vault.flags import Flag, Flags
from papertui.vault.paper import Paper, collapse_spaces
from papertui.vault.raw_names import escape_surrogates
from papertui.vault.sanitize import clean_line, strip_controls
from papertui.vault.state.annotations import own_notes_of
from papertui.vault.state.collections import memberships

CSV_COLUMNS = (
    "key",
    "title",
    "authors",
    "day",
    "tags",
    "user_tags",
    "arxiv_id",
    "abs",
    "pdf",
    "code",
    "annotation",
    *(flag.value for flag in Flag),
)
"""The CSV header, in order: a column per flag at the end, ``true`` or ``false``.
Lists (authors, tags, your tags) are joined with ``"; "``; your annotation is one line."""

# A spreadsheet runs a cell that starts with one of these as a formula
# (OWASP "CSV injection"); a leading apostrophe makes it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    if value.startswith(_FORMULA_START) or value.lstrip().startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_row(paper: Paper, flags: Flags) -> list[str]:
    """The paper's CSV cells, in :data:`CSV_COLUMNS` order, unescaped."""
    own = own_notes_of(flags)
    return [
        paper.key,
        paper.title,
        "; ".join(paper.authors),
        paper.day.isoformat() if paper.day else "",
        "; ".join(paper.tags),
        "; ".join(own.user_tags(paper.key)),
        paper.arxiv_id or "",
        paper.links.abs or "",
        paper.links.pdf or "",
        paper.links.code or "",
        own.annotation(paper.key),
        *("true" if flags.has(paper.key, flag) else "false" for flag in Flag),
    ]


def write_csv(papers: Sequence[Paper], flags: Flags) -> str:
    """One header row, then one row per paper; every cell one clean line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for paper in papers:
        writer.writerow(
            neutralise_cell(collapse_spaces(clean_line(cell))) for cell in csv_row(paper, flags)
        )
    return buffer.getvalue()


def _clean(value: Any) -> Any:
    """A JSON value with every string through the sanitiser (file-name bytes kept)."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value


def json_record(
    paper: Paper, flags: Flags, collected: Mapping[str, list[str]] | None = None
) -> dict[str, Any]:
    """The ``papertui list --json`` record of the paper (with your note and tags), plus a
    field per flag and the names of the collections holding it (``collected``: by key,
    see :func:`memberships`)."""
    record = paper_record(paper, own_notes_of(flags))
    for flag in Flag:
        record[flag.value] = flags.has(paper.key, flag)
    if collected is None:
        collected = memberships(flags)
    record["collections"] = collected.get(paper.key, [])
    return record


def write_json(papers: Sequence[Paper], flags: Flags) -> str:
    """``{"papers": [...]}``, indented, UTF-8 as is (a path that is not UTF-8 as \\udcXX)."""
    collected = memberships(flags)
    document = {"papers": [_clean(json_record(paper, flags, collected)) for paper in papers]}
    return escape_surrogates(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def arxiv_ids(papers: Sequence[Paper]) -> list[str]:
    """``arXiv:<id>`` for each paper that has an id, in order."""
    return [f"arXiv:{clean_line(paper.arxiv_id).strip()}" for paper in papers if paper.arxiv_id]


def write_ids(papers: Sequence[Paper]) -> str:
    """One ``arXiv:<id>`` per line; papers without an id are left out."""
    return "".join(f"{line}\n" for line in arxiv_ids(papers))
