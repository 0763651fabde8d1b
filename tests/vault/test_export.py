"""The export writers: BibTeX, Markdown, CSV, JSON and id lists.

RIS and CSL-JSON: test_export_citations.py.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path, PurePath

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from papertui.vault.export import (
    CSV_COLUMNS,
    FORMATS,
    bibtex_entry,
    citation_key,
    export,
    format_for_path,
    neutralise_cell,
    render,
    unique_keys,
)
from papertui.vault.export.listing import paper_record
from papertui.vault.flags import FixedFlags, Flag
from papertui.vault.paper import Links, Paper
from papertui.vault.scan import scan
from tests.export_support import (
    NASTY,
    UNSAFE,
    as_written,
    check_bib_round_trip,
    make_paper,
    read_bib,
)

ZHANG = make_paper(
    "Degradation-Guided One-Step Image Super-Resolution with Diffusion Priors",
    authors=("Aiping Zhang", "Zongsheng Yue", "Renjing Pei"),
    arxiv_id="2409.17058",
    tags=("Diffusion Models", "Paper"),
    keywords=("super-resolution", "LoRA"),
    summary="A one-step model that reads the degradation first.",
)
SPECIALS = make_paper(
    r"50% of $x_1$ & #2: {braces} ~tilde^ back\slash <a|b> -- ``q'' ?` done",
    authors=("Zoë Müller-Łukasiewicz", "Smith and Sons", "Ødegård, Åsa", "张艾萍"),
    arxiv_id="2301.00001",
    tags=("_3D_generation", "a/b"),
    keywords=("100%", "C#"),
)
DENDRON = make_paper(
    "STABLE RIVERS: A CASE STUDY OF RIVER IMAGES",
    tags=("diffusion_应用",),
    day=date(2023, 12, 14),
)
CJK = make_paper("基于扩散先验的超分辨率", authors=("张艾萍",), day=None)
FLAGS = FixedFlags.of(read={ZHANG.key}, starred={ZHANG.key, DENDRON.key}, later={CJK.key})
SAMPLE = [ZHANG, SPECIALS, DENDRON, CJK]


# BibTeX ---------------------------------------------------------------------


def test_bibtex_round_trips_through_bibtexparser() -> None:
    check_bib_round_trip(SAMPLE, export(SAMPLE, "bibtex", FLAGS))


def test_bibtex_entry_has_the_misc_fields() -> None:
    (entry,) = read_bib(bibtex_entry(ZHANG))
    assert entry.key == "zhang2024degradation"
    assert entry.raw == {
        "title": "{Degradation-Guided} {One-Step} {Image} {Super-Resolution} with "
        "{Diffusion} {Priors}",
        "author": "Aiping Zhang and Zongsheng Yue and Renjing Pei",
        "year": "2024",
        "eprint": "2409.17058",
        "archivePrefix": "arXiv",
        "url": "https://arxiv.org/abs/2409.17058",
        "note": "Keywords: super-resolution, LoRA; Tags: Diffusion Models, Paper",
    }


def test_bibtex_entry_takes_the_given_key() -> None:
    assert bibtex_entry(ZHANG, "mine2024").startswith("@misc{mine2024,\n")


def test_bibtex_escapes_latex_specials_and_keeps_utf8_names() -> None:
    text = bibtex_entry(SPECIALS)
    for raw in ("\\&", "\\%", "\\$", "\\#", "\\_", "\\textasciitilde{}", "\\textbackslash{}"):
        assert raw in text
    assert "Zoë Müller-Łukasiewicz" in text
    assert "张艾萍" in text
    assert "{Smith and Sons}" in text  # one author, not two
    (entry,) = read_bib(text)
    assert entry.authors[1] == "Smith and Sons"
    assert entry.authors[2] == "Ødegård, Åsa"


def _brace_depths(text: str) -> list[int]:
    depth, depths = 0, []
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        depths.append(depth)
    return depths


@pytest.mark.parametrize("title", ["a { lone brace", "a } lone brace", "}{", "x\\", "\\{"])
def test_bibtex_braces_balance_the_way_bibtex_counts_them(title: str) -> None:
    # BibTeX counts escaped braces too, so `\{` alone would break the file.
    paper = make_paper(title, arxiv_id="2401.00002")
    text = bibtex_entry(paper)
    depths = _brace_depths(text)
    assert min(depths) == 0
    assert depths[-1] == 0
    check_bib_round_trip([paper], text)


def test_bibtex_protects_capitals_even_after_an_escape() -> None:
    text = bibtex_entry(make_paper("LoRA for \\Foo and &Co", arxiv_id="2401.00003"))
    assert "{LoRA} for {{\\textbackslash{}Foo}} and {{\\&Co}}" in text


def test_bibtex_without_arxiv_id_is_still_valid() -> None:
    (entry,) = read_bib(export([DENDRON], "bibtex", FLAGS))
    assert entry.key == "stable2023rivers"
    assert set(entry.raw) == {"title", "year", "note"}
    assert entry.text("note") == "Tags: diffusion_应用"


def test_bibtex_url_falls_back_to_a_web_link_only() -> None:
    web = make_paper("Web Only", links=Links(abs=None, pdf="https://x.org/a b{c}.pdf"))
    script = make_paper("Script", links=Links(abs="javascript:alert(1)"))
    (with_url, without) = read_bib(export([web, script], "bibtex", FLAGS))
    assert with_url.raw["url"] == "https://x.org/a%20b%7Bc%7D.pdf"
    assert "url" not in without.raw


@pytest.mark.parametrize(
    ("paper", "key"),
    [
        (ZHANG, "zhang2024degradation"),
        (
            make_paper("The Art of X", authors=("Müller, Jörg",), arxiv_id="2101.00001"),
            "muller2021art",
        ),
        (make_paper("On Y", authors=("Paweł Łoś",), arxiv_id="1912.00001"), "los2019y"),
        (
            make_paper("Deep Z", authors=("Martin Luther King Jr.",), day=date(2020, 1, 2)),
            "king2020deep",
        ),
        (make_paper("A 2024 Survey", authors=("Ann O'Neil",), day=None), "oneilsurvey"),
        (make_paper("Old Physics", authors=("A B",), arxiv_id="hep-th/9901001"), "b1999old"),
        (
            make_paper("Stable Rivers", authors=("张艾萍",), day=date(2023, 1, 1)),
            "stable2023rivers",
        ),
        (DENDRON, "stable2023rivers"),
        (CJK, "paper"),
        (make_paper("扩散", authors=(), arxiv_id="2409.00001"), "2024"),
    ],
)
def test_citation_key(paper: Paper, key: str) -> None:
    assert citation_key(paper) == key


def test_keys_are_unique_across_the_file() -> None:
    twins = [
        make_paper("Deep Nets", authors=("Ann Lee",), arxiv_id=f"2401.0000{i}") for i in range(4)
    ]
    squatter = make_paper("Deep Nets", authors=("Ann Leea",), arxiv_id="2401.00009")
    papers = [*twins, squatter]
    keys = unique_keys(papers)
    assert keys == ["lee2024deep", "lee2024deepa", "lee2024deepb", "lee2024deepc", "leea2024deep"]
    assert unique_keys(
        [*twins[:2], make_paper("Deep", authors=("Ann Lee",), arxiv_id="2401.1")]
    ) == [
        "lee2024deep",
        "lee2024deepa",
        "lee2024deepb",
    ]
    entries = read_bib(export(papers, "bibtex", FLAGS))
    assert [entry.key for entry in entries] == keys


def test_key_clash_with_an_existing_suffix() -> None:
    papers = [
        make_paper("Deep Nets", authors=("Ann Lee",), arxiv_id="2401.00001"),
        make_paper("Deep Netsa", authors=("Ann Lee",), arxiv_id="2401.00002"),
        make_paper("Deep Nets", authors=("Ann Lee",), arxiv_id="2401.00003"),
    ]
    # The second is lee2024deep too; lee2024deepa is free; the third takes b.
    assert unique_keys(papers) == ["lee2024deep", "lee2024deepa", "lee2024deepb"]


# Markdown -------------------------------------------------------------------


def _md(text: str) -> list[Token]:
    return MarkdownIt("commonmark").parse(text)


def _items(tokens: list[Token]) -> list[Token]:
    """The inline token of each paper's first line (depth-one list items)."""
    items, depth = [], 0
    for i, token in enumerate(tokens):
        depth += token.nesting if token.type in ("bullet_list_open", "bullet_list_close") else 0
        if token.type == "list_item_open" and depth == 1:
            items.append(tokens[i + 2])
    return items


def _plain(inline: Token) -> str:
    return "".join(
        child.content for child in inline.children or [] if child.type in ("text", "code_inline")
    )


def test_markdown_groups_by_first_tag() -> None:
    text = export(SAMPLE, "markdown", FLAGS, group_by="tag")
    tokens = _md(text)
    headings = [_plain(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == [
        "Reading list",
        "_3D_generation",
        "Diffusion Models",
        "diffusion_应用",
        "Untagged",
    ]
    assert "4 papers, grouped by tag." in text


def test_markdown_groups_by_day_newest_first() -> None:
    text = export(SAMPLE, "markdown", FLAGS, group_by="day")
    tokens = _md(text)
    headings = [_plain(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == ["Reading list", "2024-09-27", "2023-12-14", "Undated"]


def test_markdown_tags_group_case_insensitively() -> None:
    a = make_paper("A", tags=("Video",))
    b = make_paper("B", tags=("video",))
    text = export([a, b], "markdown", FLAGS)
    assert text.count("## ") == 1
    assert "## Video" in text


def test_markdown_titles_link_to_the_abstract_and_read_literally() -> None:
    papers = [ZHANG, SPECIALS, DENDRON]
    tokens = _md(export(papers, "markdown", FLAGS, group_by="day"))
    items = _items(tokens)
    assert [_plain(item) for item in items] == [as_written(p.title) for p in papers]
    links = [
        c.attrs["href"] for item in items for c in item.children or [] if c.type == "link_open"
    ]
    assert links == ["https://arxiv.org/abs/2409.17058", "https://arxiv.org/abs/2301.00001"]


def test_markdown_shows_authors_day_tags_and_summary() -> None:
    text = export([ZHANG], "markdown", FLAGS)
    assert "  - Aiping Zhang, Zongsheng Yue, Renjing Pei · 2024-09-27 · arXiv:2409.17058" in text
    assert "tags: Diffusion Models, Paper" in text
    assert "  - A one-step model that reads the degradation first." in text


@pytest.mark.parametrize(
    "hostile",
    [
        "[click](javascript:alert(1))",
        "<script>alert(1)</script>",
        "1. not a list",
        "- not a list",
        "# not a heading",
        "> not a quote",
        "**bold** _em_ `code` ~~strike~~ &amp; $x$ ![img](http://x/y.png)",
        "line\nbreak\r\n\n- list",
    ],
)
def test_markdown_note_text_is_never_markdown(hostile: str) -> None:
    paper = make_paper(hostile, authors=(hostile,), tags=(hostile,), summary=hostile)
    tokens = _md(export([paper], "markdown", FLAGS))
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert kinds <= {
        "heading_open", "heading_close", "inline", "text", "paragraph_open", "paragraph_close",
        "bullet_list_open", "bullet_list_close", "list_item_open", "list_item_close", "softbreak",
    }  # fmt: skip
    written = as_written(hostile)
    inlines = [t for t in tokens if t.type == "inline"]
    assert [_plain(t) for t in inlines].count(written) == 3  # heading, title, summary
    assert any(_plain(t).startswith(written + " · ") for t in inlines)  # authors


# CSV ------------------------------------------------------------------------


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_round_trips_through_the_csv_module() -> None:
    rows = _csv(export(SAMPLE, "csv", FLAGS))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert rows[0] == {
        "key": "arxiv:2409.17058",
        "title": ZHANG.title,
        "authors": "Aiping Zhang; Zongsheng Yue; Renjing Pei",
        "day": "2024-09-27",
        "tags": "Diffusion Models; Paper",
        "user_tags": "",
        "arxiv_id": "2409.17058",
        "abs": "http://arxiv.org/abs/2409.17058v1",
        "pdf": "",
        "code": "",
        "annotation": "",
        "read": "true",
        "starred": "true",
        "later": "false",
        "dismissed": "false",
    }
    assert [row["title"] for row in rows] == [as_written(p.title) for p in SAMPLE]
    assert [(row["read"], row["starred"]) for row in rows] == [
        ("true", "true"),
        ("false", "false"),
        ("false", "true"),
        ("false", "false"),
    ]
    assert rows[3]["day"] == ""


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "  =1", "=", "@"],
)
def test_csv_cells_never_start_a_formula(value: str) -> None:
    paper = make_paper(value, authors=(value,), tags=(value,), arxiv_id=None)
    (row,) = _csv(export([paper], "csv", FLAGS))
    for column in ("title", "authors", "tags"):
        assert row[column].startswith("'")
        assert row[column][1:] == as_written(value)


def test_csv_plain_cells_are_left_alone() -> None:
    assert neutralise_cell("Deep nets, = fun") == "Deep nets, = fun"
    assert neutralise_cell("") == ""
    assert neutralise_cell(" -1") == "' -1"


def test_csv_quotes_commas_and_quotes() -> None:
    paper = make_paper('A "quoted", comma\'d title', authors=("Lee, Ann",))
    (row,) = _csv(export([paper], "csv", FLAGS))
    assert row["title"] == 'A "quoted", comma\'d title'
    assert row["authors"] == "Lee, Ann"


# JSON -----------------------------------------------------------------------


def test_json_holds_the_list_records_plus_state() -> None:
    document = json.loads(export(SAMPLE, "json", FLAGS))
    assert list(document) == ["papers"]
    for paper, record in zip(SAMPLE, document["papers"], strict=True):
        expected = paper_record(paper) | {
            "read": FLAGS.has(paper.key, Flag.READ),
            "starred": FLAGS.has(paper.key, Flag.STARRED),
            "later": paper is CJK,
            "dismissed": False,
            "collections": [],  # fixed flags know no collections
        }
        assert record == expected


def test_json_keeps_unicode_as_is() -> None:
    assert "张艾萍" in export([CJK], "json", FLAGS)


# ids ------------------------------------------------------------------------


def test_ids_one_per_line_and_papers_without_id_skipped() -> None:
    result = render(SAMPLE, "ids", FLAGS)
    assert result.text == "arXiv:2409.17058\narXiv:2301.00001\n"
    assert (result.written, result.skipped) == (2, 2)


def test_other_formats_skip_nothing() -> None:
    for fmt in FORMATS:
        if fmt != "ids":
            result = render(SAMPLE, fmt, FLAGS)
            assert (result.written, result.skipped) == (4, 0)


# Every format ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_control_characters_never_reach_the_output(fmt: str) -> None:
    paper = make_paper(
        f"Title{NASTY}end",
        authors=(f"Ann{NASTY}Lee",),
        arxiv_id="2401.00001",
        tags=(f"tag{NASTY}",),
        keywords=(f"kw{NASTY}",),
        summary=f"sum{NASTY}mary",
        links=Links(abs=f"https://x.org/{NASTY}", pdf=None, code=f"https://c.org/{NASTY}"),
    )
    text = export([paper], fmt, FLAGS)
    assert "Title" in text or fmt == "ids"
    assert not UNSAFE.search(text), repr(UNSAFE.findall(text))


def test_empty_selections() -> None:
    assert export([], "bibtex", FLAGS) == ""
    assert export([], "ids", FLAGS) == ""
    assert _csv(export([], "csv", FLAGS)) == []
    assert export([], "csv", FLAGS) == ",".join(CSV_COLUMNS) + "\n"
    assert json.loads(export([], "json", FLAGS)) == {"papers": []}
    assert "0 papers" in export([], "markdown", FLAGS)
    assert all(render([], fmt, FLAGS).written == 0 for fmt in FORMATS)


def test_unknown_format_or_grouping_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown export format 'rtf'"):
        export(SAMPLE, "rtf", FLAGS)
    with pytest.raises(ValueError, match="cannot group by 'month'"):
        export(SAMPLE, "markdown", FLAGS, group_by="month")  # type: ignore[arg-type]


def test_format_for_path() -> None:
    assert format_for_path(PurePath("refs.BIB")) == "bibtex"
    assert format_for_path(PurePath("list.markdown")) == "markdown"
    assert format_for_path(PurePath("ids.txt")) == "ids"
    assert format_for_path(PurePath("a.json")) == "json"
    assert format_for_path(PurePath("noext")) is None
    suffixes = {fmt.suffix for fmt in FORMATS.values()}
    assert suffixes == {".bib", ".ris", ".csl.json", ".md", ".csv", ".json", ".txt"}


# Real notes -----------------------------------------------------------------


def _real_papers(root: Path) -> list[Paper]:
    papers = list(scan(root).papers)
    assert papers, f"no papers found in {root}"
    return papers


def _check_every_format(papers: list[Paper]) -> None:
    flags = FixedFlags.of(starred={p.key for p in papers[::2]})
    check_bib_round_trip(papers, export(papers, "bibtex", flags))
    rows = _csv(export(papers, "csv", flags))
    assert [row["key"] for row in rows] == [p.key for p in papers]
    assert [row["title"] for row in rows] == [neutralise_cell(as_written(p.title)) for p in papers]
    records = json.loads(export(papers, "json", flags))["papers"]
    assert [r["starred"] for r in records] == [flags.has(p.key, Flag.STARRED) for p in papers]
    assert [r["title"] for r in records] == [p.title for p in papers if not UNSAFE.search(p.title)]
    ids = export(papers, "ids", flags).splitlines()
    assert ids == [f"arXiv:{p.arxiv_id}" for p in papers if p.arxiv_id]
    for group_by in ("tag", "day"):
        items = _items(_md(export(papers, "markdown", flags, group_by=group_by)))
        assert sorted(_plain(item) for item in items) == sorted(as_written(p.title) for p in papers)
    for fmt in FORMATS:
        assert not UNSAFE.search(export(papers, fmt, flags))


def test_every_format_on_the_seeds(seeds: Path) -> None:
    _check_every_format(_real_papers(seeds))


def test_every_corpus_paper_round_trips_through_bibtexparser(corpus: Path) -> None:
    # _check_every_format starts with the BibTeX round trip of every paper.
    _check_every_format(_real_papers(corpus))
