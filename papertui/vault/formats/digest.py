"""Format Z: LLM-enhanced daily arXiv digests (the daily-arXiv-ai-enhanced kind).

One paper per ``### [N] [Title](https://arxiv.org/abs/ID)`` heading; ``##``
headings are categories (``## cs.CV [[Back]](#toc)``) and the table of
contents, never papers.
"""

from __future__ import annotations

import re

from papertui.vault.formats.common import (
    Heading,
    NoteContext,
    arxiv_in,
    build_section,
    decode,
)
from papertui.vault.meta import parse_day
from papertui.vault.paper import Section, collapse_spaces

NAME = "digest"

_PAPER = re.compile(rb"^\[\d+\]\s*\[(.+)\]\(\s*<?(https?://[^)\s>]+)>?\s*\)\s*$")
_CATEGORY = re.compile(rb"^([A-Za-z][\w.\-]*(?:\.[\w\-]+)?)\s*(?:\[\[Back\]\]\([^)]*\))?\s*$")
_AUTHORS = re.compile(rb"\A\s*\*([^*\n][^\n]*?)\*\s*$", re.MULTILINE)
_DIGEST_MARK = re.compile(rb"\n#{2,4} \[\d+\] ?\[[^\n]*\]\(https?://(?:www\.)?arxiv\.org/")


def detect(data: bytes) -> bool:
    """True for a note laid out as a Format Z digest."""
    return b"[Total: " in data or _DIGEST_MARK.search(data) is not None


def is_paper_heading(heading: Heading) -> bool:
    return heading.level >= 3 and _PAPER.match(heading.raw) is not None


def sections(note: NoteContext, headings: list[Heading]) -> list[Section]:
    """Every paper of a Format Z digest, with its category as a tag."""
    found: list[Section] = []
    day = note.day
    category: str | None = None
    # Each paper runs to the next paper heading or heading of level 1 or 2.
    boundaries = [h.start for h in headings if h.level <= 2 or is_paper_heading(h)]
    boundaries.append(len(note.data))
    next_boundary = 0
    for heading in headings:
        if heading.level == 1:
            day = parse_day(heading.text) or day
            continue
        if heading.level == 2:
            match = _CATEGORY.match(heading.raw)
            category = decode(match[1]) if match else None
            continue
        match = _PAPER.match(heading.raw) if heading.level >= 3 else None
        if match is None:
            continue
        while boundaries[next_boundary] <= heading.start:
            next_boundary += 1
        end = boundaries[next_boundary]
        body = note.data[heading.end + 1 : end]
        authors = _AUTHORS.search(body[:2000])
        found.append(
            build_section(
                note,
                heading,
                end,
                title=collapse_spaces(decode(match[1])),
                ref=arxiv_in(match[2]),
                day=day,
                extra_tags=(category,) if category else (),
                summary_markers=(b"**TL;DR:**", b"**TL;DR**", b"**Summary**"),
                authors_line=authors[1] if authors else None,
            )
        )
    return found
