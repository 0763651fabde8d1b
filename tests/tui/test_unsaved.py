"""A state that cannot be saved: a warning that stays, retries, and a report at quit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from papertui.cli import EXIT_UNSAVED
from papertui.tui import feed
from papertui.tui.widgets.save_warning import SaveWarning
from papertui.vault.flags import Flag
from papertui.vault.state.store import StateStore
from tests.tui.pilot import reader, wait_until


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feed, "RETRY_DELAY", 0.2)


@pytest.fixture
def state(tmp_path: Path) -> Path:
    """A state file that cannot be written: a file stands where its folder should be."""
    (tmp_path / "blocked").write_text("not a folder")
    return tmp_path / "blocked" / "state.json"


async def test_the_warning_stays_until_a_retry_saves_and_nothing_is_lost(
    vault: Path, state: Path
) -> None:
    async with reader(vault, state=state) as r:
        warning = r.main.query_one(SaveWarning)
        key = r.main.selected.key if r.main.selected else ""
        await r.press("s")
        await wait_until(r, lambda: "Not saved" in warning.text, "the warning")
        await r.pilot.pause(0.5)  # several retries later, still there (not a toast)
        assert "Not saved" in warning.text
        assert str(state) in warning.text
        state.parent.unlink()  # the disk can be written again
        await wait_until(r, lambda: warning.text == "", "the retry that saves")
        assert StateStore.load(state).has(key, Flag.STARRED)
        assert r.app.unsaved == []


async def test_quitting_with_changes_unsaved_says_so_and_writes_a_recovery_copy(
    vault: Path, state: Path
) -> None:
    async with reader(vault, state=state) as r:
        key = r.main.selected.key if r.main.selected else ""
        await r.press("s")
        app = r.app
    report = "\n".join(app.unsaved)
    assert report.startswith(
        f"read/star changes to 1 paper could not be saved: could not save {state}"
    )
    found = re.search(r"a recovery copy of the whole state is at (\S+):", report)
    assert found is not None, report
    copy = Path(found.group(1))
    assert json.loads(copy.read_text())["papers"][key]["starred"][0] is True
    assert StateStore.load(copy, writable=False).has(key, Flag.STARRED)  # (no lock file left)
    copy.unlink()


def test_the_reader_exits_non_zero_and_prints_the_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from papertui.session import Session
    from papertui.tui import app as app_module

    def run(self: app_module.PaperTUI) -> None:
        self.unsaved.extend(["changes to 1 paper were not saved", "a recovery copy is at X"])

    monkeypatch.setattr(app_module.PaperTUI, "run", run)
    status = app_module.run_reader(Session.open(tmp_path, state_path=tmp_path / "s.json"))
    assert status == EXIT_UNSAVED
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "papertui: changes to 1 paper were not saved",
        "papertui: a recovery copy is at X",
    ]
