"""Line breaking for text that mixes CJK and Latin: by cell width, as a reader expects.

Rich breaks only at spaces, so a Chinese paragraph is one long "word" folded at
the cell limit: "基于C / LIP", a line starting with "；". Here a line may break
between two CJK characters or at a space, never inside a Latin word, never
before closing punctuation (。，；：！？）…) nor after opening punctuation.

Rich's ``Text.wrap`` asks ``rich.text.divide_line`` where to break, and a
paragraph in Rich's Markdown is such a Text: ``install()`` points that name at
``divide_line`` below. Text without wide characters takes Rich's own function,
so everything else wraps exactly as before.
"""

from __future__ import annotations

import re
from functools import cache

import rich.text
from rich._wrap import divide_line as rich_divide_line
from rich.cells import cell_len, chop_cells

_OPENING = "（「『《〈【〔“‘"
_CLOSING = "。，、；：！？）」』》〉】〕”’…・·"
# Hangul, CJK punctuation and ideographs, kana, fullwidth forms: characters two cells wide.
_WIDE = (
    "\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
)


@cache
def _unit() -> re.Pattern[str]:
    """One unbreakable unit: openers, then a Latin word or one wide character, then closers
    and the spaces after them (compiled with the first wide text: 3 ms, not at start)."""
    return re.compile(
        rf"\s*[{_OPENING}]*(?:[^\s{_WIDE}]+|[{_WIDE}])(?:[{_CLOSING}]|[^\s{_WIDE}]*[{_CLOSING}])*\s*"
    )


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Where to break ``text`` into lines of ``width`` cells (Rich's contract).

    Args:
        text: One line of text.
        width: Cells a line may take.
        fold: Fold a unit wider than a line across lines (else crop it).

    Returns:
        The character offsets at which new lines start.
    """
    if cell_len(text) == len(text):  # no wide character: Rich's own breaking
        return rich_divide_line(text, width, fold)
    breaks: list[int] = []
    offset = 0
    position = 0
    unit_at = _unit().match
    while position < len(text):
        match = unit_at(text, position)
        end = match.end() if match else len(text)
        start, unit = position, text[position:end]
        position = end
        length = cell_len(unit.rstrip())
        if width - offset >= length:
            offset += cell_len(unit)
        elif length > width:
            pieces = chop_cells(unit, width) if fold else [unit]
            for number, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if number == len(pieces) - 1:
                    offset = cell_len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(unit)
    return breaks


def install() -> None:
    """Have Rich's Text wrap with ``divide_line`` (idempotent)."""
    rich.text.divide_line = divide_line  # type: ignore[attr-defined]
