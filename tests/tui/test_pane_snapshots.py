"""Snapshots of the paper pane, one per shape of note it must read as the note means it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from papertui.session import Session
from papertui.tui.app import PaperTUI, make_app
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.paper_view import PaperView
from tests.tui.pane_notes import write_pane_vault
from tests.tui.pilot import settle

SnapCompare = Callable[..., bool]


@pytest.fixture
def pane_app(tmp_path: Path) -> PaperTUI:
    return make_app(
        Session.open(write_pane_vault(tmp_path / "pane"), state_path=tmp_path / "state.json")
    )


def on(title: str, *keys: str) -> Callable[[Pilot[object]], object]:
    """Select the paper whose title starts with ``title``, focus the pane, press ``keys``."""

    async def run_before(pilot: Pilot[object]) -> None:
        await settle(pilot)
        papers = pilot.app.screen.query_one(PaperList)
        papers.move_to(next(n for n, p in enumerate(papers.rows) if p.title.startswith(title)))
        await settle(pilot)
        pilot.app.screen.query_one(PaperView).focus()
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


def test_hexo_ol_summary_and_details(pane_app: PaperTUI, snap_compare: SnapCompare) -> None:
    assert snap_compare(pane_app, terminal_size=(110, 48), run_before=on("Retrieval Heads"))


def test_dendron_local_image_in_half_blocks(pane_app: PaperTUI, snap_compare: SnapCompare) -> None:
    assert snap_compare(pane_app, terminal_size=(110, 30), run_before=on("Bar Charts"))


def test_title_with_math(pane_app: PaperTUI, snap_compare: SnapCompare) -> None:
    assert snap_compare(pane_app, terminal_size=(110, 24), run_before=on("I$^2$OL-Net"))


def test_cjk_paragraph_wraps_by_cells(pane_app: PaperTUI, snap_compare: SnapCompare) -> None:
    # Narrow, so the paragraph wraps several times around CLIP, Ego4D and its punctuation.
    keys = ("slash", *"ego4d", "enter")
    assert snap_compare(pane_app, terminal_size=(72, 30), run_before=on("Retrieval Heads", *keys))


def test_long_url_is_a_short_link(pane_app: PaperTUI, snap_compare: SnapCompare) -> None:
    keys = ("slash", *"project files", "enter")
    assert snap_compare(pane_app, terminal_size=(90, 30), run_before=on("Retrieval Heads", *keys))
