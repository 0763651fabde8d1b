"""Snapshots of the main screen on the demo vault, wide and at 80x24."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from papertui.tui.app import PaperTUI
from tests.tui.pilot import settle

SnapCompare = Callable[..., bool]


def test_main_screen_wide(demo_app: PaperTUI, snap_compare: SnapCompare) -> None:
    assert snap_compare(demo_app, terminal_size=(120, 40), run_before=settle)


def test_main_screen_80x24(demo_app: PaperTUI, snap_compare: SnapCompare) -> None:
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=settle)


def test_filtered_and_starred(demo_app: PaperTUI, snap_compare: SnapCompare) -> None:
    async def triage(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("s", "j", "space", "slash", *"diffusion", "enter")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(120, 40), run_before=triage)


def test_a_paper_in_two_notes_shows_the_second(
    demo_app: PaperTUI, snap_compare: SnapCompare
) -> None:
    async def second_note(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("slash", *"neural discrete", "enter", "a")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=second_note)
