"""Scanner: snapshots while it reads, and live reload that equals a scan from scratch."""

from __future__ import annotations

import os
import random
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from papertui.vault.export.listing import note_record, paper_record
from papertui.vault.scan import ScanResult, scan
from papertui.vault.scan import pool as parallel
from papertui.vault.scan.result import ScanProgress
from papertui.vault.scan.scanner import Scanner
from tests.vault.notes import P, dendron, digest, hexo, write

PAST = 1_600_000_000
PAPERS = [
    P(f"Paper Number {number}: A Study of Thing {number}", f"2407.{number:05d}v{1 + number % 3}")
    for number in range(1, 41)
]


def _document(result: ScanResult) -> tuple[list[dict[str, Any]], list[dict[str, object]]]:
    return [paper_record(p) for p in result.papers], [note_record(n) for n in result.notes]


def _fresh(root: Path) -> tuple[list[dict[str, Any]], list[dict[str, object]]]:
    return _document(scan(root, cache=False))


def _vault(root: Path, notes: int = 12) -> Path:
    for number in range(notes):
        picked = PAPERS[number * 3 % 37 : number * 3 % 37 + 4]
        day = f"2024-07-{number % 28 + 1:02d}"
        if number % 3 == 0:
            write(root, f"hexo/{day}-{number}.md", hexo(day, *picked))
        elif number % 3 == 1:
            write(root, f"z/{number}/{day}.md", digest(day, *picked))
        else:
            write(
                root,
                f"d/{day.replace('-', '')}-{number}.md",
                dendron(day.replace("-", ""), *picked),
            )
    for folder, _, names in os.walk(root):
        for name in names:
            os.utime(Path(folder, name), (PAST, PAST))
    return root


def test_progress_ends_with_the_full_result(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v")
    seen = list(Scanner(root, cache=False).iter_batches(interval=0))
    assert seen[-1].final
    assert not any(progress.final for progress in seen[:-1])
    assert [p.done for p in seen] == sorted(p.done for p in seen)
    assert seen[-1].done == seen[-1].total == 12
    final = seen[-1].result
    assert final is not None
    assert _document(final) == _fresh(root)
    for progress in seen[:-1]:
        assert progress.result is not None
        assert progress.papers == len(progress.result.papers) <= len(final.papers)


def test_progress_from_the_cache_streams_the_newest_first(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v")
    Scanner(root).scan()
    seen = list(Scanner(root).iter_batches(interval=0))
    final = seen[-1].result
    assert final is not None
    assert _document(final) == _fresh(root)
    first = seen[0].result
    assert first is not None
    assert first.papers == final.papers[: len(first.papers)]


def test_scan_reports_counts_only_until_the_end(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v")
    seen: list[ScanProgress] = []
    result = scan(root, progress=seen.append)
    assert seen[-1].final
    assert seen[-1].result is result
    assert all(progress.result is None for progress in seen[:-1])


def test_snapshots_come_only_when_asked_for_by_an_event(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v")
    wanted = threading.Event()
    wanted.set()
    given: list[bool] = []
    for progress in Scanner(root, cache=False, parallel=False).iter_batches(
        interval=0, snapshots=wanted
    ):
        given.append(progress.result is not None)
        assert not wanted.is_set()  # a report takes it: the taker asks again
        if len(given) == 4:
            wanted.set()
    assert given[0]
    assert given[-1]  # the final one always
    assert given[1:4] == [False, False, False]
    assert given[4]
    assert given[5:-1] == [False] * (len(given) - 6)


def test_a_changed_note_is_taken_in_alone(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v")
    scanner = Scanner(root)
    scanner.scan()
    # A paper that also appears in unchanged notes, renamed here: the first
    # appearance in path order names it, wherever the change is.
    renamed = P("Renamed: " + PAPERS[3].title, PAPERS[3].arxiv)
    write(root, "d/20240703-2.md", dendron("20240703", renamed, PAPERS[39]))
    result = scanner.apply_changes(modified=[root / "d/20240703-2.md"])
    assert _document(result) == _fresh(root)
    assert scanner.result is result


def test_added_and_deleted_notes_and_folders(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v")
    scanner = Scanner(root)
    scanner.scan()
    write(root, "new/2024-08-01.md", digest("2024-08-01", P("Brand New: Paper", "2408.00001")))
    (root / "hexo/2024-07-01-0.md").unlink()
    result = scanner.apply_changes(
        added=[str(root / "new/2024-08-01.md")], deleted=["hexo/2024-07-01-0.md"]
    )
    assert _document(result) == _fresh(root)
    shutil.rmtree(root / "z")
    assert _document(scanner.apply_changes(deleted=[root / "z"])) == _fresh(root)
    shutil.copytree(root / "new", root / "moved")
    assert _document(scanner.apply_changes(added=[root / "moved"])) == _fresh(root)


def test_watchfiles_changes_map_onto_it(tmp_path: Path) -> None:
    from watchfiles import Change

    root = _vault(tmp_path / "v")
    scanner = Scanner(root)
    scanner.scan()
    write(root, "z/1/2024-07-02.md", digest("2024-07-02", PAPERS[0]))
    write(root, "notes.txt", "not a note")
    write(root, ".hidden/x.md", digest("2024-07-02", PAPERS[1]))
    changes = {
        (Change.modified, str(root / "z/1/2024-07-02.md")),
        (Change.added, str(root / "notes.txt")),
        (Change.added, str(root / ".hidden/x.md")),
        (Change.deleted, str(tmp_path / "elsewhere.md")),
    }
    assert _document(scanner.apply_watch(changes)) == _fresh(root)


def test_live_reload_equals_a_fresh_scan_through_many_changes(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v", notes=15)
    scanner = Scanner(root)
    scanner.scan()
    chance = random.Random(5)
    for step in range(25):
        notes = sorted(str(p.relative_to(root)) for p in root.rglob("*.md"))
        action = chance.choice(["edit", "add", "delete"] if len(notes) > 3 else ["add"])
        picked = chance.sample(PAPERS, 3)
        day = f"2024-09-{chance.randint(1, 28):02d}"
        if action == "delete":
            target = chance.choice(notes)
            (root / target).unlink()
        else:
            target = chance.choice(notes) if action == "edit" else f"n{step}/{day}.md"
            write(root, target, chance.choice([hexo, digest])(day, *picked))
        result = scanner.apply_changes(modified=[root / target])
        assert _document(result) == _fresh(root), (step, action, target)
    scanner.save_cache()
    assert _document(Scanner(root).scan()) == _fresh(root)


def test_refresh_walks_again(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v")
    scanner = Scanner(root)
    scanner.scan()
    (root / "hexo/2024-07-01-0.md").unlink()
    write(root, "late/2024-07-09.md", digest("2024-07-09", PAPERS[7]))
    assert _document(scanner.refresh()) == _fresh(root)


def test_changes_before_a_scan_scan(tmp_path: Path) -> None:
    root = _vault(tmp_path / "v")
    assert _document(Scanner(root).apply_changes(modified=["x.md"])) == _fresh(root)


@pytest.mark.parametrize("cached", [False, True])
def test_a_scan_from_a_thread_streams_on_worker_processes(tmp_path: Path, cached: bool) -> None:
    parallel.prestart()  # as the reader does before its threads start; harmless twice
    root = _vault(tmp_path / "v", notes=20)
    if cached:
        Scanner(root).scan()
    found: list[ScanProgress] = []

    def run() -> None:
        found.extend(Scanner(root, parallel=True).iter_batches(interval=0))

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive()
    final = found[-1].result
    assert final is not None
    assert _document(final) == _fresh(root)


def test_a_result_is_short_to_describe(tmp_path: Path) -> None:
    # Textual's @work describes a worker by repr() of its arguments: a result may be one.
    root = _vault(tmp_path / "v")
    result = scan(root, cache=False)
    assert repr(result) == (
        f"ScanResult(root={root!r}, papers=<{len(result.papers)} papers>, "
        f"notes=<{len(result.notes)} notes>)"
    )
    assert len(repr(ScanProgress(1, 2, 3, result))) < 300
