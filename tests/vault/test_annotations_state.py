"""Annotations and your tags in the state file (schema 3): saved, merged, older files opened."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from papertui.vault.flags import Flag
from papertui.vault.state.annotations import tag_words
from papertui.vault.state.store import SCHEMA_VERSION, StateStore
from tests.vault.test_state_schema import SCHEMA_1, ticking

# Written by papertui of schema 2 (byte for byte what it saved).
SCHEMA_2 = (
    '{"version":2,"papers":{"arxiv:1":{"read":[true,"2026-01-01T00:00:00.000000+00:00"],'
    '"later":[true,"2026-01-01T00:00:02.000000+00:00"]},'
    '"title:x":{"dismissed":[true,"2025-12-31T23:00:00.000000+00:00"]}},'
    '"notes_seen":{"/v":["a.md","b.md"]}}\n'
)


def test_annotations_and_tags_round_trip(tmp_path: Path) -> None:
    state_path = tmp_path / "state.json"
    store = StateStore.load(state_path, clock=ticking())
    assert store.annotate("arxiv:1", "# Why\n\nIt *matters*.")
    assert not store.annotate("arxiv:1", "# Why\n\nIt *matters*.")  # the same text
    assert store.tag("arxiv:1", ["to-cite", "nerf"]) == ["to-cite", "nerf"]
    assert store.tag("arxiv:1", ["NeRF"]) == []  # the same tag, another case
    assert store.save()
    document = json.loads(state_path.read_text())
    assert document["version"] == SCHEMA_VERSION == 3
    assert document["annotations"]["arxiv:1"]["text"] == "# Why\n\nIt *matters*."
    again = StateStore.load(state_path)
    assert again.annotation("arxiv:1") == "# Why\n\nIt *matters*."
    assert again.user_tags("arxiv:1") == ("nerf", "to-cite")
    assert again.annotation("arxiv:2") == ""
    assert again.user_tags("arxiv:2") == ()


def test_an_empty_text_deletes_and_the_deletion_merges(tmp_path: Path) -> None:
    state_path = tmp_path / "state.json"
    clock = ticking()
    first = StateStore.load(state_path, clock=clock)
    first.annotate("arxiv:1", "keep?")
    first.save()
    second = StateStore.load(state_path, clock=clock)
    assert second.annotation("arxiv:1") == "keep?"
    second.annotate("arxiv:1", "")
    second.save()
    first.tag("arxiv:9", ["x"])
    first.save()  # merges: the deletion is newer than first's version
    assert first.annotation("arxiv:1") == ""
    assert first.recovered("arxiv:1") == ()  # a deletion of what it saw loses nothing
    assert "arxiv:1" in json.loads(state_path.read_text())["annotations"]


def test_two_processes_annotating_different_papers_keep_both(tmp_path: Path) -> None:
    state_path = tmp_path / "state.json"
    clock = ticking()
    first = StateStore.load(state_path, clock=clock)
    second = StateStore.load(state_path, clock=clock)
    first.annotate("arxiv:a", "from the first")
    second.annotate("arxiv:b", "from the second")
    first.tag("arxiv:a", ["one"])
    second.tag("arxiv:a", ["two"])
    assert first.save()
    assert second.save()
    final = StateStore.load(state_path)
    assert final.annotation("arxiv:a") == "from the first"
    assert final.annotation("arxiv:b") == "from the second"
    assert final.user_tags("arxiv:a") == ("one", "two")  # each tag merges on its own
    assert second.annotation("arxiv:a") == "from the first"  # the saver adopts the merge
    assert "arxiv:a" in second.last_merge


def test_the_same_paper_keeps_the_newest_and_a_recovery_copy_of_the_other(
    tmp_path: Path,
) -> None:
    state_path = tmp_path / "state.json"
    clock = ticking()
    base = StateStore.load(state_path, clock=clock)
    base.annotate("arxiv:a", "the first version")
    base.save()
    early = StateStore.load(state_path, clock=clock)
    late = StateStore.load(state_path, clock=clock)
    early.annotate("arxiv:a", "early edit")  # t1
    late.annotate("arxiv:a", "late edit")  # t2: the newest
    late.save()
    early.save()  # saved last, but older
    for store in (StateStore.load(state_path), early):
        assert store.annotation("arxiv:a") == "late edit"
        assert [r.text for r in store.recovered("arxiv:a")] == ["early edit"]


def test_an_edit_of_what_was_saved_keeps_no_recovery_copy(tmp_path: Path) -> None:
    state_path = tmp_path / "state.json"
    clock = ticking()
    first = StateStore.load(state_path, clock=clock)
    first.annotate("arxiv:a", "one")
    first.save()
    second = StateStore.load(state_path, clock=clock)
    second.annotate("arxiv:a", "two")
    second.annotate("arxiv:a", "three")  # twice before saving
    second.save()
    first.mark(["arxiv:z"], Flag.READ)
    first.save()
    assert first.annotation("arxiv:a") == "three"
    assert first.recovered("arxiv:a") == ()


def test_tags_removed_in_one_process_and_added_in_another_merge_per_tag(
    tmp_path: Path,
) -> None:
    state_path = tmp_path / "state.json"
    clock = ticking()
    first = StateStore.load(state_path, clock=clock)
    first.tag("arxiv:a", ["x", "y"])
    first.save()
    second = StateStore.load(state_path, clock=clock)
    second.tag("arxiv:a", ["x"], False)
    first.tag("arxiv:a", ["z"])
    second.save()
    first.save()
    assert StateStore.load(state_path).user_tags("arxiv:a") == ("y", "z")


def test_real_processes_annotating_at_once_keep_everything(tmp_path: Path) -> None:
    state_path = tmp_path / "state.json"
    script = (
        "import sys; from pathlib import Path\n"
        "from papertui.vault.state.store import StateStore\n"
        "store = StateStore.load(Path(sys.argv[1]))\n"
        "for n in range(20):\n"
        "    store.annotate(f'arxiv:{sys.argv[2]}{n}', f'note {n}')\n"
        "    store.tag(f'arxiv:shared', [f'{sys.argv[2]}{n}'])\n"
        "    assert store.save()\n"
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", script, str(state_path), name])
        for name in ("a", "b")
    ]
    assert [run.wait(timeout=60) for run in runs] == [0, 0]
    final = StateStore.load(state_path)
    for name in ("a", "b"):
        assert all(final.annotation(f"arxiv:{name}{n}") == f"note {n}" for n in range(20))
    assert len(final.user_tags("arxiv:shared")) == 40


def test_schema_1_and_2_files_open_and_save_as_schema_3(tmp_path: Path) -> None:
    for text in (SCHEMA_1, SCHEMA_2):
        state_path = tmp_path / "state.json"
        state_path.write_text(text)
        store = StateStore.load(state_path, clock=ticking())
        assert (store.read_only, store.messages) == (False, [])
        assert store.has("arxiv:1", Flag.READ)
        assert store.annotation("arxiv:1") == ""
        assert store.user_tags("arxiv:1") == ()
        store.annotate("arxiv:1", "now annotated")
        assert store.save()
        document = json.loads(state_path.read_text())
        assert document["version"] == 3
        assert document["papers"]["arxiv:1"] == json.loads(text)["papers"]["arxiv:1"]
        assert StateStore.load(state_path).annotation("arxiv:1") == "now annotated"


def test_a_bad_annotation_entry_is_dropped_and_the_rest_kept(tmp_path: Path) -> None:
    state_path = tmp_path / "state.json"
    good = {"text": "fine", "at": "2026-01-01T00:00:00.000000+00:00"}
    state_path.write_text(
        json.dumps(
            {
                "version": 3,
                "papers": {},
                "notes_seen": {},
                "annotations": {"arxiv:1": good, "arxiv:2": {"text": 3}},
                "user_tags": {"arxiv:1": {"ok": [True, "2026-01-01"]}, "arxiv:2": ["no"]},
            }
        )
    )
    store = StateStore.load(state_path)
    assert store.annotation("arxiv:1") == "fine"
    assert store.user_tags("arxiv:1") == ("ok",)
    assert any("2 unreadable entries" in message for message in store.messages)


def test_tag_words_split_on_spaces_and_commas() -> None:
    assert tag_words(" #nerf, to-read  ml/vision,,nerf ") == ["nerf", "to-read", "ml/vision"]
