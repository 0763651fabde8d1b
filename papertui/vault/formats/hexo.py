"""Format H: Hexo posts of daily arXiv digests (the ChatPaperFree kind).

A paper is a ``## Title`` whose section opens with an ``**Authors:...**`` line
or carries a ``[PDF](arxiv link)`` line; ``# 2024-09-27 更新`` headings give the
day. Anything else inside a paper (``###``/``####`` and stray ``##`` headings
of an LLM summary, setext headings, ``**Authors**`` lines) stays inside it: a
paper runs to the next paper or the next dated ``#`` heading.
"""

from __future__ import annotations

import re

from papertui.vault.formats import fields
from papertui.vault.formats.common import NoteContext, build_row, is_organising
from papertui.vault.formats.headings import Heading, last_line, plain_heading
from papertui.vault.meta import parse_day
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


def _pdf(data: bytes, start: int, stop: int) -> tuple[fields.ArxivRef, int, int] | None:
    """The arXiv id on a ``[PDF](...)`` line, and where the line's comments are."""
    at = data.find(b"[PDF](", start, stop)
    while at != -1:
        line_start = data.rfind(b"\n", start - 1, at) + 1
        if not data[line_start:at].strip():
            match = _PDF_LINK.match(data, at, stop)
            ref = fields.arxiv_in(match[1]) if match else None
            if match is not None and ref is not None:
                line_end = data.find(b"\n", match.end(), stop)
                return ref, match.end(), stop if line_end == -1 else line_end
        at = data.find(b"[PDF](", at + 6, stop)
    return None


def sections(note: NoteContext, headings: list[Heading]) -> list[SectionRow]:
    """Every paper of a Hexo digest post (a post pasted twice gives each paper twice)."""
    data = note.data
    size = len(data)
    count = len(headings)
    # (heading index, authors, PDF line) of every paper heading.
    papers: list[tuple[int, bytes | None, tuple[fields.ArxivRef, int, int] | None]] = []
    top = [index for index, heading in enumerate(headings) if heading.level <= 2]
    top.append(count)
    for position, index in enumerate(top[:-1]):
        heading = headings[index]
        if heading.level != 2:
            continue
        following = top[position + 1]
        stop = headings[following].start if following < count else size
        body = min(heading.end + 1, stop)
        first = fields.first_lines(data, body, stop, 1)
        names = _authors(first[0]) if first else None
        pdf = _pdf(data, body, min(stop, body + _PDF_WINDOW))
        if (names is not None or pdf is not None) and not is_organising(
            plain_heading(heading.text)
        ):
            papers.append((index, names, pdf))
    found: list[SectionRow] = []
    day = note.day
    scanned = 0
    for number, (index, names, pdf) in enumerate(papers):
        for earlier in range(scanned, index):
            if headings[earlier].level == 1:
                day = parse_day(headings[earlier].text) or day
        scanned = index
        heading = headings[index]
        last = papers[number + 1][0] if number + 1 < len(papers) else count
        ends = next(
            (i for i in range(index + 1, last) if _dated(headings[i])),
            last,
        )
        end = headings[ends].start if ends < count else size
        end_line = last_line(
            data, heading.line, heading.start, end, headings[ends].line if ends < count else None
        )
        body = min(heading.end + 1, end)
        ref = pdf[0] if pdf else fields.arxiv_in(data, body, min(end, body + _PDF_WINDOW))
        code = fields.code_link(data, pdf[1], pdf[2]) if pdf else None
        found.append(
            build_row(
                note,
                heading,
                end,
                end_line,
                title=heading.text,
                ref=ref,
                authors=fields.split_authors(names.decode("utf-8")) if names else (),
                day=day,
                summary=_summary(data, pdf[2] if pdf else body, end),
                tags=() if names is not None else tuple(fields.tags_under(data, body, end)),
                code=code,
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
