"""The state file on hostile disks: linked, read-only, full; damaged entries dropped once."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from papertui.cli import main
from papertui.vault import atomic
from papertui.vault.flags import Flag
from papertui.vault.state.rescue import unsaved_report
from papertui.vault.state.store import StateStore
from tests.vault.notes import P, digest, write

FULL = Path("/dev/full")


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    return tmp_path / "data" / "state.json"


def test_a_linked_state_file_is_written_through_and_merged(tmp_path: Path) -> None:
    (tmp_path / "dotfiles").mkdir()
    target = tmp_path / "dotfiles" / "state.json"
    link = tmp_path / "state.json"
    link.symlink_to(target)
    first, second = StateStore.load(link), StateStore.load(link)
    first.mark(["arxiv:1"], Flag.READ)
    assert first.save()
    second.mark(["arxiv:2"], Flag.STARRED)
    assert second.save()
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    final = StateStore.load(target)
    assert final.keys_with(Flag.READ) == {"arxiv:1"}
    assert final.keys_with(Flag.STARRED) == {"arxiv:2"}
    assert [n for n in os.listdir(tmp_path / "dotfiles") if not n.endswith(".lock")] == [
        "state.json"
    ]


def _refuse_in(folder: Path, code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writes of temp files in ``folder`` fail with ``code`` (a read-only or full disk)."""
    create = atomic._create_temp

    def failing(path: Path, mode: int) -> tuple[int, Path]:
        if path.parent == folder:
            if code == errno.ENOSPC and FULL.exists():  # a real full disk: /dev/full
                return os.open(FULL, os.O_WRONLY), path.with_name(".full.tmp")
            raise OSError(code, os.strerror(code))
        return create(path, mode)

    monkeypatch.setattr(atomic, "_create_temp", failing)


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC])
def test_a_read_only_or_full_disk_keeps_the_changes_and_says_where_they_went(
    state_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    store = StateStore.load(state_path)
    store.mark(["arxiv:1"], Flag.READ)
    store.save()
    _refuse_in(state_path.parent, code, monkeypatch)
    store.mark(["arxiv:2"], Flag.STARRED)
    store.mark(["arxiv:3"], Flag.READ)
    for _ in range(3):  # saves keep failing, nothing is dropped
        assert store.save() is False
        assert store.pending == {"arxiv:2", "arxiv:3"}
    assert store.save_error is not None
    assert os.strerror(code) in store.save_error
    monkeypatch.setattr(store.file, "path", state_path)  # (the rescue tries beside it first)
    monkeypatch.setenv("TMPDIR", str(state_path.parent.parent))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    report = unsaved_report(store)
    assert report[0].startswith("read/star changes to 2 papers could not be saved: ")
    copy = Path(report[1].split(" is at ")[1].split(":")[0])
    assert copy.parent == state_path.parent.parent  # not the disk that refused
    rescued = StateStore.load(copy, writable=False)
    assert rescued.keys_with(Flag.READ) == {"arxiv:1", "arxiv:3"}
    assert rescued.keys_with(Flag.STARRED) == {"arxiv:2"}
    assert json.loads(state_path.read_text())["papers"].keys() == {"arxiv:1"}

    monkeypatch.undo()  # the disk is back
    assert store.save() is True
    assert store.save_error is None
    assert unsaved_report(store) == []
    assert StateStore.load(state_path).keys_with(Flag.STARRED) == {"arxiv:2"}
    assert [p.name for p in state_path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_list_query_never_copies_a_damaged_state_file(
    tmp_path: Path, state_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path / "vault",
        "z/2024-04-03.md",
        digest("2024-04-03", P("A Paper: On It", "2404.00001v1")),
    )
    good = [True, "2026-01-01T00:00:00.000000+00:00"]
    damaged = {"version": 1, "papers": {"arxiv:2404.00001": {"read": good}, "arxiv:x": "read"}}
    content = json.dumps(damaged).encode()
    state_path.write_bytes(content)
    for _ in range(3):
        args = ["list", str(tmp_path / "vault"), "--state", str(state_path), "--query", "is:read"]
        assert main(args) == 0
        out, err = capsys.readouterr()
        assert out.count("On It") == 1
        assert "1 unreadable entries" in err
    assert state_path.read_bytes() == content
    assert sorted(os.listdir(state_path.parent)) == ["state.json"]
