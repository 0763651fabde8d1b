"""Format H: Hexo posts of daily arXiv digests (the ChatPaperFree kind).

A paper is a ``## Title`` whose section opens with an ``**Authors:...**`` line
or carries a ``[PDF](arxiv link)`` line; ``# 2024-09-27 更新`` headings give the
day. Anything else inside a paper (``###``/``####`` and stray ``##`` headings
of an LLM summary, setext headings, ``**Authors**`` lines) stays inside it: a
paper runs to the next paper or the next dated ``#`` heading.
"""

from __future__ import annotations

import re

from papertui.vault.notes.formats import fields, identifiers
from papertui.vault.notes.formats.common import NoteContext, build_row, is_organising
from papertui.vault.notes.formats.headings import Heading, last_line, plain_heading
from papertui.vault.notes.frontmatter import parse_day
from papertui.vault.paper import SectionRow

NAME = "hexo"

_PDF_LINK = re.compile(rb"\[PDF\]\([ \t]*(https?://[^)\s]+)[ \t]*\)")
_PDF_WINDOW = 12_000
"""How far below its heading a paper's ``[PDF](...)`` line is looked for."""
_SUMMARY_MARKERS = (b"**Summary**", "**摘要**".encode(), b"**TL;DR**")
_SUMMARY_WINDOW = 3000


def detect(data: bytes) -> bool:
    """True for a note that may be a Hexo digest: it has ``[PDF](`` links."""
    return b"[PDF](" in data


def _authors(line: bytes) -> bytes | None:
    """The names of an ``**Authors:A, B**`` line."""
    if not line.startswith((b"**Authors", b"**Author", b"**authors")):
        return None
    colon = line.find(b":")
    if colon == -1:
        colon = line.find("：".encode())
        if colon == -1:
            return None
        colon += 2
    names = line[colon + 1 :].strip()
    return names[:-2].strip() if names.endswith(b"**") else names


def _pdf(data: bytes, start: int, stop: int) -> tuple[identifiers.ArxivRef, int, int] | None:
    """The arXiv id on a ``[PDF](...)`` line, and where the line's comments are."""
    at = data.find(b"[PDF](", start, stop)
    while at != -1:
        line_start = data.rfind(b"\n", start - 1, at) + 1
        if not data[line_start:at].strip():
            match = _PDF_LINK.match(data, at, stop)
            ref = identifiers.arxiv_in(match[1]) if match else None
            if match is not None and ref is not None:
                line_end = data.find(b"\n", match.end(), stop)
                return ref, match.end(), stop if line_end == -1 else line_end
        at = data.find(b"[PDF](", at + 6, stop)
    return None


class _Paper:
    """A paper heading and what its head gave."""

    __slots__ = ("authors", "code", "comments", "index", "ref", "summary", "title")

    def __init__(self, index: int) -> None:
        self.index = index
        self.title = ""
        self.authors: bytes | None = None
        self.ref: identifiers.ArxivRef | None = None
        self.comments: tuple[int, int] | None = None
        """Where the [PDF] line's comments are (the code link is often there)."""
        self.summary: bytes | None = None
        self.code: str | None = None


def _read_head(data: bytes, index: int, body: int, stop: int) -> _Paper | None:
    """The paper whose section starts at ``body``, or None if it is no paper.

    The ChatPaperFree layout (authors line, one-line abstract, ``[PDF]`` line,
    ``**Summary**`` line) is read with a few searches; anything else field by
    field.
    """
    paper = _Paper(index)
    at = body
    while at < stop and data[at] in b" \t\n":
        at += 1
    line_end = data.find(b"\n", at, stop)
    line_end = stop if line_end == -1 else line_end
    paper.authors = _authors(data[at:line_end].rstrip())
    pdf = _pdf(data, body, min(stop, body + _PDF_WINDOW))
    if pdf is not None:
        paper.ref, paper.comments = pdf[0], (pdf[1], pdf[2])
        at = pdf[2] + 1
        while at < stop and data[at] in b" \t\n":
            at += 1
        for marker in _SUMMARY_MARKERS:
            if data.startswith(marker, at):
                line_start = data.find(b"\n", at, stop) + 1
                while 0 < line_start < stop and data[line_start] in b" \t\n":
                    line_start += 1
                if 0 < line_start < stop and data[line_start] not in b"#*<":
                    line_end = data.find(b"\n", line_start, stop)
                    paper.summary = data[line_start : stop if line_end == -1 else line_end]
                break
    return paper if paper.authors is not None or pdf is not None else None


def sections(note: NoteContext, headings: list[Heading]) -> list[SectionRow]:
    """Every paper of a Hexo digest post (a post pasted twice gives each paper twice)."""
    data = note.data
    size = len(data)
    count = len(headings)
    papers: list[_Paper] = []
    top = [index for index, heading in enumerate(headings) if heading.level <= 2]
    top.append(count)
    for position, index in enumerate(top[:-1]):
        heading = headings[index]
        if heading.level != 2:
            continue
        following = top[position + 1]
        stop = headings[following].start if following < count else size
        paper = _read_head(data, index, min(heading.end + 1, stop), stop)
        if paper is not None:
            paper.title = heading.text
            if not is_organising(plain_heading(paper.title)):
                papers.append(paper)
    found: list[SectionRow] = []
    day = note.day
    scanned = 0
    for number, paper in enumerate(papers):
        index = paper.index
        for earlier in range(scanned, index):
            if headings[earlier].level == 1:
                day = parse_day(headings[earlier].text) or day
        scanned = index
        heading = headings[index]
        last = papers[number + 1].index if number + 1 < len(papers) else count
        ends = last
        for later in range(index + 1, last):
            if headings[later].level == 1 and _dated(headings[later]):
                ends = later
                break
        end = headings[ends].start if ends < count else size
        end_line = last_line(
            data, heading.line, heading.start, end, headings[ends].line if ends < count else None
        )
        body = min(heading.end + 1, end)
        comments = paper.comments
        if paper.ref is None:
            paper.ref = identifiers.arxiv_in(data, body, min(end, body + _PDF_WINDOW))
        code = (
            fields.code_link(data, *comments)
            if comments and b"://" in data[comments[0] : comments[1]]
            else None
        )
        if paper.summary:
            summary = fields.plain_line(fields.utf8(paper.summary[: 4 * fields.SUMMARY_CHARS]))
        else:
            summary = _summary(data, comments[1] if comments else body, end)
        found.append(
            build_row(
                note,
                heading,
                end,
                end_line,
                title=paper.title,
                ref=paper.ref,
                authors=fields.split_authors(paper.authors.decode("utf-8"))
                if paper.authors
                else (),
                day=day,
                summary=summary,
                tags=() if paper.authors is not None else tuple(fields.tags_under(data, body, end)),
                code=code,
                keywords=fields.keywords_in(data, comments[1] if comments else body, end),
            )
        )
    return found


def _dated(heading: Heading) -> bool:
    return heading.level == 1 and parse_day(heading.text) is not None


def _summary(data: bytes, start: int, end: int) -> str:
    window = min(end, start + _SUMMARY_WINDOW)
    for marker in _SUMMARY_MARKERS:
        summary = fields.paragraph_after(data, start, window, marker)
        if summary:
            return summary
    return fields.first_bullet(fields.head_lines(data, start, end, 4 * fields.HEAD_BYTES))
