"""A snapshot of the similar-papers list (``m``) on the demo vault."""

from __future__ import annotations

from textual.pilot import Pilot

from papertui.tui.app import PaperTUI
from papertui.tui.screens.similar import SimilarScreen
from tests.tui.pilot import settle
from tests.tui.test_snapshots import SnapCompare, demo_app

__all__ = ["demo_app"]


def test_similar_papers_list(demo_app: PaperTUI, snap_compare: SnapCompare) -> None:
    async def similar(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("j", "m")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SimilarScreen)
        await pilot.press("j")

    assert snap_compare(demo_app, terminal_size=(120, 40), run_before=similar)
