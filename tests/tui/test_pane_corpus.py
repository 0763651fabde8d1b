"""Nothing a real note says is dropped on its way to the pane (HTML tags aside)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from papertui.tui.note_html import HTML_ELEMENTS, TAG
from papertui.tui.rendering import Look, render_section
from papertui.vault.scan import scan, section_text

_HEADING = re.compile(r"\A\s*#{1,6}[ \t][^\n]*\n?")
_TAG_LINES = re.compile(r"\A(?:[ \t]*\n|[ \t]*(?:#[^\s#]+[ \t]*)+\n)*")
_URL = re.compile(r"\]\([^)]*\)|<?https?://[^\s<>()\[\]（），。；]+>?|\bsrc=\"[^\"]*\"")
_MATH = re.compile(r"\$[^$\n]+\$")
_RUN = re.compile(r"\w+")
_LIST_NUMBER = re.compile(r"^[ \t>]*\d+[.)][ \t]", re.MULTILINE)


def runs(section: str) -> list[str]:
    """The text runs a reader must see: words of the section, markup and addresses aside.

    The heading and tag lines go (the header shows them), as do HTML tags, list
    numbers (Markdown numbers a list itself), link addresses (a link shows its
    text; ``y`` copies the address) and math (shown in Unicode, tested on its own).
    """
    body = _TAG_LINES.sub("", _HEADING.sub("", section, count=1), count=1)
    body = TAG.sub(lambda m: " " if m.group("name").lower() in HTML_ELEMENTS else m.group(0), body)
    body = _LIST_NUMBER.sub(" ", body)
    body = _MATH.sub(" ", _URL.sub("] ", html.unescape(body)))
    return _RUN.findall(body)


def test_every_text_run_of_every_real_section_reaches_the_pane(corpus: Path) -> None:
    missing: list[str] = []
    papers = 0
    for root in sorted(path for path in corpus.iterdir() if path.is_dir()):
        for paper in scan(root).papers:
            for index, appearance in enumerate(paper.appearances):
                papers += 1
                strips = render_section(paper, root, 160, Look({}), index, open_details=True).lines
                # The text as one run: no line ends, indents or block-quote bars.
                shown = "".join("".join(strip.text.replace("▌", "").split()) for strip in strips)
                for run in runs(section_text(root, appearance)):
                    if run not in shown:
                        missing.append(f"{appearance.path}:{appearance.line}: {run!r}")
    assert papers > 500
    assert missing == [], f"{len(missing)} runs dropped, first: {missing[:10]}"


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        (
            "## T\n#tag\nA <b>bold</b> [link](https://x.org/a) $x$ &amp; b\n",
            ["A", "bold", "link", "b"],
        ),
        ('## T\n<img src="a.png"> <Methods>\n', ["Methods"]),
    ],
)
def test_runs_leave_out_only_markup(section: str, expected: list[str]) -> None:
    assert runs(section) == expected
