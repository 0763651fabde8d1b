"""The paper pane's lines on screen: a header and a section, painted one line at a time.

``PaneLines`` is the part of ``PaperView`` that holds what the pane shows and
paints it (Line API): the lines come rendered and styled over the pane's own
style (``pane_renders``), so a line painted is the line itself, or the line
padded to the pane's width, with the find's matches lit, and the Sixel pictures
drawn over their blank lines.
"""

from __future__ import annotations

from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Size
from textual.strip import Strip

from papertui.tui.widgets.pane_figures import PaneFigures
from papertui.tui.widgets.pane_finding import FindingPane, lit


class PaneLines(FindingPane):
    """A scrolling pane of rendered lines (a header, then a body), with a find over them."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._header: list[Strip] = []
        self._body: list[Strip] = []
        self._render_width = 0
        """The width the lines were rendered for."""
        self._base_style: Style | None = None
        self._cache: LRUCache[tuple[int, int, int], Strip] = LRUCache(1024)
        """Lines painted padded or cropped to the pane, or with the find's matches lit."""
        self.figures = PaneFigures()

    @property
    def lines(self) -> list[Strip]:
        """Everything the pane shows, one strip per line."""
        return self._header + self._body

    @property
    def base_style(self) -> Style:
        """The widget's own style (``rich_style`` walks every ancestor: too slow per line)."""
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base_style = None
        self._cache.clear()

    def _set_lines(self, header: list[Strip], body: list[Strip]) -> None:
        self._header, self._body = header, body
        self._cache.clear()
        size = Size(self._render_width, len(header) + len(body))
        if size != self.virtual_size:
            # ``virtual_size`` is a layout reactive: setting it re-lays-out (and repaints)
            # the whole screen, a third of the time of showing the next paper. The pane's
            # vertical scrollbar is always shown (app.tcss), so nothing else moves: update
            # the scroll range and this widget only.
            self.set_reactive(PaneLines.virtual_size, size)
            self._scroll_update(size)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        find = self._find
        if find is not None and y == self.scrollable_content_region.height - 1:
            return find.row(width, self.base_style + self._style("find"))
        if self.figures.sixels and self.figures.covers(index):
            region = self.scrollable_content_region
            sixel = self.figures.sixel_line(index, scroll_y, region, self.base_style)
            if sixel is not None:
                return sixel
        header = self._header
        if index < len(header):
            line = header[index]
        elif index - len(header) < len(self._body):
            line = self._body[index - len(header)]
        else:
            return Strip.blank(width, self.base_style)
        spans = find.on_line(index) if find is not None else None
        if not spans and not scroll_x and line.cell_length == width:
            return line  # styled in the render, as wide as the pane
        key = (index, scroll_x, width)
        cached = self._cache.get(key)
        if cached is None:
            if spans:
                line = lit(line, spans, self._style("match"), self._style("match-current"))
            cached = self._cache[key] = line.crop_extend(
                scroll_x, scroll_x + width, self.base_style
            )
        return cached

    def _style(self, part: str) -> Style:
        return self.get_component_rich_style(f"paper-view--{part}", partial=True)

    def _repaint(self) -> None:
        self._cache.clear()
        self.refresh()
