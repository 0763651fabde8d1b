"""write_atomically: the whole new file or the old one, and no temp files left over."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from papertui.vault.atomic import NotRegularFile, remove_stale_temps, write_atomically


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    write_atomically(target, b"first")
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert os.listdir(tmp_path) == ["out.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    write_atomically(target, b"old")

    def fail(source: str, destination: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="No space"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.json"]


def test_a_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "missing" / "out.json", b"x")


def test_remove_stale_temps_keeps_other_files(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    (tmp_path / ".state.json.x1.tmp").write_text("stale")
    (tmp_path / ".other.json.x1.tmp").write_text("not ours")
    target.write_text("{}")
    remove_stale_temps(target)
    assert sorted(os.listdir(tmp_path)) == [".other.json.x1.tmp", "state.json"]


def test_refuses_to_overwrite_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(FileExistsError):
        write_atomically(target, b"new", overwrite=False)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_a_new_file_without_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomically(target, "张艾萍\r\n".encode(), overwrite=False)
    assert target.read_bytes() == "张艾萍\r\n".encode()
    assert os.listdir(tmp_path) == ["out.txt"]


@pytest.mark.parametrize(("mode", "expected"), [(0o600, 0o600), (0o666, 0o644)])
def test_mode_less_the_umask(tmp_path: Path, mode: int, expected: int) -> None:
    old = os.umask(0o022)
    try:
        write_atomically(tmp_path / "out.txt", b"x", mode=mode)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.txt").stat().st_mode) == expected


@pytest.mark.parametrize("exists", [True, False])
def test_a_link_is_written_through_to_its_target(tmp_path: Path, exists: bool) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "state.json"
    if exists:
        target.write_bytes(b"old")
    link = tmp_path / "state.json"
    link.symlink_to(target)
    write_atomically(link, b"new")
    assert link.is_symlink()
    assert target.read_bytes() == b"new"
    assert sorted(os.listdir(tmp_path / "real")) == ["state.json"]


def test_anything_but_a_regular_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "link").symlink_to(fifo)
    for path in (fifo, tmp_path / "link", tmp_path):
        with pytest.raises(NotRegularFile, match="not a regular file"):
            write_atomically(path, b"x")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["fifo", "link"]
