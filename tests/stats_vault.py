"""A small vault and state file whose figures are known: for ``papertui stats`` and the screen."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from papertui.vault.flags import Flag
from papertui.vault.paper import paper_key
from papertui.vault.state.store import StateStore
from tests.vault.notes import P, dendron, digest, hexo, write

A = P("Amber Lenses: Focus Priors for Phone Cameras", "2404.00301v1")
B = P("Brass Gears: Learning Clock Mechanisms", "2404.00302v2")
C = P("Cedar Rings: Dating Trees from Photos", "2404.00303v1")
D = P("Dune Ripples: Wind Fields from Sand", tags=("physics/fluids", "Sand"))
E = P("Eel Currents: Swimming Robots in Rivers", tags=("robots", "sand"))
F = P("Fern Spirals: Growth Curves Without Labels")

VAULT_FIGURES = {
    "papers": 6,  # A (in two notes), B, C, D, E, F
    "entries": 7,
    "notes": 3,
}
"""What ``papertui stats`` must count in :func:`stats_vault`."""


def stats_vault(root: Path) -> Path:
    """Three notes over two ISO weeks of April 2024; A appears in two of them.

    - ``hexo/2024-04-01.md`` (Monday, week 14): A and B, tagged ``Test Topic``.
    - ``z/2024-04-03.md`` (Wednesday, week 14): A again, and C (category ``cs.CV``).
    - ``daily/20240409.md`` (Tuesday, week 15): D, E and F (``sand`` twice,
      as ``Sand`` first; F untagged).
    """
    write(root, "hexo/2024-04-01.md", hexo("2024-04-01", A, B))
    write(root, "z/2024-04-03.md", digest("2024-04-03", A, C))
    write(root, "daily/20240409.md", dendron("20240409", D, E, F))
    return root


def key(paper: P) -> str:
    return paper_key(paper.arxiv.split("v")[0] or None, paper.title)


def stats_state(path: Path) -> Path:
    """Read A on 2024-04-02 and B on 2024-04-10; C starred and D queued on 2024-04-10;
    E read on 2024-04-11 and then marked unread again (so not read)."""
    moments: list[datetime] = []
    store = StateStore.load(path, clock=lambda: moments[-1])
    for day, paper, flag, value in (
        (2, A, Flag.READ, True),
        (10, B, Flag.READ, True),
        (10, C, Flag.STARRED, True),
        (10, D, Flag.LATER, True),
        (11, E, Flag.READ, True),
        (12, E, Flag.READ, False),
    ):
        moments.append(datetime(2024, 4, day, 9, 30, tzinfo=UTC))
        store.mark([key(paper)], flag, value)
    assert store.save(), store.messages
    return path
