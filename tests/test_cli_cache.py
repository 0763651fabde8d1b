"""`papertui list`/`export` with the index cache, --no-cache, and the progress line."""

from __future__ import annotations

import io
import json
import os
import re
import sys
from pathlib import Path

import pytest

from papertui import cli, progress
from papertui.vault.scan import cache
from papertui.vault.scan.result import ScanProgress
from papertui.vault.scan.scanner import Scanner
from tests.vault.notes import P, digest, hexo, write

A = P("Glass Bridges: Learning Stiffness from Photos", "2404.00201v2")
B = P("Paper Boats: Buoyancy Priors for Video Physics", "2404.00202v1")


def _vault(root: Path) -> Path:
    write(root, "hexo/2024-04-02.md", hexo("2024-04-02", A))
    write(root, "z/2024-04-03.md", digest("2024-04-03", A, B))
    return root


def test_list_writes_the_cache_and_no_cache_neither_reads_nor_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = _vault(tmp_path / "v")
    index = cache.cache_file(vault, (), ())
    assert cli.main(["list", "--no-cache", "--json", str(vault)]) == 0
    cold = json.loads(capsys.readouterr().out)
    assert not index.exists()
    assert cli.main(["list", "--json", str(vault)]) == 0
    assert index.is_file()
    assert json.loads(capsys.readouterr().out) == cold
    index.write_bytes(b"not an index")
    assert cli.main(["list", "--json", "--no-cache", str(vault)]) == 0
    assert json.loads(capsys.readouterr().out) == cold
    assert index.read_bytes() == b"not an index"  # left alone
    assert cli.main(["list", "--json", str(vault)]) == 0
    assert json.loads(capsys.readouterr().out) == cold
    loaded = cache.load(index, vault, (), ())  # rebuilt
    assert loaded is not None
    loaded.close()


def test_export_takes_no_cache_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vault = _vault(tmp_path / "v")
    assert cli.main(["export", str(vault), "--no-cache", "--query", "glass", "-f", "ids"]) == 0
    assert capsys.readouterr().out.split() == ["arXiv:2404.00201"]
    assert not cache.cache_file(vault, (), ()).exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_progress_line_that_is_wiped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = _vault(tmp_path / "v")
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    assert cli.main(["list", str(vault)]) == 0
    text = terminal.getvalue()
    assert "\rreading notes [" in text
    assert re.search(r"\] [12]/2 notes, +[12] papers", text)
    drawn, _, summary = text.rpartition("\r")
    assert drawn.strip()
    assert summary.startswith("2 notes read, 2 papers")  # the line was wiped first
    assert capsys.readouterr().out.count("\n") == 2


def test_no_progress_line_when_stderr_is_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)
    assert cli.main(["list", str(_vault(tmp_path / "v"))]) == 0
    assert "\r" not in capsys.readouterr().err


def test_the_line_fits_and_counts() -> None:
    stream = _Terminal()
    line = progress.ProgressLine(stream, enabled=True)
    line.draw(2500, 10_000, 37_512)
    shown = stream.getvalue()
    assert shown.startswith("\rreading notes [")
    assert shown.endswith("]  2,500/10,000 notes,    37,512 papers")  # counts keep their width
    filled, empty = shown.count("#"), shown.count("-")
    assert filled == (filled + empty) // 4
    assert len(shown) - 1 <= 79
    line.close()
    assert stream.getvalue().endswith("\r" + " " * (len(shown) - 1) + "\r")
    quiet = io.StringIO()
    progress.ProgressLine(quiet)(ScanProgress(1, 2, 3, None))
    assert quiet.getvalue() == ""


def test_the_cache_lives_below_papertui_home(tmp_path: Path, papertui_home: Path) -> None:
    vault = _vault(tmp_path / "v")
    assert cache.cache_file(vault, (), ()).parent == papertui_home / "cache"
    assert os.path.basename(cache.cache_file(vault, ["a"], ())) != os.path.basename(
        cache.cache_file(vault, (), ())
    )


def _list_json(vault: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(["list", "--json", str(vault)]) == 0
    return capsys.readouterr().out


def test_an_unchanged_vault_streams_its_rows_from_the_index_without_reading_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = _vault(tmp_path / "v")
    for path in vault.rglob("*.md"):
        os.utime(path, (1_600_000_000, 1_600_000_000))
    first = _list_json(vault, capsys)
    index = cache.cache_file(vault, (), ())

    def no_reading(self: object, *args: object) -> object:
        raise AssertionError("the vault was read")

    with monkeypatch.context() as patch:
        patch.setattr(Scanner, "read", no_reading)
        assert _list_json(vault, capsys) == first
    # A changed note: read again, and the index written afresh.
    os.utime(
        write(vault, "z/2024-04-03.md", digest("2024-04-03", B)), (1_600_000_009, 1_600_000_009)
    )
    changed = _list_json(vault, capsys)
    assert changed != first
    assert json.loads(changed) == json.loads(_fresh(vault, capsys))
    with monkeypatch.context() as patch:
        patch.setattr(Scanner, "read", no_reading)
        assert _list_json(vault, capsys) == changed
    # A damaged frame of papers: nothing streamed from it, the vault read, the index rebuilt.
    data = index.read_bytes()
    index.write_bytes(data[:-3] + bytes(byte ^ 0xFF for byte in data[-3:]))
    assert _list_json(vault, capsys) == changed
    assert index.read_bytes() != data[:-3] + bytes(byte ^ 0xFF for byte in data[-3:])
    with monkeypatch.context() as patch:
        patch.setattr(Scanner, "read", no_reading)
        assert _list_json(vault, capsys) == changed


def _fresh(vault: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(["list", "--json", "--no-cache", str(vault)]) == 0
    return capsys.readouterr().out


def test_the_streamed_text_is_the_text_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "v"
    write(vault, "h/2024-04-02.md", hexo("2024-04-02", A, P('Quote " Back\\slash: 中文 Title')))
    write(vault, "z/2024-04-03.md", digest("2024-04-03", A, B))
    for path in vault.rglob("*.md"):
        os.utime(path, (1_600_000_000, 1_600_000_000))
    fresh = _fresh(vault, capsys)
    assert _list_json(vault, capsys) == fresh  # read, and the index written
    assert _list_json(vault, capsys) == fresh  # streamed from the index
    assert json.loads(fresh)["papers"][0]["key"]


def test_the_listing_copy_earlier_versions_kept_goes_with_the_next_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = _vault(tmp_path / "v")
    index = cache.cache_file(vault, (), ())
    index.parent.mkdir(parents=True)
    kept = index.with_name(index.stem + ".list")
    kept.write_bytes(b"the text of a list --json an earlier papertui kept")
    _list_json(vault, capsys)
    assert index.is_file()
    assert not kept.exists()


def test_an_index_of_many_frames_streams_them_all_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = tmp_path / "v"
    papers = [P(f"Paper {n}: Frames Apart", f"2404.{n:05d}") for n in range(1, 12)]
    write(vault, "z/2024-04-03.md", digest("2024-04-03", *papers[:7]))
    write(vault, "h/2024-04-02.md", hexo("2024-04-02", *papers[5:], A))
    for path in vault.rglob("*.md"):
        os.utime(path, (1_600_000_000, 1_600_000_000))
    monkeypatch.setattr(cache, "CHUNK_PAPERS", 3)
    fresh = _fresh(vault, capsys)
    assert _list_json(vault, capsys) == fresh  # read, and an index of 4 frames written
    loaded = cache.load(cache.cache_file(vault, (), ()), vault, (), ())
    assert loaded is not None
    assert loaded.frames == 4
    loaded.close()
    assert cli.main(["list", "--json", str(vault)]) == 0
    streamed = capsys.readouterr()
    assert streamed.out == fresh
    assert streamed.err.startswith("2 notes read, 12 papers, 2 appearances merged")
