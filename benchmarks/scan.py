"""Time the scanner on a vault: cold, warm (index cache), streaming, live reload, and its memory.

Side by side in one run: reading the vault's note bytes, a cold scan (no
cache) and one that writes the cache, the first papers of a streaming scan
(cold and warm), a warm scan, a warm ``papertui list --json > /dev/null``
(a subprocess, as a user runs it), one changed note taken in by
``Scanner.apply_changes``, and the peak RSS of a process holding every paper.
The caches live in a temporary PAPERTUI_HOME; the live-reload runs change a
hard-linked copy of the vault (``<vault>-live``, notes replaced by rename, so
the vault itself is never touched).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from papertui.vault.scan import NoteStatus, ScanResult, scan
from papertui.vault.scan.cache import cache_file
from papertui.vault.scan.scanner import Scanner

PROJECT = Path(__file__).resolve().parents[1]
NOTE_SUFFIXES = (".md", ".markdown")


def note_files(root: Path) -> list[str]:
    """The note files scan() considers: .md/.markdown, no hidden folders, no node_modules."""
    found: list[str] = []
    stack = [str(root)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.name.startswith(".") or entry.name == "node_modules":
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.is_file() and entry.name.lower().endswith(NOTE_SUFFIXES):
                    found.append(entry.path)
    return found


def read_all(root: Path) -> tuple[int, int]:
    """Walk the vault and read every note's bytes: (notes, bytes)."""
    total = 0
    files = note_files(root)
    for path in files:
        with open(path, "rb") as handle:
            total += len(handle.read())
    return len(files), total


def timed(action: Callable[[], object]) -> float:
    gc.collect()
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def first_papers(root: Path, *, cache: bool) -> float:
    """Seconds from starting a streaming scan to its first papers."""
    began = time.perf_counter()
    for progress in Scanner(root, cache=cache).iter_batches():
        if progress.papers:
            return time.perf_counter() - began
    return float("nan")  # pragma: no cover - a vault without papers


def list_json(root: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT), *sys.path[1:]])}
    subprocess.run(
        [sys.executable, "-m", "papertui", "list", "--json", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        check=True,
    )


_PEAK = """
import sys
from pathlib import Path
from papertui.vault.scan import scan
result = scan(Path(sys.argv[1]), cache=sys.argv[2] == "warm")
assert result.papers
# VmHWM, not getrusage: ru_maxrss starts at the forking parent's size.
with open("/proc/self/status") as status:
    print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
"""


def peak_rss(root: Path, kind: str) -> float:
    """Peak RSS (MB) of a fresh process that scans the vault and holds every paper (Linux)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT), *sys.path[1:]])}
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, str(root), kind],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return int(done.stdout.strip()) / 1024


def live_copy(root: Path) -> Path:
    """A hard-linked copy of the vault beside it (made once)."""
    copy = root.with_name(root.name + "-live")
    if copy.is_dir():
        return copy
    for folder, _, names in os.walk(root):
        target = copy / os.path.relpath(folder, root)
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.link(os.path.join(folder, name), target / name)
    return copy


def replace(path: Path, text: str) -> None:
    """New content by rename: a new inode, so the hard-linked original stays as it was."""
    temporary = path.with_name(f".{path.name}.bench")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def live_reload(vault: Path, repeat: int) -> list[float]:
    """Seconds for ``apply_changes`` to take in one changed note, ``repeat`` times."""
    copy = live_copy(vault)
    scanner = Scanner(copy)
    scanner.scan()
    notes = sorted(Path(path) for path in note_files(copy) if "/hexo/" in path)
    times: list[float] = []
    for number in range(repeat):
        note = notes[number * 97 % len(notes)]
        original = note.read_text(encoding="utf-8")
        marker = f"Bench Edit {number}"
        replace(note, original.replace("\n## ", f"\n## {marker} ", 1))
        began = time.perf_counter()
        result = scanner.apply_changes(modified=[note])
        times.append(time.perf_counter() - began)
        assert any(paper.title.startswith(marker) for paper in result.papers)
        replace(note, original)
        scanner.apply_changes(modified=[note])
    return times


def row(label: str, times: list[float]) -> str:
    median = statistics.median(times)
    return f"{label:<40}{median:>9.3f} s{min(times):>9.3f} s{max(times):>9.3f} s{len(times):>6}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("vault", type=Path, help="the vault folder (see make_vault.py)")
    parser.add_argument("-n", "--repeat", type=int, default=5, help="runs of each (5)")
    args = parser.parse_args(argv)
    if not args.vault.is_dir():
        parser.error(f"not a folder: {args.vault}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    root: Path = args.vault.resolve()
    os.environ["PAPERTUI_HOME"] = tempfile.mkdtemp(prefix="papertui-bench-")
    runs = args.repeat
    notes, size = read_all(root)
    times: dict[str, list[float]] = {}

    def measure(label: str, action: Callable[[], object]) -> None:
        times.setdefault(label, []).append(timed(action))

    result: list[ScanResult] = []
    for _ in range(runs):
        measure("read the note bytes", lambda: read_all(root))
        result.clear()
        measure("cold scan (no cache)", lambda: result.append(scan(root, cache=False)))
    for _ in range(runs):
        cache_file(root, (), ()).unlink(missing_ok=True)
        measure("cold scan, writing the cache", lambda: scan(root))
    for _ in range(runs):
        measure("warm scan (valid cache)", lambda: scan(root))
    for _ in range(runs):
        times.setdefault("first papers, cold stream", []).append(first_papers(root, cache=False))
        times.setdefault("first papers, warm stream", []).append(first_papers(root, cache=True))
    for _ in range(runs):
        measure("warm `papertui list --json` (process)", lambda: list_json(root))
    times["one changed note (apply_changes)"] = live_reload(Path(os.path.abspath(args.vault)), runs)

    print(f"vault: {args.vault}  ({notes:,} note files, {size / 1e6:,.1f} MB)")
    print(f"{'':<40}{'median':>11}{'min':>11}{'max':>11}{'runs':>6}")
    for label, values in times.items():
        print(row(label, values))
    ratio = statistics.median(times["cold scan (no cache)"]) / statistics.median(
        times["read the note bytes"]
    )
    print(f"{'cold scan / read':<40}{ratio:>9.1f} x")
    print(f"peak RSS, warm scan holding every paper: {peak_rss(root, 'warm'):,.0f} MB")
    print(f"peak RSS, cold scan holding every paper: {peak_rss(root, 'cold'):,.0f} MB")
    (final,) = result
    print(
        f"papers: {len(final.papers):,} from {final.appearances:,} sections "
        f"({final.merged:,} merged); notes: {final.count(NoteStatus.READ):,} read, "
        f"{final.count(NoteStatus.SKIPPED):,} skipped, "
        f"{final.count(NoteStatus.PASSED_OVER):,} passed over"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
