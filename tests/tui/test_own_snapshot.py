"""A snapshot of a paper with your note and your tags: pane header, the note block, the tree."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from papertui.tui.app import PaperTUI
from papertui.tui.messages import FlagsChanged
from papertui.tui.own_changes import NoteEdit
from papertui.tui.screens.main import MainScreen
from papertui.tui.widgets.paper_view import PaperView
from tests.tui.pilot import settle

SnapCompare = Callable[..., bool]
NOTE = (
    "## Why it matters\n\nCompare with **our** baseline; see `loss.py`.\n\n- [ ] reproduce table 2"
)


def test_a_paper_with_your_note_and_tags(demo_app: PaperTUI, snap_compare: SnapCompare) -> None:
    async def annotated(pilot: Pilot[object]) -> None:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, MainScreen)
        paper, store = screen.selected, screen.store
        assert paper is not None
        assert store is not None
        store.annotate(paper.key, NOTE)
        store.tag(paper.key, ["to-cite", "ml/baselines"])
        screen.post_message(FlagsChanged(NoteEdit(paper.key, "", NOTE)))
        await settle(pilot)
        await pilot.press("3")
        screen.query_one(PaperView).scroll_end(animate=False, immediate=True)  # the note block
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(120, 40), run_before=annotated)
