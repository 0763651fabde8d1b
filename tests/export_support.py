"""Test helpers for export: paper factories, a fake state, a BibTeX reader."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares.names import split_multiple_persons_names
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from papertui.vault.paper import Links, Paper, collapse_spaces, paper_key
from papertui.vault.sanitize import clean_line

# Every character the sanitiser must keep out of an export (tab too: exports
# are one line per field).
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\t]")
NASTY = "".join(chr(c) for c in range(32) if c != 10) + "\x7f\x85\x9b\u202e\u2066"


def make_paper(
    title: str,
    *,
    authors: tuple[str, ...] = (),
    arxiv_id: str | None = None,
    tags: tuple[str, ...] = (),
    day: date | None = date(2024, 9, 27),
    keywords: tuple[str, ...] = (),
    summary: str = "",
    links: Links | None = None,
) -> Paper:
    """A paper as the scanner would build it, with arXiv links when it has an id."""
    if links is None and arxiv_id:
        links = Links(abs=f"http://arxiv.org/abs/{arxiv_id}v1", pdf=None, code=None)
    return Paper(
        key=paper_key(arxiv_id, title),
        title=title,
        authors=authors,
        arxiv_id=arxiv_id,
        arxiv_version=1 if arxiv_id else None,
        links=links or Links(),
        tags=tags,
        day=day,
        keywords=keywords,
        summary=summary,
    )


def _decoder() -> LatexNodes2Text:
    """pylatexenc, taught the LaTeX kernel's text symbols it gets wrong or lacks."""
    context = get_default_latex_context_db().filter_context()
    symbols = {
        "textless": "<",
        "textgreater": ">",
        "textbar": "|",
        "textbraceleft": "{",
        "textbraceright": "}",
        "textasciicircum": "^",
    }
    context.add_context_category(
        "kernel-text-symbols",
        macros=[MacroTextSpec(name, simplify_repl=text) for name, text in symbols.items()],
        prepend=True,
    )
    return LatexNodes2Text(latex_context=context, math_mode="verbatim", keep_braced_groups=False)


_DECODER = _decoder()


def decode_latex(value: str) -> str:
    text: str = _DECODER.latex_to_text(value)
    return text


@dataclass(frozen=True)
class BibEntry:
    """One parsed entry: raw field values, and the text they stand for."""

    key: str
    entry_type: str
    raw: dict[str, str]

    def text(self, name: str) -> str:
        return decode_latex(self.raw[name])

    @property
    def authors(self) -> list[str]:
        if "author" not in self.raw:
            return []
        return [decode_latex(name) for name in split_multiple_persons_names(self.raw["author"])]


def read_bib(text: str) -> list[BibEntry]:
    """Parse ``text`` with bibtexparser v2; fail on any block it could not read."""
    library = parse_string(text)
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return [
        BibEntry(
            key=entry.key,
            entry_type=entry.entry_type,
            raw={f.key: f.value for f in entry.fields},
        )
        for entry in library.entries
    ]


def as_written(text: str) -> str:
    """Note text as an export holds it: one clean line."""
    return collapse_spaces(clean_line(text))


def expected_year(paper: Paper) -> str | None:
    """The year an entry should carry: the arXiv id's (new style), else the day's."""
    if paper.arxiv_id and re.fullmatch(r"\d{4}\.\d{4,5}", paper.arxiv_id):
        return str(2000 + int(paper.arxiv_id[:2]))
    return str(paper.day.year) if paper.day else None


def check_bib_round_trip(papers: list[Paper], text: str) -> None:
    """Every paper comes back from ``text`` with the same fields, keys unique."""
    entries = read_bib(text)
    assert len(entries) == len(papers)
    assert len({entry.key.casefold() for entry in entries}) == len(entries)
    for paper, entry in zip(papers, entries, strict=True):
        assert entry.entry_type == "misc"
        assert entry.text("title") == as_written(paper.title)
        assert entry.authors == [as_written(a) for a in paper.authors if as_written(a)]
        assert entry.raw.get("year") == expected_year(paper)
        if paper.arxiv_id:
            assert entry.raw["eprint"] == paper.arxiv_id
            assert entry.raw["archivePrefix"] == "arXiv"
            assert entry.raw["url"] == f"https://arxiv.org/abs/{paper.arxiv_id}"
        else:
            assert "eprint" not in entry.raw
        note = entry.text("note") if "note" in entry.raw else ""
        for word in (*paper.tags, *paper.keywords):
            assert as_written(word) in note
