"""How this terminal can draw images, found out once before the reader starts.

Kitty's graphics protocol and Sixel draw an image's real pixels; half blocks
("▀" in two colours) work in any colour terminal. Which one a terminal has is
asked of the terminal itself (``textual-image`` sends the queries and reads the
answers), and that can only be done before Textual starts: once it runs, its
input thread takes the answers. So the command line asks, for the reader only
and only when standard output is a terminal, and hands the answer on in the
session.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from papertui.session import Session

_log = logging.getLogger(__name__)


class Graphics(StrEnum):
    """How the pane draws an image."""

    KITTY = "kitty"
    """Kitty's graphics protocol, placed with Unicode placeholders (Kitty, Ghostty)."""
    SIXEL = "sixel"
    """Sixel pixels (foot, WezTerm, Konsole, xterm -ti vt340, mlterm, Windows Terminal)."""
    HALFBLOCK = "halfblock"
    """Coloured half blocks: two pixels a cell, any terminal."""
    OFF = "off"
    """Not drawn: the image's name and path, which ``i`` opens in the system's viewer."""


def choose_graphics(setting: str, *, terminal: bool) -> Graphics:
    """What the pane draws with, for the config's ``images`` setting.

    Args:
        setting: ``"auto"``, ``"halfblock"`` or ``"off"`` (``Config.images``).
        terminal: Standard input and output are a terminal that can be asked: only
            then does ``"auto"`` query it (a pipe or a test never is).
    """
    if setting == "off":
        return Graphics.OFF
    if setting != "auto" or not terminal:
        return Graphics.HALFBLOCK
    return query_terminal()


def query_terminal() -> Graphics:
    """Ask the terminal (before Textual starts) which image protocol it speaks."""
    try:
        # Importing these sends the queries (the library's documented way): Sixel first,
        # then Kitty's protocol; and the cell size in pixels, which scaling needs.
        from textual_image import (
            renderable,
            widget,  # noqa: F401 (asks the cell size on import)
        )
        from textual_image.renderable.sixel import Image as SixelImage
        from textual_image.renderable.tgp import Image as KittyImage
    except Exception as error:  # no terminal after all, a closed stdin, an odd answer
        _log.debug("cannot ask the terminal about images: %s", error)
        return Graphics.HALFBLOCK
    if renderable.Image is SixelImage:
        return Graphics.SIXEL
    if renderable.Image is KittyImage:
        return Graphics.KITTY
    return Graphics.HALFBLOCK


@dataclass(frozen=True, slots=True)
class ImageSettings:
    """What the pane does with a note's images (from the config and the terminal)."""

    graphics: Graphics = Graphics.HALFBLOCK
    fetch_remote: bool = False
    """Fetch http(s) images to draw them (``fetch_remote_images``)."""

    @classmethod
    def of(cls, session: Session) -> ImageSettings:
        """The session's: the terminal's graphics, asked before the app started (or,
        not asked, the config's choice with half blocks for ``"auto"``)."""
        config = session.config
        graphics = session.graphics or choose_graphics(config.images, terminal=False)
        return cls(graphics, config.fetch_remote_images)


NO_FETCH = ImageSettings()
"""Half blocks, and no network calls (the default, and every test's)."""
