"""Papers as list items and blocks: bullet digests, awesome lists, linked headings.

The shapes, each seen in real public paper lists:

- bullet digests: ``- **Title**`` with the authors, date, link and a
  ``<details>`` abstract after it, or nested ``- Authors:`` / ``- Links:``;
- awesome-list blocks: ``**Title.**<br>`` / ``*Authors*<br>`` /
  ``Venue [[PDF](…)] [[Code](…)]`` (``\\`` ends a line as ``<br>`` does);
- awesome-list items: ``- [Title](arxiv link) - authors, venue``, or
  ``- [Title](project page), Name et al., Venue``;
- linked headings: ``### 1. [Title](https://arxiv.org/abs/…)``.

An entry is a paper only with a paper's signals: a paper link (arXiv on its
own hosts, DOI, OpenReview, ACL Anthology, proceedings), an authors line, or
``et al.``. Tables of contents and topic indexes (links to ``#anchors`` or
other notes, ``\u2014 **7** papers``), entries shown as code, and the items under
``Talks``/``Blogs``/``Datasets``… headings are not papers.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from papertui.vault.notes.formats import fields, identifiers
from papertui.vault.notes.formats.common import Entry, is_organising, title_shape
from papertui.vault.notes.formats.headings import Heading, Headings, plain_heading
from papertui.vault.notes.formats.identifiers import is_paper_link, labelled_arxiv, other_id
from papertui.vault.notes.frontmatter import parse_day

_ITEM = re.compile(rb"^([ \t]*)(?:[-*+]|\d{1,3}[.)])[ \t]+(\S[^\n]*)$", re.M)
_BOLD_LINE = re.compile(
    rb"^[ \t]*\*\*([^*\n]{3,}?)\*\*[ \t]*(?::[a-z_]+:[ \t]*)*(?:<br[ \t]*/?>|\\)?[ \t]*$", re.M
)
"""A line that is a bold title alone (an emoji shortcode may follow, then a line break)."""
_BOLD = re.compile(r"^\*\*([^*]{3,}?)\*\*[ \t]*[.:]?(?P<rest>.*)$")
_LINKED = re.compile(r"^\[((?:[^\[\]]|\[[^\]]*\])+)\]\(\s*<?([^)\s>]+)>?[^)]*\)(?P<rest>.*)$")
_NUMBER = re.compile(r"^(?:\d{1,4}[.)]|\[\d{1,4}\])\s+")
_URL = re.compile(rb"https?://[^\s)\]|>\"'<]+|\b(?:arXiv|doi):[ \t]?\S+", re.IGNORECASE)
_COUNT = re.compile(r"\*?\*?\d+\*?\*?\s*(?:papers?|篇|items?|entries)\b|\[Total:", re.IGNORECASE)
_ITALIC_LINE = re.compile(
    rb"^[ \t>-]*(?:\*|_)([^*_\n]{3,})(?:\*|_)[ \t]*(?:<br[ \t]*/?>|\\|,)?[ \t]*$"
)
_ET_AL = re.compile(rb"\bet[ .]*al\b|\bEt Al\b", re.IGNORECASE)
_EMOJI = rb"(?:[\x80-\xff]+[ \t]*)?"
"""An emoji (or any non-ASCII mark) before a label: ``- ✍️ **Authors**:``."""
_AUTHOR_LABEL = re.compile(
    rb"^[ \t>*+-]*" + _EMOJI + rb"(?:\*\*|__)?(?:Authors?\b|\xe4\xbd\x9c\xe8\x80\x85)",
    re.IGNORECASE,
)
_SKIP_SECTIONS = re.compile(
    r"^(?:talks?|blogs?(?: posts?)?|videos?|tutorials?|courses?|books?|datasets?|"
    r"tools?|libraries|resources|links|contributors?|team|licen[cs]e|citations?|"
    r"acknowledge?ments?|contributing|contents|table of contents|toc|目录|see also|"
    r"related (?:papers?|work|repos?|repositories|lists?|projects?)|other (?:lists|resources))"
    r"\s*[:：]?$"
    r"|\b(?:talks|blogs|posts|videos|tutorials|courses|books|datasets|tools|libraries|resources|"
    r"slides|lectures|podcasts|websites)$",
    re.IGNORECASE,
)
"""Sections of talks, posts, datasets and the like: so named, or ending in such a plural
(``Video Generation`` is a topic of papers; ``Videos`` and ``Introductory Posts`` are not)."""
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_VENUE_PREFIX = re.compile(r"^\[[^\]]{2,40}\]\s+(?!\()")
_VENUES = (
    r"(?:CVPR|ICCV|ECCV|NeurIPS|NIPS|ICML|ICLR|AAAI|IJCAI|ACL|EMNLP|NAACL|COLING|SIGGRAPH"
    r"(?: Asia)?|TOG|TPAMI|TIP|IJCV|3DV|WACV|BMVC|ACCV|arXiv|KDD|WWW|SIGIR|CoRL|RSS|ICRA|IROS"
    r"|MICCAI|TVCG|CHI|UIST|Interspeech|ICASSP|JMLR|TMLR|Nature|Science)"
)
_VENUE_YEAR = re.compile(r"\b" + _VENUES + r"(?:\s*Workshops?)?[\s'’]{0,2}(?:19|20)?\d{2}\b")
"""A venue and year after a title (``CVPR 2023``, ``NeurIPS'22``): a paper's mark."""
_PLAIN_TITLE_END = re.compile(
    r",\s*(?:[A-Z][\w.\-' ]{0,40}?\s)?_?et\.?\s?al\.?_?|\s+\[\[|\.\s+\[|\s+\|\s"
    r"|[,.(]\s*" + _VENUES + r"\b"
)
_DATE_LABEL = re.compile(
    rb"(?:date|published|submitted)\W{0,6}((?:19|20)\d{2}-\d{2}-\d{2})", re.IGNORECASE
)
_LINE_BREAK = re.compile(r"\s*(?:<br\s*/?>|\\)\s*$")
_TITLE_EDGES = " \t*_\"'“”"


def detect(data: bytes, start: int) -> bool:
    """A cheap first look: list items or bold lines that may name papers."""
    return data.find(b"](", start) != -1 or data.find(b"**", start) != -1


def entries(data: bytes, start: int, headings: Headings) -> list[Entry]:
    """Every list item, bold block and linked heading below ``start`` that is a paper."""
    stops = [heading.start for heading in headings]
    candidates: dict[int, tuple[int, str, str, bool]] = {}
    """Line start -> (indent, title, the rest of the line after it, whether a bold block)."""
    for match in _ITEM.finditer(data, start):
        item = _item(fields.utf8(match[2]))
        if item is not None:
            candidates[match.start()] = (len(match[1].expandtabs(4)), *item, False)
    # (a bold "**Abstract**" line or "<summary><b>Abstract</b>" is inside an entry: no bound;
    # only lines that read like a title start one)
    for match in _BOLD_LINE.finditer(data, start):
        title = fields.utf8(match[1])
        if match.start() not in candidates and _titled(_clean_title(title)):
            candidates[match.start()] = (0, title, "", True)
    if b"<summary>" in data:
        for match in _SUMMARY_TITLE.finditer(data, start):
            title = fields.utf8(match[1])
            if _titled(_clean_title(title)):
                candidates[match.start()] = (0, title, "", True)
    for index, heading in enumerate(headings):
        if heading.level < 2 or heading.start < start:
            continue
        text = _NUMBER.sub("", heading.text)
        if b"](" in heading.raw:
            linked = _LINKED.match(text)
            if linked is not None and is_paper_link(linked[2].encode()):
                candidates[heading.start] = (-heading.level, linked[1], linked[2], False)
        elif heading.level <= 4 and _labelled(data, heading, headings, index):
            candidates[heading.start] = (-heading.level, text, "", False)
    if not candidates:
        return []
    found: list[Entry] = []
    starts = sorted(candidates)
    skipped = _skipped_spans(headings)
    for number, at in enumerate(starts):
        if (headings.fences and headings.in_code(at)) or any(a <= at < b for a, b in skipped):
            continue
        indent, title, rest, block = candidates[at]
        if indent < 0:  # a heading: to the next heading at its level or above
            end = len(data)
            for later in range(bisect_right(stops, at), len(headings)):
                if headings[later].level <= -indent:
                    end = headings[later].start
                    break
        else:
            end = _entry_end(data, at, indent, starts, number + 1, candidates, stops)
        entry = _read(data, at, end, title, rest, block=block)
        if entry is not None:
            found.append(entry)
    if any(candidates[entry.start][0] < 0 for entry in found):
        found_starts = [entry.start for entry in found]
        found = [entry for entry in found if not _category(data, entry, found_starts, candidates)]
    return found


def _category(
    data: bytes, entry: Entry, starts: list[int], candidates: dict[int, tuple[int, str, str, bool]]
) -> bool:
    """A heading over entries is their category, unless an authors line under it comes first.

    ``starts`` are the starts of the entries found, in order.
    """
    if candidates[entry.start][0] >= 0:
        return False
    after = bisect_right(starts, entry.start)
    if after == len(starts) or starts[after] >= entry.end:
        return False
    return not _author_label(data[entry.start : starts[after]])


def _titled(title: str) -> bool:
    """A bold line or summary that may name a paper: a title's shape, or four words or more
    (``**Spontaneous symmetry breaking in generative models**``), not a label."""
    if title_shape(title) is not None:
        return True
    return title.count(" ") >= 3 and not is_organising(title) and not title.endswith(":")


def _labelled(data: bytes, heading: Heading, headings: Headings, index: int) -> bool:
    """A heading whose first lines are an authors line or a labelled paper link."""
    stop = headings[index + 1].start if index + 1 < len(headings) else len(data)
    for line in fields.first_lines(data, heading.end + 1, min(stop, heading.end + 800), 6):
        if _AUTHOR_LABEL.match(line):
            return True
        if _PAPER_LABEL.match(line) and any(is_paper_link(u[0]) for u in _URL.finditer(line)):
            return True
    return False


_PAPER_LABEL = re.compile(
    rb"^[ \t>*+-]*" + _EMOJI + rb"(?:(?:\*\*|__)?(?:arXiv|paper|pdf|link|url|doi|abs)(?:[ \t]*id)?"
    rb"(?:\*\*|__)?[ \t]*(?::|\xef\xbc\x9a)"
    rb"|\[+[^\]\n]{0,12}(?:arXiv|paper|pdf|doi|abs)[^\]\n]{0,12}\]\()",
    re.IGNORECASE,
)
"""A label over a paper link: ``**arXiv**: …``, ``- 📥 **PDF**: …``, ``[arXiv](…)``,
``[[📄 Paper](…)]`` (never a venue line such as ``arXiv 2022. [[Paper](…)]``)."""
_COLON = re.compile(rb":|\xef\xbc\x9a")
_SUMMARY_TITLE = re.compile(
    rb"^[ \t]*(?:<details[^>\n]*>[ \t]*)?<summary>[ \t]*(?:<b>|<strong>|\*\*)([^<*\n]{3,}?)"
    rb"(?:</b>|</strong>|\*\*)[ \t]*</summary>",
    re.M,
)
"""A collapsed entry: ``<details><summary><b>Title</b></summary>`` over its fields."""


_AFTER_TITLE = ("-", "\u2013", "\u2014", "[", "(", "<br", "\\", "|", ",", "by ")
"""What may follow a bold title on its line (a label's value may not)."""


def _item(content: str) -> tuple[str, str] | None:
    """(title, rest) of a list item that may name a paper, or None."""
    content = _NUMBER.sub("", content)
    if content.startswith("[") and not content.startswith(("[[", "[ ]", "[x]", "[X]")):
        linked = _LINKED.match(content)
        if linked is not None:
            return linked[1], linked[2] + "\0" + linked["rest"]
        content = _VENUE_PREFIX.sub("", content)
    bold = _BOLD.match(content.removeprefix("[ ] ").removeprefix("[x] "))
    if bold is None:
        return _plain_item(content)
    label_colon = content[bold.end(1) + 2 : bold.end(1) + 3] == ":"
    if label_colon or bold[1].rstrip().endswith((":", "\uff1a")):
        return None  # "**Authors:** A, B": a label
    rest = bold["rest"].strip()
    if rest and not rest.startswith(
        ("-", "\u2013", "\u2014", "[", "(", "<br", "\\", "|", ",", "by ")
    ):
        return None  # "**Label**: value" or "**Word** in a sentence": not a title
    return bold[1], rest


def _plain_item(content: str) -> tuple[str, str] | None:
    """``Title, Name et al., Venue [Paper](link)``: the title before the authors or links."""
    if "et al" not in content and "](" not in content and _VENUE_YEAR.search(content) is None:
        return None
    end = _PLAIN_TITLE_END.search(content)
    if end is None or end.start() < 8:
        return None
    title = content[: end.start()]
    if "](" in title or "**" in title:
        return None
    return title, content[end.start() :]


def _skipped_spans(headings: Headings) -> list[tuple[int, int]]:
    """Sections under a heading such as ``Talks`` or ``Datasets``: no papers there."""
    spans: list[tuple[int, int]] = []
    for index, heading in enumerate(headings):
        text = _plain(heading)
        if len(text) < 40 and _SKIP_SECTIONS.search(text):
            end = next(
                (h.start for h in headings[index + 1 :] if h.level <= heading.level), 1 << 62
            )
            spans.append((heading.start, end))
    return spans


def _plain(heading: Heading) -> str:
    text = plain_heading(heading.text)
    return text.lstrip("0123456789.) ").lstrip("#").strip(" :：🔥📚📄📝✨🌟⭐")


def _entry_end(
    data: bytes,
    at: int,
    indent: int,
    starts: list[int],
    following: int,
    candidates: dict[int, tuple[int, str, str, bool]],
    stops: list[int],
) -> int:
    """Where an entry ends: the next entry not nested in it, the next heading, or the end.

    Args:
        data: The note.
        at: Where the entry starts.
        indent: Its list indent.
        starts: Every candidate's start, in order.
        following: The index in ``starts`` of the candidate after this one.
        candidates: The candidates by start.
        stops: Every heading's start, in order.
    """
    next_stop = bisect_right(stops, at)
    end = stops[next_stop] if next_stop < len(stops) else len(data)
    for index in range(following, len(starts)):
        other = starts[index]
        if other >= end:
            break
        if 0 <= candidates[other][0] <= indent:
            return other
    return end


def _read(data: bytes, at: int, end: int, title: str, rest: str, *, block: bool) -> Entry | None:
    """The entry as a paper, if it shows a paper's signals.

    A bold block (``**Title** \\`` over ``*Name*``) needs a paper link or an authors label:
    awesome lists write their posts, videos and notebooks in the same shape.
    """
    link = ""
    if "\0" in rest:
        link, rest = rest.split("\0", 1)
        if link.startswith(("#", "./", "../")) or (
            link.endswith((".md", "/")) and "://" not in link
        ):
            return None  # a table of contents or a topic index
        if _COUNT.search(rest):
            return None
    title = _clean_title(title)
    if not title or is_organising(title):
        return None
    body = data[at:end]
    paper_link = link.encode() if link and is_paper_link(link.encode()) else None
    if paper_link is None:
        paper_link = next((url[0] for url in _URL.finditer(body) if is_paper_link(url[0])), None)
    signals = (
        paper_link is not None,
        _ET_AL.search(body) is not None,
        any(
            _AUTHOR_LABEL.match(line) or _ITALIC_LINE.match(line) for line in body.split(b"\n")[1:6]
        ),
        b"<details" in body,
        bool(rest)
        and _YEAR.search(rest) is not None
        and (paper_link is not None or "et al" in rest),
        bool(rest) and _VENUE_YEAR.search(rest) is not None,
    )
    strength = sum(signals)
    if block and paper_link is None and not signals[1] and not _author_label(body):
        return None
    if strength == 0 or (title_shape(title) is None and strength < 2):
        return None
    entry = Entry(at, end, title)
    ids_in = paper_link if paper_link is not None else body
    entry.ref = (
        identifiers.arxiv_in(ids_in)
        or (identifiers.arxiv_in(body) if paper_link else None)
        or labelled_arxiv(body)
    )
    if entry.ref is None:
        entry.ident = other_id(ids_in)
    entry.authors = _authors(body, rest)
    day = _DATE_LABEL.search(body)
    if day is not None:
        entry.day = parse_day(day[1].decode("ascii"))
    return entry


def _author_label(body: bytes) -> bool:
    """An authors line among the first lines after the entry's own."""
    return any(_AUTHOR_LABEL.match(line) for line in body.split(b"\n")[1:6])


def _clean_title(title: str) -> str:
    title = _LINE_BREAK.sub("", title)
    if "[" in title or "<" in title:
        title = fields.plain_line(title, limit=1 << 20)
    title = " ".join(title.split()).strip(_TITLE_EDGES)
    if title.endswith(".") and not title.endswith(("..", "et al.")):
        title = title[:-1].rstrip()
    return title


def _authors(body: bytes, rest: str) -> tuple[str, ...]:
    """Authors from an ``Authors:`` line, an italic line, or the words after a linked title."""
    lines = body.split(b"\n")[:8]
    for line in lines[1:]:
        label = _AUTHOR_LABEL.match(line)
        if label is not None:
            colon = _COLON.search(line, label.end())
            value = line[colon.end() :] if colon else b""
            return fields.split_authors(fields.utf8(value.strip(b" \t*_")))
        italic = _ITALIC_LINE.match(line)
        if italic is not None:
            return fields.split_authors(fields.utf8(italic[1]))
    words = rest.strip().lstrip("-\u2013\u2014,: ").split("|")[0].split(" [")[0]
    if words and (" et al" in words or "et.al" in words):
        return fields.split_authors(words[: words.find("et")].rstrip(", ") + " et al.")
    return ()
