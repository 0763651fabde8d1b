"""Atomic file writes: a temp file in the same folder, fsync, then rename."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


def write_atomic(path: Path, text: str, *, overwrite: bool = True) -> None:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` all at once.

    Readers see the old file or the new one, never a part. The temp file lives
    beside ``path`` so the rename stays on one file system.

    Args:
        path: Where to write.
        text: The whole content.
        overwrite: When False, FileExistsError if ``path`` exists, checked
            atomically where the file system has hard links.
    """
    folder = path.parent
    fd, temp = _create_temp(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temp, path)
        else:
            _link_new(temp, path)
        _fsync_folder(folder)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _create_temp(path: Path) -> tuple[int, Path]:
    """A new hidden file beside ``path``, with the user's umask (unlike mkstemp's 0600)."""
    while True:
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(
                temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666
            ), temp
        except FileExistsError:
            continue


def _link_new(temp: Path, path: Path) -> None:
    """Give ``temp``'s content the name ``path``, failing if ``path`` exists."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError:
        # No hard links here (some network and FAT file systems): check, then
        # rename, with a window in between that a link would have closed.
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temp, path)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the platform allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
