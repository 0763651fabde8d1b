"""Session: the reader's settings settled once, before Textual is imported."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from papertui import paths
from papertui.config import Config
from papertui.session import Session
from papertui.vault.scan.scanner import Scanner
from papertui.vault.scan.vault_set import VaultSet


def test_the_command_lines_globs_follow_the_configs(tmp_path: Path) -> None:
    config = Config(include=("posts/**",), exclude=("drafts/**",))
    session = Session.open(
        tmp_path, config=config, include=["daily.*"], exclude=["*.tmp.md"], messages=["x"]
    )
    assert session.include == ("posts/**", "daily.*")
    assert session.exclude == ("drafts/**", "*.tmp.md")
    assert session.messages == ("x",)
    assert session.early is None


def test_defaults_are_the_platforms_state_file_and_the_default_config(tmp_path: Path) -> None:
    session = Session.open(tmp_path)
    assert session.state_path == paths.state_file()
    assert session.config == Config()
    assert (session.include, session.exclude) == ((), ())


def test_a_session_cannot_be_changed_in_place(tmp_path: Path) -> None:
    session = Session.open(tmp_path)
    with pytest.raises(dataclasses.FrozenInstanceError):
        session.vault = tmp_path / "other"  # type: ignore[misc]


def test_the_early_scan_reads_the_sessions_vault_and_globs(tmp_path: Path) -> None:
    session = Session.open(tmp_path, exclude=["drafts/**"]).start_scan()
    try:
        assert session.early is not None
        scanner = session.early.scanner
        assert isinstance(scanner, Scanner)
        assert (scanner.root, scanner.exclude) == (tmp_path, ("drafts/**",))
        assert next(iter(session.early.batches)) is not None
    finally:
        session.cancel_scan()
    assert session.early.batches.join(5.0)
    Session.open(tmp_path).cancel_scan()  # without a scan: nothing to stop


def test_several_vaults_are_one_session_read_by_one_vault_set(tmp_path: Path) -> None:
    notes, digests = tmp_path / "notes", tmp_path / "digests"
    notes.mkdir()
    digests.mkdir()
    session = Session.open([notes, digests, notes])
    assert session.vault == tmp_path  # the folder they share: notes' paths are below it
    assert session.vaults == (notes, digests)
    assert session.name == "notes + digests"
    scanner = session.new_scanner()
    assert isinstance(scanner, VaultSet)
    assert scanner.labels == ("notes", "digests")
    alone = Session.open([notes])
    assert (alone.vault, alone.vaults, alone.name) == (notes, (), "notes")
    assert isinstance(alone.new_scanner(), Scanner)
