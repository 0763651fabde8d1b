"""BibTeX: citation keys, LaTeX escaping and ``@misc`` entries for arXiv papers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from itertools import count, product
from string import ascii_lowercase
from urllib.parse import quote

from papertui.vault.paper import Paper, collapse_spaces
from papertui.vault.sanitize import clean_line
from papertui.vault.state.annotations import NO_OWN_NOTES, OwnNotes

# LaTeX's specials, plus the characters the default OT1 font encoding prints
# as something else (`<` as an inverted exclamation mark). Braces use the
# text-symbol macros because BibTeX counts `\{` as a brace and would see an
# unbalanced field.
_LATEX_SPECIALS = {
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\\": r"\textbackslash{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
# Pairs TeX fonts turn into one glyph (`--` into an en dash): split with `{}`
# so the text reads as written.
_LIGATURES = frozenset({"--", "``", "''", "?`", "!`", ",,"})

# Letters NFKD does not decompose into ASCII.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "\u0131": "i",  # dotless i
    }
)
_KEY_WORD = re.compile(r"[a-z0-9]+")
_WORD_BREAK = re.compile(r"[\W_]+")
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
# fmt: off
_STOP_WORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "of", "on", "in", "into", "onto", "for", "to", "from",
    "with", "without", "by", "at", "as", "via", "is", "are", "be", "do", "does", "can", "we",
    "our", "your", "how", "what", "when", "why", "which", "who", "toward", "towards", "using",
    "based", "beyond", "through", "over", "under", "than", "not", "no", "its", "it", "this",
    "that", "these",
})
# fmt: on
_AND = re.compile(r"\band\b", re.IGNORECASE)
_NEW_ID = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}$")
_OLD_ID = re.compile(r"^[a-z][a-z.-]*/(\d{2})(\d{2})\d{3}$", re.IGNORECASE)


def latex_escape(text: str) -> str:
    """``text`` (one line) with LaTeX's special characters escaped."""
    out: list[str] = []
    previous = ""
    for char in clean_line(text):
        if previous + char in _LIGATURES:
            out.append("{}")
        out.append(_LATEX_SPECIALS.get(char, char))
        previous = char
    return "".join(out)


def _protect(token: str) -> str:
    """An escaped title word, braced if it holds a capital so styles keep it."""
    escaped = latex_escape(token)
    if not any(char.isupper() for char in token):
        return escaped
    # A group that starts with a backslash is a BibTeX "special character",
    # whose letters styles still change: brace twice.
    return f"{{{{{escaped}}}}}" if escaped.startswith("\\") else f"{{{escaped}}}"


def latex_title(title: str) -> str:
    """A title for a BibTeX field: escaped, each word with a capital protected."""
    return " ".join(_protect(token) for token in collapse_spaces(clean_line(title)).split(" "))


def _author(name: str) -> str:
    escaped = latex_escape(collapse_spaces(clean_line(name)))
    # "and" inside a name would split it in two; a brace group keeps it whole.
    return f"{{{escaped}}}" if _AND.search(name) else escaped


def ascii_fold(text: str) -> str:
    """``text`` lower-cased with accents dropped, keeping only ``[a-z0-9]``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(_KEY_WORD.findall(decomposed.encode("ascii", "ignore").decode().lower()))


def family_name(author: str) -> str:
    """The family name of ``"First Last"`` or ``"Last, First"`` (``Jr.`` skipped)."""
    name = collapse_spaces(clean_line(author))
    if "," in name:
        return name.split(",", 1)[0].strip()
    tokens = name.split(" ")
    while len(tokens) > 1 and ascii_fold(tokens[-1]) in _NAME_SUFFIXES:
        tokens.pop()
    return tokens[-1] if tokens else ""


def publication_year(paper: Paper) -> int | None:
    """The year from the arXiv id (its submission month), else the note's day."""
    arxiv_id = paper.arxiv_id or ""
    if match := _NEW_ID.match(arxiv_id) or _OLD_ID.match(arxiv_id):
        two_digits = int(match.group(1))
        if 1 <= int(match.group(2)) <= 12:
            return (1900 if two_digits >= 91 else 2000) + two_digits
    day: date | None = paper.day
    return day.year if day else None


def _title_words(title: str) -> list[str]:
    """The title's words, folded, without stop words and bare numbers."""
    words = (ascii_fold(word) for word in _WORD_BREAK.split(clean_line(title)))
    return [word for word in words if word and not word.isdigit() and word not in _STOP_WORDS]


def citation_key(paper: Paper) -> str:
    """The paper's natural key, like ``zhang2024degradation``.

    The first author's family name (ASCII-folded), the year and the first
    significant word of the title. Without a usable author (none, or a name in
    a script that does not fold to ASCII) the first title word takes the
    author's place and the second follows the year.
    """
    words = _title_words(paper.title)
    family = ascii_fold(family_name(paper.authors[0])) if paper.authors else ""
    if not family and words:
        family = words.pop(0)
    year = publication_year(paper)
    key = f"{family}{year or ''}{words[0] if words else ''}"
    return key or "paper"


def _suffixes() -> Iterator[str]:
    """``a`` to ``z``, then ``aa``, ``ab``, ... for ever."""
    for length in count(1):
        for letters in product(ascii_lowercase, repeat=length):
            yield "".join(letters)


def unique_keys(papers: Iterable[Paper]) -> list[str]:
    """A citation key per paper, unique across them: clashes get ``a``, ``b``, ..."""
    wanted = [citation_key(paper) for paper in papers]
    taken = set(wanted)
    seen: set[str] = set()
    keys: list[str] = []
    for key in wanted:
        if key in seen:
            key = next(key + s for s in _suffixes() if key + s not in taken)
            taken.add(key)
        seen.add(key)
        keys.append(key)
    return keys


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit to print in a field or a link, or None."""
    if not url:
        return None
    url = clean_line(url).strip()
    if not url.lower().startswith(("https://", "http://")):
        return None
    # Braces and backslashes would end or escape a BibTeX field; spaces, angle
    # brackets and parentheses would end a Markdown link.
    return quote(url, safe="/:?#[]@!$&'*+,;=%-._~")


def paper_url(paper: Paper) -> str | None:
    """Where to read the paper: its arXiv abstract page, else its first web link."""
    if paper.arxiv_id:
        return f"https://arxiv.org/abs/{quote(clean_line(paper.arxiv_id), safe='/.')}"
    for link in (paper.links.abs, paper.links.pdf, paper.links.code):
        if url := safe_url(link):
            return url
    return None


def _note(paper: Paper) -> str:
    parts = []
    if paper.keywords:
        parts.append("Keywords: " + ", ".join(collapse_spaces(k) for k in paper.keywords))
    if paper.tags:
        parts.append("Tags: " + ", ".join(collapse_spaces(t) for t in paper.tags))
    return latex_escape("; ".join(parts))


def bibtex_fields(paper: Paper, own: OwnNotes = NO_OWN_NOTES) -> list[tuple[str, str]]:
    """The fields of the paper's entry, as written (escaped), in order: your tags are its
    ``keywords``, your annotation its ``annote`` (on one line)."""
    fields = [("title", latex_title(paper.title))]
    if authors := [_author(name) for name in paper.authors if collapse_spaces(clean_line(name))]:
        fields.append(("author", " and ".join(authors)))
    if year := publication_year(paper):
        fields.append(("year", str(year)))
    if paper.arxiv_id:
        fields.append(("eprint", latex_escape(paper.arxiv_id)))
        fields.append(("archivePrefix", "arXiv"))
    if url := paper_url(paper):
        fields.append(("url", url))
    if note := _note(paper):
        fields.append(("note", note))
    if tags := own.user_tags(paper.key):
        fields.append(("keywords", latex_escape(", ".join(map(collapse_spaces, tags)))))
    if annotation := collapse_spaces(clean_line(own.annotation(paper.key))):
        fields.append(("annote", latex_escape(annotation)))
    return fields


def bibtex_entry(paper: Paper, key: str | None = None, own: OwnNotes = NO_OWN_NOTES) -> str:
    """One ``@misc`` entry (ending in a newline), under ``key`` or the paper's own."""
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in bibtex_fields(paper, own))
    return f"@misc{{{key or citation_key(paper)},\n{body}\n}}\n"


def write_bibtex(papers: Sequence[Paper], own: OwnNotes = NO_OWN_NOTES) -> str:
    """A ``.bib`` file of the papers, keys unique across it."""
    return "\n".join(
        bibtex_entry(paper, key, own)
        for paper, key in zip(papers, unique_keys(papers), strict=True)
    )
