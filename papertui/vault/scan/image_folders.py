"""Local images' ``missing`` flags, kept true as the folders they are in change."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from papertui.vault.paper import ImageRow, SectionRow
from papertui.vault.scan.cache import STALE

if TYPE_CHECKING:
    from papertui.vault.scan.merger import Merger


def folder_path(real_root: str, folder: str) -> str:
    """The absolute path of a folder of the vault (relative, with ``/``; ``""`` the vault)."""
    return os.path.join(real_root, *folder.split("/")) if folder else real_root


def mtime_of(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return STALE


def add_folder(folders: dict[str, int], image: ImageRow) -> None:
    path = image.path
    if path is not None and path != ".." and not path.startswith("../"):
        folders.setdefault(path.rpartition("/")[0], STALE)


def with_images(row: SectionRow, changed: dict[str, frozenset[str]]) -> SectionRow:
    """``row`` with its images' ``missing`` flags read from the changed folders' listings."""
    images = row.images
    fresh: list[ImageRow] = []
    for image in images:
        path = image.path
        if path is not None and path != ".." and not path.startswith("../"):
            folder, _, name = path.rpartition("/")
            listing = changed.get(folder)
            if listing is not None:
                image = image._replace(missing=name not in listing)
        fresh.append(image)
    new = tuple(fresh)
    if new == images:
        return row
    return row._replace(images=new)


def changed_folders(
    folders: dict[str, int], absolute: Callable[[str], str]
) -> dict[str, frozenset[str]]:
    """The listing of each folder whose mtime is not the one recorded (``absolute``: its path)."""
    changed: dict[str, frozenset[str]] = {}
    for folder, mtime in folders.items():
        path = absolute(folder)
        if mtime == STALE or mtime_of(path) != mtime:
            try:
                changed[folder] = frozenset(os.listdir(path))
            except OSError:
                changed[folder] = frozenset()
    return changed


def refresh_images(merger: Merger, changed: dict[str, frozenset[str]]) -> bool:
    """Give the merger's rows their images' ``missing`` flags from the ``changed`` folders'
    listings; True if any row changed."""
    touched = False
    for key, group in list(merger.with_images()):
        fresh = [(path, with_images(row, changed)) for path, row in group]
        if any(new is not old for (_, new), (_, old) in zip(fresh, group, strict=True)):
            merger.replace(key, fresh)
            touched = True
    return touched
