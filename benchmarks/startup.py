"""Time the reader from outside: launch to first rows (cold and warm), and a live change picked up.

Run from the project root with papertui importable::

    PYTHONPATH=. python benchmarks/startup.py benchmarks/out/vault-10k --runs 3

Each run is a fresh process (``python benchmarks/startup.py --child ...``) running
the reader headless (120x40) with its own ``PAPERTUI_HOME``; the parent notes the
wall-clock time before starting it and the child reports the wall-clock time
when the list first has rows with focus ("first usable screen"), when the scan
is complete, and (warm) when a note written into the vault shows in the list.
Cold: no index cache. Warm: the cache the cold run left. The live note is
removed again afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LIVE_NOTE = "zz-papertui-startup-benchmark.md"
LIVE_TITLE = "Startup Benchmark Live Paper"


def child(vault: Path, live: bool) -> None:
    """Run the reader headless; print the wall-clock times of each milestone as JSON."""
    from papertui.tui.app import PaperTUI
    from papertui.tui.widgets.paper_list import PaperList
    from papertui.tui.widgets.scan_status import ScanStatus

    marks: dict[str, float] = {}
    app = PaperTUI(vault, state_path=Path(os.environ["PAPERTUI_HOME"]) / "state.json")
    note = vault / LIVE_NOTE

    def poll() -> None:
        screen = app.screen_stack[0] if app.screen_stack else None
        if screen is None or not screen.query(PaperList):
            return
        rows = screen.query_one(PaperList).rows
        if rows and "rows" not in marks and app.focused is screen.query_one(PaperList):
            marks["rows"] = time.time()
        scanning = getattr(screen, "scanning", True) or screen.query_one(ScanStatus).display
        if rows and "done" not in marks and not scanning:
            marks["done"] = time.time()
            if live:
                app.set_timer(1.0, write_note)  # let the watcher start
        written = "written" in marks and "live" not in marks
        if written and any(paper.title == LIVE_TITLE for paper in rows[:50]):
            marks["live"] = time.time()
        if "done" in marks and (not live or "live" in marks):
            app.exit()

    def write_note() -> None:
        note.write_text(
            "---\ntitle: bench\ndate: 2099-01-01 08:00:00\nauthor: papertui-bench\n"
            "categories: Paper\ntags:\n    - bench\n---\n\n# 2099-01-01 更新\n\n\n"
            f"## {LIVE_TITLE}\n\n**Authors:A B**\n\nWe time how fast a note shows.\n\n"
            "[PDF](http://arxiv.org/abs/2901.00001v1)\n",
            encoding="utf-8",
        )
        marks["written"] = time.time()

    app.call_later(lambda: app.set_interval(0.01, poll))
    try:
        app.run(headless=True, size=(120, 40))
    finally:
        note.unlink(missing_ok=True)
    print(json.dumps(marks))


def run(vault: Path, home: Path, live: bool) -> dict[str, float]:
    env = dict(os.environ, PAPERTUI_HOME=str(home))
    command = [sys.executable, __file__, "--child", str(vault)] + (["--live"] if live else [])
    start = time.time()
    output = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if output.returncode:
        raise SystemExit(output.stderr)
    marks: dict[str, float] = json.loads(output.stdout.strip().splitlines()[-1])
    figures = {name: at - start for name, at in marks.items() if name != "written"}
    if "live" in marks:
        figures["live"] = marks["live"] - marks["written"]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--live", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.vault, args.live)
        return
    cold: list[dict[str, float]] = []
    warm: list[dict[str, float]] = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as home:
            cold.append(run(args.vault, Path(home), live=False))
            warm.append(run(args.vault, Path(home), live=True))

    def median(runs: list[dict[str, float]], name: str) -> str:
        return f"{statistics.median(r[name] for r in runs):6.2f} s"

    print(f"vault {args.vault} ({args.runs} runs, medians; launch = process start)")
    print(f"cold: launch to first rows visible     {median(cold, 'rows')}")
    print(f"cold: launch to scan complete          {median(cold, 'done')}")
    print(f"warm: launch to first usable screen    {median(warm, 'rows')}")
    print(f"warm: launch to scan complete          {median(warm, 'done')}")
    print(f"warm: one new note picked up (live)    {median(warm, 'live')}")


if __name__ == "__main__":
    main()
