"""The verb table: one declaration per verb drives bindings, help, palette, remaps and docs."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from papertui.tui.app import PaperTUI
from papertui.tui.commands import (
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
from papertui.tui.screens.main import MainScreen
from papertui.tui.triage import Batch, Flag, Triage
from papertui.tui.widgets.paper_list import PaperList
from papertui.tui.widgets.paper_view import PaperView
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
        Scope.LIST: PaperList,
        Scope.PANE: PaperView,
    }
    action = verb.action  # type: ignore[attr-defined]
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
    assert with_keys(text) == text, "run: python -m papertui.tui.commands docs/usage.md"


def test_triage_undo_levels_and_descriptions() -> None:
    class Store:
        def __init__(self) -> None:
            self.flags: dict[tuple[str, Flag], bool] = {}

        def is_read(self, key: str) -> bool:
            return self.flags.get((key, Flag.READ), False)

        def is_starred(self, key: str) -> bool:
            return self.flags.get((key, Flag.STARRED), False)

        def set_read_many(self, keys: Iterable[str], value: bool) -> list[str]:
            changed = [key for key in keys if self.is_read(key) != value]
            for key in changed:
                self.flags[(key, Flag.READ)] = value
            return changed

        def set_starred(self, key: str, value: bool) -> bool:
            if self.is_starred(key) == value:
                return False
            self.flags[(key, Flag.STARRED)] = value
            return True

    store = Store()
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
    assert store.is_read("a")
    assert Batch(Flag.READ, False, ("a", "b")).describe() == "2 papers marked unread"


async def test_user_remaps_apply_and_show_in_help(vault: Path) -> None:
    from papertui.config import Config

    config = Config(keys={"star": "f", "bogus": "x"})
    async with reader(vault, config=config) as r:
        await r.press("f")
        assert r.main.store is not None
        assert r.main.store.is_starred(r.main.papers[0].key)
        await r.press("s")  # the old key no longer stars
        assert r.main.store.is_starred(r.main.papers[0].key)
        assert r.app.keymap == {"star": "f"}
