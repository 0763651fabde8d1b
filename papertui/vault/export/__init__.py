"""Export papers to BibTeX, RIS, CSL-JSON, Markdown, CSV, JSON or arXiv id lists.

Pure: no Textual, no Rich.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from papertui.vault.atomic import write_atomically
from papertui.vault.export.bibtex import bibtex_entry, citation_key, unique_keys, write_bibtex
from papertui.vault.export.citations import write_csl_json, write_ris
from papertui.vault.export.markdown import GROUPINGS, GroupBy, write_markdown
from papertui.vault.export.records import (
    CSV_COLUMNS,
    neutralise_cell,
    write_csv,
    write_ids,
    write_json,
)
from papertui.vault.flags import Flags
from papertui.vault.paper import Paper
from papertui.vault.state.annotations import own_notes_of

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "GROUPINGS",
    "Exported",
    "Format",
    "GroupBy",
    "bibtex_entry",
    "citation_key",
    "export",
    "format_for_path",
    "neutralise_cell",
    "render",
    "unique_keys",
    "write_export",
]


@dataclass(frozen=True, slots=True)
class Format:
    """One export format."""

    name: str
    """The name ``--format`` takes."""
    label: str
    """What the reader's dialog shows."""
    suffix: str
    """The file name extension, with its dot."""
    needs_id: bool = False
    """True when papers without an arXiv id cannot be written."""


FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        Format("bibtex", "BibTeX", ".bib"),
        Format("ris", "RIS (Zotero, Mendeley, EndNote)", ".ris"),
        Format("csljson", "CSL-JSON (Zotero, pandoc)", ".csl.json"),
        Format("markdown", "Markdown reading list", ".md"),
        Format("csv", "CSV", ".csv"),
        Format("json", "JSON", ".json"),
        Format("ids", "arXiv ids", ".txt", needs_id=True),
    )
}
"""Every format by name, in the order menus show them."""

_SUFFIXES = {fmt.suffix: name for name, fmt in FORMATS.items()} | {
    ".json": "json",
    ".bibtex": "bibtex",
    ".markdown": "markdown",
}


@dataclass(frozen=True, slots=True)
class Exported:
    """An export, ready to write."""

    text: str
    format: str
    written: int
    """Papers in ``text``."""
    skipped: int = 0
    """Papers the format could not hold (``ids`` without an arXiv id)."""


def format_for_path(path: PurePath) -> str | None:
    """The format a file name's extension asks for (``refs.bib`` -> bibtex)."""
    name = path.name.lower()
    if name.endswith(".csl.json"):
        return "csljson"
    return _SUFFIXES.get(path.suffix.lower())


def render(
    papers: Sequence[Paper], fmt: str, flags: Flags, *, group_by: GroupBy = "tag"
) -> Exported:
    """The papers in format ``fmt``, with how many were written and skipped.

    Args:
        papers: What to export, in the order to write it.
        fmt: A name from :data:`FORMATS`; ValueError for any other.
        flags: The papers' flags, for the formats that carry them (CSV, JSON); a state
            store's annotations and your tags go into every format but ``ids``.
        group_by: How the Markdown reading list groups papers: ``tag`` or ``day``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose from {', '.join(FORMATS)}")
    if group_by not in GROUPINGS:
        raise ValueError(f"cannot group by {group_by!r}: choose from {', '.join(GROUPINGS)}")
    own = own_notes_of(flags)
    writers: dict[str, Callable[[], str]] = {
        "bibtex": lambda: write_bibtex(papers, own),
        "ris": lambda: write_ris(papers, own),
        "csljson": lambda: write_csl_json(papers, own),
        "markdown": lambda: write_markdown(papers, own, group_by=group_by),
        "csv": lambda: write_csv(papers, flags),
        "json": lambda: write_json(papers, flags),
        "ids": lambda: write_ids(papers),
    }
    text = writers[fmt]()
    written = sum(1 for paper in papers if paper.arxiv_id) if FORMATS[fmt].needs_id else len(papers)
    return Exported(text=text, format=fmt, written=written, skipped=len(papers) - written)


def export(papers: Sequence[Paper], fmt: str, flags: Flags, *, group_by: GroupBy = "tag") -> str:
    """The papers in format ``fmt`` (see :func:`render`), as text."""
    return render(papers, fmt, flags, group_by=group_by).text


def write_export(path: Path, text: str, *, overwrite: bool) -> None:
    """Write an export to ``path`` atomically, readable by others as the umask allows.

    Raises:
        FileExistsError: ``path`` exists and ``overwrite`` is False.
        OSError: the file cannot be written (an old one is then untouched).
    """
    write_atomically(path, text.encode("utf-8"), overwrite=overwrite, mode=0o666)
