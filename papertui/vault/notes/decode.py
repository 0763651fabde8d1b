"""Bytes of a note to UTF-8 bytes with plain newlines, or a reason to skip it."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

MAX_NOTE_BYTES = 64 * 1024 * 1024
"""Notes larger than this are skipped as too large."""

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class Undecodable(Exception):
    """The note's bytes are not text papertui can decode exactly."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """A note as UTF-8 bytes with ``\\n`` line ends."""

    data: bytes
    encoding: str
    """``utf-8`` for most notes; otherwise the encoding the note was read in."""


_UNICODE_BREAKS = (b"\xe2\x80\xa8", b"\xe2\x80\xa9", b"\xc2\x85")
"""U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR and U+0085 NEXT LINE, in UTF-8."""


def normalise_newlines(data: bytes) -> bytes:
    """CRLF and lone CR become LF.

    The Unicode line breaks become LF only in a note that has no other: there
    they are its line ends. Elsewhere they are characters inside a line (a
    title with one reads as one title), so line numbers stay those of the file.
    """
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if b"\n" not in data:
        for line_break in _UNICODE_BREAKS:
            if line_break in data:
                data = data.replace(line_break, b"\n")
    return data


def _mostly_cjk(text: str) -> bool:
    """True when the non-ASCII characters of ``text`` read as Chinese text.

    A GB18030 decode of bytes that are really in another 8-bit encoding still
    succeeds, but yields a scatter of rare symbols and private-use characters;
    real Chinese text is mostly CJK ideographs and CJK punctuation.
    """
    wide = [char for char in text if ord(char) > 0x7F]
    if not wide:
        return True
    good = 0
    for char in wide:
        code = ord(char)
        if (
            0x4E00 <= code <= 0x9FFF
            or 0x3000 <= code <= 0x303F
            or 0xFF00 <= code <= 0xFFEF
            or 0x2000 <= code <= 0x206F
            or 0x3400 <= code <= 0x4DBF
        ):
            good += 1
        elif unicodedata.category(char) in ("Co", "Cn", "Cc", "Cs"):
            return False
    return good >= 0.9 * len(wide)


def decode_note(raw: bytes, *, check_utf8: bool = True) -> Decoded:
    """Turn a note's raw bytes into UTF-8 bytes with plain newlines.

    Args:
        raw: The file's bytes.
        check_utf8: Validate UTF-8 over the whole note. The scanner passes
            False on its fast path and decodes only what it extracts, falling
            back to a checked decode when any of that fails.

    Raises:
        Undecodable: For binary data and text in no encoding read exactly.
    """
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith(_UTF16_BOMS):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise Undecodable("encoding: broken UTF-16") from None
        return Decoded(normalise_newlines(text.encode("utf-8", "surrogatepass")), "utf-16")
    if b"\x00" in raw:
        raise Undecodable("binary: the file holds NUL bytes")
    if not check_utf8:
        return Decoded(normalise_newlines(raw), "utf-8")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return Decoded(normalise_newlines(raw), "utf-8")
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _mostly_cjk(text):
        return Decoded(normalise_newlines(text.encode("utf-8")), "gb18030")
    raise Undecodable("encoding: not UTF-8, and not Chinese text in GB18030")
