"""papertui digest: the new unread papers as a Markdown brief, For you first, then by tag."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from papertui import paths
from papertui.cli import EXIT_EMPTY, EXIT_OK, EXIT_USAGE, main
from papertui.vault.export.brief import SinceError, parse_since
from papertui.vault.flags import Flag
from papertui.vault.paper import paper_key
from papertui.vault.state.store import StateStore
from tests.vault.notes import P, dendron, hexo, write
from tests.vault.topics import write_topic_vault

RECENT = (
    P("Lantern Fields: Guiding Video Diffusion with Light Probes", "2409.00011v2",
      authors=("Mira Okafor", "Tomás Reyes")),
    P("Quiet Frames: Sparse Sampling for Long Videos", "2409.00013v1", authors=("Ada Lindqvist",)),
)  # fmt: skip
OLD = P("Paper Boats: Floating Point Formats for Origami", tags=("simulation",))


@pytest.fixture
def vault(tmp_path: Path) -> tuple[Path, dict[str, list[str]]]:
    root = tmp_path / "notes"
    titles = write_topic_vault(root)  # 2024-05-01 to 2024-05-30, tagged papers
    today = date.today()
    write(root, "hexo/recent.md", hexo((today - timedelta(days=2)).isoformat(), *RECENT,
                                       tags="Video Generation"))  # fmt: skip
    old = (today - timedelta(days=20)).strftime("%Y%m%d")
    write(root, f"daily/old-{old}.md", dendron(old, OLD))
    return root, titles


def _mark(flag: Flag, titles: list[str], *, ids: tuple[str, ...] = ()) -> None:
    store = StateStore.load(paths.state_file())
    store.mark([paper_key(None, title) for title in titles], flag, True)
    store.mark([paper_key(arxiv.split("v")[0], "") for arxiv in ids], flag, True)
    store.save()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["digest", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_the_last_week_by_tag_with_links_authors_and_summary(
    vault: tuple[Path, dict[str, list[str]]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = vault
    brief = tmp_path / "brief.md"
    status, out, err = run(capsys, str(root), "--since", "7d", "-o", str(brief))
    assert status == EXIT_OK, err
    assert out == ""
    assert "wrote a brief of 2 papers" in err
    text = brief.read_text(encoding="utf-8")
    assert text.startswith("# Brief: notes\n\n2 new unread papers since ")
    assert "## Video Generation" in text
    assert "**Lantern Fields: Guiding Video Diffusion with Light Probes**" in text
    assert "[abs](https://arxiv.org/abs/2409.00011)" in text
    assert "[pdf](https://arxiv.org/pdf/2409.00011)" in text
    assert "Mira Okafor, Tomás Reyes" in text
    assert "测试摘要：Lantern Fi" in text
    assert "Paper Boats" not in text  # 20 days ago
    assert "## For you" not in text
    assert "star 5 more papers" in text
    again, _, _ = run(capsys, str(root), "--since", "1w", "-o", str(brief))
    assert again == EXIT_OK  # the brief of each day replaces the last


def test_for_you_comes_first_with_the_starred_topic(
    vault: tuple[Path, dict[str, list[str]]], capsys: pytest.CaptureFixture[str]
) -> None:
    root, titles = vault
    _mark(Flag.STARRED, titles["sky"][:10])  # days 2024-05-01 to 05-10
    _mark(Flag.READ, titles["grip"][25:])
    status, out, err = run(capsys, str(root), "--since", "2024-05-20", "-o", "-")
    assert status == EXIT_OK, err
    for_you, _, by_tag = out.partition("## For you\n")[2].partition("\n## ")
    assert by_tag.startswith("papers\n") or "\n## papers\n" in out
    picks = [line for line in for_you.splitlines() if line.startswith("- **")]
    assert len(picks) == 10
    sky = [title for title in titles["sky"] if any(title in pick for pick in picks)]
    assert len(sky) >= 8
    assert "because you liked: " in for_you
    listed = "\n".join(line for line in out.splitlines() if line.startswith("- **"))
    assert all(title not in listed for title in titles["grip"][25:])  # read
    assert all(title not in listed for title in titles["sky"][:19])  # before the 20th
    assert "Paper Boats" in listed


def test_no_new_papers_and_bad_periods(
    vault: tuple[Path, dict[str, list[str]]], capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = vault
    _mark(Flag.READ, [], ids=tuple(paper.arxiv for paper in RECENT))
    status, out, err = run(capsys, str(root), "--since", "3d")
    assert (status, out) == (EXIT_EMPTY, "")
    assert "no new unread papers since" in err
    status, _, err = run(capsys, str(root), "--since", "last tuesday")
    assert status == EXIT_USAGE
    assert "--since expects a number of days (7d)" in err


def test_periods() -> None:
    today = date(2024, 9, 30)
    assert parse_since("7d", today) == date(2024, 9, 23)
    assert parse_since("2w", today) == date(2024, 9, 16)
    assert parse_since("2024-09-01", today) == date(2024, 9, 1)
    with pytest.raises(SinceError):
        parse_since("7", today)
