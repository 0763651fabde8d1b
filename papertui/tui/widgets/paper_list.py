"""The paper list: a virtual list (Line API) that paints only the rows on screen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

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
from papertui.tui.styling import component_style
from papertui.tui.verb_table import Scope, bindings
from papertui.tui.widgets.paper_row import ROW_STYLES, paint_row
from papertui.vault.flags import NO_FLAGS, Flags, flags_on, is_unread
from papertui.vault.paper import Paper
from papertui.vault.sanitize import clean_line

if TYPE_CHECKING:
    from papertui.tui.filtering import Shown


Highlight = Callable[[str], Sequence[int]]
"""A title -> the positions of its characters that the query matched."""


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
        *(f"paper-list--{name}" for name in ROW_STYLES),
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
        return paint_row(
            paper, carried=flags_on(self.flags, paper.key), marked=paper.key in self.marks,
            lit=self._positions(paper.title), is_cursor=is_cursor, width=width, base=base,
            part=self._style,
        )  # fmt: skip
