"""One row of the paper list: a mark or flag glyph, the day, the title (matches lit), times seen."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from papertui.tui.math_unicode import math_to_unicode
from papertui.vault.flags import IS_WORDS, Flag
from papertui.vault.paper import Paper
from papertui.vault.sanitize import clean_line
from papertui.vault.watch import active_watch_list

_MARKED = tuple(flag for flag in Flag if flag.spec.glyph)
"""Flags shown by a glyph before the title (the first one a paper carries)."""
_STYLING = tuple(flag for flag in Flag if not flag.spec.glyph)
"""Flags shown as a style of the whole row: ``paper-list--read``, or the style of
their word for its absence (``--unread``) where that holds."""
_UNSET = tuple(
    (flag.spec.unset_word, IS_WORDS[flag.spec.unset_word])
    for flag in _STYLING
    if flag.spec.unset_word
)
_MARK_WIDTH = max((cell_len(flag.spec.glyph) for flag in _MARKED), default=0)
_NO_MARK = " " * (_MARK_WIDTH + 1) if _MARKED else ""
ROW_STYLES = {*(flag.value for flag in Flag), *(word for word, _ in _UNSET)}
"""The row styles of flags (``paper-list--<name>``)."""
_MARK = "▌"
"""Before a marked row (``v``), in the ``paper-list--marked`` style."""
_ELLIPSIS = "…"
WATCH_GLYPH = "◆"
"""Before a watched paper's row (in the cell that is blank otherwise)."""
_TIMES = "\N{MULTIPLICATION SIGN}"


PartStyle = Callable[[str], Style]
"""A part's name (``day``, ``match``, ``read``...) -> its ``paper-list--<name>`` style."""


def paint_row(
    paper: Paper,
    *,
    carried: frozenset[Flag],
    marked: bool,
    lit: Sequence[int],
    is_cursor: bool,
    width: int,
    base: Style,
    part: PartStyle,
) -> Strip:
    """The row of ``paper``, ``width`` cells wide.

    Args:
        paper: The paper.
        carried: The flags it carries (a glyph, or a style of the whole row).
        marked: It is marked (``v``): a bar before it.
        lit: The positions in its title that the filter matched.
        is_cursor: The cursor is on it.
        width: The row's width in cells.
        base: The list's own style.
        part: The style of a part of the row.
    """
    style = base
    for flag in _STYLING:
        if flag in carried:
            style += part(flag.value)
    for word, meaning in _UNSET:
        if meaning.holds(carried):
            style += part(word)
    if is_cursor:
        style += part("cursor")
    day = _day(paper, short=width < 44)
    count = len(paper.appearances)
    suffix = f" {_TIMES}{count} " if count > 1 else " "
    lead = Segment(_MARK, style + part("marked")) if marked else _watched(paper, style, part)
    head = [lead, _mark(carried, style, part)]
    if day:
        head.append(Segment(day, style + part("day")))
        head.append(Segment("  ", style))
    room = width - sum(cell_len(s.text) for s in head) - cell_len(suffix)
    title = _title_strip(paper.title, lit, style, style + part("match"))
    if title.cell_length > room:
        title = Strip.join([title.crop(0, max(0, room - 1)), Strip([Segment(_ELLIPSIS, style)])])
    tail = Strip([Segment(suffix, style + part("count"))])
    line = Strip.join([Strip(head), title.extend_cell_length(max(0, room), style), tail])
    return line.crop(0, width) if line.cell_length > width else line


def _watched(paper: Paper, style: Style, part: PartStyle) -> Segment:
    """The row's first cell: the watch-list's mark on a watched paper, else blank."""
    if active_watch_list().reasons(paper):
        return Segment(WATCH_GLYPH, style + part("watched"))
    return Segment(" ", style)


def _mark(carried: frozenset[Flag], style: Style, part: PartStyle) -> Segment:
    """The glyph of the first flag with one that the paper carries, padded to one width."""
    for flag in _MARKED:
        if flag in carried:
            glyph = flag.spec.glyph
            pad = " " * (_MARK_WIDTH - cell_len(glyph) + 1)
            return Segment(glyph + pad, style + part(flag.value))
    return Segment(_NO_MARK, style)


def _day(paper: Paper, *, short: bool) -> str:
    if paper.day is None:
        return ""
    return paper.day.strftime("%y-%m-%d" if short else "%Y-%m-%d")


def _title_strip(title: str, positions: Sequence[int], style: Style, lit: Style) -> Strip:
    """The title as segments, with the characters at ``positions`` in ``lit``.

    Math reads as Unicode (``I²OL-Net``) but while a filter lights characters:
    the positions are those of the title as written.
    """
    if not positions:
        return Strip([Segment(math_to_unicode(clean_line(title)), style)])
    wanted = set(positions)
    segments: list[Segment] = []
    start, lit_now = 0, 0 in wanted
    for index in range(1, len(title) + 1):
        here = index in wanted
        if index == len(title) or here != lit_now:
            text = clean_line(title[start:index])
            if text:
                segments.append(Segment(text, lit if lit_now else style))
            start, lit_now = index, here
    return Strip(segments)
