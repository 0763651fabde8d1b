"""When the state cannot be saved: a recovery copy somewhere writable, and what to tell."""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import UTC
from pathlib import Path

from papertui.vault.atomic import write_atomically
from papertui.vault.state.schema import utc_now
from papertui.vault.state.store import StateStore


def unsaved_report(store: StateStore) -> list[str]:
    """What to print when the program ends with changes unsaved; [] when all were saved.

    Writes a recovery copy (a whole state file in the same format, every mark
    and seen note this process holds) beside the state file, else in the
    temporary folder, else in the home folder; the lines say where.
    """
    pending = store.pending
    if not store.dirty:
        return []
    why = store.save_error or next(reversed(store.messages), "the state file is read-only")
    papers = f"{len(pending):,} paper{'' if len(pending) == 1 else 's'}"
    lines = [f"read/star changes to {papers} could not be saved: {why}"]
    copy = write_recovery_copy(store)
    if copy is None:
        lines.append("no recovery copy could be written anywhere")
    else:
        lines.append(
            f"a recovery copy of the whole state is at {copy}: "
            f"open it with --state {copy}, or move it over {store.path} once that can be written"
        )
    return lines


def write_recovery_copy(store: StateStore) -> Path | None:
    """The store's whole state in a new file where one can be written; its path, or None."""
    data = store.snapshot().dump({}).encode("utf-8")
    moment = utc_now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"{store.path.name}.unsaved-{moment}-{os.getpid()}"
    target = Path(os.path.realpath(store.path)) if store.path.is_symlink() else store.path
    for folder in (target.parent, Path(tempfile.gettempdir()), Path.home()):
        with contextlib.suppress(OSError, ValueError):
            write_atomically(folder / name, data, overwrite=False)
            return folder / name
    return None
