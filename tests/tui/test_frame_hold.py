"""A move of the list's cursor and its paper in the pane reach the terminal in one frame."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from papertui.tui.frame_hold import FrameHold
from papertui.tui.pane_renders import RenderJob
from tests.tui.pilot import Reader, reader, wait_until


@contextmanager
def frames(r: Reader, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str]]]:
    """What each frame of the main screen shows: the list's paper and the pane's, by key.

    ``Screen._compositor_refresh`` is Textual's one call that composes a frame and
    writes it out (private: if it is renamed, this fails loudly, not quietly).
    """
    shown: list[tuple[str, str]] = []
    refresh = Screen._compositor_refresh

    def counted(screen: Screen[Any]) -> None:
        if screen is r.main:
            listed, pane = r.paper_list.current, r.pane.shown
            shown.append((listed.key if listed else "", pane.key if pane else ""))
        refresh(screen)

    monkeypatch.setattr(Screen, "_compositor_refresh", counted)
    yield shown
    monkeypatch.setattr(Screen, "_compositor_refresh", refresh)


async def test_j_paints_the_cursor_and_its_paper_in_one_frame(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with reader(vault) as r:
        for _ in range(3):
            following = r.paper_list.rows[r.paper_list.cursor + 1]
            # Rendered ahead while the reader reads.
            ready = partial(r.pane.has_ready, following)
            await wait_until(r, ready, "the next paper rendered ahead")
            with frames(r, monkeypatch) as shown:
                await r.burst("j")  # as the terminal sends it
            assert r.pane.shown is following
            # Every frame shows both on the same paper (more frames may follow for the
            # footer and the like). Before the hold, the first frame had the cursor on
            # the next paper and the pane still on the last one; the pane came a frame later.
            assert shown
            assert set(shown) == {(following.key, following.key)}


async def test_a_paper_not_rendered_ahead_lets_the_cursor_go_first(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with reader(vault) as r:
        before, rows = r.pane.shown, r.paper_list.rows
        assert before is not None
        index, target = next(
            (n, p) for n, p in enumerate(rows) if p is not before and not r.pane.has_ready(p)
        )
        run = RenderJob.run

        def slow(job: RenderJob, cancelled: Callable[[], bool] = lambda: False) -> object:
            time.sleep(0.3)  # (in the render's thread) a render slower than a frame
            return run(job, cancelled)

        monkeypatch.setattr(RenderJob, "run", slow)
        with frames(r, monkeypatch) as shown:
            r.paper_list.move_to(index)  # (a click, a key: any move of the cursor)
            await r.settle()
        assert r.pane.shown is target
        # The cursor is not held back for the render: it shows while the pane still
        # shows the paper before, and the paper comes in a later frame.
        assert shown[0] == (target.key, before.key)
        assert shown[-1] == (target.key, target.key)
        assert not r.app._batch_count  # nothing left held


class _Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("nothing to wait for")


async def test_a_hold_never_released_ends_by_itself() -> None:
    app = _Bare()
    async with app.run_test() as pilot:
        hold = FrameHold(app.query_one(Static), limit=0.05)
        hold.hold()
        hold.hold()  # once held, holding again changes nothing
        assert hold.held
        assert app._batch_count == 1
        await pilot.pause(0.3)
        assert not hold.held
        assert app._batch_count == 0
        hold.release()  # and a late release is harmless
        assert app._batch_count == 0
