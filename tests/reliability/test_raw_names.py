"""File names that are not UTF-8, end to end: state, cache, listing and export, byte-exact."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from papertui.cli import main
from papertui.vault.flags import Flag
from papertui.vault.scan import scan
from papertui.vault.state.store import StateStore
from tests.vault.notes import P, digest

PAPER = P("Umlaut Paths: Names in Latin-1", "2404.00901v1", tags=("names",))
RAW = b"bad-\xff.md"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    with open(os.fsencode(root) + b"/" + RAW, "wb") as handle:
        handle.write(digest("2024-04-09", PAPER).encode("utf-8"))
    return root


def test_a_state_save_with_such_a_name_succeeds_and_keeps_the_bytes(
    vault: Path, tmp_path: Path
) -> None:
    state_path = tmp_path / "state.json"
    result = scan(vault, cache=False)
    (note,) = result.notes
    store = StateStore.load(state_path)
    store.mark_notes_seen(str(vault), [note.path])
    store.mark([result.papers[0].key], Flag.STARRED)
    assert store.save() is True, store.messages
    assert not store.dirty
    state_path.read_bytes().decode("utf-8")  # valid UTF-8 JSON
    again = StateStore.load(state_path)
    assert again.messages == []
    (seen,) = again.notes_seen(str(vault)) or {""}
    assert os.fsencode(seen) == RAW
    assert again.has(result.papers[0].key, Flag.STARRED)


def test_list_json_cold_and_warm_and_export_give_the_bytes_back(
    vault: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    outputs = []
    for _ in ("cold", "warm"):  # the second run reads the index cache
        assert main(["list", str(vault), "--json"]) == 0
        outputs.append(capsysbinary.readouterr().out)
    assert outputs[0] == outputs[1]
    document = json.loads(outputs[0].decode("utf-8"))
    assert [os.fsencode(note["path"]) for note in document["notes"]] == [RAW]
    (paper,) = document["papers"]
    assert os.fsencode(paper["appearances"][0]["path"]) == RAW

    state_path = tmp_path / "state.json"
    store = StateStore.load(state_path)
    store.mark([paper["key"]], Flag.STARRED)
    store.save()
    out = tmp_path / "out.json"
    assert main(["export", str(vault), "--state", str(state_path), "-o", str(out)]) == 0
    exported = json.loads(out.read_bytes().decode("utf-8"))
    assert os.fsencode(exported["papers"][0]["appearances"][0]["path"]) == RAW


def test_the_report_shows_such_a_name_safely(
    vault: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    (vault / "empty.md").write_bytes(b"\x00")
    with open(os.fsencode(vault) + b"/\xfe.md", "wb") as handle:
        handle.write(b"\x00 binary")
    assert main(["list", str(vault), "-v"]) == 0
    err = capsysbinary.readouterr().err.decode("utf-8")
    assert "\ufffd.md" in err  # shown to a person as U+FFFD
