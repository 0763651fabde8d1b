"""Local images of a note drawn in the pane with half blocks: two pixels a cell, any terminal.

Pillow reads and scales the image (lazily, in the render worker); each cell is
"▀" in the upper pixel's colour over the lower one's. The strips are cached by
file, modification time and width, so stepping back to a paper costs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from papertui.tui.graphics import Graphics
from papertui.tui.image_fit import MAX_COLUMNS, MAX_ROWS, Drawn, fit

__all__ = ["MAX_COLUMNS", "MAX_ROWS", "Drawn", "draw_image", "figure_in"]

_UPPER_HALF = "▀"


def draw_image(path: Path, width: int, graphics: Graphics = Graphics.HALFBLOCK) -> Drawn:
    """``path`` drawn at most ``width`` cells wide (the pane's), keeping its proportions,
    with ``graphics`` (Kitty and Sixel in their real pixels, else half blocks)."""
    try:
        stat = path.stat()
    except OSError as error:
        return Drawn(problem=error.strerror or str(error))
    draw = _draw
    if graphics is Graphics.KITTY:
        from papertui.tui.terminal_images import draw_kitty as draw
    elif graphics is Graphics.SIXEL:
        from papertui.tui.terminal_images import draw_sixel as draw
    return draw(str(path), stat.st_mtime_ns, stat.st_size, max(1, min(width, MAX_COLUMNS)))


@lru_cache(maxsize=128)
def _draw(path: str, mtime_ns: int, size: int, columns: int) -> Drawn:
    """Read, scale and draw (cached on the file's identity: a changed file draws anew)."""
    try:
        from PIL import Image  # Pillow loads with the first image shown

        with Image.open(path) as image:
            image.draft("RGB", (columns, columns))  # JPEG: decode at a reduced size
            rgb = image.convert("RGB")
    except Exception as error:  # Pillow raises many kinds (and DecompressionBombError)
        return Drawn(problem=f"cannot be drawn ({type(error).__name__})")
    pixels_wide, pixels_high = rgb.size
    if not pixels_wide or not pixels_high:
        return Drawn(problem="is empty")
    columns, rows = fit(pixels_wide, pixels_high, columns, 1, 2)  # a cell: two pixels
    data = rgb.resize((columns, rows * 2)).tobytes()  # RGB bytes, row after row
    pixels = [Color.from_rgb(*data[at : at + 3]) for at in range(0, len(data), 3)]
    lines: list[Strip] = []
    for row in range(rows):
        upper = pixels[row * 2 * columns : (row * 2 + 1) * columns]
        lower = pixels[(row * 2 + 1) * columns : (row * 2 + 2) * columns]
        segments = [
            Segment(_UPPER_HALF, Style(color=top, bgcolor=bottom))
            for top, bottom in zip(upper, lower, strict=True)
        ]
        lines.append(Strip(segments, columns).simplify())
    return Drawn(tuple(lines))


def figure_in(figures: Sequence[tuple[int, int, Path]], top: int, bottom: int) -> Path | None:
    """The file of the first figure (first line, line after its last, file) between lines
    ``top`` and ``bottom``."""
    return next((path for start, end, path in figures if end > top and start < bottom), None)
