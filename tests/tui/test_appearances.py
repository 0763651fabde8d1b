"""A paper in several notes: the pane steps through its appearances, says which, and copes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.command import CommandPalette

from papertui.tui.rendering import Look, render_section
from papertui.tui.section import nearest_appearance, shows_paper
from papertui.vault.paper import Appearance
from tests.tui.conftest import _hexo_note, _hexo_section, make_paper
from tests.tui.pilot import Reader, reader, text, wait_until

CATS = "Whiskers Attend to Every Token"
NOTES = {
    "digest/a/2024-09-01.md": ("2024-09-01", "Cats seen first, in folder a."),
    "digest/b/2024-09-02.md": ("2024-09-02", "Cats seen again, in folder b."),
    "digest/[b]c[/b]/2024-09-03.md": ("2024-09-03", "Cats seen last, in a folder named as markup."),
}


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """One paper (CATS) in three notes, each section with a sentence of its own; two others."""
    root = tmp_path / "many"
    for path, (day, remark) in NOTES.items():
        note = root / path
        note.parent.mkdir(parents=True, exist_ok=True)
        sections = [_hexo_section(f"Dogs of {day}", f"2409.1{day[-2:]}00", "Rex Hound")]
        sections.append(_hexo_section(CATS, "2409.20001", "Tom Cat", f"{remark}\n\n"))
        note.write_text(_hexo_note(day, "Cats", sections), encoding="utf-8")
    return root


async def _on_cats(r: Reader) -> None:
    assert r.paper_list.select_key("arxiv:2409.20001")
    await r.settle()
    assert r.pane.shown is not None
    assert r.pane.shown.title == CATS


def _note_lines(r: Reader) -> list[str]:
    """What the header says of the note shown: its lines up to the rule."""
    lines = r.pane_text().splitlines()
    end = next(n for n, line in enumerate(lines) if line.startswith("───"))
    start = end - 1
    while not re.match(r"in |\d+ of \d+ notes", lines[start]):
        start -= 1
    if start and re.match(r"\d+ of \d+ notes", lines[start - 1]):
        start -= 1
    return lines[start:end]


def _said(r: Reader) -> str:
    """The pane's text with its wrapping undone."""
    return " ".join(r.pane_text().split())


async def test_a_and_shift_a_step_through_the_notes_and_wrap(many: Path) -> None:
    async with reader(many) as r:
        await _on_cats(r)
        appearances = r.pane.shown.appearances if r.pane.shown else ()
        assert len(appearances) == 3
        assert r.pane.shown_at == appearances[0]
        seen = []
        for _ in range(3):
            await r.press("a")
            seen.append(r.pane.shown_at)
        assert seen == [appearances[1], appearances[2], appearances[0]]  # wraps forward
        seen = []
        for _ in range(3):
            await r.press("A")
            seen.append(r.pane.shown_at)
        assert seen == [appearances[2], appearances[1], appearances[0]]  # and backward
        for index, appearance in enumerate(appearances):
            day, remark = NOTES[appearance.path]
            assert _note_lines(r) == [
                f"{index + 1} of 3 notes (a/A) · {day}",
                f"in {appearance.path}:{appearance.line}",
            ]
            assert remark in r.pane_text()
            others = [NOTES[a.path][1] for a in appearances if a is not appearance]
            assert not any(other in r.pane_text() for other in others)
            await r.press("a")


async def test_another_paper_starts_at_its_first_note(many: Path) -> None:
    async with reader(many) as r:
        await _on_cats(r)
        first = r.pane.shown_at
        await r.press("a")
        assert r.pane.shown_at != first
        await r.press("k")  # the paper above (a day's other paper)
        assert r.pane.shown is not None
        assert r.pane.shown.title != CATS
        only = r.pane.shown_at
        assert only is not None
        assert _note_lines(r) == [f"in {only.path}:{only.line}"]  # one note: no count, no keys
        await r.press("a")
        assert any("one note only" in n.message for n in r.app._notifications)
        await r.press("j")
        assert r.pane.shown_at == first


async def test_a_typed_right_after_moving_steps_the_new_paper(many: Path) -> None:
    async with reader(many) as r:
        await _on_cats(r)
        await r.press("k")
        await r.burst("j", "a")  # "a" may run before the pane has the paper back
        shown = r.pane.shown
        assert shown is not None
        assert shown.title == CATS
        assert r.pane.shown_at == shown.appearances[1]


async def test_the_markup_in_a_path_shows_literally(many: Path) -> None:
    async with reader(many) as r:
        await _on_cats(r)
        while r.pane.shown_at is not None and "[b]c[/b]" not in r.pane.shown_at.path:
            await r.press("a")
        assert _note_lines(r)[-1].startswith("in digest/[b]c[/b]/2024-09-03.md:")


async def test_a_gone_or_changed_note_is_said_not_raised(many: Path) -> None:
    async with reader(many) as r:
        r.main.feed.stop_watching()  # the note changes behind the reader's back
        await _on_cats(r)
        appearances = r.main.current.appearances if r.main.current else ()
        (many / appearances[1].path).unlink()
        await r.press("a")
        assert r.pane.shown_at == appearances[1]
        assert f"{appearances[1].path} is gone since it was read" in _said(r)
        changed = many / appearances[2].path
        changed.write_text(
            _hexo_note("2024-09-09", "Cats", [_hexo_section("Moles", "2409.30001", "Mo")] * 3),
            encoding="utf-8",
        )
        await r.press("a")
        assert r.pane.shown_at == appearances[2]
        pane = _said(r)
        assert f"{appearances[2].path} changed since it was read" in pane
        assert "Moles" in pane  # what the lines hold now, under the warning
        changed.write_text("short\n", encoding="utf-8")
        await r.press("A", "a")
        assert "changed: the paper is no longer at these lines" in _said(r)
        assert r.app.is_running


async def test_a_live_reload_keeps_the_note_shown(many: Path) -> None:
    async with reader(many) as r:
        await _on_cats(r)
        first = r.pane.shown_at
        await r.press("a")
        shown = r.pane.shown_at
        assert first is not None
        assert shown is not None
        note = many / shown.path
        old = r.main.current
        note.write_text("\n\n\n" + note.read_text(encoding="utf-8"), encoding="utf-8")
        (many / first.path).unlink()  # the note before it goes: its index moves
        await wait_until(
            r,
            lambda: (
                r.main.current is not old
                and r.main.current is not None
                and len(r.main.current.appearances) == 2
            ),
            "the reload",
        )
        await r.settle()
        at = r.pane.shown_at
        assert at is not None
        assert (at.path, at.line) == (shown.path, shown.line + 3)
        assert _note_lines(r) == [
            f"1 of 2 notes (a/A) · {NOTES[shown.path][0]}",
            f"in {shown.path}:{shown.line + 3}",
        ]
        assert NOTES[shown.path][1] in r.pane_text()


async def test_the_palette_offers_next_and_previous_note(many: Path) -> None:
    async with reader(many) as r:
        await _on_cats(r)
        appearances = r.pane.shown.appearances if r.pane.shown else ()
        await r.press("ctrl+p")
        assert isinstance(r.top, CommandPalette)
        await r.press(*"Next note", "enter")
        assert r.on_top(r.main)
        assert r.pane.shown_at == appearances[1]
        await r.press("ctrl+p", *"Previous note", "enter")
        assert r.pane.shown_at == appearances[0]


async def test_a_hidden_pane_comes_back_to_show_the_other_note(many: Path) -> None:
    async with reader(many) as r:
        await _on_cats(r)
        await r.press("right_square_bracket")
        assert not r.main.panes.show_pane
        await r.press("a")
        assert r.main.panes.show_pane
        assert r.pane.shown is not None
        assert r.pane.shown_at == r.pane.shown.appearances[1]


def test_nearest_appearance_follows_the_note_after_a_rescan() -> None:
    paper = make_paper(1, appearances=3)
    _a, b, c = paper.appearances
    assert nearest_appearance(paper, None) == 0
    assert nearest_appearance(paper, b) == 1
    assert nearest_appearance(paper, Appearance(c.path, c.line + 7, c.end_line + 7)) == 2
    assert nearest_appearance(paper, Appearance("gone.md", 1, 5)) == 0


def test_shows_paper_knows_its_heading_or_its_id() -> None:
    paper = make_paper(1, title="Cats: All the Way Down")
    assert shows_paper("\n## Cats:  all the way down\nbody\n", paper)
    assert shows_paper("### [3] [Cats: All the Way Down](https://arxiv.org/abs/x)\n", paper)
    assert shows_paper("## A retitled v2\n[PDF](http://arxiv.org/abs/2409.10001v2)\n", paper)
    assert not shows_paper("## Another Paper\n[PDF](http://arxiv.org/abs/2409.99999v1)\n", paper)
    titled = make_paper(2, title="Dogs Only", arxiv=False)
    assert not shows_paper("## Cats: All the Way Down\n", titled)


def test_render_section_of_an_unreadable_place_says_why(tmp_path: Path) -> None:
    paper = make_paper(1, appearances=2)
    (tmp_path / paper.appearances[1].path).mkdir()  # a folder where the note was
    lines = render_section(paper, tmp_path, 60, Look({}), index=1).lines
    said = " ".join(text(line).strip() for line in lines)
    assert paper.appearances[1].path in said
    assert "Traceback" not in said
