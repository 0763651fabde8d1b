"""Atomic writes: a crash or a SIGKILL leaves the old file or the new one, never half.

A path that is a symbolic link (a dotfiles repository, a synced folder) is
written through: the file it points to is replaced, and the link stays. A
path that names something other than a regular file (a FIFO, a device, a
folder) is refused, never replaced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


class NotRegularFile(OSError):
    """The path names a FIFO, a device, a socket or a folder: it is not replaced."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(errno.EINVAL, f"{kind}, not a regular file", str(path))
        self.kind = kind


_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def special_kind(path: Path) -> str | None:
    """What ``path`` (links followed) is if it exists and is not a regular file, else None."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def write_target(path: Path) -> Path:
    """Where a write of ``path`` lands: the file at the end of its links, if it is one.

    Raises:
        NotRegularFile: when that is not a regular file.
    """
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    kind = special_kind(target)
    if kind is not None:
        raise NotRegularFile(path, kind)
    return target


def write_atomically(
    path: Path, data: bytes, *, overwrite: bool = True, mode: int = 0o600, durable: bool = True
) -> None:
    """Write ``data`` to ``path``: a temp file in the same folder, fsync, rename, fsync the folder.

    Args:
        path: Where to write.
        data: The whole content.
        overwrite: When False, FileExistsError if ``path`` exists, checked
            atomically where the file system has hard links.
        mode: The new file's permissions, less the umask: private by default
            (as ``mkstemp``), ``0o666`` for files such as exports that others read.
        durable: Wait until the data is on disk (fsync). Caches that check
            themselves on load pass False: a crash may then lose the new file,
            never leave a half one unnoticed.

    Raises:
        NotRegularFile: when ``path`` is a FIFO, a device, a socket or a folder.
        OSError: when the file cannot be written (the old one is then untouched).
    """
    with atomic_writer(path, overwrite=overwrite, mode=mode, durable=durable) as file:
        file.write(data)


@contextlib.contextmanager
def atomic_writer(
    path: Path, *, overwrite: bool = True, mode: int = 0o600, durable: bool = True
) -> Iterator[BinaryIO]:
    """A file to write ``path``'s new content to, bit by bit; it replaces ``path`` at the end.

    An exception inside the block leaves ``path`` as it was and no temp file.
    The arguments are those of :func:`write_atomically`; a link is written
    through, anything but a regular file refused (:func:`write_target`).
    """
    path = write_target(path)
    handle, temporary = _create_temp(path, mode)
    try:
        with os.fdopen(handle, "wb") as file:
            yield file
            file.flush()
            if durable:
                os.fsync(file.fileno())
        if overwrite:
            os.replace(temporary, path)
        else:
            _rename_new(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if not durable:
        return
    # The rename is durable only once the folder is on disk too.
    with contextlib.suppress(OSError):
        folder = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _create_temp(path: Path, mode: int) -> tuple[int, Path]:
    """A new temp file beside ``path``, named so ``remove_stale_temps`` finds it."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, flags, mode), temporary
        except FileExistsError:
            continue


def _rename_new(temporary: Path, path: Path) -> None:
    """Give ``temporary`` the name ``path``, failing if ``path`` exists."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:
        # No hard links here (some network and FAT file systems): check, then
        # rename, with a window in between that a link would have closed.
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temporary, path)
    else:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def remove_stale_temps(path: Path) -> None:
    """Remove temp files that writers of ``path`` killed mid-write left behind.

    Call it only while holding the lock every writer of ``path`` takes: then
    no temp file is being written.
    """
    if os.path.islink(path):
        path = Path(os.path.realpath(path))
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()
