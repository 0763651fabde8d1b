"""Flags are declared once: every place that lists them follows ``papertui.vault.flags``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from papertui.vault.export.records import CSV_COLUMNS, json_record
from papertui.vault.flags import (
    DONE,
    IS_WORDS,
    NO_FLAGS,
    SPECS,
    UNREAD,
    FixedFlags,
    Flag,
    IsWord,
    flags_on,
)
from papertui.vault.query import QueryError, parse_query
from papertui.vault.state.schema import FLAGS
from papertui.vault.watch import WATCHED
from tests.conftest import PROJECT
from tests.vault.query_fixtures import make_paper


def test_every_flag_has_a_spec_and_its_words_are_distinct() -> None:
    assert set(SPECS) == set(Flag)
    words = [word for flag in Flag for word in (flag.value, flag.spec.unset_word) if word]
    assert len(words) == len(set(words)) == len(IS_WORDS)
    assert IS_WORDS["read"] == IsWord(frozenset({Flag.READ}), True)
    assert IS_WORDS["unread"] == IsWord(DONE, False) == UNREAD
    assert IS_WORDS["starred"] == IsWord(frozenset({Flag.STARRED}), True)
    assert Flag.READ in DONE
    assert Flag.STARRED not in DONE


def test_the_state_file_the_query_and_the_exports_list_every_flag() -> None:
    assert tuple(Flag) == FLAGS
    assert CSV_COLUMNS[-len(Flag) :] == tuple(flag.value for flag in Flag)
    for word in IS_WORDS:
        assert parse_query(f"is:{word}").terms[0].value == word
    with pytest.raises(QueryError) as raised:
        parse_query("is:nope")
    words = ", ".join((*IS_WORDS, WATCHED))  # (watched: computed, not a flag)
    assert raised.value.message == f"is: expects {words}, not 'nope'"
    paper = make_paper("A paper", arxiv_id="1")
    every = FixedFlags({flag: frozenset({paper.key}) for flag in Flag})
    assert all(json_record(paper, every)[flag.value] is True for flag in Flag)
    assert not any(json_record(paper, NO_FLAGS)[flag.value] for flag in Flag)
    assert flags_on(every, paper.key) == frozenset(Flag)
    assert flags_on(FixedFlags.of(starred=[paper.key]), paper.key) == {Flag.STARRED}


# A flag added to the declaration and nothing else: where it must show up.
_NEW_FLAG = """
from pathlib import Path
import tempfile

from papertui.tui.rendering import Look, render_header
from papertui.tui.triage import Batch
from papertui.tui.choices import SPECIALS
from papertui.tui.filtering import count
from papertui.tui.widgets.paper_list import PaperList
from papertui.vault.export.records import CSV_COLUMNS, write_csv
from papertui.vault.flags import FixedFlags, Flag
from papertui.vault.paper import Paper
from papertui.vault.query import PaperIndex, View, parse_query
from papertui.vault.state.store import StateStore

paper = Paper(key="arxiv:1", title="A pinned paper", arxiv_id="1")
other = Paper(key="arxiv:2", title="Another paper", arxiv_id="2")
flags = FixedFlags.of(pinned=[paper.key])
index = PaperIndex((paper, other))
assert CSV_COLUMNS[-1] == "pinned", CSV_COLUMNS
assert write_csv([paper], flags).splitlines()[1].endswith(",false,true")
assert [hit.paper.key for hit in index.search(parse_query("is:pinned"), flags)] == [paper.key]
assert [hit.paper.key for hit in index.search(parse_query("!is:pinned"), flags)] == [other.key]
assert "paper-list--pinned" in PaperList.COMPONENT_CLASSES
labels = [choice.label for choice in SPECIALS]
assert labels[labels.index("New") - 1 :][:2] == ["Pinned", "New"], SPECIALS
assert count(View(index), flags, ()).nodes["Pinned"] == (1, 1)
assert Batch(Flag("pinned"), False, ("a", "b")).describe() == "2 papers unpinned"
header = render_header(paper, 60, Look({}), flags=frozenset({Flag("pinned")}))
assert "◆ pinned · unread" in "".join(s.text for line in header for s in line), header
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "state.json"
    store = StateStore.load(path)
    store.mark([paper.key], Flag("pinned"))
    store.save()
    assert '"pinned":[true,' in path.read_text()
    assert StateStore.load(path).keys_with(Flag("pinned")) == {paper.key}
print("ok")
"""


def test_a_flag_added_to_the_declaration_alone_shows_everywhere(tmp_path: Path) -> None:
    """The proof that a flag is one declaration: a copy of papertui whose flags.py
    alone gains a member is asked about it in the state file, ``is:``, the CSV, the
    list's styles, the tree, the counts, triage messages and the pane header."""
    copy = tmp_path / "papertui"
    shutil.copytree(PROJECT / "papertui", copy, ignore=shutil.ignore_patterns("__pycache__"))
    declaration = copy / "vault" / "flags.py"
    source = declaration.read_text(encoding="utf-8")
    # The member after the others, its spec at the end of the table.
    member, table = "\n    @property\n    def spec(self)", "}\n\nDONE = "
    assert member in source, "the declaration changed shape: update this test"
    assert table in source, "the declaration changed shape: update this test"
    spec = 'Flag.PINNED: FlagSpec(("pinned", "unpinned"), glyph="◆", tree_word="pinned"),'
    source = source.replace(member, f'    PINNED = "pinned"\n{member}', 1)
    source = source.replace(table, f"    {spec}\n{table}", 1)
    declaration.write_text(source, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _NEW_FLAG],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
