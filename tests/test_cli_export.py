"""papertui export: selection, formats, files and exit statuses."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from papertui import paths
from papertui.cli import EXIT_EMPTY, EXIT_OK, EXIT_USAGE, main
from papertui.vault.flags import Flag
from papertui.vault.paper import paper_key
from papertui.vault.state.store import StateStore
from tests.conftest import PROJECT
from tests.export_support import UNSAFE, read_bib

HEXO = """\
---
title: Video Generation
date: 2024-09-27 04:00:00
categories: Paper
tags:
    - Video Generation
---

# 2024-09-27 更新

## Lantern Fields: Guiding Video Diffusion with Light Probes

**Authors:Mira Okafor, Tomás Reyes**

We guide a video diffusion model with light probes placed in the scene.

[PDF](http://arxiv.org/abs/2409.00011v2) Code: https://github.com/example/lantern

**Summary**
Light probes keep the lighting of generated video consistent.

## =SUM(A1) & 100% of {Everything}: A Stress Test for Exporters

**Authors:Zoë Müller, 张艾萍**

A title full of characters exporters must escape.

[PDF](http://arxiv.org/abs/2409.00012v1)

## Quiet Frames: Sparse Sampling for Long Videos

**Authors:Ada Lindqvist**

Sparse sampling of frames for long video understanding.

[PDF](http://arxiv.org/abs/2409.00013v1)
"""

DENDRON = """\
---
id: 3k2j1h0g9f8e7d6c5b4a
title: '20231214'
desc: ''
updated: 1702539572451
created: 1702538332813
---

## Paper Boats: Floating Point Formats for Origami Simulation
#simulation

- **Background**
  - Folding paper in software needs care with numbers.
- **Method**
  - A new number format for creases.

## Ink and Echo: Denoising Scanned Notebooks
#restoration

- **Background**
  - Old notebooks fade.
- **Method**
  - A diffusion prior for ink strokes.
"""

LANTERN = paper_key("2409.00011", "")
STRESS = paper_key("2409.00012", "")
QUIET = paper_key("2409.00013", "")
BOATS = paper_key(None, "Paper Boats: Floating Point Formats for Origami Simulation")
INK = paper_key(None, "Ink and Echo: Denoising Scanned Notebooks")


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """Two notes of our own: a Hexo digest with ids, a Dendron day without."""
    root = tmp_path / "notes"
    (root / "daily").mkdir(parents=True)
    (root / "2024-09-27-video.md").write_text(HEXO, encoding="utf-8")
    (root / "daily" / "daily.20231214.md").write_text(DENDRON, encoding="utf-8")
    return root


def star(*keys: str, path: Path | None = None) -> None:
    store = StateStore.load(path or paths.state_file())
    for key in keys:
        store.mark([key], Flag.STARRED, True)
    store.save()


def usage_message(err: str) -> str:
    """The one-line message of a usage error."""
    (message,) = err.splitlines()
    return message


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["export", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_starred_papers_as_bibtex_on_stdout(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    star(LANTERN, BOATS)
    status, out, err = run(capsys, str(vault))
    assert status == EXIT_OK, err
    entries = read_bib(out)
    assert sorted(entry.key for entry in entries) == ["okafor2024lantern", "paper2023boats"]
    lantern = next(entry for entry in entries if entry.key == "okafor2024lantern")
    assert lantern.raw["eprint"] == "2409.00011"
    assert lantern.authors == ["Mira Okafor", "Tomás Reyes"]
    assert err == ""


def test_output_file_is_written_and_never_overwritten_without_force(
    vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    star(LANTERN, STRESS)
    target = tmp_path / "refs.bib"
    status, out, err = run(capsys, str(vault), "-o", str(target))
    assert (status, out) == (EXIT_OK, "")
    assert err == f"papertui: wrote 2 papers to {target} (bibtex)\n"
    assert len(read_bib(target.read_text(encoding="utf-8"))) == 2

    target.write_text("mine", encoding="utf-8")
    status, out, err = run(capsys, str(vault), "-o", str(target))
    assert status == EXIT_USAGE
    assert usage_message(err) == f"papertui: {target} exists: use --force to overwrite it"
    assert target.read_text(encoding="utf-8") == "mine"

    status, _, err = run(capsys, str(vault), "-o", str(target), "--force")
    assert status == EXIT_OK, err
    assert len(read_bib(target.read_text(encoding="utf-8"))) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "papertui-home", "refs.bib"]


def test_format_follows_the_file_extension(
    vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    star(LANTERN, STRESS)
    target = tmp_path / "papers.csv"
    status, _, err = run(capsys, str(vault), "-o", str(target))
    assert status == EXIT_OK, err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    titles = {row["title"] for row in rows}
    assert titles == {
        "Lantern Fields: Guiding Video Diffusion with Light Probes",
        "'=SUM(A1) & 100% of {Everything}: A Stress Test for Exporters",
    }
    assert {row["starred"] for row in rows} == {"true"}


def test_query_selects_with_the_reader_filter_language(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    star(LANTERN)
    status, out, err = run(capsys, str(vault), "--query", "tag:restoration", "--format", "json")
    assert status == EXIT_OK, err
    records = json.loads(out)["papers"]
    assert [r["key"] for r in records] == [INK]
    assert [(r["read"], r["starred"]) for r in records] == [(False, False)]

    status, out, err = run(capsys, str(vault), "-q", "is:starred", "-f", "ids")
    assert (status, out) == (EXIT_OK, "arXiv:2409.00011\n")


def test_an_empty_query_exports_everything(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, str(vault), "--query", "", "--format", "ids")
    assert status == EXIT_OK
    assert sorted(out.splitlines()) == ["arXiv:2409.00011", "arXiv:2409.00012", "arXiv:2409.00013"]
    assert err == "papertui: 2 papers without an arXiv id left out\n"


def test_markdown_grouped_by_day(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    star(LANTERN, BOATS, INK)
    status, out, err = run(capsys, str(vault), "-f", "markdown", "--group-by", "day")
    assert status == EXIT_OK, err
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings == ["## 2024-09-27", "## 2023-12-14"]
    assert "[Lantern Fields: Guiding Video Diffusion with Light Probes]" in out


def test_nothing_to_export(vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "refs.bib"
    status, out, err = run(capsys, str(vault), "-o", str(target))
    assert (status, out) == (EXIT_EMPTY, "")
    assert err.startswith("papertui: nothing to export: no starred papers")
    assert not target.exists()

    status, out, err = run(capsys, str(vault), "--query", "tag:nosuchtag")
    assert (status, out) == (EXIT_EMPTY, "")
    assert err == "papertui: nothing to export: no papers match 'tag:nosuchtag'\n"


def test_ids_of_papers_without_ids_is_nothing(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    star(BOATS, INK)
    status, out, err = run(capsys, str(vault), "--format", "ids")
    assert (status, out) == (EXIT_EMPTY, "")
    assert err.splitlines() == [
        "papertui: 2 papers without an arXiv id left out",
        "papertui: nothing to export",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--format", "rtf"], "argument -f/--format: invalid choice: 'rtf'"),
        (["--group-by", "month"], "argument --group-by: invalid choice: 'month'"),
        (["--starred", "--query", "x"], "argument -q/--query: not allowed with argument --starred"),
    ],
)
def test_usage_errors_are_one_line(
    vault: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = run(capsys, str(vault), *argv)
    assert (status, out) == (EXIT_USAGE, "")
    assert usage_message(err).startswith(f"papertui: {message}")


def test_a_bad_query_is_one_line(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, str(vault), "--query", "after:2024-13-45")
    assert (status, out) == (EXIT_USAGE, "")
    assert (
        usage_message(err)
        == "papertui: bad query at character 1: after: no such date: '2024-13-45'"
    )


def test_an_unwritable_destination(
    vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    star(LANTERN)
    target = tmp_path / "missing" / "refs.bib"
    status, out, err = run(capsys, str(vault), "-o", str(target))
    assert (status, out) == (EXIT_USAGE, "")
    assert usage_message(err).startswith(f"papertui: cannot write {target}: ")


def test_dash_is_stdout_and_state_file_can_be_chosen(
    vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "other-state.json"
    star(QUIET, path=state)
    status, out, _ = run(capsys, str(vault), "-o", "-", "--format", "ids")
    assert status == EXIT_EMPTY  # the default state has no stars
    status, out, _ = run(capsys, str(vault), "-o", "-", "-f", "ids", "--state", str(state))
    assert (status, out) == (EXIT_OK, "arXiv:2409.00013\n")


def test_every_format_is_free_of_control_characters(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = vault / "2024-09-27-video.md"
    note.write_text(
        HEXO.replace("Quiet Frames", "Quiet\x1b[2J\x07 Frames\u202e").replace(
            "Ada Lindqvist", "Ada\x1b]0;pwned\x07 Lindqvist"
        ),
        encoding="utf-8",
    )
    for fmt in ("bibtex", "markdown", "csv", "json", "ids"):
        status, out, err = run(capsys, str(vault), "--query", "", "--format", fmt)
        assert status == EXIT_OK, err
        assert "Frames" in out or fmt == "ids"
        assert not UNSAFE.search(out), (fmt, UNSAFE.findall(out))


def test_every_format_on_the_seeds(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, str(seeds), "--query", "", "--format", "bibtex")
    assert status == EXIT_OK, err
    assert len(read_bib(out)) > 40
    for fmt in ("markdown", "csv", "json", "ids"):
        status, out, err = run(capsys, str(seeds), "--query", "", "--format", fmt)
        assert status == EXIT_OK, err
        assert not UNSAFE.search(out)


def test_the_headless_command_never_imports_textual(vault: Path, tmp_path: Path) -> None:
    argv = ["export", str(vault), "--query", "", "-o", str(tmp_path / "x.md")]
    code = (
        "import sys\n"
        "from papertui.cli import main\n"
        f"status = main({argv!r})\n"
        "assert status == 0, status\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "x.md").read_text(encoding="utf-8").startswith("# Reading list")
