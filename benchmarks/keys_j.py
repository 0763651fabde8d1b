"""Time only ``j`` to the next paper rendered (keys.py's first figure), optionally profiled.

Run from the project root with papertui importable (or from another tree's root,
with that tree on PYTHONPATH, to compare two trees side by side)::

    PYTHONPATH=. python benchmarks/keys_j.py VAULT --presses 100
    PYTHONPATH=. python benchmarks/keys_j.py VAULT --profile /tmp/j.prof   # cProfile of the presses

The profile covers the presses only (from the first ``j``), not the start and the scan.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import keys  # beside this file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("--presses", type=int, default=100, help="j presses (100)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the presses here")
    parser.add_argument(
        "--frames", action="store_true", help="also say which widgets each frame painted"
    )
    parser.add_argument(
        "--steady",
        action="store_true",
        help="press once the background work after the scan (folded text, gram index) is done",
    )
    args = parser.parse_args()
    profile = cProfile.Profile() if args.profile else None
    if profile is not None:
        press = keys.press

        def profiled(app: Any, key: str) -> None:
            profile.enable()
            press(app, key)

        keys.press = profiled
    frames = keys.Frames()
    timing = keys.time_presses(args.vault, args.presses, frames=frames, steady=args.steady)
    times, total = asyncio.run(timing)
    if profile is not None:
        profile.disable()
        profile.dump_stats(args.profile)
    print(f"{total:,} papers: {keys.summary(times)}, {keys.per_press(frames, len(times))}")
    if args.frames:
        for painted, count in frames.painted.most_common():
            print(f"  {count:5d} frames painted {', '.join(painted) or '(nothing)'}")


if __name__ == "__main__":  # the scan's worker processes import this module again
    main()
