"""The paper pane's find: typing what to look for, stepping through the matches.

``FindingPane`` is the part of ``PaperView`` that owns the find: its keys
(``/`` or ctrl+f to start, ``n``/``N`` to step, Escape to close) and the keys
typed into it. The pane says what its lines are and how it repaints.
"""

from __future__ import annotations

from textual import events
from textual.scroll_view import ScrollView
from textual.strip import Strip

from papertui.tui.pane_find import Find


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
