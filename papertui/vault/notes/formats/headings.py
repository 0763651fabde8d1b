"""ATX headings outside fenced code and HTML comments, found in one pass over bytes.

Setext headings (``text`` over ``---``) are never looked for: in a digest they
only occur inside a paper's summary, where they must not start a paper.
Indented lines (four spaces or a tab) are never headings or fences.
"""

from __future__ import annotations

import re

from papertui.vault.paper import collapse_spaces

# Lines that may matter start (after up to three spaces) with a hash, a
# backtick, a tilde or "<!--". They are found by searching for those single
# bytes (memchr speed) and keeping the hits at the start of a line: several
# times faster than a regex pass over every line of the note.
_HASHES = re.compile(rb"#{1,6}(?=[ \t\n]|\xc2\xa0|\xe3\x80\x80|\Z)")
"""Hashes opening a heading: a space, tab, no-break or ideographic space after them."""
_FENCE = re.compile(rb"`{3,}|~{3,}")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_EMPHASIS = re.compile(r"^(\*\*|__)(.+)\1$")
_MAX_REOPENS = 16
"""Unclosed fences re-scanned as text at most this often (bounds the work)."""
MAX_HITS = 400_000
"""Candidate bytes looked at per kind (``#``, backtick, ...): bounds a pathological note."""
MAX_MARKS = 100_000
"""Headings and fences kept per note; a note with more is read in part."""


class Heading:
    """An ATX heading outside code."""

    __slots__ = ("end", "level", "line", "raw", "start")

    def __init__(self, start: int, end: int, level: int, line: int, raw: bytes) -> None:
        self.start = start
        """Offset of the first byte of the heading line."""
        self.end = end
        """Offset of the newline ending the heading line (or the end of the note)."""
        self.level = level
        self.line = line
        """1-based line number."""
        self.raw = raw
        """The heading's text as bytes, without the hashes, stripped."""

    def __repr__(self) -> str:
        return f"Heading({self.level}, line {self.line}, {self.raw!r})"

    @property
    def text(self) -> str:
        """The heading text: closing hashes gone, whitespace collapsed, decoded strictly."""
        return heading_text(self.raw)


def heading_text(raw: bytes) -> str:
    """A heading's bytes as its text; UnicodeDecodeError sends the note to the slow path."""
    text = raw.decode("utf-8")
    if text.endswith("#"):
        text = _CLOSING_HASHES.sub("", text)
    return collapse_spaces(text)


def plain_heading(text: str) -> str:
    """The heading text without emphasis wrapped around all of it (``**工作笔记**``)."""
    match = _EMPHASIS.match(text)
    return match[2].strip() if match else text


class Headings(list[Heading]):
    """The headings of a note, whether there were too many to read them all, and its code."""

    truncated = False
    fences: tuple[tuple[int, int], ...] = ()
    """(start, end) of every fenced code block and HTML comment: entries shown as code, or
    not shown at all, are no papers."""

    def in_code(self, at: int) -> bool:
        """Whether offset ``at`` is inside a fenced code block or an HTML comment."""
        return any(start <= at < end for start, end in self.fences)


def scan_headings(data: bytes, start: int = 0) -> Headings:
    """Every ATX heading from ``start`` (the start of a line) that is not in code or a comment.

    A fence that is never closed does not hide the rest of the note: a careful
    reader of the source sees those headings, so the unclosed opener is taken
    as text and the lines after it are read again.
    """
    marks, truncated = _block_lines(data, start)
    ignored: set[int] = set()
    fences: list[tuple[int, int]] = []
    for _ in range(_MAX_REOPENS):
        fences = []
        found, unclosed = _headings(data, marks, ignored, fences)
        if unclosed is None:
            break
        ignored.add(unclosed)
    headings = Headings(found)
    headings.truncated = truncated
    if fences:
        headings.fences = tuple(fences)
    return headings


def _block_lines(
    data: bytes, start: int
) -> tuple[list[tuple[int, int, bytes | None, bytes | None]], bool]:
    """(line start, marker end, hashes, fence or comment) of every line that may open a block.

    Returns:
        The marks in order, and True when the limits cut the search short.
    """
    marks: list[tuple[int, int, bytes | None, bytes | None]] = []
    truncated = False
    for char in (b"#", b"`", b"~", b"!"):
        at = data.find(char, start)
        hits = 0
        while at != -1:
            hits += 1
            if hits > MAX_HITS or len(marks) >= MAX_MARKS:
                truncated = True
                break
            line_start = at if at == start or data[at - 1] == 0x0A else _line_start(data, start, at)
            if line_start is not None:
                if char == b"#":
                    hashes = _HASHES.match(data, at)
                    if hashes is not None:
                        marks.append((line_start, hashes.end(), hashes[0], None))
                elif char == b"!":
                    if data.startswith(b"<!--", at - 1):
                        marks.append((line_start, at + 3, None, b"<!--"))
                else:
                    fence = _FENCE.match(data, at)
                    if fence is not None:
                        marks.append((line_start, fence.end(), None, fence[0]))
            # Nothing later on this line starts a line: go on from the next one.
            at = data.find(b"\n", at)
            if at == -1:
                break
            at = data.find(char, at)
    marks.sort()
    return marks, truncated


def _line_start(data: bytes, start: int, at: int) -> int | None:
    """The start of the line when only up to three spaces (or ``<`` of ``<!--``) come before."""
    line_start = at
    while line_start > start and data[line_start - 1] != 0x0A:  # "\n"
        line_start -= 1
        if at - line_start > 4:
            return None
    prefix = data[line_start:at]
    if prefix.strip(b" ") and prefix.rstrip(b" ") != b"<":
        return None
    if prefix.count(b" ") > 3:
        return None
    return line_start


def _headings(
    data: bytes,
    marks: list[tuple[int, int, bytes | None, bytes | None]],
    ignored: set[int],
    fences: list[tuple[int, int]],
) -> tuple[list[Heading], int | None]:
    """The headings, and the index of a fence left open at the end (or None).

    The spans of the fences closed are added to ``fences``.
    """
    headings: list[Heading] = []
    fence: bytes | None = None
    opened = -1
    skip_to = -1
    line = -1
    counted = 0
    for index, (line_start, after, hashes, block) in enumerate(marks):
        if line_start < skip_to:
            continue
        line_end = data.find(b"\n", after)
        if line_end == -1:
            line_end = len(data)
        if fence is not None:
            if (
                block is not None
                and block[:1] == fence[:1]
                and len(block) >= len(fence)
                and not data[after:line_end].strip()
            ):
                fence = None
                fences.append((marks[opened][0], line_end))
            continue
        if block is not None:
            if index in ignored:
                continue
            if block == b"<!--":
                close = data.find(b"-->", after)
                if close != -1:
                    skip_to = close + 3
                    fences.append((line_start, skip_to))
                continue
            if block[:1] == b"`" and b"`" in data[after:line_end]:
                continue  # ```inline code``` on one line, not a fence
            fence = block
            opened = index
            continue
        assert hashes is not None
        if line == -1:
            line = count_newlines(data, 0, line_start) + 1
        else:
            line += count_newlines(data, counted, line_start)
        counted = line_start
        raw = data[after:line_end].strip()
        headings.append(Heading(line_start, line_end, len(hashes), line, raw))
    return headings, (opened if fence is not None else None)


def count_newlines(data: bytes, start: int, end: int) -> int:
    """``data.count(b"\\n", start, end)``, three times faster over long spans.

    ``bytes.count`` looks at every byte in turn; ``replace`` finds the newlines
    with memchr, and copying the span costs less than that saves.
    """
    if end - start < 1024:
        return data.count(b"\n", start, end)
    span = data[start:end]
    return len(span) - len(span.replace(b"\n", b""))


def last_line(data: bytes, line: int, start: int, end: int, end_line: int | None = None) -> int:
    """The last non-blank line of a block from ``start`` (on ``line``) to ``end``.

    Args:
        data: The note.
        line: The line ``start`` is on.
        start: Where the block starts.
        end: Where it ends (exclusive).
        end_line: The line ``end`` starts, when known (a heading's): saves counting.
    """
    stop = end
    while stop > start and data[stop - 1] in b" \t\n":
        stop -= 1
    if end_line is not None:
        return end_line - data.count(b"\n", stop, end)
    return line + count_newlines(data, start, stop)
