"""Several vaults as roots of the tree, and the watch-list: its mark, tree entry and reason."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from papertui.config import Config
from papertui.session import Session
from papertui.tui.app import make_app
from papertui.tui.choices import Kind
from papertui.vault.flags import Flag
from papertui.vault.watch import WatchList, parse_watch, use_watch_list
from tests.tui.conftest import _hexo_note, _hexo_section
from tests.tui.pilot import Reader, Recorder, wait_until


@asynccontextmanager
async def reader_of(
    vaults: list[Path], tmp_path: Path, config: Config | None = None
) -> AsyncIterator[Reader]:
    session = Session.open(vaults, state_path=tmp_path / "state.json", config=config)
    recorder = Recorder()
    app = make_app(session)
    try:
        async with app.run_test(size=(120, 40), message_hook=recorder) as pilot:
            running = Reader(app, pilot, recorder)
            await running.settle()
            yield running
    finally:
        use_watch_list(WatchList())


def _digests(tmp_path: Path) -> Path:
    root = tmp_path / "digests"
    root.mkdir()
    (root / "2024-09-28.md").write_text(
        _hexo_note(
            "2024-09-28",
            "Digest",
            [
                _hexo_section("Gaussian Splatting for Cats", "2409.00001", "Ada Lovelace, Bo Li"),
                _hexo_section("A Digest-Only Paper", "2409.00099", "Hal Ito"),
            ],
        ),
        encoding="utf-8",
    )
    return root


def _lines(r: Reader) -> list[str]:
    """The tree's labels, without their guides."""
    return [line.strip().lstrip("▼▶├└│ ") for line in r.tree_lines() if line.strip()]


async def test_each_vault_is_a_root_and_lists_its_papers(vault: Path, tmp_path: Path) -> None:
    digests = _digests(tmp_path)
    async with reader_of([vault, digests], tmp_path) as r:
        await wait_until(r, lambda: "▣ digests 2/2" in _lines(r), "the digests root")
        assert "▣ vault 8/8" in _lines(r)
        assert "vault + digests" in r.sub_title
        assert len(r.main.papers) == 9  # the paper in both vaults is one
        await r.choose("digests")
        await wait_until(r, lambda: len(r.titles()) == 2, "the digests' papers")
        assert r.main.wanted.choice.kind is Kind.VAULT
        assert sorted(r.titles()) == ["A Digest-Only Paper", "Gaussian Splatting for Cats"]
        shared = next(p for p in r.main.papers if p.title == "Gaussian Splatting for Cats")
        assert {a.path.split("/")[0] for a in shared.appearances} == {"vault", "digests"}


async def test_one_vault_has_no_vault_roots(vault: Path, tmp_path: Path) -> None:
    async with reader_of([vault], tmp_path) as r:
        assert not any(line.startswith("▣") for line in _lines(r))


WATCHING = Config(watch=parse_watch(["Lovelace"], ["voxels"]))


async def test_watched_papers_are_marked_listed_and_explained(vault: Path, tmp_path: Path) -> None:
    async with reader_of([vault], tmp_path, WATCHING) as r:
        await wait_until(r, lambda: "◆ Watch-list 2/2" in _lines(r), "the watch-list entry")
        assert "◆ Lovelace 1/1" in _lines(r)
        assert "◆ voxels 1/1" in _lines(r)
        marked = [line for line in r.list_lines() if line.startswith("◆")]
        assert len(marked) == 2
        assert any("Sparse Voxels Revisited" in line for line in marked)
        await r.choose("Watch-list")
        await wait_until(r, lambda: len(r.titles()) == 2, "the watched papers")
        await r.choose("All")
        await r.press("slash", *"is:watched", "space", *"author:lovelace", "enter")
        await wait_until(r, lambda: r.titles() == ["Gaussian Splatting for Cats"], "filtered")
        await wait_until(r, lambda: "watched: author Lovelace" in r.pane_text(), "the reason")


async def test_the_reader_merges_a_conflict_copy_at_start_and_says_so(
    vault: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state.json"
    stamp = "2024-01-01T00:00:00.000000+00:00"
    state.write_text('{"version": 2, "papers": {}, "notes_seen": {}}')
    copy = tmp_path / "state.sync-conflict-20240101-123456-ABCDEFG.json"
    papers = {"arxiv:2409.00006": {"starred": [True, stamp]}}
    copy.write_text(json.dumps({"version": 2, "papers": papers}))
    async with reader_of([vault], tmp_path) as r:
        told = "merged 1 conflict copy from Syncthing: 1 paper changed: 1 starred"
        await wait_until(
            r, lambda: any(told in n.message for n in r.app._notifications), "the notice"
        )
        assert r.main.store is not None
        assert r.main.store.has("arxiv:2409.00006", Flag.STARRED)
        sparse = next(line for line in r.list_lines() if "Sparse Voxels" in line)
        assert "★" in sparse
    assert not copy.exists()
    assert copy.with_name(copy.name + ".merged").exists()


async def test_seen_notes_stay_keyed_by_vault(vault: Path, tmp_path: Path) -> None:
    digests = _digests(tmp_path)
    async with reader_of([vault, digests], tmp_path) as r:
        await wait_until(r, lambda: "▣ digests 2/2" in _lines(r), "the first session")
    seen = json.loads((tmp_path / "state.json").read_text())["notes_seen"]
    assert seen[str(digests.resolve())] == ["2024-09-28.md"]
    assert "daily.2024.09.10.md" in seen[str(vault.resolve())]
    (digests / "2024-09-29.md").write_text(
        _hexo_note("2024-09-29", "Digest", [_hexo_section("Brand New", "2409.00100", "Ida Oh")]),
        encoding="utf-8",
    )
    async with reader_of([vault, digests], tmp_path) as r:
        await wait_until(r, lambda: "New 1/1" in _lines(r), "the new note's paper under New")
