"""Time scan() on a vault beside the time it takes just to read the vault's note bytes."""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from papertui.vault.scan import NoteStatus, ScanResult, scan

NOTE_SUFFIXES = (".md", ".markdown")
T = TypeVar("T")


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


def timed(action: Callable[[], T]) -> tuple[float, T]:
    gc.collect()
    began = time.perf_counter()
    value = action()
    return time.perf_counter() - began, value


def row(label: str, times: list[float]) -> str:
    median = statistics.median(times)
    return f"{label:<22}{median:>9.3f} s{min(times):>9.3f} s{max(times):>9.3f} s{len(times):>6}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("vault", type=Path, help="the vault folder (see make_vault.py)")
    parser.add_argument("-n", "--repeat", type=int, default=5, help="runs of each (5)")
    args = parser.parse_args(argv)
    if not args.vault.is_dir():
        parser.error(f"not a folder: {args.vault}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    reads: list[float] = []
    scans: list[float] = []
    notes = size = 0
    result: ScanResult | None = None
    for _ in range(args.repeat):
        seconds, (notes, size) = timed(lambda: read_all(args.vault))
        reads.append(seconds)
        result = None  # let the previous result go before timing the next scan
        try:
            seconds, result = timed(lambda: scan(args.vault))
        except NotImplementedError:
            print("scan() is not implemented yet (issue 2)", file=sys.stderr)
            return 1
        scans.append(seconds)
    assert result is not None

    print(f"vault: {args.vault}  ({notes:,} note files, {size / 1e6:,.1f} MB)")
    print(f"{'':<22}{'median':>11}{'min':>11}{'max':>11}{'runs':>6}")
    print(row("read the note bytes", reads))
    print(row("scan()", scans))
    ratio = statistics.median(scans) / statistics.median(reads)
    print(f"{'scan / read':<22}{ratio:>9.1f} x   (first read, maybe cold: {reads[0]:.3f} s)")
    print(
        f"papers: {len(result.papers):,} from {result.appearances:,} sections "
        f"({result.merged:,} merged)"
    )
    print(
        f"notes: {result.count(NoteStatus.READ):,} read, "
        f"{result.count(NoteStatus.SKIPPED):,} skipped, "
        f"{result.count(NoteStatus.PASSED_OVER):,} passed over"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
