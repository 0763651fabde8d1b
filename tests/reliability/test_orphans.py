"""Killing a scan leaves no worker process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from papertui.vault.scan.pool import PARALLEL_BYTES, workers
from tests.conftest import PROJECT
from tests.vault.notes import P, digest

PROC = Path("/proc")


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting for its reaper has ended)."""
    try:
        state = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _big_vault(root: Path) -> Path:
    """Enough bytes that ``list`` reads them in worker processes, for a few seconds."""
    filler = "- " + "a long summary line that pads the note out " * 20 + "\n"
    papers = [P(f"Paper {n}: Orphans and Their Parents", f"2404.{n:05d}v1") for n in range(40)]
    note = digest("2024-04-03", *papers) + filler * 2000
    count = max(4 * workers() + 4, PARALLEL_BYTES // len(note.encode()) + 8)
    for n in range(count):
        (root / f"note-{n:03d}.md").write_text(note.replace("2404.", f"24{n % 10}4."))
    return root


@pytest.mark.skipif(not PROC.is_dir() or workers() < 2, reason="needs /proc and two cores")
def test_killing_list_during_a_cold_scan_leaves_no_worker(tmp_path: Path) -> None:
    vault = _big_vault(tmp_path)
    for attempt in range(3):
        run = subprocess.Popen(
            [sys.executable, "-m", "papertui", "list", str(vault), "--no-cache"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(PROJECT)},
        )
        deadline = time.monotonic() + 20
        started: set[int] = set()
        while len(started) < 2 and run.poll() is None and time.monotonic() < deadline:
            started = _children(run.pid)
            time.sleep(0.02)
        if run.poll() is not None:  # a fast machine read it all first: once more
            continue
        assert started, f"no worker started (attempt {attempt})"
        time.sleep(0.05)  # the workers are reading now
        descendants = started | {pid for child in started for pid in _children(child)}
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=10)
        deadline = time.monotonic() + 5
        while any(map(_alive, descendants)) and time.monotonic() < deadline:
            time.sleep(0.05)
        survivors = [pid for pid in descendants if _alive(pid)]
        for pid in survivors:  # (a failing run cleans up after itself)
            os.kill(pid, signal.SIGKILL)
        assert not survivors, "workers outlived the scan"
        return
    pytest.skip("the scan always ended before it could be killed")
