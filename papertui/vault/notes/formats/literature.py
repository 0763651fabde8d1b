"""One paper per note: literature notes, the rest of the note being the reader's notes on it.

Two shapes: YAML front matter that names the paper (``title`` with ``arxiv``,
``doi``, a paper ``url`` or ``authors``), or a ``# Title`` heading whose first
lines are a label block (``**arXiv**: …``, ``**Authors**: …``, ``DOI: …``).
Lists of "related papers" further down are the reader's notes, not papers.
"""

from __future__ import annotations

import re
from typing import Any

from papertui.vault.notes.formats import fields, identifiers
from papertui.vault.notes.formats.common import Entry
from papertui.vault.notes.formats.headings import Heading, plain_heading
from papertui.vault.notes.formats.identifiers import Ident, labelled_arxiv, other_id
from papertui.vault.notes.frontmatter import parse_day, tag_list

NAME = "literature"

_ID_KEYS = ("arxiv", "arxiv_id", "arxiv-id", "arxivid", "arxiv_url", "arxiv-url", "eprint", "doi")
_LINK_KEYS = ("url", "link", "paper", "pdf", "source", "paper_url", "paper-url")
_AUTHOR_KEYS = ("authors", "author")
_DAY_KEYS = ("published", "published-date", "published_date", "year", "date")
_DATE_TITLE = re.compile(r"\d{4}[-./]?\d{1,2}[-./]?\d{1,2}")
_LABEL = re.compile(
    rb"^[ \t>*+-]*(?:\*\*|__)?"
    rb"(arxiv|doi|authors?|paper|pdf|link|url|venue|\xe4\xbd\x9c\xe8\x80\x85)"
    rb"(?:\*\*|__)?[ \t]*(?:\*\*|__)?[ \t]*(?::|\xef\xbc\x9a)",
    re.IGNORECASE | re.M,
)
_HEAD_BYTES = 1200
_HEAD_LINES = 8
"""A literature note's labels come in the first lines under its title."""
_ENTRY_STARTS = (b"- **", b"* **", b"+ **", b"1. **", b"|")


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    return "" if value is None or isinstance(value, dict) else str(value)


def _ids(text: bytes) -> tuple[identifiers.ArxivRef | None, Ident | None]:
    ref = identifiers.arxiv_in(text)
    if ref is None and re.fullmatch(rb"\s*\d{4}\.\d{4,5}(?:v\d+)?\s*", text):
        ref = identifiers.arxiv_in(b"arXiv:" + text.strip())
    return ref, (other_id(text) if ref is None else None)


def _raw_value(data: bytes, body_start: int, key: str) -> bytes | None:
    """A front matter value as written (YAML reads ``arxiv: 1907.05600`` as a float)."""
    match = re.search(
        rb"^" + re.escape(key.encode()) + rb"[ \t]*:[ \t]*['\"]?([^'\"\n]*)",
        data[:body_start],
        re.M | re.IGNORECASE,
    )
    return match[1].strip() if match else None


def from_meta(meta: dict[str, Any], data: bytes, body_start: int) -> Entry | None:
    """The note's one paper, as its front matter names it; None for other notes.

    Keys are compared without case (Zotero writes ``DOI``, ``Title``).
    """
    title = meta.get("title", meta.get("Title"))
    if not isinstance(title, str) or _DATE_TITLE.fullmatch(title.strip()):
        return None
    if not all(isinstance(key, str) and key.islower() for key in meta):
        meta = {str(key).lower(): value for key, value in meta.items()}
    ref = ident = None
    for key in _ID_KEYS:
        if key in meta:
            value = _raw_value(data, body_start, key) or _text(meta[key]).encode("utf-8", "replace")
            ref, ident = _ids(value if key != "doi" else b"doi:" + value)
            if ref or ident:
                break
    if ref is None and ident is None:
        for key in _LINK_KEYS:
            if key in meta:
                ref, ident = _ids(_text(meta[key]).encode("utf-8", "replace"))
                if ref or ident:
                    break
    authors = next((meta[key] for key in _AUTHOR_KEYS if meta.get(key)), None)
    if ref is None and ident is None and (authors is None or "authors" not in meta):
        return None
    start = body_start
    while start < len(data) and data[start] in b" \t\n":
        start += 1
    entry = Entry(data.rfind(b"\n", 0, start) + 1, len(data), " ".join(title.split()), ref, ident)
    if isinstance(authors, list):
        entry.authors = tuple(tag_list(authors))
    elif authors is not None:
        entry.authors = fields.split_authors(_text(authors))
    for key in _DAY_KEYS:
        if key in meta and key != "year":
            entry.day = parse_day(meta[key])
            if entry.day is not None:
                break
    return entry


def _entry_line(line: bytes) -> bool:
    """A line that starts a paper entry (a table row, a bold or linked title), not a label."""
    if _LABEL.match(line):
        return False
    if line.startswith((b"- [", b"* [")):
        close = line.find(b"](")
        return close > 22  # a linked title, not "[PDF](...)" or "[Code](...)"
    return line.startswith(_ENTRY_STARTS) or line.startswith(b"**")


def from_heading(data: bytes, headings: list[Heading]) -> Entry | None:
    """The note's one paper when it opens with ``# Title`` over a label block, else None.

    A note in which other headings carry label blocks too holds several papers.
    """
    first = next((h for h in headings if h.level == 1), None)
    if first is None or any(h.level == 1 for h in headings if h is not first):
        return None
    body = first.end + 1
    following = next((h.start for h in headings if h.start > first.start), len(data))
    head = data[body : min(following, body + _HEAD_BYTES)]
    lines = fields.first_lines(head, 0, len(head), _HEAD_LINES)
    if any(_entry_line(line) for line in lines):
        return None  # a list of papers under a note's title, not one paper's labels
    labels = {match[1].lower() for line in lines if (match := _LABEL.match(line))}
    if not labels & {b"arxiv", b"doi", b"authors", b"author", b"paper", "作者".encode()}:
        return None
    ref, ident = identifiers.arxiv_in(head) or labelled_arxiv(head), None
    if ref is None:
        ident = other_id(head)
    if ref is None and ident is None and not labels & {b"authors", b"author", "作者".encode()}:
        return None
    for heading in headings:
        if heading is first or heading.level > 3:
            continue
        stop = next((h.start for h in headings if h.start > heading.start), len(data))
        other = data[heading.end + 1 : min(stop, heading.end + 1 + _HEAD_BYTES)]
        if any(m[1].lower() in (b"arxiv", b"authors", b"doi") for m in _LABEL.finditer(other)):
            return None  # several papers, each with its labels
    title = fields.plain_line(plain_heading(first.text), limit=1 << 20)
    entry = Entry(first.start, len(data), title, ref, ident)
    entry.authors = fields.authors_line(data, body, body + len(head))
    return entry
