"""The stats screen (T): figures of the filtered papers, plotted; Esc and q close it."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from papertui.session import Session
from papertui.tui.app import make_app
from papertui.tui.screens.stats import StatsScreen
from tests.stats_vault import stats_state, stats_vault
from tests.tui.pilot import Reader, reader, settle

SnapCompare = Callable[..., bool]


@pytest.fixture
def stats_files(tmp_path: Path) -> tuple[Path, Path]:
    return stats_vault(tmp_path / "vault"), stats_state(tmp_path / "state.json")


async def _open_stats(running: Reader) -> StatsScreen:
    await running.press("T")
    screen = running.top
    assert isinstance(screen, StatsScreen)
    await running.settle()
    assert screen.figures is not None
    return screen


def _summary(screen: StatsScreen) -> str:
    return str(screen.query_one("#stats-summary", Static).render())


async def test_t_shows_the_figures_of_every_paper(stats_files: tuple[Path, Path]) -> None:
    vault, state = stats_files
    async with reader(vault, state=state) as running:
        screen = await _open_stats(running)
        figures = screen.figures
        assert figures is not None
        assert (figures.papers.total, figures.entries, figures.read.total) == (6, 7, 2)
        text = _summary(screen)
        assert "7 entries are 6 papers in 3 notes" in text
        assert "2 read (33%) · 1 starred · 1 queued for later" in text
        plots = screen.query(".stats-plot")
        assert len(plots) == 5
        console = Console(width=120, file=io.StringIO(), record=True)
        console.print(screen.query_one("#stats-sources", Static).content)
        sources = console.export_text()
        assert "3 daily/20240409.md" in sources
        assert "3 arxiv.org" in sources
        await running.press("escape")
        assert running.top is running.main


async def test_the_figures_follow_the_filter(stats_files: tuple[Path, Path]) -> None:
    vault, state = stats_files
    async with reader(vault, state=state) as running:
        await running.press("slash", *"is:read", "enter")
        assert len(running.paper_list.rows) == 2
        screen = await _open_stats(running)
        figures = screen.figures
        assert figures is not None
        assert (figures.papers.total, figures.entries) == (2, 3)
        assert figures.starred.total == 0
        assert "is:read" in _summary(screen)
        await running.press("q")
        assert running.top is running.main
        assert running.app.is_running  # q closed the stats, not the reader


async def test_stats_is_in_the_palette(stats_files: tuple[Path, Path]) -> None:
    vault, state = stats_files
    async with reader(vault, state=state) as running:
        await running.press("ctrl+p", *"stats")
        await running.pilot.pause(0.3)
        await running.press("enter")
        assert isinstance(running.top, StatsScreen)


async def test_stats_of_an_empty_filter(stats_files: tuple[Path, Path]) -> None:
    vault, state = stats_files
    async with reader(vault, state=state) as running:
        await running.press("slash", *"zzzzqqq", "enter")
        screen = await _open_stats(running)
        assert "0 entries are 0 papers" in _summary(screen)
        await running.press("escape")


def test_stats_screen_snapshot(stats_files: tuple[Path, Path], snap_compare: SnapCompare) -> None:
    vault, state = stats_files
    app = make_app(Session.open(vault, state_path=state))

    async def open_stats(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 50), run_before=open_stats)
