"""`papertui VAULT`: the reader's scan starts before Textual loads, and ends with the reader."""

from __future__ import annotations

from typing import Any

import pytest

import papertui.tui.app
from papertui.cli import main
from papertui.session import Session
from papertui.vault.scan.early import EarlyScan


def test_the_reader_gets_a_scan_already_under_way_and_it_ends_with_the_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    handed: dict[str, Any] = {}

    def fake_reader(session: Session) -> int:
        early = session.early
        assert isinstance(early, EarlyScan)
        first = next(iter(early.batches))  # the scan runs without any app
        handed.update(vault=session.vault, early=early, first=first)
        return 0  # the reader quits at once, its scan unfinished

    monkeypatch.setattr(papertui.tui.app, "run_reader", fake_reader)
    assert main(["--demo"]) == 0
    assert handed["vault"] == handed["early"].scanner.root
    assert handed["first"].papers > 0
    assert handed["early"].batches.join(5.0)  # cancelled when the reader returned


def test_a_reader_that_fails_to_start_still_stops_the_scan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[EarlyScan] = []

    def failing_reader(session: Session) -> int:
        assert session.early is not None
        started.append(session.early)
        raise RuntimeError("no terminal")

    monkeypatch.setattr(papertui.tui.app, "run_reader", failing_reader)
    with pytest.raises(RuntimeError):
        main(["--demo"])
    assert started[0].batches.join(5.0)
