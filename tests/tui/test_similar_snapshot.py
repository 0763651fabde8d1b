"""A snapshot of the similar-papers list (``m``) on the demo vault."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from papertui.tui import recommending
from papertui.tui.app import PaperTUI
from papertui.tui.screens.similar import SimilarScreen
from tests.tui.pilot import settle
from tests.tui.test_snapshots import SnapCompare


def test_similar_papers_list(
    demo_app: PaperTUI, snap_compare: SnapCompare, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Still making the model" shows only after a second: never in a snapshot.
    monkeypatch.setattr(recommending, "SLOW_SEARCH", 600.0)

    async def similar(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("j", "m")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SimilarScreen)
        await pilot.press("j")

    assert snap_compare(demo_app, terminal_size=(120, 40), run_before=similar)
