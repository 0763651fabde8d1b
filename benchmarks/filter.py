"""Time the filter per keystroke (and the tag tree) on a vault, beside fzf --filter."""

from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from papertui.vault.flags import NO_FLAGS, FixedFlags
from papertui.vault.paper import Paper
from papertui.vault.query import PaperIndex, QueryError, View, highlight_positions, parse_query
from papertui.vault.scan import scan
from papertui.vault.tags import build_tag_tree

T = TypeVar("T")
# What a user types, cut to 1, 3 and 10 characters: typed a keystroke at a time.
PHRASES = (
    "gaussians splatting",
    "diffusion video",
    "transformer",
    "reconstruction mesh",
    "sparse attention",
    "zhang depth",
    "neural radiance",
    "motion tracking",
)
VISIBLE_ROWS = 40


def timed(action: Callable[[], T]) -> tuple[float, T]:
    began = time.perf_counter()
    value = action()
    return time.perf_counter() - began, value


def keystroke(index: PaperIndex, text: str) -> int:
    """What the reader does per keystroke: parse, filter, fetch and mark the visible rows."""
    try:
        query = parse_query(text)
    except QueryError:
        return 0
    hits = index.search(query, NO_FLAGS)
    for hit in hits[:VISIBLE_ROWS]:
        highlight_positions(hit.paper.title, query)
    return len(hits)


def typing_times(index: PaperIndex, targets: Sequence[str]) -> list[float]:
    times: list[float] = []
    for target in targets:
        index.clear_cache()
        for end in range(1, len(target) + 1):
            began = time.perf_counter()
            keystroke(index, target[:end])
            times.append(time.perf_counter() - began)
    return times


def same_as_full_pass(index: PaperIndex, targets: Sequence[str]) -> int:
    """How many keystrokes of ``targets`` find other papers, scores or order than an index
    without the gram index (the full pass over every paper's text)."""
    full = PaperIndex(index.papers)
    differ = 0
    for target in targets:
        index.clear_cache()
        for end in range(1, len(target) + 1):
            query = parse_query(target[:end])
            ours, theirs = index.search(query, NO_FLAGS), full.search(query, NO_FLAGS)
            differ += [(h.paper.key, h.score) for h in ours] != [
                (h.paper.key, h.score) for h in theirs
            ]
    return differ


def fzf_times(lines: Path, targets: Sequence[str]) -> list[float]:
    fzf = shutil.which("fzf")
    assert fzf is not None
    times: list[float] = []
    for target in targets:
        for end in range(1, len(target) + 1):
            with lines.open("rb") as source:
                began = time.perf_counter()
                command = [fzf, "--filter", target[:end]]
                subprocess.run(command, stdin=source, stdout=subprocess.DEVNULL, check=False)
                times.append(time.perf_counter() - began)
    return times


def fzf_lines(papers: Sequence[Paper], folder: Path) -> Path:
    path = folder / "papers.txt"
    with path.open("w", encoding="utf-8") as out:
        for p in papers:
            fields = [p.title, ", ".join(p.authors), " ".join(p.tags), " ".join(p.keywords)]
            line = " | ".join([*fields, p.arxiv_id or ""]).replace("\n", " ")
            out.write(line + "\n")
    return path


def memory() -> str:
    """This process's resident memory and its peak (Linux), as the reader would hold it."""
    try:
        status = Path("/proc/self/status").read_text().splitlines()
    except OSError:
        return "unknown"
    fields = dict(line.split(":", 1) for line in status if ":" in line)
    kib = [int(fields[name].split()[0]) for name in ("VmRSS", "VmHWM")]
    return f"RSS {kib[0] / 1024:.0f} MB, peak {kib[1] / 1024:.0f} MB"


def summary(times: Sequence[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered) * 1e3:7.1f} ms   p95 {p95 * 1e3:7.1f} ms"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("vault", type=Path)
    parser.add_argument("--no-fzf", action="store_true", help="skip the fzf comparison")
    parser.add_argument(
        "--check", action="store_true", help="also check the results against the full pass"
    )
    args = parser.parse_args(argv)
    seconds, result = timed(lambda: scan(args.vault))
    papers = result.papers
    print(f"scan: {len(papers):,} papers in {seconds:.2f} s")
    gc.collect()
    index = PaperIndex(papers)
    seconds, _ = timed(index.prepare)
    gc.freeze()  # as the reader does once its scan is done (papers hold no cycles)
    print(f"index build (the texts, folded texts and gram index): {seconds * 1e3:.0f} ms")
    print(f"memory: {memory()}")
    flags = FixedFlags.of(read=[paper.key for paper in papers[::3]])  # a third read
    seconds, tree = timed(lambda: build_tag_tree(papers, flags))
    print(f"tag tree: {sum(1 for _ in tree.walk()) - 1:,} nodes in {seconds * 1e3:.0f} ms")
    view = View(index)
    view.paper_index.tag_groups()
    seconds, tree = timed(lambda: build_tag_tree(view, flags))
    print(f"tag tree of a View (tag sets numbered once): {seconds * 1e3:.0f} ms")
    with tempfile.TemporaryDirectory() as folder:
        lines = fzf_lines(papers, Path(folder))
        for length in (1, 3, 10):
            targets = [phrase[:length] for phrase in PHRASES]
            ours = typing_times(index, targets)
            print(f"filter, {length:>2}-char queries ({len(ours)} keystrokes): {summary(ours)}")
            if not args.no_fzf and shutil.which("fzf"):
                theirs = fzf_times(lines, targets)
                print(f"fzf --filter, same strings          : {summary(theirs)}")
    if args.check:
        differ = same_as_full_pass(index, [phrase[:10] for phrase in PHRASES])
        print(f"keystrokes whose results differ from the full pass: {differ}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
