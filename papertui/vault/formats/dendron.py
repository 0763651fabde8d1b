"""Format D and plain notes: one paper per ``## Title``, ``#tag`` lines below it.

Dendron/Obsidian daily notes have no ids, authors or links: the key comes
from the title. A note is a digest only when most of its sections look like
papers, so journals and idea lists are passed over, not turned into papers.
"""

from __future__ import annotations

import re
from typing import Any

from papertui.vault.formats.common import (
    Heading,
    NoteContext,
    arxiv_in,
    authors_in,
    build_section,
    decode,
    is_not_a_paper_title,
    level2_spans,
    prefix,
    tags_in,
)
from papertui.vault.paper import Section

NAME = "dendron"
PLAIN = "plain"

_LABELLED_BULLET = re.compile(rb"^[ \t]*[-*+]\s+\*\*[^*\n]{1,40}\*\*", re.MULTILINE)
_NON_DIGEST_NAME = re.compile(
    r"journal|diary|daily-log|todo|idea|draft|inbox|scratch|meeting|日记|想法|随笔|草稿",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def is_dendron(meta: dict[str, Any]) -> bool:
    """Dendron's frontmatter: an id, a title and created/updated stamps."""
    return "id" in meta and "title" in meta and ("created" in meta or "updated" in meta)


def _titleish(title: str) -> bool:
    """Reads like a paper's title rather than a note's own heading."""
    if is_not_a_paper_title(title):
        return False
    words = _WORD.findall(title)
    cjk = sum(1 for char in title if "\u4e00" <= char <= "\u9fff")
    return len(words) >= 3 or cjk >= 8 or (":" in title and len(words) >= 2)


def _evidence(heading: Heading, head: bytes) -> tuple[bool, bool]:
    """(strong, medium) signs that a section is a paper.

    Strong: an arXiv id or an authors line. Medium: ``#tag`` lines right under
    the heading, an image, or a bulleted summary with bold labels.
    """
    strong = arxiv_in(heading.raw) is not None or arxiv_in(head) is not None
    strong = strong or bool(authors_in(head))
    medium = bool(tags_in(head)) or b"![" in head or b"<img" in head
    medium = medium or _LABELLED_BULLET.search(head) is not None
    return strong, medium


def sections(note: NoteContext, headings: list[Heading]) -> tuple[list[Section], str | None]:
    """The papers of a Dendron or plain note, or why it is not a digest.

    Returns:
        The sections, and None; or no sections and the reason the note was
        passed over.
    """
    spans = level2_spans(headings, len(note.data))
    if not spans:
        return [], "no '## ' headings: not a paper digest"
    candidates: list[tuple[Heading, int]] = []
    paperlike = 0
    strong_count = 0
    for index, end in spans:
        heading = headings[index]
        title = heading.text
        if is_not_a_paper_title(title):
            continue
        candidates.append((heading, end))
        strong, medium = _evidence(heading, prefix(note.data[heading.end + 1 : end], 3000))
        strong_count += strong
        if strong or (medium and _titleish(title)):
            paperlike += 1
    if not candidates:
        return [], "its headings organise the note; none names a paper"
    name = note.path.rsplit("/", 1)[-1]
    needed = max(1, (len(candidates) + 1) // 2)
    if _NON_DIGEST_NAME.search(name):
        if strong_count < needed:
            return [], f"looks like a journal or ideas note ({decode(name.encode())})"
    elif paperlike < needed:
        return [], (
            f"not a paper digest: {paperlike} of {len(candidates)} sections look like papers"
        )
    return [build_section(note, heading, end) for heading, end in candidates], None
