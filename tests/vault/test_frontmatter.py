"""Frontmatter: the fast reader agrees with PyYAML; dates and tags are read leniently."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
import yaml

from papertui.vault.notes.frontmatter import (
    _Loader,
    parse_day,
    simple_yaml,
    split_frontmatter,
    tag_list,
)

SCALARS = [
    "Diffusion Models",
    "2024-09-27 03:59:41",
    "2024-09-27",
    "'20231214'",
    "''",
    '"quoted text"',
    "true",
    "False",
    "yes",
    "off",
    "null",
    "~",
    "1702539572451",
    "0777",
    "-5",
    "1_000",
    "3.14",
    ".inf",
    "1e3",
    "https://example.org/a:b#c",
    "it's fine",
    "'it''s quoted'",
    "a [bracket] inside",
    "中文 标题",
    "x # a comment",
    "#only a comment",
    "12:30",
    "0x1F",
    "<<",
    "=",
]
KEYS = ["title", "date", "tags", "categories", "toc", "id", "created", "on", "yes", "a-b", "x_1"]


def _document(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(0, 8)):
        key = rng.choice(KEYS)
        if rng.random() < 0.3:
            lines.append(f"{key}:")
            indent = rng.choice(["", "  ", "    "])
            lines.extend(f"{indent}- {rng.choice(SCALARS)}" for _ in range(rng.randint(0, 3)))
        else:
            lines.append(f"{key}: {rng.choice(SCALARS)}")
        if rng.random() < 0.2:
            lines.append(rng.choice(["", "# comment", "   "]))
    return "\n".join(lines) + "\n"


def _yaml(text: str) -> Any:
    loaded = yaml.load(text, Loader=_Loader)
    return {str(k): v for k, v in loaded.items()} if isinstance(loaded, dict) else loaded


def test_the_fast_reader_agrees_with_pyyaml_wherever_it_answers() -> None:
    rng = random.Random(2)
    answered = 0
    for _ in range(3000):
        text = _document(rng)
        fast = simple_yaml(text.encode("utf-8"))
        if fast is None:
            continue
        answered += 1
        mapping, problem = fast
        if problem is None:
            assert mapping == (_yaml(text) or {}), text
        else:
            with pytest.raises(yaml.YAMLError):
                _yaml(text)
    assert answered > 1000  # the fast path is the common path


def test_hexo_and_dendron_frontmatter_take_the_fast_path() -> None:
    hexo = (
        b"title: Diffusion Models\ndate: 2024-09-27 03:59:41\nauthor: someone\n"
        b"cover: https://example.org/c.jpg\ncategories: Paper\ntags:\n    - Diffusion Models\n"
        b"description: a post\ntoc:\ntoc_number: false\nmathjax: true\n"
    )
    dendron = b"id: k6sbvs\ntitle: '20231214'\ndesc: ''\nupdated: 1702539572451\ncreated: 17025\n"
    for source in (hexo, dendron):
        fast = simple_yaml(source)
        assert fast is not None
        assert fast == (_yaml(source.decode()), None)


@pytest.mark.parametrize(
    "source",
    [
        b"tags: [a, b]\n",
        b"title: >-\n  folded\n  text\n",
        b"a: &x 1\nb: *x\n",
        b"run: !!python/object/apply:os.system ['x']\n",
        b"nested:\n  key: value\n",
        b"title: continued\n  on the next line\n",
        b'title: "escaped \\" quote"\n',
        b"title: bad\x01control\n",
    ],
)
def test_anything_outside_the_subset_goes_to_pyyaml(source: bytes) -> None:
    assert simple_yaml(source) is None


def test_frontmatter_positions_and_an_empty_block() -> None:
    data = b"\n\n---\ntitle: x\n---\n## Body\n"
    front = split_frontmatter(data)
    assert front.data == {"title": "x"}
    assert data[front.body_start :] == b"## Body\n"
    assert front.body_line == 6
    empty = split_frontmatter(b"---\n---\ntext\n")
    assert (empty.data, empty.problem) == ({}, None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-09-27 03:59:41", date(2024, 9, 27)),
        ("20231214", date(2023, 12, 14)),
        ("2024/1/5", date(2024, 1, 5)),
        ("2024年1月5日", date(2024, 1, 5)),
        (1702538332813, date(2023, 12, 14)),
        (1702538332, date(2023, 12, 14)),
        (date(2020, 2, 29), date(2020, 2, 29)),
        ("2024-13-45", None),
        ("2023-02-29", None),
        (True, None),
        (10**20, None),
        ("not a date", None),
        (None, None),
    ],
)
def test_parse_day(value: Any, expected: date | None) -> None:
    assert parse_day(value) == expected


def test_tag_list_drops_hashes_and_duplicates_and_stops_early() -> None:
    assert tag_list(["#a", "a", "b, #c", ["d", ["e"]], None, True, 3, {"x": 1}]) == [
        "a",
        "b",
        "c",
        "d",
        "e",
        "3",
    ]
    assert len(tag_list([f"t{n}" for n in range(10_000)])) == 64
