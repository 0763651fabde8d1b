"""How big an image is drawn in the pane, and what drawing it gives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.strip import Strip

if TYPE_CHECKING:
    from papertui.tui.terminal_images import SixelPicture

MAX_COLUMNS = 72
"""An image is drawn no wider than this (a figure, not a wallpaper)."""
MAX_ROWS = 20
"""Nor taller: a long figure is scaled down to keep the text around it in view."""


@dataclass(frozen=True, slots=True)
class Drawn:
    """An image drawn as strips, or why it could not be."""

    lines: tuple[Strip, ...] = ()
    problem: str | None = None
    sixel: SixelPicture | None = None
    """For Sixel: the picture the pane paints over ``lines`` (which are blank)."""


def fit(
    pixels_wide: int, pixels_high: int, columns: int, cell_w: int, cell_h: int
) -> tuple[int, int]:
    """The cells (columns, rows) an image takes: at most ``columns`` wide and ``MAX_ROWS``
    high, its proportions kept, and a small image not blown up (a cell is ``cell_w`` by
    ``cell_h`` pixels)."""
    columns = max(1, min(columns, -(-pixels_wide // cell_w)))
    rows = max(1, round(columns * cell_w * pixels_high / pixels_wide / cell_h))
    if rows > MAX_ROWS:
        rows = MAX_ROWS
        columns = max(1, round(rows * cell_h * pixels_wide / pixels_high / cell_w))
    return columns, rows
