"""Your annotations and tags go out with the papers: BibTeX, Markdown, CSV, JSON, list --json."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from bibtexparser.entrypoint import parse_string

from papertui.vault.export import export
from papertui.vault.state.store import StateStore
from tests.vault.notes import P, hexo, write
from tests.vault.test_export import SAMPLE, ZHANG

NOTE = 'Read §3 twice: "50% faster"\n\n- a list item\n- =SUM(A1) {braces}'
PROJECT = Path(__file__).resolve().parents[2]


def _store(tmp_path: Path) -> StateStore:
    store = StateStore.load(tmp_path / "state.json")
    store.annotate(ZHANG.key, NOTE)
    store.tag(ZHANG.key, ["to-cite", "ml/diffusion"])
    return store


def test_bibtex_has_your_tags_as_keywords_and_your_note_as_annote(tmp_path: Path) -> None:
    text = export(SAMPLE, "bibtex", _store(tmp_path))
    entries = parse_string(text).entries
    zhang = next(entry for entry in entries if entry.fields_dict["eprint"].value == "2409.17058")
    assert zhang.fields_dict["keywords"].value == "ml/diffusion, to-cite"
    annote = zhang.fields_dict["annote"].value
    assert "Read §3 twice" in annote
    assert "50\\% faster" in annote
    assert "\\textbraceleft{}braces" in annote
    others = [entry for entry in entries if entry is not zhang]
    assert all("annote" not in entry.fields_dict for entry in others)


def test_markdown_quotes_your_note_under_the_paper(tmp_path: Path) -> None:
    text = export(SAMPLE, "markdown", _store(tmp_path))
    assert "  - your tags: ml/diffusion, to-cite" in text
    assert "    > - a list item" in text
    assert text.count("your note:") == 1


def test_csv_and_json_carry_your_note_and_tags(tmp_path: Path) -> None:
    store = _store(tmp_path)
    rows = list(csv.DictReader(io.StringIO(export(SAMPLE, "csv", store), newline="")))
    zhang = next(row for row in rows if row["key"] == ZHANG.key)
    assert zhang["user_tags"] == "ml/diffusion; to-cite"
    assert zhang["annotation"].startswith('Read §3 twice: "50% faster" - a list item')
    assert {row["annotation"] for row in rows if row is not zhang} == {""}
    records = json.loads(export(SAMPLE, "json", store))["papers"]
    by_key = {record["key"]: record for record in records}
    assert by_key[ZHANG.key]["annotation"] == NOTE
    assert by_key[ZHANG.key]["user_tags"] == ["ml/diffusion", "to-cite"]
    assert all(
        (record["annotation"], record["user_tags"]) == (None, [])
        for key, record in by_key.items()
        if key != ZHANG.key
    )


def test_list_json_carries_your_note_and_tags(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    write(
        vault, "h/2024-04-02.md", hexo("2024-04-02", P("Glass Bridges", "2404.00201v2"), P("Other"))
    )
    store = StateStore.load(tmp_path / "state.json")
    store.annotate("arxiv:2404.00201", "mine\nsecond line")
    store.tag("arxiv:2404.00201", ["yours"])
    assert store.save()
    environment = {**os.environ, "PYTHONPATH": str(PROJECT)}
    for extra in ((), ("--query", "glass")):
        done = subprocess.run(
            [sys.executable, "-m", "papertui", "list", str(vault), "--json",
             "--state", str(store.path), *extra],
            capture_output=True, env=environment, timeout=120, check=True,
        )  # fmt: skip
        papers = {p["key"]: p for p in json.loads(done.stdout)["papers"]}
        glass = papers["arxiv:2404.00201"]
        assert (glass["annotation"], glass["user_tags"]) == ("mine\nsecond line", ["yours"])
        assert all(p["annotation"] is None for k, p in papers.items() if k != glass["key"])
