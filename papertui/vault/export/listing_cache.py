"""The text of the last ``papertui list --json`` of a vault, kept beside its index cache.

When no note changed since, ``papertui list --json`` writes this text again
instead of reading every paper's rows and putting their JSON together (most
of a warm run's time). The listing names the index it was made from by the
index's token (a new one each time the index is written), so any change to
the vault, the parser or the globs leaves it unused; it carries its own
version (the text's shape), a crc and its length. Written by the command that
wrote the text, while it wrote it; read by nothing else.
"""

from __future__ import annotations

import contextlib
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from papertui.vault.atomic import atomic_writer

LISTING_VERSION = 1
"""Bump with any change to the text ``papertui list --json`` writes for a paper."""
_LISTING_MAGIC = b"PTUILST\n"
_LISTING = struct.Struct("<IQIQQ16s")
"""LISTING_VERSION, text length, crc32 of the text, papers, rows, the index's token."""


@dataclass(frozen=True, slots=True)
class Listing:
    """The papers of the last ``papertui list --json``, as the UTF-8 text it wrote for them."""

    papers: int
    rows: int
    text: bytes
    """The papers' JSON objects joined by ``, `` (what goes between ``[`` and ``]``)."""


def listing_file(index: Path) -> Path:
    """Where the listing made from the index at ``index`` is kept."""
    return index.with_name(index.stem + ".list")


def load_listing(index: Path, token: str) -> Listing | None:
    """The listing of the index whose token is ``token``, whole and of this version; else None."""
    try:
        with open(listing_file(index), "rb") as file:
            head = file.read(len(_LISTING_MAGIC) + _LISTING.size)
            if len(head) != len(_LISTING_MAGIC) + _LISTING.size or not head.startswith(
                _LISTING_MAGIC
            ):
                return None
            version, length, crc, papers, rows, written = _LISTING.unpack_from(head, 8)
            if version != LISTING_VERSION or written != token.encode("ascii"):
                return None
            text = file.read(length + 1)
    except (OSError, UnicodeEncodeError, struct.error):
        return None
    if len(text) != length or zlib.crc32(text) != crc:
        return None
    return Listing(papers, rows, text)


class ListingWriter:
    """Keeps the text of each paper ``papertui list --json`` writes, as the listing of an index.

    Call it with each piece of text; :meth:`commit` makes the listing the one
    of the index named ``token``, :meth:`abandon` drops it. A listing that
    cannot be written is no error (it is a cache): it is simply not kept.
    """

    def __init__(self, index: Path, token: str) -> None:
        self._token = token
        self._crc = 0
        self._length = 0
        self._writing = atomic_writer(listing_file(index), durable=False)
        self._file: BinaryIO | None = None
        try:
            self._file = self._writing.__enter__()
            self._file.write(bytes(len(_LISTING_MAGIC) + _LISTING.size))
        except OSError:
            self.abandon()

    def __call__(self, text: str) -> None:
        if self._file is None:
            return
        try:
            data = text.encode("utf-8")
            self._file.write(data)
        except (UnicodeEncodeError, OSError):  # a lone surrogate is never replayed
            self.abandon()
            return
        self._crc = zlib.crc32(data, self._crc)
        self._length += len(data)

    def commit(self, papers: int, rows: int) -> None:
        """Keep the listing: ``papers`` papers from ``rows`` rows."""
        if self._file is None:
            return
        header = _LISTING.pack(
            LISTING_VERSION, self._length, self._crc, papers, rows, self._token.encode("ascii")
        )
        try:
            self._file.seek(0)
            self._file.write(_LISTING_MAGIC + header)
            self._writing.__exit__(None, None, None)
        except OSError:
            pass
        self._file = None

    def abandon(self) -> None:
        """Keep nothing (the temp file goes)."""
        if self._file is not None:
            self._file = None
            dropped = _Dropped()
            with contextlib.suppress(_Dropped, OSError):
                self._writing.__exit__(_Dropped, dropped, None)


class _Dropped(Exception):
    """The listing was not kept."""
