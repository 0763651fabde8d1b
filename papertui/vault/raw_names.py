"""File names that are not UTF-8: kept byte-exact as surrogate escapes, written reversibly.

A vault's file names are bytes. Python decodes them with ``surrogateescape``:
a byte that is not UTF-8 (``\\xff``) becomes the lone surrogate U+DCFF, and
``os.fsencode`` gives the bytes back. Such a string cannot be encoded as
UTF-8, so wherever a path is written as text it goes through here: in JSON
each lone surrogate is written as its ``\\udcXX`` escape (valid JSON; Python's
``json.loads`` reads it back and ``os.fsencode`` then gives the original
bytes); shown to a person, it is U+FFFD (:func:`papertui.vault.sanitize.clean_text`).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from typing import BinaryIO, TextIO

_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def escape_surrogates(json_text: str) -> str:
    """JSON text with every lone surrogate written as its ``\\uXXXX`` escape.

    Lone surrogates can only stand inside JSON strings (everything else is
    ASCII), where the escape means the same character: the text can then be
    encoded as UTF-8.
    """
    if json_text.isascii():
        return json_text
    try:
        json_text.encode()  # strict UTF-8 fails on a surrogate only; far faster than the regex
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub(_escape, json_text)
    return json_text


def json_writer(out: TextIO) -> Callable[[str], object]:
    """What writes JSON text with no newline in it to ``out``, its lone surrogates escaped.

    A UTF-8 stream over a byte buffer (standard output) gets the bytes: the
    text is encoded once, where checking it for surrogates and then the
    stream's own encoding made two passes (115 MB of listing: 0.13 s, now 0.07 s). The
    stream is flushed first, so what was written to it comes before; text
    written to it after comes after. Other streams get the text.
    """
    buffer: BinaryIO | None = getattr(out, "buffer", None)
    if buffer is None or not _utf8(out.encoding):
        return lambda text: out.write(escape_surrogates(text))
    out.flush()
    raw = buffer

    def write(text: str) -> None:
        try:
            data = text.encode()
        except UnicodeEncodeError:
            data = escape_surrogates(text).encode()
        raw.write(data)

    return write


def _utf8(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "ascii").name == "utf-8"
    except LookupError:
        return False
