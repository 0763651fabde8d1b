"""Format Z: LLM-enhanced daily arXiv digests (the daily-arXiv-ai-enhanced family).

One paper per ``### [N] [Title](https://arxiv.org/abs/ID)`` heading, its
authors in ``*A, B*`` under it. Category headings (``## cs.CV [[Back]](#toc)``,
``# cs.DB`` in some forks) and the table of contents are never papers: a paper
runs to the next paper heading or the next heading above its own level, so
``###`` headings and stray lines inside a summary stay inside it.
"""

from __future__ import annotations

import re

from papertui.vault.formats import fields
from papertui.vault.formats.common import NoteContext, build_row
from papertui.vault.formats.headings import Heading, last_line
from papertui.vault.meta import parse_day
from papertui.vault.paper import SectionRow, collapse_spaces

NAME = "digest"

_NUMBERED = re.compile(rb"\[\d+\][ \t]*\[(.+)\]\([ \t]*<?(https?://[^)\s>]+)>?[ \t]*\)[ \t]*")
_UNNUMBERED = re.compile(
    rb"\[(.+)\]\([ \t]*<?(https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/[^)\s>]+)>?[ \t]*\)"
)
_CATEGORY = re.compile(rb"([a-z]+(?:-[a-z]+)?(?:\.[A-Za-z\-]+)?)[ \t]*(?:\[\[Back\]\]\([^)]*\))?")
_MAIN_CATEGORY = re.compile(rb"(?:\*\*)?[ \t]*([a-z]+(?:-[a-z]+)?(?:\.[A-Za-z\-]+)?)[ \t]*$", re.M)
_AUTHORS = re.compile(rb"\*([^*\n][^\n]*?)\*")
_HEAD_WINDOW = 4000
"""A digest paper's TL;DR and keywords come before its abstract."""
_SUMMARY_MARKERS = (b"**TL;DR:**", b"**TL;DR**", b"TL;DR:", b"**Summary**", b"**Summary:**")


def _main_category(data: bytes, start: int, end: int) -> tuple[str, ...]:
    """The paper's ``**Main category:** cs.CV`` (a cross-listed paper's own category)."""
    at = data.find(b"ain category:", start, end)
    if at == -1:
        return ()
    match = _MAIN_CATEGORY.match(data, at + 13, end)
    return (match[1].decode("ascii"),) if match else ()


def detect(data: bytes, headings: list[Heading]) -> bool:
    """True for a note laid out as a Format Z digest (an empty one included)."""
    for heading in headings:
        raw = heading.raw
        if raw.startswith(b"[") and paper_match(heading) is not None:
            return True
        if raw.endswith(b"[[Back]](#toc)"):
            return True
    return b"<div id=toc>" in data[:4096] or b"<div id='toc'>" in data[:4096]


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
        lines = fields.first_lines(data, body, end, 1)
        authors_match = _AUTHORS.fullmatch(lines[0]) if lines else None
        authors = fields.split_authors(authors_match[1].decode("utf-8")) if authors_match else ()
        window = min(end, body + _HEAD_WINDOW)
        summary = ""
        for marker in _SUMMARY_MARKERS:
            summary = fields.paragraph_after(data, body, window, marker)
            if summary:
                break
        found.append(
            build_row(
                note,
                heading,
                end,
                last_line(data, heading.line, heading.start, end, hint),
                title=collapse_spaces(match[1].decode("utf-8")),
                ref=fields.arxiv_in(match[2]),
                authors=authors,
                day=day,
                summary=summary,
                tags=_main_category(data, body, window) or ((category,) if category else ()),
                keywords=fields.keywords_in(data, body, window),
            )
        )
    return found
