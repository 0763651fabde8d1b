"""Time a bare Textual app from launch to its first refresh: the floor under startup.py's figures.

Run from the project root::

    python benchmarks/textual_floor.py --runs 5

Each run is a fresh process (``--child``) running an app of a Header, a Tree,
a Static and a Footer headless at 120x40; the parent notes the wall-clock time
before starting it and the child reports the time of its first refresh. No
papertui code is imported: this is what any Textual reader pays on this machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def child(started: float) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static, Tree

    class Bare(App[float]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Tree("tags")
            yield Static("a paper")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(lambda: self.exit(time.time() - started))

    print(Bare().run(headless=True, size=(120, 40)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    times = []
    for _ in range(args.runs):
        started = time.time()
        command = [sys.executable, __file__, "--child", repr(started)]
        output = subprocess.run(command, capture_output=True, text=True, check=True)
        times.append(float(output.stdout.strip().splitlines()[-1]))
    print(f"bare Textual app, launch to first refresh: median {statistics.median(times):.2f} s")
    print("  runs: " + ", ".join(f"{t:.2f}" for t in times))


if __name__ == "__main__":
    main()
