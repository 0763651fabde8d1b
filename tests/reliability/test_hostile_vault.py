"""A hostile vault: escapes in titles, huge notes and lines, FIFOs, loops, unreadable files,
names and contents that are not UTF-8. ``list`` names every problem; the reader moves through
every paper and never paints a control character."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from papertui.cli import main
from tests.tui.pilot import reader, wait_until
from tests.vault.notes import P, digest, hexo, write

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
ESCAPES = P(
    "Bell\x07 and \x1b[31mred\x1b[0m, \x1b]0;retitled\x07 and \u202eevil\u202c: A Title",
    "2404.00301v1",
    authors=("Mallory\x1b[2J\x9b2J",),
    tags=("tag\x1b[1m",),
    body="Text with \x1b]52;c;cHduZWQ=\x07 a clipboard write and \x1bP+q\x1b\\ a query.\n",
)
HUGE = P("Huge Note: Fifty Megabytes of Summary", "2404.00302v1")
LONG = P("Long Line: A Megabyte Without a Break", "2404.00303v1", body="x" * 1_000_000 + "\n")
LATIN = P("Latin Content: caf\xe9 in Another Encoding", "2404.00304v1")


def _hostile(root: Path) -> Path:
    write(root, "escapes.md", hexo("2024-04-01", ESCAPES))
    filler = "- padding words for a very large note, repeated to fill it out\n"
    write(root, "huge.md", digest("2024-04-02", HUGE) + filler * (50_000_000 // len(filler) + 1))
    write(root, "long.md", hexo("2024-04-03", LONG))
    write(root, "latin.md", digest("2024-04-04", LATIN).encode("latin-1"))
    with open(os.fsencode(root) + b"/bad-\xff.md", "wb") as handle:
        handle.write(
            digest("2024-04-05", P("Odd Name: Bytes in a File Name", "2404.00305v1")).encode()
        )
    os.mkfifo(root / "fifo.md")
    os.symlink("self.md", root / "self.md")
    (root / "sub").mkdir()
    os.symlink(root, root / "sub" / "up")
    write(root, "locked.md", digest("2024-04-06", P("Locked: Never Read", "2404.00306v1")))
    (root / "locked.md").chmod(0)
    return root


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = _hostile(tmp_path / "vault")
    if os.geteuid() == 0:
        # Root reads a chmod 000 file: refuse it where the scan opens notes instead.
        real_open = os.open

        def refusing(path: str, flags: int, *args: int) -> int:
            if os.fspath(path).endswith("locked.md"):
                raise PermissionError(13, "Permission denied", path)
            return real_open(path, flags, *args)

        monkeypatch.setattr(os, "open", refusing)
    yield root
    (root / "locked.md").chmod(0o644)


def test_list_exits_0_and_names_every_problem(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", str(hostile), "-v", "--no-cache"]) == 0
    out, err = capsys.readouterr()
    assert not CONTROL.search(out)
    assert not CONTROL.search(err)
    lines = out.splitlines()
    for paper in (HUGE, LONG):
        assert any(paper.title in line for line in lines), paper.title
    assert any("Odd Name" in line for line in lines)
    assert any("Bell and" in line and "A Title" in line for line in lines)
    problems = {
        "fifo.md": "not a regular file",
        "self.md": "symlink loop (ELOOP)",
        "sub/up/": "symlink loop back to the vault",
        "locked.md": "Permission denied",
        "latin.md": "encoding: not UTF-8",  # (a Latin-1 note: skipped, never garbled)
    }
    for path, reason in problems.items():
        assert any(path in line and reason in line for line in err.splitlines()), (path, err)


async def test_the_reader_shows_every_paper_without_a_control_character(hostile: Path) -> None:
    async with reader(hostile, size=(120, 40)) as r:
        await wait_until(r, lambda: len(r.titles()) == 4, "every paper")
        seen = set()
        for _ in range(4):
            await wait_until(
                r, lambda: r.pane.shown is not None and r.pane.shown is r.main.current, "the pane"
            )
            seen.add(r.current_title())
            if r.current_title() == HUGE.title:  # 50 MB of section: the pane shows its start
                assert "cut here: the section goes on for" in r.pane_text()
            painted = [*r.list_lines(), r.pane_text(), r.sub_title, *r.tree_lines()]
            for line in painted:
                assert not CONTROL.search(line), repr(line)
            await r.press("j")
        assert HUGE.title in seen
        assert len(seen) == 4
