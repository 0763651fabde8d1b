"""Issue 11's bad input: notes that hold papers are read whole, whatever their bytes look like."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.vault.scan import scan
from tests.vault.notes import note, titles, write

FRONT = (
    "---\nid: abc123\ntitle: '20240105'\ndesc: ''\n"
    "updated: 1700000000000\ncreated: 1700000000000\n---\n\n"
)
TITLES = [
    "Sparse Lanterns: Lighting Scenes with Few Samples",
    "Quiet Gradients for Noisy Labels in Practice",
    "Tidal Memory: Long Context Without Attention",
]
# Only the first section links a paper: the others must not be folded into it.
BODY = (
    f"## {TITLES[0]}\n#render\n[PDF](https://arxiv.org/abs/2401.00011)\n- **Background** words.\n\n"
    f"## {TITLES[1]}\n#ml\n- **Background** more words.\n\n"
    f"## {TITLES[2]}\n#memory\n- **Background** other words.\n"
)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("dendron.md", FRONT + BODY),
        ("plain.md", BODY),
        ("rule.md", "---\n\n" + BODY),
        ("crlf.md", (FRONT + BODY).replace("\n", "\r\n")),
        ("mixed.md", FRONT + BODY.replace("\n", "\r\n", 4).replace("\n\n", "\r\r", 1)),
        ("separators.md", (FRONT + BODY).replace("\n", "\u2028")),
        ("paragraphs.md", (FRONT + BODY).replace("\n", "\u2029")),
        ("list-front.md", "---\n- one\n- two\n---\n\n" + BODY),
        (
            "odd.md",
            FRONT + BODY.replace("## Quiet", "##\u00a0\u00a0Quiet").replace(" Labels", "\tLabels"),
        ),
        ("ext.markdown", FRONT + BODY),
        ("a/b/c/d/e/f/g/h/i/j/k/l/deep.md", FRONT + BODY),
    ],
)
def test_every_paper_section_is_a_paper(tmp_path: Path, name: str, text: str) -> None:
    write(tmp_path, name, text)
    result = scan(tmp_path)
    assert note(result, name)[:2] == ("read", 3)
    assert titles(result, name) == TITLES
    lantern = next(p for p in result.papers if p.title == TITLES[0])
    assert lantern.key == "arxiv:2401.00011"


def test_a_passed_over_note_says_why(tmp_path: Path) -> None:
    write(tmp_path, "shopping.md", "## Groceries\n- milk\n- bread\n")
    status, papers, reason = note(scan(tmp_path), "shopping.md")
    assert (status, papers) == ("passed-over", 0)
    assert reason


def test_a_note_passed_over_that_links_papers_says_so(tmp_path: Path) -> None:
    write(tmp_path, "links.md", "# Bookmarks\n\nSee https://arxiv.org/abs/2401.00011 later.\n")
    status, papers, reason = note(scan(tmp_path), "links.md")
    assert (status, papers) == ("passed-over", 0)
    assert reason is not None
    assert "1 paper link seen" in reason
