"""Format Z: LLM-enhanced daily arXiv digests (the daily-arXiv-ai-enhanced family).

One paper per ``### [N] [Title](https://arxiv.org/abs/ID)`` heading, its
authors in ``*A, B*`` under it. Category headings (``## cs.CV [[Back]](#toc)``,
``# cs.DB`` in some forks) and the table of contents are never papers: a paper
runs to the next paper heading or the next heading above its own level, so
``###`` headings and stray lines inside a summary stay inside it.
"""

from __future__ import annotations

import re

from papertui.vault.notes.formats import fields, identifiers
from papertui.vault.notes.formats.common import NoteContext, build_row
from papertui.vault.notes.formats.headings import Heading, last_line
from papertui.vault.notes.frontmatter import parse_day
from papertui.vault.paper import SectionRow, collapse_spaces

NAME = "digest"

_NUMBERED = re.compile(rb"\[\d+\][ \t]*\[(.+)\]\([ \t]*<?(https?://[^)\s>]+)>?[ \t]*\)[ \t]*")
_UNNUMBERED = re.compile(
    rb"\[(.+)\]\([ \t]*<?(https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/[^)\s>]+)>?[ \t]*\)"
)
_CATEGORY = re.compile(rb"([a-z]+(?:-[a-z]+)?(?:\.[A-Za-z\-]+)?)[ \t]*(?:\[\[Back\]\]\([^)]*\))?")
_AUTHORS = re.compile(rb"\*([^*\n][^\n]*?)\*")
_HEAD_WINDOW = 4000
"""A digest paper's TL;DR and keywords come before its abstract."""
_HEAD_LINES = 24


def _head(lines: list[bytes]) -> tuple[bytes | None, bytes | None, bytes | None, bytes | None]:
    """(authors, main category, keywords, TL;DR) from the lines under a paper heading.

    The digest writes them in a fixed order above ``<details>``; one pass over
    those few lines reads them all.
    """
    authors = category = keywords = summary = None
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if line.startswith(b"<details"):
            break
        if authors is None and line[0] == 0x2A and line[1:2] != b"*":  # "*A, B*"
            match = _AUTHORS.fullmatch(line)
            authors = match[1] if match else None
            continue
        core = line.lstrip(b"*")
        if core.startswith(b"Main category:"):
            category = core[14:].strip(b"* ")
        elif core.startswith((b"Keywords:", b"keywords:")):
            keywords = core[9:].strip(b"* ")
        elif core.startswith((b"TL;DR:", b"TL;DR", b"Summary:", b"Summary")) and summary is None:
            summary = core.split(b":", 1)[-1].lstrip(b"* ") if b":" in core else b""
    return authors, category, keywords, summary


def _head_lines(data: bytes, start: int, stop: int) -> list[bytes]:
    """The lines :func:`_head` reads: up to ``_HEAD_LINES``, the last maybe cut short.

    :func:`_head` stops at a line that starts with ``<details`` (after blanks): when
    the first ``<details`` is there, the lines stop there too, and the long
    abstract below is never copied or split.
    """
    cut = data.find(b"<details", start, stop)
    if cut != -1 and not data[(data.rfind(b"\n", start, cut) + 1) or start : cut].strip():
        stop = cut
    return data[start:stop].split(b"\n", _HEAD_LINES)[:_HEAD_LINES]


def detect(data: bytes, headings: list[Heading]) -> bool:
    """True for a note laid out as a Format Z digest (an empty one included)."""
    for heading in headings:
        raw = heading.raw
        if raw.startswith(b"[") and paper_match(heading) is not None:
            return True
        if raw.endswith(b"[[Back]](#toc)"):
            return True
    return data.find(b"<div id=toc>", 0, 4096) != -1 or data.find(b"<div id='toc'>", 0, 4096) != -1


def paper_match(heading: Heading) -> re.Match[bytes] | None:
    """The title and link of a paper heading, or None."""
    if heading.level < 2 or not heading.raw.startswith(b"["):
        return None
    return _NUMBERED.fullmatch(heading.raw) or _UNNUMBERED.fullmatch(heading.raw)


def sections(note: NoteContext, headings: list[Heading]) -> list[SectionRow]:
    """Every paper of a Format Z digest, its main category as a tag (else its section's)."""
    matches = [paper_match(heading) for heading in headings]
    found: list[SectionRow] = []
    day = note.day
    category: str | None = None
    data = note.data
    for index, heading in enumerate(headings):
        match = matches[index]
        if match is None:
            if heading.level == 1:
                day = parse_day(heading.text) or day
            category_match = _CATEGORY.fullmatch(heading.raw)
            if category_match is not None and heading.level <= 2:
                category = category_match[1].decode("ascii")
            elif heading.level <= 2:
                category = None
            continue
        ends = len(headings)
        for later in range(index + 1, len(headings)):
            if matches[later] is not None or headings[later].level < heading.level:
                ends = later
                break
        end = headings[ends].start if ends < len(headings) else len(data)
        hint = headings[ends].line if ends < len(headings) else None
        body = min(heading.end + 1, end)
        authors, main, keywords, summary = _head(
            _head_lines(data, body, min(end, body + _HEAD_WINDOW))
        )
        found.append(
            build_row(
                note,
                heading,
                end,
                last_line(data, heading.line, heading.start, end, hint),
                title=collapse_spaces(match[1].decode("utf-8")),
                ref=identifiers.arxiv_in(match[2]),
                authors=fields.split_authors(authors.decode("utf-8")) if authors else (),
                day=day,
                summary=fields.plain_line(fields.utf8(summary[: fields.SUMMARY_CHARS * 4]))
                if summary
                else "",
                tags=(main.decode("utf-8"),) if main else ((category,) if category else ()),
                keywords=fields.split_keywords(keywords.decode("utf-8")) if keywords else (),
            )
        )
    return found
