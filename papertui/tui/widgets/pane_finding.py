"""The paper pane's find: the text looked for, its matches lit by cell range, and its keys.

``Find`` holds what is looked for and the matches in the pane's rendered lines
(:func:`find_matches`, drawn by :func:`lit`). ``FindingPane`` is the part of
``PaperView`` that owns the find: its keys (``/`` or ctrl+f to start, ``n``/``N``
to step, Escape to close) and the keys typed into it. The pane says what its
lines are and how it repaints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.scroll_view import ScrollView
from textual.strip import Strip

FIND_PARTS = frozenset({"match", "match-current", "find"})
"""The pane's component classes for find: a match, the current one, the find line."""


@dataclass(frozen=True, slots=True)
class Match:
    """One occurrence of the text looked for: a line of the pane and the cells it covers."""

    line: int
    start: int
    end: int


@dataclass(slots=True)
class Find:
    """The text looked for in the pane, its matches and the one stepped to."""

    text: str = ""
    typing: bool = True
    """Keys go into ``text`` (Enter stops typing, leaving the matches lit)."""
    matches: list[Match] = field(default_factory=list)
    current: int = 0

    def search(self, lines: Sequence[Strip], near: int = 0) -> None:
        """Find ``text`` in ``lines`` again; the current match is the first at or after ``near``."""
        self.matches = find_matches(lines, self.text)
        self.current = next(
            (number for number, match in enumerate(self.matches) if match.line >= near), 0
        )

    def type_key(self, key: str, character: str | None) -> bool:
        """A key typed into the find: Enter stops typing, Backspace deletes; True if it did."""
        if key == "enter":
            self.typing = False
        elif key == "backspace":
            self.text = self.text[:-1]
        elif character:
            self.text += character
        else:
            return False
        return True

    def step(self, step: int) -> Match | None:
        """Move to the next (``1``) or previous (``-1``) match, wrapping; the match, if any."""
        if not self.matches:
            return None
        self.current = (self.current + step) % len(self.matches)
        return self.matches[self.current]

    @property
    def status(self) -> str:
        """The find line: ``find: text▏ 3 of 17`` (or "no match")."""
        cursor = "▏" if self.typing else ""
        if not self.text:
            count = ""
        elif self.matches:
            count = f"  {self.current + 1} of {len(self.matches)}"
        else:
            count = "  no match"
        return f"find: {self.text}{cursor}{count}"

    def row(self, width: int, style: Style) -> Strip:
        """The find line, drawn over the pane's last row (the text is data: no markup)."""
        return Strip([Segment(self.status, style)]).crop_extend(0, width, style)

    def on_line(self, line: int) -> list[tuple[Match, bool]]:
        """The matches on ``line``, each with whether it is the current one."""
        current = self.matches[self.current] if self.matches else None
        return [(match, match == current) for match in self.matches if match.line == line]


def find_matches(lines: Sequence[Strip], text: str) -> list[Match]:
    """Every occurrence of ``text`` in ``lines``, case-insensitive, as cell ranges."""
    needle = text.casefold()
    if not needle:
        return []
    matches: list[Match] = []
    for number, strip in enumerate(lines):
        haystack = strip.text
        folded = haystack.casefold()
        if len(folded) != len(haystack):  # casefold changed the length (ß): match as written
            folded, needle_here = haystack, text
        else:
            needle_here = needle
        at = folded.find(needle_here)
        while at >= 0:
            start = cell_len(haystack[:at])
            matches.append(Match(number, start, start + cell_len(haystack[at : at + len(text)])))
            at = folded.find(needle_here, at + max(1, len(needle_here)))
    return matches


def lit(strip: Strip, spans: Sequence[tuple[Match, bool]], style: Style, current: Style) -> Strip:
    """``strip`` with each match's cells in ``style`` (the current one in ``current``)."""
    pieces: list[Strip] = []
    at = 0
    for match, is_current in sorted(spans, key=lambda span: span[0].start):
        if match.start < at:
            continue
        pieces.append(strip.crop(at, match.start))
        piece = strip.crop(match.start, match.end)
        over = current if is_current else style  # over the text's own colours, not under
        pieces.append(Strip(Segment.apply_style(piece, post_style=over), piece.cell_length))
        at = match.end
    pieces.append(strip.crop(at, strip.cell_length))
    return Strip.join(pieces)


class FindingPane(ScrollView):
    """A scrolling pane of lines with a find over them."""

    _find: Find | None = None

    @property
    def lines(self) -> list[Strip]:
        """Everything the pane shows, one strip per line (the find searches them)."""
        raise NotImplementedError

    def _repaint(self) -> None:
        """Paint again after the find changed (the pane drops what it kept painted)."""
        self.refresh()

    def action_find(self) -> None:
        """Start finding in the pane: keys typed now go into the text looked for."""
        self._find = Find()
        self._repaint()

    def action_find_next(self) -> None:
        self._step_find(1)

    def action_find_previous(self) -> None:
        self._step_find(-1)

    def action_close_find(self) -> None:
        self._find = None
        self._repaint()

    def _step_find(self, step: int) -> None:
        match = self._find.step(step) if self._find is not None else None
        if match is not None:
            self.scroll_to_line(match.line)
        self._repaint()

    def scroll_to_line(self, line: int) -> None:
        """Bring ``line`` into view, a third of the way down the pane."""
        height = self.scrollable_content_region.height
        self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)

    async def on_key(self, event: events.Key) -> None:
        """While typing a find, keys go into it (and to no binding)."""
        find = self._find
        if find is None or not find.typing:
            return
        event.stop()
        event.prevent_default()
        if event.key == "escape":
            self.action_close_find()
        elif find.type_key(event.key, event.character if event.is_printable else None):
            if find.typing:
                find.search(self.lines, self.scroll_offset.y)
                if find.matches:
                    self.scroll_to_line(find.matches[find.current].line)
            self._repaint()

    @property
    def finding(self) -> bool:
        """A find is open (its Enter and Escape belong to the pane)."""
        return self._find is not None
