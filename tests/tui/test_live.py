"""The vault as it changes: a streaming first scan with progress, and live reload."""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from papertui.session import Session
from papertui.tui import feed, filter_workers, filtering, snapshots
from papertui.tui.app import make_app
from papertui.tui.choices import ALL
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.scan_status import ScanStatus
from papertui.vault.scan import early as early_module
from papertui.vault.scan.early import EarlyScan
from papertui.vault.scan.result import ScanProgress
from papertui.vault.scan.scanner import Scanner
from tests.tui.conftest import _hexo_note, _hexo_section
from tests.tui.pilot import WAIT, Reader, reader, wait_until


async def test_a_note_written_while_open_appears_and_goes_keeping_paper_and_filter(
    vault: Path,
) -> None:
    note = vault / "posts" / "2024-09-29-3DGS.md"
    async with reader(vault) as running:
        await running.press("slash", *"tag:3dgs", "enter")
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
    app = make_app(Session.open(root, state_path=tmp_path / "state.json"))
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


def _key(paper_list: PaperList) -> str | None:
    return paper_list.current.key if paper_list.current is not None else None


def _told(running: Reader) -> list[str]:
    return [notification.message for notification in running.app._notifications]


async def test_live_papers_above_the_cursor_are_told_and_the_row_stays_put(
    tmp_path: Path,
) -> None:
    root = tmp_path / "big"
    papers = _big_vault(root, 20)
    async with reader(root, size=(120, 24)) as running:
        paper_list = running.paper_list
        assert len(paper_list.rows) == papers
        chosen = paper_list.rows[50].key
        paper_list.select_key(chosen)
        await running.settle()
        screen_row = paper_list.cursor - paper_list.scroll_offset.y
        assert paper_list.scroll_offset.y > 0  # (the list is taller than the screen)
        newer = [_hexo_section(f"Newer Paper {k}", f"2401.0000{k}", "N Ewer") for k in (1, 2)]
        (root / "posts" / "2024-01-01-newer.md").write_text(
            _hexo_note("2024-01-01", "Newer", newer), encoding="utf-8"
        )
        await wait_until(running, lambda: len(paper_list.rows) == papers + 2, "the new papers")
        await running.settle()
        assert running.titles()[:2] == ["Newer Paper 1", "Newer Paper 2"]
        assert _key(paper_list) == chosen
        assert paper_list.cursor == 52
        assert paper_list.cursor - paper_list.scroll_offset.y == screen_row
        assert _told(running).count("2 new papers above") == 1

        older = [_hexo_section("Older Paper", "1901.00001", "O Lder")]
        (root / "posts" / "2019-01-01-older.md").write_text(
            _hexo_note("2019-01-01", "Older", older), encoding="utf-8"
        )
        await wait_until(running, lambda: "Older Paper" in running.titles(), "the old paper")
        await running.settle()
        assert running.titles()[-1] == "Older Paper"
        assert _key(paper_list) == chosen
        assert not any("above" in told for told in _told(running)[1:])  # below: nothing said
        total = papers + 3
        await wait_until(running, lambda: running.main.counts.of(ALL) == (total, total), "counts")


async def test_snapshots_during_a_scan_keep_filter_selection_and_screen_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "big"
    _big_vault(root, 96)
    iter_batches = Scanner.iter_batches
    gate = threading.Semaphore(0)

    def gated(self: Scanner, **options: Any) -> Iterator[ScanProgress]:
        # Every note reported, each only when the test lets it: many snapshots, in step.
        for progress in iter_batches(self, **{**options, "interval": 0.0}):
            gate.acquire(timeout=WAIT)
            yield progress

    monkeypatch.setattr(Scanner, "iter_batches", gated)
    monkeypatch.setattr(feed, "INGEST_GAP", 0.02)
    monkeypatch.setattr(feed, "SCAN_SHARE", 0.0)
    app = make_app(Session.open(root, state_path=tmp_path / "state.json"))
    async with app.run_test(size=(120, 24)) as pilot:
        running = Reader(app, pilot, recorder=None)  # type: ignore[arg-type]
        main, paper_list = running.main, running.paper_list
        # All but one paper in ten, from every month: the newer come later, above the cursor.
        await pilot.press("slash", *"!id:4$", "enter")

        def enough() -> bool:
            gate.release()  # a note at a time (whether a report brings papers is decided
            return len(paper_list.rows) >= 40  # before it waits at the gate)

        await wait_until(running, enough, "rows under the filter")
        paper_list.move_to(30)
        chosen = paper_list.rows[30].key
        await pilot.pause()
        screen_row = paper_list.cursor - paper_list.scroll_offset.y
        assert paper_list.scroll_offset.y > 0  # (more rows than the screen shows)
        sizes = {len(paper_list.rows)}
        while main.scanning:
            gate.release(10)
            await pilot.pause(0.1)
            sizes.add(len(paper_list.rows))
            assert main.wanted.text == "!id:4$"
            assert not any((paper.arxiv_id or "").endswith("4") for paper in paper_list.rows)
            assert _key(paper_list) == chosen
            assert paper_list.cursor - paper_list.scroll_offset.y == screen_row
        await running.settle()
        assert len(sizes) > 3  # the list grew snapshot by snapshot while the cursor held
        assert len(paper_list.rows) == 480 - 48  # the last paper of every other note is out
        assert _key(paper_list) == chosen
        await wait_until(running, lambda: main.counts.of(ALL) == (432, 432), "the counts")
        assert main.tags is not None
        assert main.tags.find("Bulk 3") is not None


async def test_a_scan_started_before_the_app_fills_the_list(tmp_path: Path) -> None:
    root = tmp_path / "big"
    papers = _big_vault(root, 600)
    session = Session.open(root, state_path=tmp_path / "state.json")
    session = session.start_scan()  # as the command line does, before Textual is imported
    early = session.early
    assert early is not None
    app = make_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        running = Reader(app, pilot, recorder=None)  # type: ignore[arg-type]
        status = app.screen.query_one(ScanStatus)
        paper_list = app.screen.query_one(PaperList)
        await wait_until(running, lambda: len(paper_list.rows) == papers, "every paper")
        await wait_until(running, lambda: not status.display, "the end of the scan")
        await running.settle()
        assert app.screen.feed.scanner is early.scanner  # type: ignore[attr-defined]
        assert paper_list.current is not None
    assert early.batches.join(5.0)


def test_an_early_scan_the_reader_never_took_stops_when_cancelled(tmp_path: Path) -> None:
    root = tmp_path / "big"
    _big_vault(root, 600)
    early = EarlyScan.start(root)
    early.cancel()  # the command line's finally, when the app failed to start
    assert early.batches.join(5.0)


async def test_the_scan_status_keeps_its_width_as_the_counts_grow() -> None:
    from textual.app import App, ComposeResult

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield ScanStatus()

    async with Bare().run_test() as pilot:
        status = pilot.app.query_one(ScanStatus)
        labels = []
        for done, papers in ((7, 12), (480, 6_100), (10_000, 126_882)):
            status.report(done, 10_000, papers)
            labels.append(status.label)
        assert labels[0] == "Reading notes      7/10,000 ·      12 papers"
        assert labels[2] == "Reading notes 10,000/10,000 · 126,882 papers"
        assert len({len(label) for label in labels}) == 1


def test_an_early_scan_waiting_for_the_first_rows_stops_at_once_when_cancelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "big"
    _big_vault(root, 600)
    monkeypatch.setattr(early_module, "FIRST_ROWS_WAIT", 600.0)
    early = EarlyScan.start(root)
    taken = iter(early.batches)
    while next(taken).result is None:
        pass  # the first papers: the scan now waits for the screen to show them
    thread = next(t for t in threading.enumerate() if t.name == "papertui-scan")

    def waiting_in_paced() -> bool:
        frame = sys._current_frames().get(thread.ident or 0)
        names = []
        while frame is not None:
            names.append(frame.f_code.co_name)
            frame = frame.f_back
        return "paced" in names and names[0] == "wait"

    deadline = time.monotonic() + 10
    while not waiting_in_paced():
        assert time.monotonic() < deadline, "the scan never waited for the screen"
        time.sleep(0.01)
    early.cancel()
    assert early.batches.join(10.0)  # woken, not left to wait out its 600 s


async def test_a_failing_snapshot_is_told_and_the_next_one_still_shows(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tag_tree = filtering.tag_tree
    calls: list[int] = []

    def fails_once(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("[bold]broken")
        return tag_tree(*args)

    monkeypatch.setattr(snapshots, "tag_tree", fails_once)
    async with reader(vault) as running:
        told = _told(running)
        assert "ingest failed: RuntimeError: [bold]broken" in told, told  # literally
        note = vault / "posts" / "2024-09-29-3DGS.md"
        note.write_text(
            _hexo_note("2024-09-29", "3DGS", [_hexo_section("Fresh Splats", "2409.00042", "Io")]),
            encoding="utf-8",
        )
        await wait_until(running, lambda: "Fresh Splats" in running.titles(), "the next snapshot")
        assert len(running.titles()) == 9


async def test_a_failing_filter_is_told(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async with reader(vault) as running:

        def broken(*args: Any) -> Any:
            raise ValueError("no rows")

        monkeypatch.setattr(filter_workers, "build", broken)
        await running.press("slash", "x")
        assert "filter failed: ValueError: no rows" in _told(running)
        assert len(running.titles()) == 8  # the rows shown stay


async def test_the_watcher_survives_a_name_that_is_not_utf8(vault: Path) -> None:
    raw = os.fsencode(vault / "posts") + b"/bad-\xff.md"
    async with reader(vault) as running:
        with open(raw, "wb") as handle:
            note = _hexo_note("2024-09-29", "3DGS", [_hexo_section("Odd Name", "2409.00043", "Io")])
            handle.write(note.encode("utf-8"))
        await wait_until(running, lambda: "Odd Name" in running.titles(), "the odd-named note")
        later = vault / "posts" / "2024-09-30-3DGS.md"
        later.write_text(
            _hexo_note("2024-09-30", "3DGS", [_hexo_section("Still Live", "2409.00044", "Io")]),
            encoding="utf-8",
        )
        await wait_until(running, lambda: "Still Live" in running.titles(), "a note after it")
        os.unlink(raw)
        await wait_until(running, lambda: "Odd Name" not in running.titles(), "it to go")


async def test_the_folded_text_is_built_a_moment_after_the_scan_not_in_its_way(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feed, "FOLD_DELAY", 60.0)
    async with reader(vault) as running:
        await running.settle()
        assert running.main.index.titles()  # the plain text is built at the scan's end...
        assert not running.main.index.prepared  # ...the folded text not yet
        await running.press("slash", *"splattingfor", "enter")  # a search builds it at need
        await wait_until(
            running, lambda: running.titles() == ["Gaussian Splatting for Cats"], "the folded hit"
        )
    monkeypatch.setattr(feed, "FOLD_DELAY", 0.05)
    async with reader(vault) as running:
        await wait_until(running, lambda: running.main.index.prepared, "the folded text")


async def test_the_folded_text_is_kept_out_of_the_collectors_walks(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The folded text and the pinyin readings live as long as the reader: frozen, as the
    # papers are at the scan's end, so that a full collection does not walk them (60 ms
    # a time on a big vault: the key pressed then misses its frame).
    callers: list[str] = []
    monkeypatch.setattr(feed, "FOLD_DELAY", 0.05)
    monkeypatch.setattr(gc, "freeze", lambda: callers.append(sys._getframe(1).f_code.co_name))
    async with reader(vault) as running:
        await wait_until(running, lambda: running.main.index.prepared, "the folded text")
        await wait_until(running, lambda: "_fold" in callers, "a freeze after the folded text")


async def test_moving_through_the_papers_puts_the_folded_text_off_until_a_pause(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its build holds the GIL for seconds on a big vault: not while the user reads on.
    monkeypatch.setattr(feed, "FOLD_DELAY", 2.0)
    async with reader(vault) as running:
        began, key = time.monotonic(), "j"
        while time.monotonic() - began < 3.0:  # longer than FOLD_DELAY, a move every 0.2 s
            await running.press(key)
            key = "k" if key == "j" else "j"
            await running.pilot.pause(0.2)
        assert not running.main.index.prepared
        await wait_until(running, lambda: running.main.index.prepared, "the folded text")
