"""Your note (n) and your tags (t) from the keyboard: saved, shown, found, undone."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from papertui.config import Config
from papertui.tui.screens.annotate import AnnotationScreen
from papertui.tui.screens.confirm import ConfirmScreen
from papertui.tui.screens.tags import LastTagSuggester, TagsScreen, toggles
from papertui.vault.state.store import StateStore
from tests.tui.pilot import Reader, reader, wait_until


def _store(r: Reader) -> StateStore:
    store = r.main.store
    assert store is not None
    return store


async def _type(r: Reader, text: str) -> None:
    await r.press(*("space" if char == " " else char for char in text))


async def test_n_writes_a_note_shown_under_the_section_and_z_undoes_it(vault: Path) -> None:
    async with reader(vault) as r:
        paper = r.main.selected
        assert paper is not None
        await r.press("n")
        editor = r.top
        assert isinstance(editor, AnnotationScreen)
        await _type(r, "Try the **loss** [/] on cats")
        await r.press("enter", *"- second")
        await r.press("ctrl+s")
        assert r.on_top(r.main)
        store = _store(r)
        assert store.annotation(paper.key) == "Try the **loss** [/] on cats\n- second"
        await wait_until(r, lambda: "Your note" in r.pane_text(), "the note in the pane")
        shown = r.pane_text()
        assert "Try the loss [/] on cats" in shown  # rendered Markdown, never markup
        assert shown.index("Your note") > shown.index("We study")  # under the section
        await r.press("slash", *"note:cats", "enter")
        assert r.titles() == [paper.title]
        await r.press("escape", "z")
        assert store.annotation(paper.key) == ""
        await wait_until(r, lambda: "Your note" not in r.pane_text(), "the note gone")
        await r.press("n")  # editing again: an empty text deletes
        await _type(r, "x")
        await r.press("ctrl+s", "n", "ctrl+a")
        editor = r.top
        assert isinstance(editor, AnnotationScreen)
        editor.editor.clear()
        await r.press("ctrl+s")
        assert store.annotation(paper.key) == ""
        store.save()  # (unless the reader saved it already)
        assert '"annotations"' in store.path.read_text()  # the deletion, stamped


async def test_esc_asks_before_dropping_an_edit(vault: Path) -> None:
    async with reader(vault) as r:
        paper = r.main.selected
        assert paper is not None
        await r.press("n", "escape")  # nothing typed: closes at once
        assert r.on_top(r.main)
        await r.press("n", *"draft", "escape")
        assert isinstance(r.top, ConfirmScreen)
        await r.press("n")  # keep editing
        assert isinstance(r.top, AnnotationScreen)
        await r.press("escape", "y")
        assert r.on_top(r.main)
        assert _store(r).annotation(paper.key) == ""


async def test_t_adds_and_removes_your_tags_with_undo(vault: Path) -> None:
    async with reader(vault) as r:
        paper = r.main.selected
        assert paper is not None
        store = _store(r)
        await r.press("t")
        dialog = r.top
        assert isinstance(dialog, TagsScreen)
        assert "Diffusion Models" in dialog.every  # note tags complete too
        await _type(r, "mine, to-cite")
        await r.press("enter")
        assert store.user_tags(paper.key) == ("mine", "to-cite")
        await wait_until(r, lambda: any("Your tags" in line for line in r.tree_lines()), "tree")
        assert any("# mine" in line for line in r.tree_lines())
        assert "✎ #mine #to-cite" in r.pane_text()
        await r.press("slash", *"tag:mine", "enter")
        assert r.titles() == [paper.title]
        await r.press("escape", "t", *"mine", "enter")  # typing one it has takes it off
        assert store.user_tags(paper.key) == ("to-cite",)
        await r.press("z")
        assert store.user_tags(paper.key) == ("mine", "to-cite")
        await r.press("z")
        assert store.user_tags(paper.key) == ()
        await wait_until(r, lambda: not any("Your tags" in line for line in r.tree_lines()), "")


async def test_the_tree_lists_the_papers_of_one_of_your_tags(vault: Path) -> None:
    async with reader(vault) as r:
        await r.press("j", "t", *"later-maybe", "enter")
        chosen = r.current_title()
        await wait_until(
            r, lambda: any("later-maybe" in line for line in r.tree_lines()), "the tag"
        )
        r.tree.focus()
        await r.pilot.pause()
        while r.tree.cursor_node is not None and "later-maybe" not in str(r.tree.cursor_node.label):
            await r.press("j")
        await r.press("enter")
        assert r.titles() == [chosen]


async def test_suggestions_complete_the_last_tag() -> None:
    suggester = LastTagSuggester(["Diffusion Models", "diffusion", "nerf"])
    assert await suggester.get_suggestion("mine, dif") == "mine, diffusion"
    assert await suggester.get_suggestion("mine ne") == "mine nerf"
    assert await suggester.get_suggestion("mine ") is None
    assert toggles(("Mine", "b"), "mine c, #d") == (("c", "d"), ("Mine",))


async def test_an_external_editor_edits_the_note(
    vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text() + 'written outside\\n')\n"
    )
    config = Config(annotation_editor=f"{sys.executable} {script}")
    async with reader(vault, config=config) as r:

        @contextlib.contextmanager
        def suspended() -> Iterator[None]:
            yield  # (a headless test has no terminal to hand over)

        monkeypatch.setattr(r.app, "suspend", suspended)
        paper = r.main.selected
        assert paper is not None
        await r.press("n")
        assert _store(r).annotation(paper.key) == "written outside"
        await r.press("n")
        assert _store(r).annotation(paper.key) == "written outside\nwritten outside"


async def test_quitting_with_the_editor_open_keeps_the_typed_note(vault: Path) -> None:
    state = vault.parent / "state.json"
    async with reader(vault, state=state) as r:
        paper = r.main.selected
        assert paper is not None
        await r.press("n", *"draft")
        assert isinstance(r.top, AnnotationScreen)
        await r.press("ctrl+q")  # quit without ctrl+s
    assert StateStore.load(state).annotation(paper.key) == "draft"
