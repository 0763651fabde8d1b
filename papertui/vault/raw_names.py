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

import re

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
