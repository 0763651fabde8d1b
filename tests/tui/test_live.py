"""The vault as it changes: a streaming first scan with progress, and live reload."""

from __future__ import annotations

from pathlib import Path

from papertui.tui.app import PaperTUI
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.scan_status import ScanStatus
from papertui.vault.early import EarlyScan
from tests.tui.conftest import _hexo_note, _hexo_section
from tests.tui.pilot import Reader, reader, wait_until


async def test_a_note_written_while_open_appears_and_goes_keeping_paper_and_filter(
    vault: Path,
) -> None:
    note = vault / "posts" / "2024-09-29-3DGS.md"
    async with reader(vault) as running:
        await running.press("slash", *"tag:3dgs", "escape")
        assert set(running.titles()) == {"Gaussian Splatting for Cats", "Sparse Voxels Revisited"}
        running.paper_list.select_key(running.titles_keys()[running.titles().index(
            "Sparse Voxels Revisited")])  # fmt: skip
        await running.settle()
        note.write_text(
            _hexo_note("2024-09-29", "3DGS", [_hexo_section("Fresh Splats", "2409.00042", "Io")]),
            encoding="utf-8",
        )
        await wait_until(running, lambda: "Fresh Splats" in running.titles(), "the new paper")
        await running.settle()
        assert running.titles()[0] == "Fresh Splats"  # newest first
        assert running.current_title() == "Sparse Voxels Revisited"
        assert running.main.wanted.text == "tag:3dgs"
        assert "3 of" in running.sub_title

        note.unlink()
        await wait_until(running, lambda: "Fresh Splats" not in running.titles(), "it to go")
        await running.settle()
        assert running.current_title() == "Sparse Voxels Revisited"
        assert running.main.wanted.text == "tag:3dgs"


async def test_a_changed_note_is_read_again(vault: Path) -> None:
    note = vault / "posts" / "2024-09-20-3DGS.md"
    async with reader(vault) as running:
        text = note.read_text(encoding="utf-8")
        note.write_text(text.replace("Sparse Voxels Revisited", "Dense Voxels"), encoding="utf-8")
        await wait_until(running, lambda: "Dense Voxels" in running.titles(), "the new title")
        assert "Sparse Voxels Revisited" not in running.titles()


def _big_vault(root: Path, notes: int) -> int:
    """``notes`` notes of five papers each; the number of papers."""
    (root / "posts").mkdir(parents=True)
    for n in range(notes):
        day = f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}"
        sections = [
            _hexo_section(f"Paper {n} part {k} of the bulk", f"23{n % 12:02d}.{n * 5 + k:05d}",
                          "A Writer, B Writer")
            for k in range(5)
        ]  # fmt: skip
        (root / "posts" / f"{day}-bulk-{n:04d}.md").write_text(
            _hexo_note(day, f"Bulk {n % 7}", sections), encoding="utf-8"
        )
    return notes * 5


async def test_the_first_scan_shows_progress_and_fills_the_list(tmp_path: Path) -> None:
    root = tmp_path / "big"
    papers = _big_vault(root, 600)
    app = PaperTUI(root, state_path=tmp_path / "state.json")
    seen: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        running = Reader(app, pilot, recorder=None)  # type: ignore[arg-type]
        status = app.screen.query_one(ScanStatus)
        paper_list = app.screen.query_one(PaperList)
        await wait_until(running, lambda: status.display or bool(seen), "the progress")
        seen.append(status.label)
        await wait_until(running, lambda: not status.display, "the end of the scan")
        await wait_until(running, lambda: len(paper_list.rows) == papers, "every paper")
        await running.settle()
        assert paper_list.cursor == 0
        assert paper_list.current is not None
        assert paper_list.current.day is not None
        assert paper_list.current.day == max(p.day for p in paper_list.rows if p.day)
    assert seen[0].startswith("Reading")


async def test_a_scan_started_before_the_app_fills_the_list(tmp_path: Path) -> None:
    root = tmp_path / "big"
    papers = _big_vault(root, 600)
    early = EarlyScan.start(root)  # as the command line does, before Textual is imported
    app = PaperTUI(root, state_path=tmp_path / "state.json", early=early)
    async with app.run_test(size=(120, 40)) as pilot:
        running = Reader(app, pilot, recorder=None)  # type: ignore[arg-type]
        status = app.screen.query_one(ScanStatus)
        paper_list = app.screen.query_one(PaperList)
        await wait_until(running, lambda: len(paper_list.rows) == papers, "every paper")
        await wait_until(running, lambda: not status.display, "the end of the scan")
        await running.settle()
        assert app.screen.scanner is early.scanner  # type: ignore[attr-defined]
        assert paper_list.current is not None
    assert early.batches.join(5.0)


def test_an_early_scan_the_reader_never_took_stops_when_cancelled(tmp_path: Path) -> None:
    root = tmp_path / "big"
    _big_vault(root, 600)
    early = EarlyScan.start(root)
    early.cancel()  # the command line's finally, when the app failed to start
    assert early.batches.join(5.0)
