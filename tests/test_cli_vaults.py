"""Several vaults on the command line and in the config: list, export and the reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import papertui.tui.app
from papertui import paths
from papertui.cli import EXIT_OK, EXIT_USAGE, main
from papertui.session import Session
from papertui.vault.scan.vault_set import VaultSet
from tests.vault.notes import P, hexo, write

SHARED = P("One Paper Read in Two Vaults", "2406.00001v1")


@pytest.fixture
def vaults(tmp_path: Path) -> tuple[Path, Path]:
    notes, digests = tmp_path / "notes", tmp_path / "digests"
    write(notes, "a.md", hexo("2024-06-01", SHARED, P("Only in Notes", "2406.00002v1")))
    write(digests, "b.md", hexo("2024-06-02", SHARED, P("Only in Digests", "2406.00003v1")))
    return notes, digests


def test_list_over_two_vaults_lists_a_shared_paper_once(
    vaults: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    notes, digests = vaults
    assert main(["list", str(notes), str(digests)]) == EXIT_OK
    captured = capsys.readouterr()
    titles = [line.split("  ")[1] for line in captured.out.splitlines()]
    assert sorted(titles) == sorted(["Only in Digests", "Only in Notes", SHARED.title])
    assert "2 notes read, 3 papers, 1 appearance merged" in captured.err


@pytest.mark.parametrize("query", [None, "id:2406.00001"])
def test_list_json_over_two_vaults_names_each_note_with_its_vault(
    vaults: tuple[Path, Path], capsys: pytest.CaptureFixture[str], query: str | None
) -> None:
    notes, digests = vaults
    extra = ["--query", query] if query else []
    assert main(["list", "--json", str(notes), str(digests), *extra]) == EXIT_OK
    document = json.loads(capsys.readouterr().out)
    shared = next(p for p in document["papers"] if p["title"] == SHARED.title)
    assert sorted(a["path"] for a in shared["appearances"]) == ["digests/b.md", "notes/a.md"]


def test_export_over_two_vaults(
    vaults: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    notes, digests = vaults
    args = ["export", str(notes), str(digests), "--query", "only", "--format", "ids"]
    assert main(args) == EXIT_OK
    assert sorted(capsys.readouterr().out.split()) == ["arXiv:2406.00002", "arXiv:2406.00003"]


def test_a_vault_inside_another_is_a_usage_error(
    vaults: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    notes, _ = vaults
    (notes / "sub").mkdir()
    assert main(["list", str(notes), str(notes / "sub")]) == EXIT_USAGE
    assert "is inside" in capsys.readouterr().err


def _started(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> Session:
    handed: list[Session] = []

    def fake_reader(session: Session) -> int:
        handed.append(session)
        return 0

    monkeypatch.setattr(papertui.tui.app, "run_reader", fake_reader)
    assert main(argv) == 0
    return handed[0]


def test_the_reader_takes_args_then_config_vaults_then_vault(
    vaults: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes, digests = vaults
    other = tmp_path / "other"
    other.mkdir()
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'vault = "{other}"\nvaults = ["{notes}", "{digests}"]\n')
    from_config = _started(monkeypatch, [])
    assert from_config.vaults == (notes, digests)
    assert isinstance(from_config.early.scanner if from_config.early else None, VaultSet)
    assert _started(monkeypatch, [str(digests)]).vault == digests
    config.write_text(f'vault = "{other}"\n')
    assert _started(monkeypatch, []).vault == other
