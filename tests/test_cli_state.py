"""papertui state merge / export / import, and a sync tool's conflict copies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papertui import paths
from papertui.cli import EXIT_OK, EXIT_USAGE, main
from papertui.vault.flags import Flag
from papertui.vault.state.schema import SCHEMA_VERSION
from papertui.vault.state.store import StateStore
from papertui.vault.state.sync import conflict_copies, load_merging_copies

OLD = "2024-01-01T00:00:00.000000+00:00"
NEW = "2024-03-01T00:00:00.000000+00:00"


def write_state(path: Path, papers: dict[str, dict[str, list[object]]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 2, "papers": papers, "notes_seen": {}}))
    return path


def flags_in(path: Path) -> dict[str, dict[str, bool]]:
    papers = json.loads(path.read_text())["papers"]
    return {key: {flag: mark[0] for flag, mark in marks.items()} for key, marks in papers.items()}


@pytest.fixture
def ours(tmp_path: Path) -> Path:
    return write_state(
        tmp_path / "home" / "state.json",
        {
            "arxiv:2401.00001": {"read": [True, OLD]},
            "arxiv:2401.00002": {"starred": [True, NEW]},
            "arxiv:2401.00003": {"read": [True, NEW]},
        },
    )


@pytest.fixture
def theirs(tmp_path: Path) -> Path:
    return write_state(
        tmp_path / "laptop.json",
        {
            "arxiv:2401.00001": {"read": [False, NEW], "starred": [True, NEW]},  # newer: wins
            "arxiv:2401.00002": {"starred": [False, OLD]},  # older: loses
            "arxiv:2401.00004": {"read": [True, OLD], "later": [True, OLD]},  # new to us
        },
    )


def test_merge_reports_and_keeps_the_newest_mark(
    ours: Path, theirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["state", "merge", str(theirs), "--state", str(ours)]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.strip() == (
        "2 papers changed: 1 marked read, 1 marked unread, 1 starred, 1 queued for later"
    )
    assert flags_in(ours) == {
        "arxiv:2401.00001": {"read": False, "starred": True},
        "arxiv:2401.00002": {"starred": True},
        "arxiv:2401.00003": {"read": True},
        "arxiv:2401.00004": {"read": True, "later": True},
    }
    # Merging again changes nothing.
    assert main(["state", "merge", str(theirs), "--state", str(ours)]) == EXIT_OK
    assert capsys.readouterr().out.strip() == "no paper changed"


def test_merge_dry_run_writes_nothing(
    ours: Path, theirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = ours.read_bytes()
    assert main(["state", "merge", str(theirs), "--state", str(ours), "--dry-run"]) == EXIT_OK
    assert "would change: 2 papers changed" in capsys.readouterr().out
    assert ours.read_bytes() == before


def test_merge_into_the_default_state_file(theirs: Path) -> None:
    assert main(["state", "merge", str(theirs)]) == EXIT_OK
    store = StateStore.load(paths.state_file())
    assert store.has("arxiv:2401.00004", Flag.LATER)


@pytest.mark.parametrize("content", ["not json", '{"version": 2, "papers": []}', "[1]"])
def test_merging_a_bad_file_exits_2_and_keeps_ours(
    ours: Path, tmp_path: Path, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    before = ours.read_bytes()
    assert main(["state", "merge", str(bad), "--state", str(ours)]) == EXIT_USAGE
    assert "is not a papertui state file" in capsys.readouterr().err
    assert ours.read_bytes() == before
    assert main(["state", "merge", str(tmp_path / "gone.json"), "--state", str(ours)]) == 2


def test_export_to_stdout_and_to_a_file(
    ours: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["state", "export", "--state", str(ours)]) == EXIT_OK
    document = json.loads(capsys.readouterr().out)
    assert document["version"] == SCHEMA_VERSION
    assert set(document["papers"]) == set(flags_in(ours))
    target = tmp_path / "out" / "copy.json"
    target.parent.mkdir()
    assert main(["state", "export", "--state", str(ours), "-o", str(target)]) == EXIT_OK
    assert flags_in(target) == flags_in(ours)


def test_import_merges_and_replace_keeps_a_backup(
    ours: Path, theirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = ours.read_bytes()
    assert main(["state", "import", str(theirs), "--state", str(ours)]) == EXIT_OK
    assert "2 papers changed" in capsys.readouterr().out
    assert flags_in(ours)["arxiv:2401.00003"] == {"read": True}  # kept: a merge
    assert main(["state", "import", str(theirs), "--replace", "--state", str(ours)]) == EXIT_OK
    assert "the old one is kept at" in capsys.readouterr().out
    assert flags_in(ours) == flags_in(theirs)
    backups = list(ours.parent.glob("state.json.backup-*"))
    assert len(backups) == 1
    assert backups[0].read_bytes() != original  # the merged file, as it was before replacing
    assert "arxiv:2401.00003" in flags_in(backups[0])


SYNC_NAMES = [
    ("state.sync-conflict-20240101-123456-ABCDEFG.json", "Syncthing"),
    ("state (conflicted copy 2024-01-01).json", "Dropbox"),
    ("state (Someone's conflicted copy 2024-01-01).json", "Dropbox"),
]


def test_conflict_copies_are_found_by_their_names(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    for name, _ in SYNC_NAMES:
        (tmp_path / name).write_text("{}")
    for name in ("state.json.corrupt-1", "other (conflicted copy 2024-01-01).json", "state.bak"):
        (tmp_path / name).write_text("{}")
    found = {(path.name, tool) for path, tool in conflict_copies(state)}
    assert found == set(SYNC_NAMES)


def test_conflict_copies_are_merged_at_start_and_moved_aside(
    ours: Path, theirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    syncthing = ours.with_name(SYNC_NAMES[0][0])
    syncthing.write_bytes(theirs.read_bytes())
    dropbox = ours.with_name(SYNC_NAMES[2][0])
    write_state(dropbox, {"arxiv:2401.00005": {"starred": [True, NEW]}})
    assert main(["state", "export", "--state", str(ours)]) == EXIT_OK
    captured = capsys.readouterr()
    assert "merged 2 conflict copies from Dropbox and Syncthing: 3 papers changed" in captured.err
    assert "arxiv:2401.00005" in json.loads(captured.out)["papers"]
    assert not syncthing.exists()
    assert not dropbox.exists()
    assert syncthing.with_name(syncthing.name + ".merged").exists()
    assert dropbox.with_name(dropbox.name + ".merged").exists()
    assert flags_in(ours)["arxiv:2401.00005"] == {"starred": True}
    # Once moved aside, they are not merged again.
    store = load_merging_copies(ours)
    assert store.pop_messages() == []


def test_a_broken_conflict_copy_is_left_in_place(ours: Path) -> None:
    broken = ours.with_name(SYNC_NAMES[1][0])
    broken.write_text("{ half a file")
    store = load_merging_copies(ours)
    assert any("left in place" in message for message in store.pop_messages())
    assert broken.exists()
