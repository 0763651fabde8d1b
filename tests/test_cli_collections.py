"""papertui export --collection: the collection's papers in its order, every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from papertui import paths
from papertui.cli import EXIT_EMPTY, EXIT_OK, EXIT_USAGE, main
from papertui.vault.state.store import StateStore
from tests.test_cli_export import BOATS, INK, LANTERN, QUIET, run, usage_message, vault

__all__ = ["vault"]  # the fixture, imported for these tests


def collect(name: str, *keys: str) -> None:
    store = StateStore.load(paths.state_file())
    store.collect(name, keys)
    store.save()


def test_a_collection_exports_in_its_own_order(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    collect("To read", QUIET, BOATS, LANTERN)
    status, out, err = run(capsys, str(vault), "--collection", "to READ", "-f", "json")
    assert status == EXIT_OK, err
    papers = json.loads(out)["papers"]
    assert [paper["key"] for paper in papers] == [QUIET, BOATS, LANTERN]
    assert all(paper["collections"] == ["To read"] for paper in papers)
    assert "wrote" not in err


@pytest.mark.parametrize("fmt", ["bibtex", "markdown", "csv", "json", "ids"])
def test_every_format_takes_a_collection(
    vault: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    collect("Ideas", INK, LANTERN)
    status, out, err = run(capsys, str(vault), "-c", "Ideas", "-f", fmt)
    assert status == EXIT_OK, err
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [row["key"] for row in rows] == [INK, LANTERN]
    elif fmt == "ids":
        assert out == "arXiv:2409.00011\n"  # the other has no id
    else:  # the collection's order, not the vault's (newest first)
        assert 0 <= out.index("Ink") < out.index("Lantern")


def test_an_unknown_collection_names_the_known_ones_and_exits_2(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    collect("To read", QUIET)
    collect("Ideas", INK)
    status, _, err = run(capsys, str(vault), "--collection", "Nope")
    assert status == EXIT_USAGE
    message = usage_message(err)
    assert "no collection 'Nope'" in message
    assert "'Ideas', 'To read'" in message


def test_no_collections_at_all_says_how_to_make_one(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, str(vault), "--collection", "Nope")
    assert status == EXIT_USAGE
    assert "none yet" in usage_message(err)


def test_a_collection_of_papers_from_elsewhere_exports_nothing(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    collect("Elsewhere", "arxiv:1111.11111")
    status, _, err = run(capsys, str(vault), "--collection", "elsewhere")
    assert status == EXIT_EMPTY
    assert "holds no paper of this vault" in err


def test_collection_and_query_are_exclusive(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(vault), "-c", "x", "-q", "y"]) == EXIT_USAGE
    capsys.readouterr()


def test_the_query_language_selects_a_collection(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    collect("To read", QUIET, LANTERN)
    status, out, err = run(capsys, str(vault), "-q", 'in:"to read"', "-f", "ids")
    assert status == EXIT_OK, err
    assert sorted(out.split()) == ["arXiv:2409.00011", "arXiv:2409.00013"]
    status, out, err = run(capsys, str(vault), "-q", '!collection:"To Read"', "-f", "ids")
    assert status == EXIT_OK, err
    assert out == "arXiv:2409.00012\n"
