"""`papertui stats`: the figures of a vault we built, as plain tables and as JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from papertui.cli import main
from tests.conftest import PROJECT
from tests.stats_vault import VAULT_FIGURES, stats_state, stats_vault
from tests.vault.notes import P, hexo, write


def _stats(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["stats", *args, "--json"]) == 0
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


@pytest.fixture
def figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    vault = stats_vault(tmp_path / "vault")
    state = stats_state(tmp_path / "state.json")
    return _stats(capsys, str(vault), "--state", str(state))


def test_counts_papers_entries_and_notes(figures: dict[str, Any]) -> None:
    for name, value in VAULT_FIGURES.items():
        assert figures[name] == value, name
    assert figures["duplicate_ratio"] == round(7 / 6, 4)
    assert figures["undated"] == 0


def test_papers_per_day_and_per_iso_week(figures: dict[str, Any]) -> None:
    assert [(d["day"], d["papers"], d["cumulative"]) for d in figures["per_day"]] == [
        ("2024-04-01", 2, 2),
        ("2024-04-03", 1, 3),  # A again: counted on its first day only
        ("2024-04-09", 3, 6),
    ]
    assert [(w["week"], w["start"], w["papers"]) for w in figures["per_week"]] == [
        ("2024-W14", "2024-04-01", 3),
        ("2024-W15", "2024-04-08", 3),
    ]


def test_tags_are_ranked_case_folded(figures: dict[str, Any]) -> None:
    tags = {item["tag"]: item["papers"] for item in figures["tags"]}
    assert tags["Sand"] == 2  # "Sand" and "sand": one tag, spelled as first seen
    assert "sand" not in tags
    assert tags["Test Topic"] == 2
    assert tags["robots"] == 1
    assert figures["untagged"] == 1
    counts = [item["papers"] for item in figures["tags"]]
    assert counts == sorted(counts, reverse=True)


def test_read_progress_and_flags_come_from_the_state_stamps(figures: dict[str, Any]) -> None:
    read = figures["read"]
    assert read["total"] == 2  # E was read, then marked unread again
    assert [(d["day"], d["read"], d["cumulative"]) for d in read["per_day"]] == [
        ("2024-04-02", 1, 1),
        ("2024-04-10", 1, 2),
    ]
    assert [(w["week"], w["read"]) for w in read["per_week"]] == [("2024-W14", 1), ("2024-W15", 1)]
    assert figures["starred"]["total"] == 1
    assert [(w["week"], w["starred"]) for w in figures["starred"]["per_week"]] == [("2024-W15", 1)]
    assert [(w["week"], w["later"]) for w in figures["later"]["per_week"]] == [("2024-W15", 1)]


def test_busiest_notes_folders_and_sites(figures: dict[str, Any]) -> None:
    assert figures["top_notes"][0] == {"note": "daily/20240409.md", "papers": 3}
    assert {item["note"]: item["papers"] for item in figures["top_notes"]} == {
        "daily/20240409.md": 3,
        "hexo/2024-04-01.md": 2,
        "z/2024-04-03.md": 2,
    }
    assert figures["top_folders"][0] == {"folder": "daily", "papers": 3}
    assert figures["top_sites"] == [{"site": "arxiv.org", "papers": 3}]


def test_query_narrows_every_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vault = stats_vault(tmp_path / "vault")
    state = stats_state(tmp_path / "state.json")
    found = _stats(capsys, str(vault), "--state", str(state), "--query", "is:read")
    assert found["papers"] == 2
    assert found["entries"] == 3  # A twice, B once
    assert found["read"]["total"] == 2
    assert found["starred"]["total"] == 0
    assert [w["week"] for w in found["per_week"]] == ["2024-W14"]


def test_top_limits_the_rankings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = _stats(capsys, str(stats_vault(tmp_path / "vault")), "--top", "2")
    assert len(found["tags"]) == 2
    assert len(found["top_notes"]) == 2
    assert found["read"]["total"] == 0  # no state file: nothing read


def test_an_empty_vault_has_zero_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    found = _stats(capsys, str(tmp_path / "empty"))
    assert (found["papers"], found["entries"], found["duplicate_ratio"]) == (0, 0, 0.0)
    assert found["per_week"] == []


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "papertui", "stats", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        timeout=120,
        check=False,
    )


def test_plain_text_when_piped(tmp_path: Path) -> None:
    vault = stats_vault(tmp_path / "vault")
    state = stats_state(tmp_path / "state.json")
    done = _run(str(vault), "--state", str(state))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "\x1b" not in out  # not a terminal: no colours, no box drawing
    assert "┃" not in out
    assert "  entries  7 (7 entries are 6 papers: 1.17)\n" in out
    assert "  2024-W15  2024-04-08       3      6\n" in out
    assert "Papers read per week\n" in out
    assert "  daily/20240409.md        3\n" in out
    assert "6 papers" in done.stderr  # the scan's summary goes to stderr


def test_note_text_never_reaches_the_terminal_raw(tmp_path: Path) -> None:
    evil = P("A title", "2404.00401v1", tags=("tag\x1b[31mred",))
    write(tmp_path / "v", "2024-04-01.md", hexo("2024-04-01", evil, tags="Topic\x1b]0;x\x07"))
    done = _run(str(tmp_path / "v"))
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout
    assert "\x07" not in done.stdout


def test_bad_numbers_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "v").mkdir()
    assert main(["stats", str(tmp_path / "v"), "--top", "-1"]) == 2
    assert "--top" in capsys.readouterr().err
    assert main(["stats", str(tmp_path / "nowhere")]) == 2


def test_rich_tables_show_note_text_literally() -> None:
    import io

    from papertui.commands.stats import print_rich, tables
    from papertui.vault.flags import NO_FLAGS
    from papertui.vault.stats import compute
    from tests.tui.conftest import make_paper

    papers = [make_paper(1, tags=("[bold]x", "[/]")), make_paper(2, tags=("[bold]x",))]
    out = io.StringIO()
    print_rich(tables(compute(papers, NO_FLAGS)), out)
    text = out.getvalue()
    assert "[bold]x" in text
    assert "[/]" in text
    assert "Top tags" in text
