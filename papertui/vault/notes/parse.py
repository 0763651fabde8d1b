"""One note's bytes to its paper sections: decoding, frontmatter, format and day."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from sys import intern
from typing import Any

from papertui.vault.notes.decode import Undecodable, decode_note
from papertui.vault.notes.formats import dendron, digest, hexo, literature
from papertui.vault.notes.formats.common import Entry, Lines, NoteContext, entry_rows
from papertui.vault.notes.formats.headings import Headings, scan_headings
from papertui.vault.notes.frontmatter import date_of, parse_day, split_frontmatter, tag_list
from papertui.vault.paper import SectionRow

_NAME_DAY = re.compile(r"(?<!\d)((?:19|20)\d{2})[-._]?(\d{2})[-._]?(\d{2})(?!\d)")
_DATE_TITLE = re.compile(r"\d{4}[-./]?\d{1,2}[-./]?\d{1,2}")
_TEXT = re.compile(rb"\S")


@dataclass(frozen=True, slots=True)
class NoteParse:
    """What one note held."""

    rows: tuple[SectionRow, ...]
    """The paper sections, as rows (see :class:`papertui.vault.paper.SectionRow`)."""
    format: str | None
    skipped: str | None = None
    """Why the note could not be read at all."""
    passed_over: str | None = None
    """Why a readable note holds no papers."""
    problem: str | None = None
    """Something wrong in a note that was still read (bad frontmatter, ...)."""
    encoding: str = field(default="utf-8")


def day_from_name(path: str) -> date | None:
    """A day in a file name such as ``2025-05-01.md`` or ``daily.2023.12.14.md``."""
    return date_of(_NAME_DAY.search(path.rsplit("/", 1)[-1]))


def note_day(meta: dict[str, Any], path: str) -> date | None:
    """The note's day: frontmatter ``date``, a dated ``title``, ``created``, the file name."""
    for key in ("date", "title", "created", "updated"):
        value = meta.get(key)
        if value is None or isinstance(value, list | dict):
            continue
        if key == "title" and not (isinstance(value, str) and _DATE_TITLE.fullmatch(value.strip())):
            continue
        day = parse_day(value)
        if day is not None:
            return day
    return day_from_name(path)


def parse_note(
    raw: bytes, path: str, root: str, folders: dict[str, frozenset[str]] | None = None
) -> NoteParse:
    """Read one note's bytes into paper sections.

    The fast path treats the bytes as UTF-8 and decodes only what it extracts;
    if any of that is not UTF-8, the whole note is decoded exactly (or found to
    be in GB18030) and read again.

    Args:
        raw: The note's bytes.
        path: The note's path relative to the vault, with ``/``.
        root: The vault's real absolute path.
        folders: Folder listings shared between notes (local image checks).
    """
    listings = {} if folders is None else folders
    try:
        try:
            return _parse(decode_note(raw, check_utf8=False).data, path, root, listings, "utf-8")
        except UnicodeDecodeError:
            decoded = decode_note(raw)
            return _parse(decoded.data, path, root, listings, decoded.encoding)
    except Undecodable as error:
        return NoteParse((), None, skipped=str(error))
    except UnicodeDecodeError:
        return NoteParse((), None, skipped="encoding: a piece of the note is not valid text")


def _parse(
    data: bytes, path: str, root: str, folders: dict[str, frozenset[str]], encoding: str
) -> NoteParse:
    front = split_frontmatter(data)
    meta = front.data
    tags = tag_list(meta.get("tags")) if "tags" in meta else []
    if "categories" in meta:
        tags.extend(tag for tag in tag_list(meta["categories"]) if tag not in tags)
    note = NoteContext(data, path, root, tuple(map(intern, tags)), note_day(meta, path), folders)
    problem = front.problem
    if _TEXT.search(data, front.body_start) is None:
        return NoteParse((), None, passed_over="empty note", problem=problem, encoding=encoding)
    headings = scan_headings(data, front.body_start)
    if headings.truncated:
        problem = problem or "too many headings or code fences: read in part"
    if digest.detect(data, headings):
        rows = digest.sections(note, headings)
        if not rows:
            problem = problem or "an empty digest: no papers listed"
        return NoteParse(tuple(rows), digest.NAME, problem=problem, encoding=encoding)
    if hexo.detect(data) and not dendron.is_dendron(meta) and _hexo_post(data, meta):
        rows = hexo.sections(note, headings)
        if rows:
            return NoteParse(tuple(rows), hexo.NAME, problem=problem, encoding=encoding)
    single = literature.from_meta(meta, data, front.body_start) or literature.from_heading(
        data, headings
    )
    if single is not None:
        rows = entry_rows(note, [single], Lines(data))
        return NoteParse(tuple(rows), literature.NAME, problem=problem, encoding=encoding)
    kind = dendron.NAME if dendron.is_dendron(meta) else dendron.PLAIN
    spans: list[tuple[int, int, bool]] = []
    daily = kind != dendron.NAME or _dated(meta.get("title"), path)
    found, reason = dendron.sections(note, headings, spans, daily=daily)
    # (a Dendron daily note that reads as papers is left as it reads: its bold lines are labels)
    cites = not found or (kind != dendron.NAME and _cites(note))
    listed = _entries(data, front.body_start, headings) if cites else []
    if listed:
        return NoteParse(
            _combined(note, found, spans, listed), ENTRIES, problem=problem, encoding=encoding
        )
    if reason is not None:
        links = sum(data.count(host) for host in _PAPER_HOSTS)
        if links:
            reason += f" ({links} paper link{'s' if links > 1 else ''} seen, in no paper entry)"
        return NoteParse((), kind, passed_over=reason, problem=problem, encoding=encoding)
    return NoteParse(tuple(found), kind, problem=problem, encoding=encoding)


_PAPER_HOSTS = (b"arxiv.org/abs/", b"arxiv.org/pdf/", b"doi.org/10.", b"openreview.net/")
"""Links a passed-over note is searched for, so that its reason says it holds some."""


_DAY_RANGE = re.compile(
    r"\d{4}[-./]?\d{1,2}[-./]?\d{1,2}(?:\s*[-~\u2013至]\s*\d{4}[-./]?\d{1,2}[-./]?\d{1,2})?"
)


def _dated(title: Any, path: str) -> bool:
    """A Dendron daily note: its title is a day or a range of days, or its name holds a day."""
    if isinstance(title, date):
        return True
    if isinstance(title, str | int) and _DAY_RANGE.fullmatch(str(title).strip()):
        return True
    return day_from_name(path) is not None


ENTRIES = "entries"
"""The format name of notes whose papers are table rows, list items or blocks."""
_HEXO_KEYS = ("categories", "cover", "toc", "mathjax", "copyright")


def _hexo_post(data: bytes, meta: dict[str, Any]) -> bool:
    """A Hexo digest post: ``**Authors:`` lines, or Hexo's own front matter keys."""
    return b"**Author" in data or any(key in meta for key in _HEXO_KEYS)


_CITATIONS = (b"://", b"et al", b"arXiv:", b"doi:")


def _cites(note: NoteContext) -> bool:
    """Whether a note links anything or cites ``et al.``: else its heading papers stand alone
    (a Dendron daily note's ``- **研究背景**`` bullets are never paper entries)."""
    return note.mentions(*_CITATIONS)


def _entries(data: bytes, start: int, headings: Headings) -> list[Entry]:
    """The paper entries of a note's tables and lists (cheap signals first), in note order.

    Their readers load with the first note that needs them: a vault of the three
    digest formats (and the process that starts the workers) never pays for them.
    """
    from papertui.vault.notes.formats import entries, tables

    found: list[Entry] = []
    if tables.detect(data, start):
        found.extend(tables.entries(data, start, headings))
    if entries.detect(data, start):
        rows = {entry.start for entry in found}
        found.extend(e for e in entries.entries(data, start, headings) if e.start not in rows)
    found.sort(key=lambda entry: entry.start)
    return found


def _combined(
    note: NoteContext,
    sections: list[SectionRow],
    spans: list[tuple[int, int, bool]],
    listed: list[Entry],
) -> tuple[SectionRow, ...]:
    """Heading papers and entries together, in note order.

    A heading whose section holds entries names a category (``## Brain
    Simulation`` over a table), not a paper, and so does one whose own section
    shows no paper signal (``## Tutorials`` among lists); an entry that starts
    at a heading paper is that paper.
    """
    kept: list[tuple[int, SectionRow]] = []
    starts = [entry.start for entry in listed]  # (in note order)
    for (start, end, own), row in zip(spans, sections, strict=True):
        after = bisect_right(starts, start)
        if own and not (after < len(starts) and starts[after] < end):
            kept.append((start, row))
    taken = {start for start, _ in kept}
    others = [entry for entry in listed if entry.start not in taken]
    if others:
        rows = entry_rows(note, others, Lines(note.data))
        kept.extend(zip([entry.start for entry in others], rows, strict=True))
    kept.sort(key=lambda pair: pair[0])
    return tuple(row for _, row in kept)
