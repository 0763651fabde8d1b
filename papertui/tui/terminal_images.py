"""Images in their real pixels, for terminals that can draw them (``textual-image``).

Kitty's graphics protocol: the image is sent to the terminal once (when first
drawn) and placed with Unicode placeholder cells, which are ordinary text to
Textual: they scroll, crop and cache like any line of the pane.

Sixel: the image is scaled once, off the UI thread; the pane's lines where it
stands are blank, and the pane writes the Sixel data of the part in view over
them when it paints (``SixelPicture.data``), as ``textual-image``'s own Sixel
widget does.

Both are drawn at most ``MAX_COLUMNS`` by ``MAX_ROWS`` cells, as the half blocks are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from textual.strip import Strip

from papertui.tui.image_fit import MAX_ROWS, Drawn, fit

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage


def cell_pixels() -> tuple[int, int]:
    """A terminal cell's width and height in pixels (asked once, before Textual started)."""
    from textual_image._terminal import get_cell_size

    size = get_cell_size()
    return size.width, size.height


@lru_cache(maxsize=64)
def draw_kitty(path: str, mtime_ns: int, size: int, columns: int) -> Drawn:
    """``path`` sent to the terminal and placed in placeholder cells (cached on the file's
    identity: stepping back to a paper sends nothing again)."""
    try:
        from PIL import Image
        from rich.console import Console
        from textual_image.renderable.tgp import Image as KittyImage

        with Image.open(path) as image:
            image.load()
            picture = image.copy()
        cell_w, cell_h = cell_pixels()
        columns, rows = fit(picture.width, picture.height, columns, cell_w, cell_h)
        drawn = KittyImage(picture, width=columns, height=rows)
        console = Console(width=columns, color_system="truecolor", force_terminal=True)
        segments = console.render(drawn, console.options.update(width=columns, height=rows))
        lines = [Strip(line, columns) for line in Segment.split_lines(segments)]
    except Exception as error:  # Pillow raises many kinds; the terminal may be gone
        return Drawn(problem=f"cannot be drawn ({type(error).__name__})")
    return Drawn(tuple(lines))


@dataclass(eq=False)
class SixelPicture:
    """An image scaled to the cells it takes; its Sixel data made for the rows in view."""

    image: PILImage
    columns: int
    rows: int
    cell_height: int
    _data: dict[tuple[int, int], str] = field(default_factory=dict, repr=False)

    def data(self, top: int, bottom: int) -> str:
        """The Sixel data of rows ``top`` to ``bottom`` (exclusive) of the image."""
        key = (max(0, top), min(self.rows, bottom))
        if key not in self._data:
            from textual_image._sixel import image_to_sixels

            if len(self._data) > 8:  # a few scroll positions are enough to keep
                self._data.clear()
            crop = self.image.crop(
                (0, key[0] * self.cell_height, self.image.width, key[1] * self.cell_height)
            )
            self._data[key] = image_to_sixels(crop)
        return self._data[key]


@lru_cache(maxsize=64)
def draw_sixel(path: str, mtime_ns: int, size: int, columns: int) -> Drawn:
    """``path`` scaled for Sixel: blank lines where it stands, and the picture to draw."""
    try:
        from PIL import Image

        cell_w, cell_h = cell_pixels()
        with Image.open(path) as image:
            image.draft("RGB", (columns * cell_w, MAX_ROWS * cell_h))
            rgb: Any = image.convert("RGB")
        columns, rows = fit(rgb.width, rgb.height, columns, cell_w, cell_h)
        scaled = rgb.resize((columns * cell_w, rows * cell_h))
    except Exception as error:  # Pillow raises many kinds (and DecompressionBombError)
        return Drawn(problem=f"cannot be drawn ({type(error).__name__})")
    blank = Strip([Segment(" " * columns)], columns)
    return Drawn((blank,) * rows, sixel=SixelPicture(scaled, columns, rows, cell_h))
