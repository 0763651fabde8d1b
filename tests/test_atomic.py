"""Atomic writes: all or nothing, never over a file unless asked."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from papertui.atomic import write_atomic


def test_writes_utf8_as_given(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    write_atomic(path, "张艾萍\r\nline\n")
    assert path.read_bytes() == "张艾萍\r\nline\n".encode()
    assert os.listdir(tmp_path) == ["out.txt"]


def test_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old")
    write_atomic(path, "new")
    assert path.read_text() == "new"


def test_refuses_to_overwrite_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old")
    with pytest.raises(FileExistsError):
        write_atomic(path, "new", overwrite=False)
    assert path.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_new_file_without_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    write_atomic(path, "new", overwrite=False)
    assert path.read_text() == "new"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_follows_the_umask_not_mkstemps_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "out.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.txt").stat().st_mode) == 0o644


def test_missing_folder_raises_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "no" / "out.txt", "x")
    assert os.listdir(tmp_path) == []
