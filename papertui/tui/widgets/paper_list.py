"""The paper list: a virtual list (Line API) that paints only the rows on screen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive, var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from papertui.tui.marking import Marks
from papertui.tui.math_unicode import math_to_unicode
from papertui.tui.styling import component_style
from papertui.tui.verb_table import Scope, bindings
from papertui.vault.flags import IS_WORDS, NO_FLAGS, Flag, Flags, flags_on, is_unread
from papertui.vault.paper import Paper
from papertui.vault.sanitize import clean_line
from papertui.vault.watch import active_watch_list

if TYPE_CHECKING:
    from papertui.tui.filtering import Shown


Highlight = Callable[[str], Sequence[int]]
"""A title -> the positions of its characters that the query matched."""


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
_FLAG_STYLES = {*(flag.value for flag in Flag), *(word for word, _ in _UNSET)}
_MARK = "▌"
"""Before a marked row (``v``), in the ``paper-list--marked`` style."""
_ELLIPSIS = "…"
WATCH_GLYPH = "◆"
"""Before a watched paper's row (in the cell that is blank otherwise)."""
_TIMES = "\N{MULTIPLICATION SIGN}"


class PaperList(ScrollView, can_focus=True):
    """One row per paper: unread bold, flag glyph, day, title with matches lit, times seen."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Scope.LIST)  # type: ignore[assignment]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paper-list--cursor",
        "paper-list--day",
        "paper-list--match",
        "paper-list--count",
        "paper-list--empty",
        "paper-list--watched",
        "paper-list--marked",
        *(f"paper-list--{name}" for name in _FLAG_STYLES),
    }

    cursor: reactive[int] = reactive(0, repaint=False, init=False)
    """The index of the highlighted row."""
    view: var[Shown | None] = var(None, init=False, always_update=True)
    """What to show (bound from the screen); the cursor stays on its paper if it can."""
    revision: var[int] = var(0, init=False)
    """Bumped by the screen when read/star flags change: repaint."""
    flags: var[Flags] = var(NO_FLAGS, init=False)
    """Where read/starred come from (bound from the screen)."""
    empty_text: var[str] = var("No papers.", init=False)
    """What the list says when it has no rows (bound from the screen)."""

    @dataclass
    class Highlighted(Message):
        """The highlighted paper changed (``None`` when the list is empty)."""

        paper_list: PaperList
        paper: Paper | None

        @property
        def control(self) -> PaperList:
            return self.paper_list

        def can_replace(self, message: Message) -> bool:
            # Holding j floods these: only the newest one matters.
            return isinstance(message, PaperList.Highlighted)

    @dataclass
    class MarksChanged(Message):
        """Papers were marked or unmarked (``v``, ``V``, Esc)."""

        paper_list: PaperList
        count: int
        """How many are marked now."""

        @property
        def control(self) -> PaperList:
            return self.paper_list

    @dataclass
    class Selected(Message):
        """The user chose a paper (Enter or a double click)."""

        paper_list: PaperList
        paper: Paper

        @property
        def control(self) -> PaperList:
            return self.paper_list

    def __init__(
        self,
        *,
        flags: Flags | None = None,
        empty_text: str = "No papers.",
        marks: Marks | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(PaperList.flags, flags or NO_FLAGS)
        self.set_reactive(PaperList.empty_text, empty_text)
        self._rows: Sequence[Paper] = ()
        self._highlight: Highlight | None = None
        self._lit: LRUCache[str, Sequence[int]] = LRUCache(256)
        self._keys: list[str] = []
        self._highlighted: Paper | None = None
        self._styles: dict[str, Style] = {}
        self.marks = marks if marks is not None else Marks()
        """The marked papers (shared with the verbs that act on them)."""

    @property
    def rows(self) -> Sequence[Paper]:
        """What the list shows."""
        return self._rows

    @property
    def current(self) -> Paper | None:
        """The highlighted paper."""
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor]
        return None

    def show(
        self,
        rows: Sequence[Paper],
        *,
        keys: list[str] | None = None,
        highlight: Highlight | None = None,
        keep: str | None = None,
    ) -> None:
        """Replace the rows; keep the cursor on the paper with key ``keep`` if it is still shown.

        Args:
            rows: The new rows (not copied: do not mutate it afterwards).
            keys: The rows' paper keys, if already at hand (finding a paper is then C-fast).
            highlight: What to light in a title; called only for the rows painted.
            keep: A paper key to stay on; by default the paper highlighted now.
        """
        if keep is None and self._highlighted is not None:
            keep = self._highlighted.key
        on_screen = self.cursor - self.scroll_offset.y if self._rows else None
        self._rows = rows
        self._highlight = highlight
        self._lit.clear()
        self._keys = keys if keys is not None else [paper.key for paper in rows]
        index = self._index(keep) if keep is not None else 0
        self.virtual_size = Size(self.scrollable_content_region.width, len(rows))
        self.set_reactive(PaperList.cursor, index)
        if on_screen is not None and keep is not None and self._keys[index : index + 1] == [keep]:
            # The same paper on the same screen row: rows came or went around it.
            self.scroll_to(y=index - on_screen, animate=False, immediate=True)
        self._scroll_cursor_into_view(center=True)
        self.refresh()
        self._announce()

    def watch_view(self, view: Shown | None) -> None:
        if view is not None:
            self.show(view.papers, keys=view.keys, highlight=view.highlight)

    def watch_revision(self) -> None:
        self.refresh()

    def watch_flags(self) -> None:
        self.refresh()

    def watch_empty_text(self) -> None:
        if not self._rows:
            self.refresh()

    def _index(self, key: str) -> int:
        try:
            return self._keys.index(key)
        except ValueError:
            return 0

    def select_key(self, key: str) -> bool:
        """Move the cursor to the paper with ``key``; False if it is not in the list."""
        try:
            self.cursor = self._keys.index(key)
        except ValueError:
            return False
        return True

    def move_to(self, index: int) -> None:
        """Move the cursor to a row (clamped)."""
        self.cursor = index

    def find_unread(self, step: int) -> int | None:
        """The index of the next unread row after the cursor in direction ``step`` (±1)."""
        index = self.cursor + step
        rows, flags = self._rows, self.flags
        while 0 <= index < len(rows):
            if is_unread(flags, rows[index].key):
                return index
            index += step
        return None

    def to_unread(self, step: int) -> None:
        """Move to the next unread row in direction ``step`` (±1), or say there is none."""
        index = self.find_unread(step)
        if index is None:
            self.notify(f"No unread paper {'below' if step > 0 else 'above'}.", timeout=2)
        else:
            self.move_to(index)

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self._rows) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self._scroll_cursor_into_view()
        self._announce()

    def _announce(self) -> None:
        # By identity: after a rescan the same paper is a new object (its sections
        # may have moved in the note), and the pane must show the new one.
        paper = self.current
        if paper is not self._highlighted or paper is None:
            self._highlighted = paper
            self.post_message(self.Highlighted(self, paper))

    def _scroll_cursor_into_view(self, *, center: bool = False) -> None:
        """Scroll the least to show the cursor; with ``center``, centre it if it is off screen."""
        if not self._rows:
            return
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        if center and not top <= self.cursor < top + height:
            self.scroll_to(y=self.cursor - height // 2, animate=False, immediate=True)
        else:
            self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_toggle_mark(self) -> None:
        """Mark or unmark the paper under the cursor, and go on to the next."""
        if (paper := self.current) is not None:
            self.marks.toggle(paper.key)
            self.refresh_line(self.cursor)
            self._marks_changed()
            self.cursor += 1

    def action_mark_all(self) -> None:
        """Mark every paper in the list; unmark them when all are marked already."""
        if self._rows:
            self.marks.mark_all(self._keys)
            self.refresh()
            self._marks_changed()

    def clear_marks(self) -> int:
        """Unmark every paper; how many were marked."""
        count = self.marks.clear()
        if count:
            self.refresh()
            self._marks_changed()
        return count

    def _marks_changed(self) -> None:
        self.post_message(self.MarksChanged(self, len(self.marks)))

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._rows) - 1

    def action_select(self) -> None:
        if (paper := self.current) is not None:
            self.post_message(self.Selected(self, paper))

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            self.action_select()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if 0 <= index < len(self._rows):
            self.cursor = index
            if event.chain >= 2:
                self.action_select()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._rows))

    def on_focus(self) -> None:
        self._styles.clear()

    def on_blur(self) -> None:
        self._styles.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    @property
    def base_style(self) -> Style:
        """The widget's own style (``rich_style`` walks every ancestor: too slow per line)."""
        style = self._styles.get("")
        if style is None:
            style = self._styles[""] = self.rich_style
        return style

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = component_style(self, f"paper-list--{name}")
        return style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        base = self.base_style
        if not self._rows:
            if y == 0:
                text = clean_line(self.empty_text)
                return Strip([Segment(f" {text}", base + self._style("empty"))]).adjust_cell_length(
                    width, base
                )
            return Strip.blank(width, base)
        if index >= len(self._rows):
            return Strip.blank(width, base)
        return self._render_row(self._rows[index], index == self.cursor, width, base)

    def _positions(self, title: str) -> Sequence[int]:
        if self._highlight is None:
            return ()
        positions = self._lit.get(title)
        if positions is None:
            positions = self._lit[title] = self._highlight(title)
        return positions

    def _render_row(self, paper: Paper, is_cursor: bool, width: int, base: Style) -> Strip:
        carried, style = flags_on(self.flags, paper.key), base
        for flag in _STYLING:
            if flag in carried:
                style += self._style(flag.value)
        for word, meaning in _UNSET:
            if meaning.holds(carried):
                style += self._style(word)
        if is_cursor:
            style += self._style("cursor")
        day = _day(paper, short=width < 44)
        count = len(paper.appearances)
        suffix = f" {_TIMES}{count} " if count > 1 else " "
        lead = Segment(_MARK, style + self._style("marked")) if paper.key in self.marks else None
        head = [lead or self._watched(paper, style), self._mark(carried, style)]
        if day:
            head.append(Segment(day, style + self._style("day")))
            head.append(Segment("  ", style))
        room = width - sum(cell_len(s.text) for s in head) - cell_len(suffix)
        lit = self._positions(paper.title)
        title = _title_strip(paper.title, lit, style, style + self._style("match"))
        if title.cell_length > room:
            title = Strip.join(
                [title.crop(0, max(0, room - 1)), Strip([Segment(_ELLIPSIS, style)])]
            )
        tail = Strip([Segment(suffix, style + self._style("count"))])
        line = Strip.join([Strip(head), title.extend_cell_length(max(0, room), style), tail])
        return line.crop(0, width) if line.cell_length > width else line

    def _watched(self, paper: Paper, style: Style) -> Segment:
        """The row's first cell: the watch-list's mark on a watched paper, else blank."""
        if active_watch_list().reasons(paper):
            return Segment(WATCH_GLYPH, style + self._style("watched"))
        return Segment(" ", style)

    def _mark(self, carried: frozenset[Flag], style: Style) -> Segment:
        """The glyph of the first flag with one that the paper carries, padded to one width."""
        for flag in _MARKED:
            if flag in carried:
                glyph = flag.spec.glyph
                pad = " " * (_MARK_WIDTH - cell_len(glyph) + 1)
                return Segment(glyph + pad, style + self._style(flag.value))
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
