"""Fixtures shared by every test tier."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]


def _shared() -> Path:
    """``../shared`` beside the checkout (or beside the folder of git worktrees)."""
    for parent in PROJECT.parents[:2]:
        if (parent / "shared").is_dir():
            return parent / "shared"
    return PROJECT.parent / "shared"


SHARED = _shared()
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def papertui_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every config, state and cache file at a temporary folder."""
    home = tmp_path / "papertui-home"
    monkeypatch.setenv("PAPERTUI_HOME", str(home))
    return home


@pytest.fixture
def seeds() -> Path:
    """The five real notes of ../shared/seeds (skips when absent)."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    return SEEDS


@pytest.fixture
def corpus() -> Path:
    """The real-notes corpus of ../shared/corpus (skips when absent)."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    return CORPUS
