"""The verb table: one declaration per verb drives bindings, help, palette, remaps and docs."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.tui.app import PaperTUI
from papertui.tui.screens.main import MainScreen
from papertui.tui.triage import Batch, Triage
from papertui.tui.verb_table import (
    KEYS_BEGIN,
    KEYS_END,
    VERBS,
    Scope,
    bindings,
    check_keymap,
    display_key,
    key_of,
    keys_markdown,
    main,
    with_keys,
)
from papertui.tui.widgets.pane_layout import PaneLayout
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.paper_view import PaperView
from papertui.tui.widgets.tag_tree import TagTree
from papertui.vault.flags import Flag
from papertui.vault.state.store import StateStore
from tests.conftest import PROJECT
from tests.tui.pilot import reader

ISSUE_KEYS = [
    "j",
    "k",
    "down",
    "up",
    "g",
    "G",
    "pageup",
    "pagedown",
    "n",
    "N",
    "space",
    "r",
    "u",
    "s",
    "o",
    "p",
    "y",
    "Y",
    "x",
    "M",
    "z",
    "tab",
    "shift+tab",
    "question_mark",
    "ctrl+p",
    "R",
    "q",
    "e",
    "slash",
    "left_square_bracket",
    "right_square_bracket",
    "S",
]


def test_every_issue_key_is_declared_once_per_scope() -> None:
    declared: dict[tuple[Scope, str], str] = {}
    for verb in VERBS:
        for key in verb.key.split(","):
            assert (verb.scope, key) not in declared, key
            declared[(verb.scope, key)] = verb.id
    keys = {key for _, key in declared}
    assert set(ISSUE_KEYS) <= keys
    assert len({verb.id for verb in VERBS}) == len(VERBS)


@pytest.mark.parametrize("verb", VERBS, ids=lambda verb: verb.id)
def test_every_verb_has_an_action_on_its_scope(verb: object) -> None:
    owner = {
        Scope.APP: PaperTUI,
        Scope.MAIN: MainScreen,
        Scope.LAYOUT: PaneLayout,
        Scope.LIST: PaperList,
        Scope.TREE: TagTree,
        Scope.PANE: PaperView,
    }
    action = verb.action.split("(")[0]  # type: ignore[attr-defined]
    if action.startswith("app."):
        owner_class: type = PaperTUI
        action = action.removeprefix("app.")
    else:
        owner_class = owner[verb.scope]  # type: ignore[attr-defined]
    assert hasattr(owner_class, f"action_{action}"), verb


def test_bindings_carry_the_verb_ids() -> None:
    ids = {binding.id for scope in Scope for binding in bindings(scope)}
    assert ids == {verb.id for verb in VERBS}


def test_keymap_keeps_known_ids_and_names_the_rest() -> None:
    keymap, messages = check_keymap({"star": "f", "nope": "x", "undo": " "})
    assert keymap == {"star": "f"}
    assert any("nope" in message for message in messages)
    assert any("undo" in message for message in messages)


def test_keys_display_as_typed() -> None:
    assert display_key("question_mark") == "?"
    assert display_key("left_square_bracket") == "["
    assert display_key("space") == "space"
    assert display_key("ctrl+p") == "ctrl+p"
    star = next(verb for verb in VERBS if verb.id == "star")
    assert key_of(star, {"star": "f"}) == "f"


def test_docs_table_lists_every_verb() -> None:
    table = keys_markdown()
    for verb in VERBS:
        assert f"`{verb.id}`" in table
    assert "| `?` | `help` |" in table


def test_docs_key_table_is_regenerated_between_markers(tmp_path: Path) -> None:
    doc = tmp_path / "usage.md"
    doc.write_text(f"# Usage\n\n{KEYS_BEGIN}\nold table\n{KEYS_END}\n\nMore.\n", encoding="utf-8")
    assert main([str(doc)]) == 0
    text = doc.read_text(encoding="utf-8")
    assert "old table" not in text
    assert keys_markdown() in text
    assert text.endswith(f"{KEYS_END}\n\nMore.\n")
    with pytest.raises(ValueError, match="keys:begin"):
        with_keys("no markers here")


def test_usage_doc_key_table_is_current() -> None:
    usage = PROJECT / "docs" / "usage.md"
    if not usage.exists() or KEYS_BEGIN not in usage.read_text(encoding="utf-8"):
        pytest.skip("docs/usage.md has no generated key table yet")
    text = usage.read_text(encoding="utf-8")
    assert with_keys(text) == text, "run: python -m papertui.tui.verb_table docs/usage.md"


async def test_the_verb_table_says_what_is_dimmed_without_a_paper(vault: Path) -> None:
    on_screen = [verb for verb in VERBS if verb.scope is not Scope.APP]
    async with reader(vault) as r:
        await r.press("s")  # something to undo, so only a missing paper dims
        owner = {Scope.LAYOUT: r.main.panes}  # the node holding the scope's bindings
        for verb in on_screen:
            if verb.needs_paper or verb.needs_state:
                check = owner.get(verb.scope, r.main).check_action
                assert check(verb.action, ()) is not None, verb.id
        await r.press("slash", *"qqqxqqq", "enter")
        assert not r.paper_list.rows
        for verb in on_screen:
            dimmed = owner.get(verb.scope, r.main).check_action(verb.action, ()) is None
            assert dimmed == (verb.needs_paper or verb.action == "mark_all_read"), verb.id


def test_triage_undo_levels_and_descriptions(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.json")
    triage = Triage(store, depth=2)
    assert triage.set(["a", "b", "a"], Flag.READ, True) == Batch(Flag.READ, True, ("a", "b"))
    assert triage.set(["a"], Flag.READ, True) is None  # nothing changed: nothing to undo
    triage.set(["a"], Flag.STARRED, True)
    triage.set(["c"], Flag.READ, True)
    assert triage.undo() == Batch(Flag.READ, True, ("c",))
    undone = triage.undo()
    assert undone is not None
    assert undone.describe() == "1 paper starred"
    assert triage.undo() is None  # depth 2: the oldest was dropped
    assert store.has("a", Flag.READ)
    assert Batch(Flag.READ, False, ("a", "b")).describe() == "2 papers marked unread"


async def test_user_remaps_apply_and_show_in_help(vault: Path) -> None:
    from papertui.config import Config

    config = Config(keys={"star": "f", "bogus": "x"})
    async with reader(vault, config=config) as r:
        await r.press("f")
        assert r.main.store is not None
        assert r.main.store.has(r.main.papers[0].key, Flag.STARRED)
        await r.press("s")  # the old key no longer stars
        assert r.main.store.has(r.main.papers[0].key, Flag.STARRED)
        assert r.app.keymap == {"star": "f"}
