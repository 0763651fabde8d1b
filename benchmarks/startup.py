"""Time the reader from outside: launch to first rows (cold and warm), a live change, peak RSS.

Run from the project root with papertui importable::

    PYTHONPATH=. python benchmarks/startup.py benchmarks/out/vault-10k --runs 3
    python benchmarks/startup.py VAULT --runs 3 --tree /work/main --tree .   # side by side
    python benchmarks/startup.py VAULT --runs 5 --each --tree A --tree B     # and every run

Each run is a fresh process (``python benchmarks/startup.py --child ...``) running
the reader headless (120x40) with its own ``PAPERTUI_HOME``; the parent notes the
wall-clock time before starting it and the child reports the wall-clock time
when the list first has rows with focus ("first usable screen"), when the scan
is complete, and (warm) when a note written into the vault shows in the list.
Cold: no index cache. Warm: the cache the cold run left. The live note is
removed again afterwards (it is written into VAULT: give a hard-linked copy,
``cp -al``, not a vault others read). The child also reports its peak RSS
(VmHWM) at exit, every paper loaded.

With ``--tree DIR`` (repeatable) each run is made once per checkout in turn,
the child importing papertui from DIR, so checkouts compare under the same
load; the script itself comes from wherever it is run.

Each checkout's bytecode is compiled first, as installing a package does: with
``PYTHONDONTWRITEBYTECODE`` set (as on some machines) every run would compile
papertui's source again, and a checkout with more code would pay for it twice.
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
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

LIVE_NOTE = "zz-papertui-startup-benchmark.md"
LIVE_TITLE = "Startup Benchmark Live Paper"
TIMEOUT = 180
"""Seconds a run may take before it is left out (and said so)."""
FIGURES = {
    "cold": (
        ("rows", "launch to first rows visible"),
        ("done", "launch to scan complete"),
        ("rss", "peak RSS (MB)"),
    ),
    "warm": (
        ("rows", "launch to first usable screen"),
        ("done", "launch to scan complete"),
        ("live", "one new note picked up (live)"),
        ("rss", "peak RSS (MB)"),
    ),
}


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def reader(vault: Path, state: Path) -> tuple[App[int], Callable[[], None]]:
    """The reader app on ``vault``, its scan started before Textual is imported; its cancel.

    As the command line does it, in this checkout or (side by side with ``--tree``)
    in one from before the ``Session``: that has no ``papertui/session.py`` (an
    editable install may still find this checkout's, so the file is what tells).
    """
    import papertui

    if not (Path(papertui.__file__).parent / "session.py").exists():
        from papertui.vault.scan.early import EarlyScan

        early = EarlyScan.start(vault)
        from papertui.tui.app import PaperTUI

        return PaperTUI(vault, state_path=state, early=early), early.cancel  # type: ignore[call-arg, arg-type]
    from papertui.session import Session

    session = Session.open(vault, state_path=state).start_scan()
    from papertui.tui.app import make_app

    return make_app(session), session.cancel_scan


def child(vault: Path, live: bool) -> None:
    """Run the reader headless; print the wall-clock times of each milestone as JSON.

    The scan starts before Textual is imported, as the command line starts it.
    """
    state = Path(os.environ["PAPERTUI_HOME"]) / "state.json"
    app, cancel = reader(vault, state)
    from papertui.tui.widgets.paper_list import PaperList
    from papertui.tui.widgets.scan_status import ScanStatus

    marks: dict[str, float] = {}
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
        cancel()
        note.unlink(missing_ok=True)
    print(json.dumps({**marks, "rss": peak_rss_mb()}))


def run(vault: Path, home: Path, live: bool, tree: Path | None) -> dict[str, float]:
    env = dict(os.environ, PAPERTUI_HOME=str(home))
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    script, vault = os.path.abspath(__file__), vault.resolve()
    command = [sys.executable, script, "--child", str(vault)] + (["--live"] if live else [])
    start = time.time()
    try:
        # Run in HOME, not a checkout: the scan's worker processes import from the
        # current folder first, and must take the checkout under test.
        output = subprocess.run(
            command, env=env, cwd=home, capture_output=True, text=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        print(f"{tree or 'PYTHONPATH'}: a {'warm' if live else 'cold'} run gave no figures in "
              f"{TIMEOUT} s (left out)", file=sys.stderr, flush=True)  # fmt: skip
        return {}
    if output.returncode:
        raise SystemExit(output.stderr)
    marks: dict[str, float] = json.loads(output.stdout.strip().splitlines()[-1])
    rss = marks.pop("rss")
    figures = {name: at - start for name, at in marks.items() if name != "written"}
    figures["rss"] = rss
    if "live" in marks:
        figures["live"] = marks["live"] - marks["written"]
    return figures


def compile_bytecode(tree: Path | None) -> None:
    """Write the bytecode of the papertui in ``tree`` (or the importable one) beside it."""
    if tree is None:
        import papertui

        source = Path(papertui.__file__).parent
    else:
        source = tree / "papertui"
    command = [sys.executable, "-m", "compileall", "-q", str(source)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--live", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--each", action="store_true", help="also print each run's figures, as they come"
    )
    parser.add_argument(
        "--tree",
        type=Path,
        action="append",
        help="a checkout to import papertui from (repeat to compare; default: PYTHONPATH)",
    )
    args = parser.parse_args()
    if args.child:
        child(args.vault, args.live)
        return
    trees: list[Path | None] = [tree.resolve() for tree in args.tree] if args.tree else [None]
    for tree in trees:
        compile_bytecode(tree)
    runs: dict[Path | None, dict[str, list[dict[str, float]]]] = {
        tree: {"cold": [], "warm": []} for tree in trees
    }
    for _ in range(args.runs):
        for tree in trees:
            with tempfile.TemporaryDirectory() as home:
                for kind in ("cold", "warm"):
                    if measured := run(args.vault, Path(home), kind == "warm", tree):
                        runs[tree][kind].append(measured)
                        if args.each:
                            figures = ", ".join(f"{k} {v:.2f}" for k, v in measured.items())
                            print(f"{tree or 'PYTHONPATH'} {kind}: {figures}", flush=True)

    print(f"vault {args.vault} ({args.runs} runs, medians; launch = process start)")
    names = [str(tree or "PYTHONPATH") for tree in trees]
    print(f"{'':42}" + "".join(f"{name[-22:]:>24}" for name in names))
    for kind, labelled in FIGURES.items():
        for name, label in labelled:
            cells = []
            for tree in trees:
                values = [r[name] for r in runs[tree][kind] if name in r]
                value = statistics.median(values) if values else float("nan")
                cells.append(f"{value:22.0f}MB" if name == "rss" else f"{value:22.2f} s")
            print(f"{kind}: {label:36}" + "".join(cells))


if __name__ == "__main__":
    main()
