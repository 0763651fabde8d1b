"""Text and note renderers for the benchmark vault generator: formats D, H and Z."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import date
from random import Random

from vault_words import (
    ADJECTIVES,
    AFFILIATIONS,
    DENDRON_TAGS,
    FILLERS,
    FIRST_NAMES,
    LAST_NAMES,
    NOUNS,
    SYLLABLES,
    TASKS,
    VERBS,
    ZH_HEADINGS,
    ZH_PATTERNS,
    ZH_TERMS,
)

POOL = 6000
"""Sentences generated once; notes are assembled from them, which keeps generation fast."""

DISCLAIMER = (
    ">⚠️ 以下总结由大语言模型生成，可能有误，仅供参考\n"
    ">🔴 请勿用于严肃的学术场景，只适合阅读前的初筛\n"
    ">💗 基准测试用的生成数据，格式仿照 ChatPaperFree 的每日推送\n"
)
HEXO_KEYS = (
    "toc:\ntoc_number: false\ntoc_style_simple: true\ncopyright:\ncopyright_author:\n"
    "copyright_author_href:\ncopyright_url:\ncopyright_info:\nmathjax: true\nkatex:\n"
    "aplayer:\nhighlight_shrink:\naside:\n"
)


@dataclass(frozen=True, slots=True)
class Paper:
    """One generated paper (its text is drawn anew wherever it is posted)."""

    title: str
    authors: tuple[str, ...]
    keywords: tuple[str, ...]
    arxiv_id: str | None
    version: int
    code: str | None
    tags: tuple[str, ...]

    def reposted(self, *, version: int) -> Paper:
        return dataclasses.replace(self, version=version)


class Text:
    """Pools of made-up English and Chinese sentences, and made-up papers."""

    def __init__(self, rng: Random) -> None:
        self.english = [self._english(rng) for _ in range(POOL)]
        self.chinese = [self._chinese(rng) for _ in range(POOL)]

    @staticmethod
    def _english(rng: Random) -> str:
        clauses = []
        for _ in range(rng.randint(1, 3)):
            clauses.append(
                f"{rng.choice(FILLERS)} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} "
                f"{rng.choice(VERBS)} {rng.choice(FILLERS)} {rng.choice(ADJECTIVES)} "
                f"{rng.choice(NOUNS)} {rng.choice(FILLERS)} {rng.choice(NOUNS)}"
            )
        sentence = ", and ".join(clauses)
        return sentence[0].upper() + sentence[1:] + "."

    @staticmethod
    def _chinese(rng: Random) -> str:
        return rng.choice(ZH_PATTERNS).format(rng.choice(ZH_TERMS), rng.choice(ZH_TERMS))

    def en(self, rng: Random, count: int) -> str:
        return " ".join(rng.choices(self.english, k=count))

    def zh(self, rng: Random, count: int) -> str:
        return "".join(rng.choices(self.chinese, k=count))

    def paper(
        self, rng: Random, day: date | None, *, arxiv_id: str | None = None, title: str = ""
    ) -> Paper:
        """A new paper; ``title`` given for a repost of a title-keyed one."""
        if not title:
            name = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 3))).capitalize()
            if rng.random() < 0.3:
                name += f"-{rng.randint(2, 99)}"
            adjective, noun = rng.choice(ADJECTIVES).capitalize(), rng.choice(NOUNS).capitalize()
            title = f"{name}: {adjective} {noun} for {rng.choice(TASKS)}"
        authors = tuple(
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(rng.randint(2, 10))
        )
        keywords = tuple(
            f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}" for _ in range(rng.randint(3, 6))
        )
        code = None
        if rng.random() < 0.5:
            code = f"https://github.com/{authors[0].split()[-1].lower()}/{title.split(':')[0]}"
        tags = tuple(rng.sample(DENDRON_TAGS, rng.randint(0, 3)))
        return Paper(title, authors, keywords, arxiv_id, 1, code, tags)


def _bullets(items: list[str], numbered: bool) -> str:
    if numbered:
        return "".join(f"{n}. {item}\n" for n, item in enumerate(items, 1))
    return "".join(f"- {item}\n" for item in items)


def _arxiv_spaces(rng: Random, title: str) -> str:
    """The title as arXiv's line wrapping leaves it: sometimes a run of spaces inside."""
    words = title.split(" ")
    if len(words) > 4 and rng.random() < 0.3:
        cut = rng.randint(2, len(words) - 1)
        return " ".join(words[:cut]) + "   " + " ".join(words[cut:])
    return title


def _hexo_section(rng: Random, text: Text, paper: Paper) -> str:
    parts = [
        f"## {_arxiv_spaces(rng, paper.title)}\n\n",
        f"**Authors:{', '.join(paper.authors)}**\n\n",
        text.en(rng, rng.randint(8, 12)),
        "\n\n",
        f"[PDF](http://arxiv.org/abs/{paper.arxiv_id}v{paper.version}) ",
        f"Code: {paper.code}" if paper.code else rng.choice(("", "Accepted to CVPR", "12 pages")),
        "\n\n**Summary**\n",
        text.zh(rng, 2),
        "\n\n**Key Takeaways**\n",
        _bullets([text.zh(rng, 1) for _ in range(rng.randint(5, 7))], rng.random() < 0.5),
        "\n**[ChatPaperFree](https://huggingface.co/spaces/Kedreamix/ChatPaperFree)**\n\n",
        f"1. Title: {text.zh(rng, 1)}（{paper.title}）\n\n",
    ]
    headed = rng.random() < 0.1
    sub, item = ("### ", "#### ") if headed else ("", "    - ")
    parts += [
        f"{sub}2. Authors: {', '.join(paper.authors)}\n\n",
        f"{sub}3. Affiliation: {rng.choice(AFFILIATIONS)}\n\n",
        f"{sub}4. Keywords: {', '.join(paper.keywords)}\n\n",
        f"{sub}5. Urls: https://arxiv.org/abs/{paper.arxiv_id} , Github: {paper.code}\n\n",
        f"{sub}6. Summary:\n\n",
    ]
    for n, label in enumerate(("研究背景", "过去的方法及问题", "研究方法", "任务与性能"), 1):
        parts.append(f"{item}({n}){label}：{text.zh(rng, rng.randint(3, 5))}\n\n")
    parts.append("7. Methods:\n\n")
    for n in range(1, rng.randint(3, 5) + 1):
        parts.append(f"    - ({n}) {text.zh(rng, rng.randint(2, 4))}\n\n")
    parts.append("8. Conclusion:\n\n")
    for n in range(1, rng.randint(2, 3) + 1):
        parts.append(f"    - ({n}) {text.zh(rng, rng.randint(3, 5))}\n\n")
    parts.append("\n<details>\n  <summary>点此查看论文截图</summary>\n")
    for n in range(rng.randint(1, 6)):
        parts.append(
            f'<img src="https://img.example.com/{paper.arxiv_id}-{n}.jpg" align="middle">\n'
        )
    parts.append("</details>\n\n\n\n\n")
    return "".join(parts)


def render_hexo(rng: Random, text: Text, day: date, category: str, papers: list[Paper]) -> str:
    """A Hexo post of a ChatPaperFree daily digest (format H)."""
    # Like the real posts, the description drops the title's colon (YAML would choke).
    first = papers[0].title.replace(":", "")
    head = [
        "\n" if rng.random() < 0.7 else "",
        f"---\ntitle: {category}\ndate: {day} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:",
        f"{rng.randint(0, 59):02d}\nauthor: bench\ncover: https://img.example.com/cover.jpg\n",
        f"categories: Paper\ntags:\n    - {category}\n",
        f"description: {category} 方向每日论文 Update in {day}  {first}  \n",
        f"keywords: {category}\n{HEXO_KEYS}---\n\n{DISCLAIMER}\n# {day} 更新\n\n\n",
    ]
    return "".join(head) + "".join(_hexo_section(rng, text, paper) for paper in papers)


def _digest_section(rng: Random, text: Text, number: int, category: str, paper: Paper) -> str:
    contributions = "".join(f"\t{n}. {text.en(rng, 1)}\n" for n in range(1, rng.randint(2, 4) + 1))
    limitations = text.en(rng, 1) if rng.random() < 0.6 else ""
    return (
        f"### [{number}] [{paper.title}](https://arxiv.org/abs/{paper.arxiv_id})\n\n"
        f"*{', '.join(paper.authors)}*\n\n"
        f"**Main category:** {category}\n\n"
        f"**Keywords:** {', '.join(paper.keywords)}\n\n"
        f"**Relevance Score:** {rng.randint(3, 10)}\n\n"
        f"**TL;DR:** {text.en(rng, rng.randint(1, 2))}\n\n"
        f"**Read time:** {rng.choice((5, 8, 10, 12, 15, 20))} min\n\n"
        "<details>\n  <summary>Details</summary>\n\n"
        f"**Motivation:** {text.en(rng, rng.randint(1, 2))}\n\n"
        f"**Method:** {text.en(rng, rng.randint(2, 3))}\n\n"
        f"**Key Contributions:**\n\n{contributions}\n"
        f"**Result:** {text.en(rng, rng.randint(1, 2))}\n\n"
        f"**Limitations:** {limitations}\n\n"
        f"**Conclusion:** {text.en(rng, rng.randint(1, 2))}\n\n"
        f"**Abstract:** {text.en(rng, rng.randint(5, 8))}\n\n"
        "</details>\n\n\n"
    )


def render_digest(
    rng: Random, text: Text, day: date, categories: list[str], papers: list[Paper]
) -> str:
    """A daily-arXiv-ai-enhanced digest (format Z): `##` categories, `### [N]` papers."""
    groups: list[list[Paper]] = [[] for _ in categories]
    for paper in papers:
        groups[rng.randrange(len(categories))].append(paper)
    toc = "".join(
        f"- [{cat}](#{cat}) [Total: {len(group)}]\n\n"
        for cat, group in zip(categories, groups, strict=True)
        if group
    )
    parts = [f"# {day}\n\n<div id=toc></div>\n\n## Table of Contents\n\n{toc}"]
    number = 0
    for category, group in zip(categories, groups, strict=True):
        if not group:
            continue
        parts.append(f"<div id='{category}'></div>\n\n## {category} [[Back]](#toc)\n\n")
        for paper in group:
            number += 1
            parts.append(_digest_section(rng, text, number, category, paper))
    return "".join(parts)


def render_dendron(
    rng: Random, text: Text, day: date, papers: list[Paper], images: list[str]
) -> str:
    """A Dendron daily note (format D): `## title`, `#tag` lines, an image, bullets."""
    created = int(
        (day.toordinal() - date(1970, 1, 1).toordinal()) * 86_400_000 + rng.random() * 4e7
    )
    uid = hashlib.sha1(f"{day}{created}".encode()).hexdigest()[:23]
    parts = [
        f"---\nid: {uid}\ntitle: '{day:%Y%m%d}'\ndesc: ''\n",
        f"updated: {created + rng.randint(0, 40_000_000)}\ncreated: {created}\n---\n\n",
    ]
    for number, paper in enumerate(papers):
        parts.append(f"\n## {paper.title}{' ' if rng.random() < 0.1 else ''}\n")
        parts.extend(f"#{tag}\n" for tag in paper.tags)
        if rng.random() < 0.7:
            name = rng.choice(images)
            if rng.random() < 0.03:
                name = hashlib.sha256(f"missing{day}{number}".encode()).hexdigest() + ".png"
            parts.append(f"\n![图 {number}](assets/images/{name})  \n")
        parts.append("\n")
        for heading in ZH_HEADINGS:
            parts.append(f"- **{heading}**\n  - {text.zh(rng, rng.randint(1, 3))}\n\n")
        parts.append("\n")
    return "".join(parts)


def render_other(rng: Random, text: Text) -> str:
    """A note that is not a digest: a journal entry or a list of ideas."""
    parts = ["## 今天\n\n", text.zh(rng, 3), "\n\n## Ideas\n\n"]
    parts.extend(f"- {text.en(rng, 1)}\n" for _ in range(rng.randint(2, 6)))
    return "".join(parts)
