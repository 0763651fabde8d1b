"""Inline LaTeX math in note text as Unicode, for the screen: ``I$^2$OL-Net`` reads "I²OL-Net".

Only the display changes: exports and the index keep the note's own text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pylatexenc.latex2text import LatexNodes2Text

# ``$...$`` as pandoc reads it: no space just inside the dollars, no digit right after the
# closing one (so "costs $5 and $6" stays prose), no newline inside.
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?![\s$])(?P<tex>[^$\n]+?)(?<![\s\\])\$(?!\d)")
_SUPERSCRIPTS = dict(zip("0123456789+-=()niTt*", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀᵗ*", strict=True))
_SUBSCRIPTS = dict(
    zip("0123456789+-=()aeioruvxtnmkps", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢₒᵣᵤᵥₓₜₙₘₖₚₛ", strict=True)
)
# ``^2``, ``^{10}``, ``_t``, ``_{i}``: a script of plain characters, before LaTeX is read.
_SCRIPT = re.compile(r"(?P<mark>[\^_])(?:\{(?P<group>[^{}\\]*)\}|(?P<one>[A-Za-z0-9+\-*]))")


def math_to_unicode(text: str) -> str:
    """``text`` with each ``$...$`` span written in Unicode; the rest as it was.

    A span the converter cannot read stays as written, dollars and all.
    """
    if "$" not in text:
        return text
    return _INLINE_MATH.sub(_span, text)


def _span(match: re.Match[str]) -> str:
    tex = _SCRIPT.sub(_script, match.group("tex"))
    try:
        shown = _converter().latex_to_text(tex)
    except Exception:  # pylatexenc raises its own and IndexError on broken input
        return match.group(0)
    return " ".join(shown.split()) or match.group(0)


def script(body: str, *, above: bool) -> str:
    """``body`` as a superscript (``above``) or subscript: Unicode where every character
    has one, else ``^(body)`` or ``_(body)``."""
    table = _SUPERSCRIPTS if above else _SUBSCRIPTS
    if body and all(char in table for char in body):
        return "".join(table[char] for char in body)
    return f"{'^' if above else '_'}({body})" if body else ""


def _script(match: re.Match[str]) -> str:
    """A script of plain characters in Unicode when every character has one."""
    body = match.group("group") if match.group("group") is not None else match.group("one")
    table = _SUPERSCRIPTS if match.group("mark") == "^" else _SUBSCRIPTS
    if body and all(char in table for char in body):
        # ``{}`` ends a macro name before it: ``\beta_t`` is β then ₜ, not ``\betaₜ``.
        return "{}" + script(body, above=match.group("mark") == "^")
    if match.group("group") is None:
        return match.group(0)
    return f"{match.group('mark')}({body})" if body else ""


@cache
def _converter() -> LatexNodes2Text:
    """pylatexenc's converter, loaded with the first formula (its tables take a while)."""
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=True)
