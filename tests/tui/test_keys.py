"""Press every key of the reader and check what it did and what is shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Input

from papertui.config import Config
from papertui.session import Session
from papertui.tui import paper_verbs
from papertui.tui.app import make_app
from papertui.tui.choices import Kind
from papertui.tui.messages import GoToPaper, GoToTag
from papertui.tui.screens.confirm import ConfirmScreen
from papertui.tui.screens.export import ExportScreen
from papertui.tui.screens.help import HelpScreen
from papertui.tui.widgets.filter_bar import FilterBar
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.paper_view import PaperView
from papertui.vault.flags import Flag
from papertui.vault.state.store import StateStore
from tests.tui.pilot import reader, wait_until


async def test_launch_focuses_the_list_on_the_newest_paper(vault: Path) -> None:
    async with reader(vault) as r:
        assert r.has_focus(r.paper_list)
        assert r.paper_list.cursor == 0
        newest = max(p.day for p in r.main.papers if p.day)
        assert r.main.current is not None
        assert r.main.current.day == newest
        rendered = r.recorder.of(PaperView.Rendered)
        assert rendered
        assert rendered[-1].paper is r.main.current
        assert r.sub_title == "vault — 8 of 8"


async def test_moving_keys(vault: Path) -> None:
    async with reader(vault) as r:
        titles = r.titles()
        await r.press("j")
        assert r.current_title() == titles[1]
        await r.press("down", "down")
        assert r.current_title() == titles[3]
        await r.press("k", "up")
        assert r.current_title() == titles[1]
        await r.press("G")
        assert r.current_title() == titles[-1]
        await r.press("g")
        assert r.current_title() == titles[0]
        await r.press("end")
        assert r.paper_list.cursor == len(titles) - 1
        await r.press("home")
        assert r.paper_list.cursor == 0
        await r.press("pagedown")
        assert r.paper_list.cursor == len(titles) - 1  # the page is taller than the list
        await r.press("pageup")
        assert r.paper_list.cursor == 0
        highlighted = r.recorder.of(PaperList.Highlighted)
        rows = r.paper_list.rows
        assert [m.paper for m in highlighted[-2:]] == [rows[len(rows) - 1], rows[0]]


async def test_triage_keys_set_flags_and_show_them(vault: Path) -> None:
    async with reader(vault) as r:
        first, second = r.main.papers[0], r.main.papers[1]
        store = r.main.store
        assert store is not None
        assert r.list_lines()[0].startswith("   ")  # no star yet
        await r.press("s")
        assert store.has(first.key, Flag.STARRED)
        assert r.list_lines()[0].startswith(" ★")
        assert "★ starred" in r.pane_text()
        await r.press("s")
        assert not store.has(first.key, Flag.STARRED)
        assert "★" not in r.pane_text().splitlines()[2]
        await r.press("r")
        assert store.has(first.key, Flag.READ)
        assert "read · 2024-09-27" in r.pane_text()
        await r.press("u")
        assert not store.has(first.key, Flag.READ)
        await r.press("space")
        assert store.has(first.key, Flag.READ)
        assert r.main.current is second


async def test_keys_typed_quickly_act_on_the_paper_under_the_cursor(vault: Path) -> None:
    async with reader(vault) as r:
        await r.burst("s", "j", "s", "j", "s", "j", "r")
        store = r.main.store
        assert store is not None
        papers = r.main.papers
        assert [store.has(p.key, Flag.STARRED) for p in papers[:4]] == [True, True, True, False]
        assert [store.has(p.key, Flag.READ) for p in papers[:4]] == [False, False, False, True]


async def test_next_and_previous_unread(vault: Path) -> None:
    async with reader(vault) as r:
        store = r.main.store
        assert store is not None
        papers = r.main.papers
        for paper in papers[1:4]:
            store.mark([paper.key], Flag.READ, True)
        await r.press("J")
        assert r.main.current is papers[4]
        await r.press("K")
        assert r.main.current is papers[0]
        await r.press("K")
        assert r.main.current is papers[0]  # nothing above: stays, says so


async def test_hide_read_and_sort(vault: Path) -> None:
    async with reader(vault) as r:
        store = r.main.store
        assert store is not None
        store.mark([r.main.papers[0].key], Flag.READ, True)
        await r.press("x")
        assert r.main.papers[0].title not in r.titles()
        assert "unread" in r.sub_title
        await r.press("x")
        assert len(r.titles()) == len(r.main.papers)
        await r.press("S")
        assert r.titles() == sorted(r.titles(), key=str.casefold)
        assert "by title" in r.sub_title
        await r.press("S")
        days = [paper.day for paper in r.paper_list.rows]
        assert days == sorted(days, reverse=True)  # type: ignore[type-var]


async def test_mark_all_read_asks_with_the_count_then_undo(vault: Path) -> None:
    async with reader(vault) as r:
        store = r.main.store
        assert store is not None
        await r.press("M")
        confirm = r.top
        assert isinstance(confirm, ConfirmScreen)
        assert "Mark all 8 papers in the list read?" in confirm.question
        await r.press("n")
        assert not any(store.has(p.key, Flag.READ) for p in r.main.papers)
        await r.press("M", "y")
        assert all(store.has(p.key, Flag.READ) for p in r.main.papers)
        await r.press("z")
        assert not any(store.has(p.key, Flag.READ) for p in r.main.papers)


async def test_undo_goes_back_several_levels(vault: Path) -> None:
    async with reader(vault) as r:
        store = r.main.store
        assert store is not None
        first = r.main.papers[0]
        await r.press("s", "r", "j", "s")
        second = r.main.papers[1]
        assert store.has(second.key, Flag.STARRED)
        assert store.has(first.key, Flag.READ)
        await r.press("z")
        assert not store.has(second.key, Flag.STARRED)
        await r.press("z")
        assert not store.has(first.key, Flag.READ)
        assert store.has(first.key, Flag.STARRED)
        await r.press("z")
        assert not store.has(first.key, Flag.STARRED)
        assert r.main.check_action("undo", ()) is None  # dimmed: nothing left


async def test_open_and_copy_links(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async with reader(vault) as r:
        opened: list[str] = []

        def open_link(url: str, opener: str | None) -> None:
            opened.append(url)

        monkeypatch.setattr(paper_verbs, "open_link", open_link)
        key = r.main.papers[0].arxiv_id
        await r.press("o", "p", "y")
        await r.settle()
        assert opened == [f"https://arxiv.org/abs/{key}v1", f"https://arxiv.org/pdf/{key}v1"]
        assert r.app.clipboard == f"https://arxiv.org/abs/{key}v1"
        await r.press("G")  # a Dendron paper: no links at all, and o says so
        await r.press("o")
        await r.settle()
        assert len(opened) == 2


async def test_filter_keys_never_fire_bindings(vault: Path) -> None:
    async with reader(vault) as r:
        await r.press("slash")
        assert isinstance(r.focused, Input)
        await r.press(*"gauss")
        # The title matches best; "Carl Gauss" wrote the other one.
        assert r.titles() == ["Gaussian Splatting for Cats", "Score Matching in Practice"]
        assert r.sub_title.endswith("'gauss' — 2 of 8")
        row = r.paper_list.render_line(0)
        lit = "".join(seg.text for seg in row if seg.style is not None and seg.style.underline)
        assert lit == "Gauss"
        assert r.main.store is not None
        assert not r.main.store.dirty
        await r.press("enter")  # Enter keeps the new query
        assert r.has_focus(r.paper_list)
        assert r.main.query_one(FilterBar).text == "gauss"
        await r.press("escape")  # Esc on the list clears the filter
        assert len(r.titles()) == 8
        await r.press("slash", "q", "question_mark", "x", "M", "space", "left_square_bracket")
        assert r.main.query_one(FilterBar).text == "q?xM ["
        assert r.app.is_running
        assert r.on_top(r.main)
        assert not r.main.wanted.hide_read
        assert r.main.panes.show_tree


async def test_keys_typed_right_after_slash_go_to_the_filter(vault: Path) -> None:
    async with reader(vault) as r:
        await r.burst("slash", "s", "x", "q", "enter", "j")
        assert r.main.query_one(FilterBar).text == "sxq"  # typed, kept by Enter
        assert r.has_focus(r.paper_list)
        store = r.main.store
        assert store is not None
        assert not r.main.wanted.hide_read  # x was typed, not pressed
        assert not store.keys_with(Flag.STARRED)  # so was s
        await r.burst("escape", "slash", *"gauss", "enter", "j")
        assert r.main.query_one(FilterBar).text == "gauss"  # j went to the list
        assert r.has_focus(r.paper_list)


async def test_an_unparsable_query_is_shown_not_raised(vault: Path) -> None:
    async with reader(vault) as r:
        await r.press("slash")
        bar = r.main.query_one(FilterBar)
        bar.set_text("is:nonsense")
        await r.settle()
        assert bar.has_class("-error")
        assert bar.error
        assert len(r.titles()) == 8  # the last good view stays


async def test_panes_tab_and_toggles(vault: Path) -> None:
    async with reader(vault) as r:
        await r.press("tab")
        assert r.has_focus(r.pane)
        await r.press("shift+tab")
        assert r.has_focus(r.paper_list)
        await r.press("enter")  # Enter on a paper: read it in the pane
        assert r.has_focus(r.pane)
        assert r.recorder.of(PaperList.Selected)
        await r.press("shift+tab")
        await r.press("left_square_bracket")
        assert not r.tree.display or r.main.panes.has_class("-no-tree")
        assert r.tree.region.width == 0
        await r.press("left_square_bracket")
        assert r.tree.region.width > 0
        await r.press("tab")
        assert r.has_focus(r.pane)
        await r.press("right_square_bracket")  # hiding the focused pane gives the list focus
        assert r.pane.region.width == 0
        assert r.has_focus(r.paper_list)
        await r.press("tab")
        assert not r.has_focus(r.pane)


async def test_help_and_palette(vault: Path) -> None:
    async with reader(vault) as r:
        await r.press("question_mark")
        assert isinstance(r.top, HelpScreen)
        await r.press("escape")
        assert r.on_top(r.main)
        await r.press("ctrl+p")
        assert isinstance(r.top, CommandPalette)
        await r.press(*"star", "enter")
        assert r.on_top(r.main)
        assert r.main.store is not None
        assert r.main.store.has(r.main.papers[0].key, Flag.STARRED)


async def test_tree_filters_the_list(vault: Path) -> None:
    async with reader(vault) as r:
        await r.press("shift+tab", "shift+tab")
        assert r.has_focus(r.tree)
        await r.pilot.pause(0.3)  # the counts follow a moment after the rows
        await r.settle()
        choices = {c.label: c for c in r.tree.choices}
        assert r.main.counts.of(choices["3DGS"]) == (2, 2)
        assert r.main.counts.of(choices["ml"]) == (2, 2)  # ml/diffusion and ml/nerf
        assert any(line.startswith("3DGS 2/2") for line in r.tree_lines())
        line = r.tree_lines().index(next(x for x in r.tree_lines() if x.startswith("3DGS")))
        await r.press(*["down"] * line, "enter")  # choose 3DGS with the keys
        assert r.titles() == ["Gaussian Splatting for Cats", "Sparse Voxels Revisited"]
        assert r.sub_title == "vault · 3DGS — 2 of 8"
        await r.press("slash", *"gauss", "enter")  # the counts follow the filter
        await r.pilot.pause(0.3)
        await r.settle()
        assert r.main.counts.of(choices["3DGS"]) == (1, 1)
        assert r.main.counts.of(choices["ml"]) == (0, 0)
        await r.press("r")
        await r.pilot.pause(0.3)
        await r.settle()
        assert r.main.counts.of(choices["3DGS"]) == (0, 1)  # and the read flags


async def test_rescan_keeps_the_selection(vault: Path) -> None:
    async with reader(vault) as r:
        await r.press("G", "k", "k")
        assert r.current_title() == "Sparse Voxels Revisited"
        (vault / "posts" / "2024-09-27-Diffusion-Models.md").rename(vault / "gone.txt")
        await r.press("R")
        assert len(r.titles()) == 4
        assert r.current_title() == "Sparse Voxels Revisited"
        assert r.paper_list.cursor == 1
        (vault / "gone.txt").rename(vault / "posts" / "2024-09-27-Diffusion-Models.md")
        await r.press("R")
        assert len(r.titles()) == 8


async def test_state_is_saved_within_a_second_and_on_quit(vault: Path, tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    async with reader(vault, state=state) as r:
        await r.press("s")
        await r.pilot.pause(1.0)
        await r.settle()
        assert state.exists()
        starred, read = r.main.papers[0].key, r.main.papers[1].key
        await r.press("j", "r", "q")  # quit at once: the save on exit must catch "r"
    saved = StateStore.load(state)
    assert saved.has(starred, Flag.STARRED)
    assert saved.has(read, Flag.READ)


async def test_copy_bibtex_and_export_dialog(vault: Path) -> None:
    async with reader(vault) as r:
        paper = r.main.papers[0]
        await r.press("Y")
        assert r.app.clipboard.startswith("@")
        assert paper.arxiv_id is not None
        assert paper.arxiv_id in r.app.clipboard
        await r.press("s", "e")
        dialog = r.top
        assert isinstance(dialog, ExportScreen)
        await r.press("escape")
        assert r.on_top(r.main)


async def test_auto_read_after_a_delay_when_configured(vault: Path) -> None:
    async with reader(vault, config=Config(auto_read_delay=0.6)) as r:
        store = r.main.store
        assert store is not None
        await r.pilot.pause(0.7)
        first, second, third = r.main.papers[:3]
        assert store.has(first.key, Flag.READ)  # shown long enough
        await r.press("j", "j")  # the second is left before its delay is up
        await r.pilot.pause(0.8)
        await r.settle()
        assert store.has(third.key, Flag.READ)
        assert not store.has(second.key, Flag.READ)
    async with reader(vault, state=vault.parent / "other.json") as r:  # off by default
        await r.pilot.pause(0.3)
        assert r.main.store is not None
        assert not r.main.store.has(r.main.papers[0].key, Flag.READ)


async def test_state_problems_are_told(vault: Path, tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_text("{ not json", encoding="utf-8")
    async with reader(vault, state=state) as r:
        told = [n.message for n in r.app._notifications]
        assert any("state.json" in message for message in told), told
        assert len(r.titles()) == 8  # started fresh


async def test_problems_found_before_the_start_are_told(vault: Path) -> None:
    config = Config(theme="no-such-theme", keys={"nope": "x"})
    session = Session.open(vault, config=config, messages=["config: keys: [bold]bad"])
    async with make_app(session).run_test() as pilot:
        await pilot.pause()
        told = [n.message for n in pilot.app._notifications]
        assert "config: keys: [bold]bad" in told  # as written, never markup
        assert any("nope" in message for message in told), told
        assert any("no-such-theme" in message for message in told), told


async def test_rescan_shows_the_new_section_of_the_same_paper(vault: Path) -> None:
    async with reader(vault) as r:
        await r.press("G", "k", "k")
        assert r.current_title() == "Sparse Voxels Revisited"
        note = vault / "posts" / "2024-09-20-3DGS.md"
        note.write_text(
            note.read_text(encoding="utf-8").replace("We study sparse", "We now study sparse"),
            encoding="utf-8",
        )
        await r.press("R")
        assert r.current_title() == "Sparse Voxels Revisited"
        assert "We now study" in r.pane_text()


async def test_palette_go_to_tag_and_go_to_paper(vault: Path) -> None:
    async with reader(vault) as r:
        tag = next(c for c in r.tree.choices if c.label == "3DGS")
        r.main.post_message(GoToTag(tag))
        await r.settle()
        assert r.titles() == ["Gaussian Splatting for Cats", "Sparse Voxels Revisited"]
        assert r.has_focus(r.paper_list)
        hidden = next(p for p in r.main.papers if p.title == "Region Editing by Words")
        found = r.main.find_papers("region editing", 5)
        assert found[0].paper is hidden
        assert found[0].title_positions  # lit in the palette
        r.main.post_message(GoToPaper(hidden))
        await r.settle()
        assert r.main.wanted.choice.kind is Kind.ALL
        assert r.main.current is hidden


async def test_an_unreadable_vault_is_told_not_raised(tmp_path: Path) -> None:
    gone = tmp_path / "[bold]gone"
    async with reader(gone, state=tmp_path / "state.json") as r:
        told = [n.message for n in r.app._notifications]
        assert any("[bold]gone" in message for message in told), told
        assert r.list_lines()[0].startswith(" Cannot read")
        assert not r.paper_list.loading


def test_big_counts_stay_narrow_in_the_tree() -> None:
    from papertui.tui.widgets.tag_tree import short_count

    assert [short_count(n) for n in (0, 52, 9_999)] == ["0", "52", "9999"]
    # Rounded down: 12.6k means at least 12,600 (the sub-title has exact counts).
    assert [short_count(n) for n in (10_000, 126_882, 999_999)] == ["10k", "126.8k", "999.9k"]
    assert [short_count(n) for n in (1_000_000, 1_250_000)] == ["1M", "1.2M"]


async def test_esc_in_the_filter_puts_back_the_query_the_edit_began_with(vault: Path) -> None:
    async with reader(vault) as r:
        bar = r.main.query_one(FilterBar)
        await r.press("slash", *"gauss", "enter")
        assert (bar.text, len(r.titles())) == ("gauss", 2)
        await r.press("slash", *" cats")
        assert bar.text == "gauss cats"
        await r.press("escape")  # cancel the edit: the query it began with is back
        assert r.has_focus(r.paper_list)
        assert bar.text == "gauss"
        await wait_until(r, lambda: len(r.titles()) == 2, "the list as it was")
        await r.press("escape")  # a second Esc, from the list, clears the filter
        assert bar.text == ""
        await wait_until(r, lambda: len(r.titles()) == 8, "every paper")
        await r.press("slash", *"sparse", "escape")  # an edit from empty cancels to empty
        assert bar.text == ""


async def test_esc_cancels_an_edit_typed_faster_than_the_focus_moves(vault: Path) -> None:
    async with reader(vault) as r:
        bar = r.main.query_one(FilterBar)
        await r.burst("slash", *"gauss")  # a terminal delivers "/gauss" at once
        assert bar.text == "gauss"
        await r.press("escape")
        assert bar.text == ""
        await r.burst("slash", *"sparse")
        await r.press("enter")
        await r.burst("slash", *" x")
        await r.press("escape")
        assert bar.text == "sparse"
