"""The images of the paper on screen, as the pane needs them after a render.

Where each image stands (for ``i``, which opens the first in view), the Sixel
pictures the pane paints over their blank lines, and the remote images still
to fetch. Held by ``PaperView``; nothing here renders text.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.control import Control
from rich.segment import ControlType, Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip

from papertui.tui.pane_images import figure_in
from papertui.tui.rendering import Body
from papertui.tui.terminal_images import SixelPicture

_PLAIN = Style()
# A control that does nothing: Rich and Textual pass the Sixel data on untouched.
_AS_IS = ((ControlType.CURSOR_FORWARD, 0),)


class PaneFigures:
    """The images of the body shown, in pane lines (header included)."""

    def __init__(self) -> None:
        self.files: tuple[tuple[int, int, Path], ...] = ()
        self.sixels: tuple[tuple[int, SixelPicture], ...] = ()

    def show(self, header_lines: int, body: Body) -> None:
        """The images of ``body``, shown below a header ``header_lines`` long."""
        at = header_lines
        self.files = tuple((at + start, at + end, path) for start, end, path in body.figures)
        self.sixels = tuple((at + start, picture) for start, picture in body.sixels)

    def clear(self) -> None:
        self.files = self.sixels = ()

    def in_view(self, top: int, height: int) -> Path | None:
        """The file of the first image between pane lines ``top`` and ``top + height``."""
        return figure_in(self.files, top, top + height)

    def sixel_line(self, line: int, top: int, region: Region, style: Style) -> Strip | None:
        """Pane line ``line`` when a Sixel picture ends on it in view: the rest of the line
        blank, then the picture's part in view, drawn from its first line in view
        (``region``: the pane's text on the screen; ``top``: the first pane line shown).

        The picture's other lines are blank text, painted before this one: the picture
        goes over them (as ``textual-image``'s Sixel widget does)."""
        bottom = top + region.height
        for start, picture in self.sixels:
            end = start + picture.rows
            if not start <= line < end or line != min(end, bottom) - 1:
                continue
            first = max(start, top)
            data = picture.data(first - start, line + 1 - start)
            x, y = region.x, region.y + line - top
            rest = max(0, region.width - picture.columns)
            return Strip(
                [
                    Control.move_to(x + picture.columns, y).segment,
                    Segment(" " * rest, style),
                    Control.move_to(x, region.y + first - top).segment,
                    Segment(data, _PLAIN, _AS_IS),
                    Control.move_to(x + picture.columns + rest, y).segment,
                ],
                region.width,
            )
        return None

    def covers(self, line: int) -> bool:
        """A Sixel picture stands on ``line`` (its painted line is never kept in a cache)."""
        return any(start <= line < start + p.rows for start, p in self.sixels)


def wanted(urls: Sequence[str]) -> tuple[str, ...]:
    """Each remote image once, in the order they stand."""
    return tuple(dict.fromkeys(urls))
