"""The one sanitiser: note text that reaches a terminal or stdout goes through here.

Notes are data. Control characters (C0 except tab and newline, DEL, C1) would
let a note move the cursor, retitle the terminal or worse, so they are removed;
lone surrogates from undecodable file names become U+FFFD so printing never
fails.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidi overrides and
# isolates that can make a line read differently from what it holds.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\n\t\u2028\u2029\x85]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` without control characters; newlines and tabs are kept."""
    return _SURROGATE.sub("\ufffd", strip_controls(text))


def strip_controls(text: str) -> str:
    """``text`` without control characters, its file-name bytes (lone surrogates) kept."""
    return _CONTROL.sub("", text)


def clean_line(text: str) -> str:
    """``text`` as one safe line: breaks become spaces, controls go."""
    return clean_text(_LINE_BREAKS.sub(" ", text))
