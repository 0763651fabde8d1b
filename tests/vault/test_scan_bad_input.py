"""Bad input never stops a scan and never hangs it: one test per class of issue 2."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from papertui.vault.export.listing import note_record, paper_record
from papertui.vault.notes.frontmatter import split_frontmatter, tag_list
from papertui.vault.scan import NoteStatus, scan
from tests.vault.notes import P, dendron, digest, hexo, note, titles, write

PAPERS = (
    P("Sparse Lanterns: Lighting Scenes with Few Samples", "2401.00011v1", tags=("render",)),
    P("Quiet Gradients for Noisy Labels in Practice", "2401.00012v2", tags=("ml/labels",)),
)


def test_utf8_with_bom(tmp_path: Path) -> None:
    write(tmp_path, "bom.md", "\ufeff" + dendron("20240105", *PAPERS))
    result = scan(tmp_path)
    assert note(result, "bom.md") == ("read", 2, None)
    assert titles(result, "bom.md") == [p.title for p in PAPERS]
    (paper,) = (p for p in result.papers if p.title == PAPERS[0].title)
    assert paper.day is not None
    assert paper.day.isoformat() == "2024-01-05"  # the frontmatter was found after the BOM


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_lone_cr(tmp_path: Path, newline: str) -> None:
    text = hexo("2024-02-03", *PAPERS).replace("\n", newline)
    write(tmp_path, "post.md", text.encode("utf-8"))
    result = scan(tmp_path)
    assert note(result, "post.md") == ("read", 2, None)
    assert titles(result, "post.md") == [p.title for p in PAPERS]
    for paper in result.papers:
        assert "\r" not in paper.title + paper.summary + "".join(paper.authors)
        assert paper.tags == ("Test Topic", "Paper")
    (first,) = (p for p in result.papers if p.title == PAPERS[0].title)
    assert first.appearances[0].line == text.split(newline).index(f"## {PAPERS[0].title}") + 1


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_chinese_notes_in_gbk_are_decoded_exactly(tmp_path: Path, encoding: str) -> None:
    paper = P(
        "基于扩散模型的图像生成方法研究与实现", tags=("扩散模型",), body="- 这是一段测试摘要。\n"
    )
    other = P("面向三维重建的神经辐射场加速方法研究", tags=("三维",), body="- 另一段摘要。\n")
    write(tmp_path, "gbk.md", dendron("20240301", paper, other).encode(encoding))
    result = scan(tmp_path)
    assert note(result, "gbk.md")[:2] == ("read", 2)
    assert titles(result, "gbk.md") == [paper.title, other.title]
    for found in result.papers:
        assert "\ufffd" not in found.title + found.summary + "".join(found.tags)
    assert {tag for p in result.papers for tag in p.tags} == {"扩散模型", "三维"}


def test_text_in_no_known_encoding_is_skipped_not_garbled(tmp_path: Path) -> None:
    paper = P("Café Società: Reading Menus with Transformers Everywhere", body="- Très élégant.\n")
    text = dendron(
        "20240301", paper, P("Crème Brûlée: Layered Sugar as a Benchmark", body="- Ça va.\n")
    )
    write(tmp_path, "latin1.md", text.encode("cp1252"))
    result = scan(tmp_path)
    status, count, reason = note(result, "latin1.md")
    assert (status, count) == ("skipped", 0)
    assert reason is not None
    assert reason.startswith("encoding")
    assert not result.papers


def test_binary_files_named_md(tmp_path: Path) -> None:
    write(tmp_path, "picture.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    write(tmp_path, "fine.md", dendron("20240102", *PAPERS))
    result = scan(tmp_path)
    status, count, reason = note(result, "picture.md")
    assert (status, count) == ("skipped", 0)
    assert reason is not None
    assert "binary" in reason
    assert note(result, "fine.md")[:2] == ("read", 2)


def test_invalid_yaml_keeps_what_could_be_read(tmp_path: Path) -> None:
    text = hexo("2024-03-04", *PAPERS).replace("author: tester\n", "author: [unclosed\n")
    write(tmp_path, "bad.md", text)
    result = scan(tmp_path)
    status, count, reason = note(result, "bad.md")
    assert (status, count) == ("read", 2)
    assert reason is not None
    assert reason.startswith("invalid frontmatter")
    for paper in result.papers:
        assert "Test Topic" in paper.tags  # read leniently, line by line
        assert paper.day is not None


def test_a_value_holding_colon_space_is_read_as_text_with_a_problem() -> None:
    front = split_frontmatter(b"---\ntitle: Topic\ndescription: Update: A: B\ntags: x\n---\nbody\n")
    assert front.data == {"title": "Topic", "description": "Update: A: B", "tags": "x"}
    assert front.problem is not None


def test_yaml_that_is_a_list(tmp_path: Path) -> None:
    text = "---\n- one\n- two\n---\n\n" + hexo("2024-03-05", *PAPERS).split("---\n", 2)[2]
    write(tmp_path, "list.md", text)
    result = scan(tmp_path)
    status, count, reason = note(result, "list.md")
    assert (status, count) == ("read", 2)
    assert reason is not None
    assert "not a mapping" in reason


def test_yaml_alias_bomb(tmp_path: Path) -> None:
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    front = "\n".join(bomb) + "\ntags: *i\ncategories: *i\ntitle: *i\ndate: *i\n"
    write(
        tmp_path, "bomb.md", f"---\n{front}---\n" + hexo("2024-03-06", *PAPERS).split("---\n", 2)[2]
    )
    began = time.perf_counter()
    result = scan(tmp_path)
    assert time.perf_counter() - began < 10
    assert note(result, "bomb.md")[:2] == ("read", 2)
    for paper in result.papers:
        assert paper.tags == ("lol",)


def test_python_object_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    front = f"title: x\nrun: !!python/object/apply:os.system ['touch {marker}']\ntags: [a]\n"
    write(
        tmp_path,
        "evil.md",
        f"---\n{front}---\n" + dendron("20240101", *PAPERS).split("---\n", 2)[2],
    )
    result = scan(tmp_path)
    assert not marker.exists()
    status, count, reason = note(result, "evil.md")
    assert (status, count) == ("read", 2)
    assert reason is not None
    assert reason.startswith("invalid frontmatter")


def test_impossible_dates_cost_only_the_date(tmp_path: Path) -> None:
    text = hexo("2024-03-07", *PAPERS).replace("date: 2024-03-07 08:00:00", "date: 2024-13-45")
    write(tmp_path, "notes/2024-13-45.md", text.replace("# 2024-03-07 更新", "# 2024-13-45 更新"))
    result = scan(tmp_path)
    assert note(result, "notes/2024-13-45.md") == ("read", 2, None)
    for paper in result.papers:
        assert paper.day is None
        assert paper.tags == ("Test Topic", "Paper")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("tags: diffusion", ["diffusion"]),
        ("tags: diffusion, 3d/gaussians , video", ["diffusion", "3d/gaussians", "video"]),
        ("tags:\n  - [a, [b, c]]\n  - d", ["a", "b", "c", "d"]),
        ("tags:", []),
        ("tags: null", []),
        ("tags: 42", ["42"]),
        ("tags: [ml/diffusion, '#采样']", ["ml/diffusion", "采样"]),
    ],
)
def test_tags_as_string_comma_list_nested_null_number(
    tmp_path: Path, value: str, expected: list[str]
) -> None:
    write(
        tmp_path, "n.md", f"---\n{value}\n---\n" + hexo("2024-03-08", *PAPERS).split("---\n", 2)[2]
    )
    result = scan(tmp_path)
    assert note(result, "n.md")[:2] == ("read", 2)
    for paper in result.papers:
        assert list(paper.tags) == expected
    front = split_frontmatter((tmp_path / "n.md").read_bytes())
    assert tag_list(front.data.get("tags")) == expected


def test_a_note_that_starts_with_a_rule_and_no_closing_fence(tmp_path: Path) -> None:
    body = dendron("20240110", *PAPERS).split("---\n", 2)[2]
    write(tmp_path, "rule.md", "---\n" + body)
    write(tmp_path, "two-rules.md", "---\n" + body.replace("\n## Quiet", "\n---\n## Quiet"))
    result = scan(tmp_path)
    for name in ("rule.md", "two-rules.md"):
        assert note(result, name)[:2] == ("read", 2), name
        assert titles(result, name) == [p.title for p in PAPERS], name


def test_a_20_mb_note_scans_in_reasonable_time(tmp_path: Path) -> None:
    one = hexo("2024-04-01", *PAPERS).split("# 2024-04-01 更新\n", 1)[1]
    filler = ("这是一段很长的测试文字，用来把笔记撑大。" * 40 + "\n\n") * 12
    block = one.replace("We study a made-up problem", filler + "We study a made-up problem")
    count = 20_000_000 // len(block.encode("utf-8")) + 1
    text = hexo("2024-04-01").rstrip() + "\n\n" + block * count
    write(tmp_path, "huge.md", text)
    assert (tmp_path / "huge.md").stat().st_size > 20_000_000
    began = time.perf_counter()
    result = scan(tmp_path)
    assert time.perf_counter() - began < 60
    assert note(result, "huge.md")[:2] == ("read", 2 * count)
    assert len(result.papers) == 2  # the same two papers, many appearances


@pytest.mark.parametrize(
    "line",
    ["#" * 1_000_000, "`" * 1_000_000, "#tag " * 200_000, "x" * 1_000_000, "- " * 500_000],
)
def test_a_1_mb_line(tmp_path: Path, line: str) -> None:
    paper = P("Long Lines Everywhere: A Stress Test for Readers", body=line + "\n")
    write(tmp_path, "long.md", dendron("20240202", paper, PAPERS[0]))
    write(tmp_path, "long-title.md", dendron("20240202", P("Wide " + "wide " * 200_000)))
    began = time.perf_counter()
    result = scan(tmp_path)
    assert time.perf_counter() - began < 30
    assert note(result, "long.md")[:2] == ("read", 2)
    assert all(len(p.title) <= 500 for p in result.papers)
    assert all(len(p.tags) <= 64 and len(p.summary) <= 300 for p in result.papers)


def test_pathological_notes_end(tmp_path: Path) -> None:
    write(tmp_path, "fences.md", "```\n" * 2_000_001)
    write(tmp_path, "hashes.md", "#\n" * 3_000_000)
    write(tmp_path, "blank.md", "\n" * 5_000_000 + "## Late: A Title After Many Blank Lines\n")
    began = time.perf_counter()
    result = scan(tmp_path)
    assert time.perf_counter() - began < 60
    assert {r.status for r in result.notes} <= {NoteStatus.READ, NoteStatus.PASSED_OVER}


@pytest.mark.skipif(not hasattr(__import__("os"), "fsencode"), reason="needs byte file names")
def test_file_names_that_are_not_utf8(tmp_path: Path) -> None:
    import os

    folder = os.fsencode(tmp_path) + b"/caf\xe9-vault"
    os.mkdir(folder)
    with open(folder + b"/r\xe9sum\xe9.md", "wb") as handle:
        handle.write(digest("2024-05-06", *PAPERS).encode("utf-8"))
    result = scan(Path(os.fsdecode(folder)))
    (report,) = result.notes
    assert report.status is NoteStatus.READ
    assert report.papers == 2
    assert os.fsencode(note_record(report)["path"]) == b"r\xe9sum\xe9.md"
    assert {
        os.fsencode(a["path"]) for p in result.papers for a in paper_record(p)["appearances"]
    } == {b"r\xe9sum\xe9.md"}
