"""Which files a scan reads: links, loops, FIFOs, hidden folders, suffixes, globs."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from papertui.vault.notes.read import NoteResult, read_batch, read_packed, unpack_batch
from papertui.vault.notes.walk import walk
from papertui.vault.paper import ImageRow, SectionRow
from papertui.vault.scan import ScanResult, scan
from papertui.vault.scan import pool as parallel
from tests.vault.notes import P, dendron, digest, note, write

ONE = P("Tidal Grids: Forecasting Waves with Sparse Buoys", "2402.00001v1", tags=("ocean",))
TWO = P("Paper Planes: Folding Networks for Glide Control", "2402.00002v1", tags=("flight",))


def _paths(result: ScanResult) -> list[str]:
    return [report.path for report in result.notes]


def test_symlink_loops_end_and_each_real_file_is_read_once(tmp_path: Path) -> None:
    write(tmp_path, "a/note.md", digest("2024-06-01", ONE))
    os.symlink(tmp_path, tmp_path / "a" / "loop")  # a/loop -> the vault itself
    os.symlink(tmp_path / "a", tmp_path / "b")  # b -> a
    os.symlink(tmp_path / "a" / "note.md", tmp_path / "alias.md")
    result = scan(tmp_path)
    read = [r.path for r in result.notes if r.papers]
    assert read == ["a/note.md"]
    (paper,) = result.papers
    assert [a.path for a in paper.appearances] == ["a/note.md"]
    status, _, reason = note(result, "alias.md")
    assert status == "skipped"
    assert reason == "the same file as a/note.md"


def test_links_out_of_the_vault_are_not_followed(tmp_path: Path) -> None:
    vault, outside = tmp_path / "vault", tmp_path / "outside"
    write(outside, "secret.md", digest("2024-06-02", TWO))
    write(outside, "folder/deep.md", digest("2024-06-02", TWO))
    write(vault, "mine.md", digest("2024-06-02", ONE))
    os.symlink(outside / "secret.md", vault / "secret.md")
    os.symlink(outside / "folder", vault / "folder")
    result = scan(vault)
    assert [p.title for p in result.papers] == [ONE.title]
    status, count, reason = note(result, "secret.md")
    assert (status, count) == ("skipped", 0)
    assert reason is not None
    assert "outside the vault" in reason
    assert "folder/deep.md" not in _paths(result)


def test_a_fifo_named_md_never_blocks_the_scan(tmp_path: Path) -> None:
    write(tmp_path, "real.md", digest("2024-06-03", ONE))
    os.mkfifo(tmp_path / "x.md")
    found: list[ScanResult] = []
    worker = threading.Thread(target=lambda: found.append(scan(tmp_path)), daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "scan() blocked on a FIFO"
    (result,) = found
    status, count, reason = note(result, "x.md")
    assert (status, count, reason) == ("skipped", 0, "not a regular file")
    assert note(result, "real.md")[:2] == ("read", 1)


@pytest.mark.parametrize("folder", [".git", ".obsidian", ".trash", "node_modules", ".hidden"])
def test_hidden_folders_and_node_modules_are_skipped(tmp_path: Path, folder: str) -> None:
    write(tmp_path, f"{folder}/inside.md", digest("2024-06-04", TWO))
    write(tmp_path, f"sub/{folder}/deeper.md", digest("2024-06-04", TWO))
    write(tmp_path, ".dotfile.md", digest("2024-06-04", TWO))
    write(tmp_path, "visible.md", digest("2024-06-04", ONE))
    result = scan(tmp_path)
    assert _paths(result) == ["visible.md"]
    assert [p.title for p in result.papers] == [ONE.title]


def test_markdown_suffixes_in_any_case_and_sub_folders(tmp_path: Path) -> None:
    for name in ("a.md", "b.markdown", "c.MD", "d.Markdown", "deep/er/e.md", "f.txt", "g.mdx"):
        write(tmp_path, name, dendron("20240607", ONE))
    result = scan(tmp_path)
    assert _paths(result) == ["a.md", "b.markdown", "c.MD", "d.Markdown", "deep/er/e.md"]
    (paper,) = result.papers
    assert sorted(a.path for a in paper.appearances) == _paths(result)


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    for name in ("daily/2024-01.md", "daily/old/2023-12.md", "journal/today.md", "top.md"):
        write(tmp_path, name, dendron("20240608", ONE))
    assert _paths(scan(tmp_path, include=["daily/**"])) == [
        "daily/2024-01.md",
        "daily/old/2023-12.md",
    ]
    assert _paths(scan(tmp_path, include=["daily/*.md"])) == ["daily/2024-01.md"]
    assert _paths(scan(tmp_path, exclude=["journal/", "old"])) == ["daily/2024-01.md", "top.md"]
    assert _paths(scan(tmp_path, include=["*.md"], exclude=["2024-*"])) == [
        "daily/old/2023-12.md",
        "journal/today.md",
        "top.md",
    ]


def test_an_unreadable_note_is_skipped_with_the_reason(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = write(tmp_path, "locked.md", digest("2024-06-09", ONE))
    path.chmod(0)
    try:
        status, _, reason = note(scan(tmp_path), "locked.md")
    finally:
        path.chmod(0o644)
    assert status == "skipped"
    assert reason is not None
    assert reason.startswith("unreadable")


def test_a_broken_link_is_skipped_with_the_reason(tmp_path: Path) -> None:
    os.symlink(tmp_path / "gone.md", tmp_path / "dangling.md")
    status, _, reason = note(scan(tmp_path), "dangling.md")
    assert (status, reason) == ("skipped", "a broken link")


def test_a_scan_from_a_thread_uses_worker_processes_safely(tmp_path: Path) -> None:
    for number in range(8):
        write(tmp_path, f"n{number}.md", digest("2024-06-10", ONE, TWO))
    notes = list(walk(str(tmp_path)))
    found: list[list[NoteResult]] = []

    def run() -> None:
        found.append(list(parallel.read_notes(notes, str(tmp_path), parallel=True)))

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive()
    (results,) = found
    assert [result.path for result in results] == [note.path for note in notes]
    assert all(result.papers == 2 for result in results)


def test_a_workers_packed_batch_reads_back_as_the_same_results(tmp_path: Path) -> None:
    kite = P("Kite Lines: Tension for Robots", extra="\n![diagram](assets/kite.png)\n")
    write(tmp_path, "a.md", digest("2024-06-10", ONE, TWO))
    write(tmp_path, "b.md", dendron("20240611", kite, P("Quiet Rooms Without Images")))
    write(tmp_path, "c.md", "# Groceries\n\n- milk\n")  # passed over: no papers
    write(tmp_path, "d.md", b"\xff\xfe\x00broken")
    notes = list(walk(str(tmp_path)))
    batch = [(note.path, note.absolute, note.size) for note in notes]
    unpacked = unpack_batch(read_packed(batch, str(tmp_path)))
    assert unpacked == read_batch(notes, str(tmp_path))
    assert [result.papers for result in unpacked] == [2, 2, 0, 0]
    rows = [row for result in unpacked for row in result.rows]
    assert all(type(row) is SectionRow for row in rows)
    (image,) = [image for row in rows for image in row.images]
    assert type(image) is ImageRow
    assert (rows[2].title, image.path) == (kite.title, "assets/kite.png")


def test_every_link_loop_is_named_in_the_report(tmp_path: Path) -> None:
    write(tmp_path, "a/note.md", digest("2024-06-01", ONE))
    os.symlink(tmp_path, tmp_path / "a" / "up")  # a/up -> the vault: a loop
    os.symlink(tmp_path / "a", tmp_path / "b")  # b -> a: the same folder again
    os.symlink("self.md", tmp_path / "self.md")  # ELOOP: a link to itself
    os.symlink("ping", tmp_path / "pong")  # ELOOP: two links to each other
    os.symlink("pong", tmp_path / "ping")
    reasons = {r.path: (str(r.status), r.reason) for r in scan(tmp_path).notes}
    assert reasons["a/up/"] == ("skipped", "a symlink loop back to the vault itself")
    assert reasons["b/"] == ("skipped", "the same folder as a/")
    for name in ("self.md", "ping", "pong"):
        status, reason = reasons[name]
        assert status == "skipped"
        assert reason is not None
        assert "symlink loop (ELOOP)" in reason


def test_an_unreadable_folder_is_named_in_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "open/note.md", digest("2024-06-01", ONE))
    write(tmp_path, "locked/note.md", digest("2024-06-02", TWO))
    locked = tmp_path / "locked"
    if os.geteuid() == 0:  # root reads any folder: the refusal is injected instead
        real_scandir = os.scandir

        def scandir(path: str) -> object:
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", path)
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
    else:
        locked.chmod(0)
    try:
        result = scan(tmp_path, cache=False)
    finally:
        locked.chmod(0o755)
    reasons = {r.path: (str(r.status), r.reason) for r in result.notes}
    assert reasons["locked/"] == ("skipped", "an unreadable folder: Permission denied")
    assert [paper.title for paper in result.papers] == [ONE.title]
