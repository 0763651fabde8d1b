"""Format D and plain notes: one paper per ``## Title``, ``#tag`` lines under it.

Dendron/Obsidian daily notes have no ids, authors or links: the key comes from
the title. A note is read as a digest only when most of the headings that read
like paper titles also look like papers (tags, an image, a bulleted summary,
prose about "the paper", an arXiv link or an authors line); journals and idea
lists are passed over with the reason. Short headings that do not name a paper
(``## 研究背景``, ``## Method``) stay inside the paper above them.
"""

from __future__ import annotations

import re
from typing import Any

from papertui.vault.notes.formats import fields, identifiers
from papertui.vault.notes.formats.common import (
    ARXIV_WORDS,
    AUTHOR_WORDS,
    NoteContext,
    build_row,
    is_organising,
    title_shape,
)
from papertui.vault.notes.formats.headings import Heading, Headings, last_line, plain_heading
from papertui.vault.paper import SectionRow

NAME = "dendron"
PLAIN = "plain"

_LABELLED_BULLET = re.compile(rb"[-*+][ \t]+\*\*[^*\n]{1,40}\*\*")
_PAPER_WORDS = (
    "论文".encode(),
    "本文".encode(),
    "作者".encode(),
    b"paper",
    b"Paper",
    b"propose",
    b"we present",
    b"We present",
)


def is_dendron(meta: dict[str, Any]) -> bool:
    """Dendron's frontmatter: an id, a title and created/updated stamps."""
    return "id" in meta and "title" in meta and ("created" in meta or "updated" in meta)


_IMAGE_STARTS = (b"![", b"<img")
Fences = tuple[tuple[int, int], ...]


class _Candidate:
    """A level-2 heading that may name a paper, with what is right under it."""

    __slots__ = ("end", "index", "lines", "strong", "tags", "title")

    def __init__(self, index: int, title: str, end: int, lines: list[bytes]) -> None:
        self.index = index
        self.title = title
        self.end = end
        self.lines = lines
        self.tags = fields.tags_in(lines)
        self.strong = False


def _strong(note: NoteContext, heading: Heading, body: int, end: int, fences: Fences = ()) -> bool:
    """An arXiv id or an authors line right with the heading (not in an example in code)."""
    stop = min(end, body + fields.HEAD_BYTES)
    for fence_start, fence_end in fences:
        if fence_end > body and fence_start < stop:
            stop = max(body, fence_start)
            break
    if note.mentions(*ARXIV_WORDS) and (
        identifiers.arxiv_in(heading.raw) is not None or identifiers.arxiv_in(note.data, body, stop)
    ):
        return True
    return note.mentions(*AUTHOR_WORDS) and bool(fields.authors_line(note.data, body, stop))


_AUTHOR_LABELS = (
    b"Author",
    b"**Author",
    b"- Author",
    b"- **Author",
    b"* **Author",
    "作者".encode(),
    "**作者".encode(),
)


def _authors(lines: list[bytes]) -> tuple[str, ...]:
    """Authors from an ``Authors:`` line among the first lines under a heading."""
    for line in lines[:8]:
        if line.startswith(_AUTHOR_LABELS):
            return fields.authors_line(line, 0, len(line))
    return ()


def _medium(note: NoteContext, candidate: _Candidate, body: int, shape: str) -> bool:
    """Tags under the heading; for a Latin title also an image, labelled bullets or paper prose."""
    if candidate.tags:
        return True
    if shape != "latin":
        return False
    for line in candidate.lines[:6]:
        if line.startswith(_IMAGE_STARTS) or _LABELLED_BULLET.match(line):
            return True
    data = note.data
    stop = min(candidate.end, body + fields.HEAD_BYTES)
    return any(data.find(word, body, stop) != -1 for word in _PAPER_WORDS)


def sections(
    note: NoteContext,
    headings: list[Heading],
    spans: list[tuple[int, int, bool]] | None = None,
    *,
    daily: bool = True,
) -> tuple[list[SectionRow], str | None]:
    """The papers of a Dendron or plain note, or why it is not a digest.

    ``spans``, when given, gets the (start, end) offsets of each paper's section, and
    whether that section itself looks like a paper (not only its neighbours).
    A Dendron note that is not ``daily`` (its title is no date) is a digest only
    when some section links a paper or names authors: tags alone mark ideas too.

    Returns:
        The sections and None; or no sections and the reason the note was
        passed over.
    """
    data = note.data
    fences = headings.fences if isinstance(headings, Headings) else ()
    top = [(index, h) for index, h in enumerate(headings) if h.level <= 2]
    if not any(h.level == 2 for _, h in top):
        return [], "no '## ' headings: not a paper digest"
    candidates: list[_Candidate] = []
    shapes: list[str | None] = []
    for position, (index, heading) in enumerate(top):
        if heading.level != 2:
            continue
        title = plain_heading(heading.text)
        if is_organising(title):
            continue
        end = top[position + 1][1].start if position + 1 < len(top) else len(data)
        body = min(heading.end + 1, end)
        shape = title_shape(title, organising=False)
        candidate = _Candidate(index, title, end, fields.head_lines(data, body, end))
        if shape is None:  # a short name still names a paper with an id or authors under it
            candidate.strong = _strong(note, heading, body, end, fences)
            if not candidate.strong:
                continue
        candidates.append(candidate)
        shapes.append(shape)
    if not candidates:
        return [], "its '## ' headings organise the note; none names a paper"
    # Evidence is looked for until half the titled sections have shown it.
    evidence = 0
    for candidate, shape in zip(candidates, shapes, strict=True):
        if evidence * 2 >= len(candidates):
            break
        heading = headings[candidate.index]
        body = min(heading.end + 1, candidate.end)
        if (
            candidate.tags
            or candidate.strong
            or _strong(note, heading, body, candidate.end, fences)
            or (shape is not None and _medium(note, candidate, body, shape))
        ):
            evidence += 1
    if evidence * 2 < len(candidates):
        return [], (
            f"not a paper digest: {evidence} of {len(candidates)} titled sections look like papers"
        )
    if not daily and not any(
        candidate.strong
        or _strong(
            note,
            headings[candidate.index],
            headings[candidate.index].end + 1,
            candidate.end,
            fences,
        )
        for candidate in candidates
    ):
        return [], "not a daily paper note: no section links a paper or names its authors"
    found: list[SectionRow] = []
    for number, candidate in enumerate(candidates):
        heading = headings[candidate.index]
        following = candidates[number + 1] if number + 1 < len(candidates) else None
        ends = _end(headings, candidate.index, following.index if following else len(headings))
        end = headings[ends].start if ends < len(headings) else len(data)
        hint = headings[ends].line if ends < len(headings) else None
        body = min(heading.end + 1, end)
        if spans is not None:
            shape = shapes[number]
            own = bool(
                candidate.tags
                or candidate.strong
                or _strong(note, heading, body, min(end, candidate.end), fences)
                or (shape is not None and _medium(note, candidate, body, shape))
            )
            spans.append((heading.start, end, own))
        ref = None
        if note.mentions(*ARXIV_WORDS):
            ref = identifiers.arxiv_in(heading.raw) or identifiers.arxiv_in(
                data, body, min(end, body + fields.HEAD_BYTES)
            )
        authors = _authors(candidate.lines) if note.mentions(*AUTHOR_WORDS) else ()
        found.append(
            build_row(
                note,
                heading,
                end,
                last_line(data, heading.line, heading.start, end, hint),
                title=candidate.title,
                ref=ref,
                authors=authors,
                day=note.day,
                summary=_summary(
                    data,
                    body,
                    end,
                    candidate.lines if end <= candidate.end else fields.head_lines(data, body, end),
                ),
                tags=tuple(candidate.tags),
            )
        )
    return found, None


def _end(headings: list[Heading], index: int, next_paper: int) -> int:
    """The index of the heading a paper ends at: the next paper, or a ``#`` heading before it."""
    for later in range(index + 1, next_paper):
        if headings[later].level == 1:
            return later
    return next_paper


def _summary(data: bytes, start: int, end: int, lines: list[bytes]) -> str:
    if data.find(b"**Summary**", start, min(end, start + fields.HEAD_BYTES)) != -1:
        summary = fields.paragraph_after(data, start, end, b"**Summary**")
        if summary:
            return summary
    return fields.first_bullet(lines) or _first_prose(lines)


def _first_prose(lines: list[bytes]) -> str:
    """The first line of prose (not a tag, image or heading) of a section."""
    for line in lines:
        if not line.startswith((b"#", b"![", b"<", b"|", b"```", b"---")):
            return fields.plain_line(fields.utf8(line[: 4 * fields.SUMMARY_CHARS]))
    return ""
