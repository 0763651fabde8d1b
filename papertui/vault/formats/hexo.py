"""Format H: Hexo posts of daily arXiv digests (the ChatPaperFree kind).

One paper per ``## Title`` with an ``**Authors:...**`` line and a
``[PDF](arxiv link)`` line; ``# 2024-09-27 更新`` headings give the day;
``###``/``####`` headings inside a summary stay inside the paper.
"""

from __future__ import annotations

import re

from papertui.vault.formats.common import (
    Heading,
    NoteContext,
    build_section,
    is_not_a_paper_title,
    level2_spans,
    prefix,
)
from papertui.vault.meta import parse_day
from papertui.vault.paper import Section

NAME = "hexo"

_AUTHORS_LINE = re.compile(rb"^\*\*Authors?\s*[:\xef\xbc\x9a]", re.MULTILINE)
_PDF = re.compile(rb"^\s*\[PDF\]\(https?://(?:www\.)?arxiv\.org/", re.MULTILINE)


def detect(data: bytes) -> bool:
    """True for a note with Hexo digest markers: author lines and arXiv PDF lines."""
    return b"**Authors" in data and b"[PDF](" in data


def _is_paper(section_head: bytes) -> bool:
    return bool(_AUTHORS_LINE.search(section_head) or _PDF.search(section_head))


def sections(note: NoteContext, headings: list[Heading]) -> list[Section]:
    """Every paper of a Hexo digest post."""
    found: list[Section] = []
    days = [(h.start, parse_day(h.text)) for h in headings if h.level == 1]
    for index, end in level2_spans(headings, len(note.data)):
        heading = headings[index]
        body = note.data[heading.end + 1 : end]
        if not _is_paper(prefix(body, 6000)) or is_not_a_paper_title(heading.text):
            continue
        day = None
        for start, value in days:
            if start > heading.start:
                break
            day = value or day
        found.append(build_section(note, heading, end, day=day))
    return found
