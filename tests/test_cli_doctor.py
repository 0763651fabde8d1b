"""`papertui doctor`: what it finds in the config, state, cache and vault, and its exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui import paths
from papertui.cli import main
from papertui.vault.state.schema import SCHEMA_VERSION
from tests.stats_vault import stats_state, stats_vault
from tests.vault.notes import write


def _doctor(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["doctor", *args])
    return status, capsys.readouterr().out


def test_all_well(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vault = stats_vault(tmp_path / "vault")
    state = stats_state(tmp_path / "state.json")
    status, out = _doctor(capsys, str(vault), "--state", str(state))
    assert status == 0, out
    assert "no config file: every setting has its default" in out
    # A, B, C, D and E (read, then unread)
    assert f"schema {SCHEMA_VERSION}, 5 papers with flags" in out
    assert "3 notes found, 3 read, 6 papers" in out
    assert "no index cache yet" in out
    assert out.endswith("no problems found\n")
    main(["list", str(vault)])  # writes the index cache
    capsys.readouterr()
    status, out = _doctor(capsys, str(vault), "--state", str(state))
    assert "valid for this vault (3 notes)" in out


def test_config_problems_are_named_with_a_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = paths.config_file()
    config.parent.mkdir(parents=True)
    config.write_text('them = "nord"\nauto_read_delay = -3\n', encoding="utf-8")
    status, out = _doctor(capsys)
    assert status == 1
    assert "unknown setting 'them' ignored (did you mean 'theme'?)" in out
    assert "auto_read_delay" in out
    assert f"fix: edit {config}" in out
    assert "no vault given" in out
    config.write_text("theme = = x\n", encoding="utf-8")
    status, out = _doctor(capsys)
    assert status == 1
    assert "is not valid TOML" in out


def test_state_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state = tmp_path / "data" / "state.json"
    state.parent.mkdir()
    state.write_text("{not json", encoding="utf-8")
    (state.parent / "state.json.corrupt-20240101T000000").write_text("x", encoding="utf-8")
    (state.parent / "state (conflicted copy).json").write_text("{}", encoding="utf-8")
    status, out = _doctor(capsys, "--state", str(state))
    assert status == 1
    assert "the state file cannot be used" in out
    assert "a corrupt state file was set aside: state.json.corrupt-20240101T000000" in out
    assert "a sync conflict copy: state (conflicted copy).json" in out
    assert out.endswith("3 problems found\n")


def test_vault_notes_that_fail_and_a_damaged_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = stats_vault(tmp_path / "vault")
    write(vault, "broken.md", b"\x00\x01 not text")
    main(["list", str(vault)])
    capsys.readouterr()
    (cache,) = paths.cache_dir().glob("index-*.bin")
    cache.write_bytes(b"garbage")
    status, out = _doctor(capsys, str(vault), "--state", str(tmp_path / "none.json"))
    assert status == 1
    assert "broken.md: " in out
    assert "the cache (7 bytes) is damaged" in out
    assert "4 notes found, 3 read, 6 papers" in out


def test_an_empty_folder_has_no_papers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    status, out = _doctor(capsys, str(tmp_path / "empty"))
    assert status == 1
    assert "no papers found" in out


def test_a_missing_vault_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["doctor", str(tmp_path / "nowhere")]) == 2
