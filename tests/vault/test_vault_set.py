"""Several vaults read as one: a paper in two vaults is one paper, each vault its own cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.vault.scan import scan
from papertui.vault.scan.cache import cache_file
from papertui.vault.scan.vault_set import VaultError, VaultSet
from tests.vault.notes import P, dendron, hexo, write

SHARED = P("Shared Light Fields for Everyone", "2405.00001v1", tags=("light",))
NOTES_ONLY = P("A Paper Only in Notes", "2405.00002v1")
DIGESTS_ONLY = P("A Paper Only in Digests", "2405.00003v2")
TITLE_ONLY = P("Shared Light Fields for Everyone", tags=("dendron-tag",))
"""The shared paper again, without its arXiv id (a Dendron note): merged by title."""


@pytest.fixture
def two_vaults(tmp_path: Path) -> tuple[Path, Path]:
    notes = tmp_path / "home" / "notes"
    digests = tmp_path / "home" / "digests"
    write(notes, "2024/2024-05-01.md", hexo("2024-05-01", SHARED, NOTES_ONLY))
    write(digests, "daily/2024-05-03.md", hexo("2024-05-03", SHARED, DIGESTS_ONLY))
    write(digests, "dendron/20240504.md", dendron("20240504", TITLE_ONLY))
    return notes, digests


def test_a_paper_in_two_vaults_is_one_paper_with_both_appearances(
    two_vaults: tuple[Path, Path],
) -> None:
    notes, digests = two_vaults
    result = VaultSet([notes, digests]).scan()
    assert result.root == notes.parent
    by_title: dict[str, list[str]] = {}
    for paper in result.papers:
        by_title.setdefault(paper.title, []).append(paper.key)
    assert len(by_title[SHARED.title]) == 1  # one paper, though in three notes of two vaults
    shared = next(paper for paper in result.papers if paper.title == SHARED.title)
    assert shared.key == "arxiv:2405.00001"
    assert sorted(appearance.path for appearance in shared.appearances) == [
        "digests/daily/2024-05-03.md",
        "digests/dendron/20240504.md",
        "notes/2024/2024-05-01.md",
    ]
    assert "dendron-tag" in shared.tags
    assert len(result.papers) == 3
    assert {note.path for note in result.notes} == {
        "notes/2024/2024-05-01.md",
        "digests/daily/2024-05-03.md",
        "digests/dendron/20240504.md",
    }
    # Every path reads from the shared folder.
    for paper in result.papers:
        for appearance in paper.appearances:
            assert (result.root / appearance.path).is_file()


def test_each_vault_keeps_its_own_cache_and_a_warm_scan_equals_a_cold_one(
    two_vaults: tuple[Path, Path],
) -> None:
    notes, digests = two_vaults
    cold = VaultSet([notes, digests]).scan()
    assert cache_file(notes, (), ()).exists()
    assert cache_file(digests, (), ()).exists()
    warm = VaultSet([notes, digests]).scan()
    assert warm.papers == cold.papers
    # One vault alone still reads from its own cache, as before.
    assert len(scan(notes).papers) == 2


def test_a_change_in_one_vault_is_taken_in(two_vaults: tuple[Path, Path]) -> None:
    notes, digests = two_vaults
    vaults = VaultSet([notes, digests])
    vaults.scan()
    added = write(digests, "daily/2024-05-09.md", hexo("2024-05-09", NOTES_ONLY))
    result = vaults.apply_watch([(1, str(added))])
    only = next(paper for paper in result.papers if paper.title == NOTES_ONLY.title)
    assert sorted(a.path for a in only.appearances) == [
        "digests/daily/2024-05-09.md",
        "notes/2024/2024-05-01.md",
    ]
    assert result == vaults.result


def test_seen_notes_are_kept_per_vault(two_vaults: tuple[Path, Path]) -> None:
    notes, digests = two_vaults
    vaults = VaultSet([notes, digests])
    by_vault = dict(vaults.vault_notes([n.path for n in vaults.scan().notes]))
    assert by_vault[notes] == {"2024/2024-05-01.md": "notes/2024/2024-05-01.md"}
    assert set(by_vault[digests]) == {"daily/2024-05-03.md", "dendron/20240504.md"}


def test_a_vault_inside_another_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    with pytest.raises(VaultError, match="is inside"):
        VaultSet([tmp_path / "a", tmp_path / "a" / "b"])
    assert len(VaultSet([tmp_path / "a", tmp_path / "a"]).roots) == 1
