"""The filter language: fzf operators and fields, parsed into a Query."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from rapidfuzz.utils import default_process

from papertui.vault.flags import IS_WORDS
from papertui.vault.watch import WATCHED


class QueryError(ValueError):
    """A query that cannot be parsed.

    Attributes:
        message: What is wrong, in words for the user.
        position: The index in the query text where the problem starts.
    """

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at {position})")
        self.message = message
        self.position = position


MIN_FUZZY = 3
"""Shorter bare words match as substrings only; longer ones near, folded, by word starts."""


class Kind(StrEnum):
    """What a term looks at."""

    TEXT = "text"
    """Title, authors, tags, keywords and arXiv id together, and your note and tags."""
    TAG = "tag"
    AUTHOR = "author"
    ID = "id"
    NOTE = "note"
    """Your annotation of the paper (``note:word``)."""
    IS = "is"
    DATE = "date"
    """day:, after: and before:, as a range of days."""
    VAULT = "vault"
    """``vault:notes``: papers with a note in that vault (with several open), by its name."""
    COLLECTION = "collection"
    """``in:NAME`` (or ``collection:NAME``): the papers of a collection."""
    SYMBOLS = "symbols"
    """A bare word of punctuation only (``(((``, ``c++``'s ``++``): found as written."""
    SIMILAR = "similar"
    """``similar:KEY``: the papers most like the paper KEY (a paper key or an arXiv id)."""


class Mode(StrEnum):
    """How a term's value is compared."""

    FUZZY = "fuzzy"
    """Bare words: a substring, or the letters in order within words."""
    CONTAINS = "contains"
    """``'x``: a substring."""
    PREFIX = "prefix"
    """``^x``: a field (or tag, author, id) starts with it."""
    SUFFIX = "suffix"
    """``x$``: a field ends with it."""
    EQUAL = "equal"
    """``^x$``: a field is exactly it."""
    TREE = "tree"
    """``tag:x``: the tag ``x`` or a tag nested under it."""


FIELDS = (
    "tag", "author", "id", "note", "is", "day", "after", "before", "vault", "in", "collection",
    "similar",
)  # fmt: skip
_DEFAULT_MODE = {
    Kind.TAG: Mode.TREE,
    Kind.AUTHOR: Mode.CONTAINS,
    Kind.ID: Mode.PREFIX,
    Kind.VAULT: Mode.EQUAL,
    Kind.NOTE: Mode.CONTAINS,
}
_DATE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?|(\d{4})(\d{2})(\d{2})")
_ARXIV_PREFIX = re.compile(r"^(?:arxiv:|https?://arxiv\.org/(?:abs|pdf)/)", re.IGNORECASE)
_VERSION = re.compile(r"v\d+$")


@dataclass(frozen=True, slots=True)
class Term:
    """One condition of a query."""

    kind: Kind
    mode: Mode = Mode.FUZZY
    value: str = ""
    """The value with operators removed and normalised (text and author values
    by :func:`normalise`, tags by :func:`normalise_tag`, ids lower case without
    version); empty for dates."""
    negate: bool = False
    low: int | None = None
    """DATE: the first day allowed (an ordinal), or None for no lower bound."""
    high: int | None = None
    """DATE: the last day allowed (an ordinal), or None for no upper bound."""
    source: str = field(default="", compare=False)
    """The term as typed."""
    position: int = field(default=0, compare=False)

    @property
    def is_fuzzy(self) -> bool:
        return self.kind is Kind.TEXT and self.mode is Mode.FUZZY and not self.negate

    @property
    def is_dynamic(self) -> bool:
        """True when the term depends on more than the papers: their flags (or collections),
        the text model."""
        return self.kind in (Kind.IS, Kind.COLLECTION, Kind.SIMILAR)


Clause = tuple[Term, ...]
"""Alternatives joined by ``|``: the clause holds when any of them does."""


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: every clause must hold (space is AND)."""

    clauses: tuple[Clause, ...] = ()
    text: str = field(default="", compare=False)

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(term for clause in self.clauses for term in clause)

    @property
    def fuzzy_terms(self) -> tuple[str, ...]:
        """The bare words (normalised) that rank the results."""
        return tuple(term.value for term in self.terms if term.is_fuzzy)

    @property
    def text_terms(self) -> tuple[Term, ...]:
        """The positive terms on the text, which a title can show as matched."""
        kinds = (Kind.TEXT, Kind.SYMBOLS)
        return tuple(t for t in self.terms if t.kind in kinds and not t.negate)


def parse_query(text: str) -> Query:
    """Parse the filter language.

    Space is AND; ``a | b`` is OR between adjacent terms. Bare words are fuzzy;
    ``'x`` exact, ``^x`` prefix, ``x$`` suffix, ``!x`` excludes. Fields:
    ``tag:`` (note tags and yours), ``author:``, ``id:``, ``note:`` (your annotation),
    ``is:read|unread|starred`` (every flag's words, and ``is:watched``: the
    watch-list's papers), ``vault:``, ``day:2024-09``, ``after:2024-09-01``,
    ``before:2024``, ``in:NAME`` (a collection; ``collection:NAME`` too),
    ``similar:2409.01234`` (the papers most like that one, most alike first); quotes
    keep spaces.

    Raises:
        QueryError: for a bad date, an unknown ``is:`` value, an empty field or
            a dangling ``|``.
    """
    clauses: list[Clause] = []
    alternatives: list[Term | None] = []
    pending_or: int | None = None
    for token, position in _tokens(text):
        if token == [("|", False)]:
            if not alternatives or pending_or is not None:
                raise QueryError("'|' needs a term on each side", position)
            pending_or = position
            continue
        term = _term(token, position)
        if pending_or is None and alternatives:
            clauses.extend(_clause(alternatives))
            alternatives = []
        alternatives.append(term)
        pending_or = None
    if pending_or is not None:
        raise QueryError("'|' needs a term on each side", pending_or)
    clauses.extend(_clause(alternatives))
    return Query(tuple(clauses), text)


def _clause(alternatives: list[Term | None]) -> list[Clause]:
    # A term that matches everything (a lone '!' being typed) makes its clause always true.
    if not alternatives or any(term is None for term in alternatives):
        return []
    unique = dict.fromkeys(term for term in alternatives if term is not None)
    return [tuple(unique)]


Token = list[tuple[str, bool]]
"""The characters of a token, each with whether it was inside quotes."""


def _tokens(text: str) -> list[tuple[Token, int]]:
    tokens: list[tuple[Token, int]] = []
    current: Token = []
    start = 0
    quoted = False
    for index, char in enumerate(text):
        if char == '"':
            if not current:
                start = index
            quoted = not quoted
            current.append(("", True))  # marks that quotes were used, even for ""
        elif char.isspace() and not quoted:
            if current:
                tokens.append((current, start))
            current = []
        else:
            if not current:
                start = index
            current.append((char, quoted))
    if current:
        tokens.append((current, start))  # an unclosed quote runs to the end
    return tokens


def _plain(token: Token) -> str:
    return "".join(char for char, _ in token)


def _term(token: Token, position: int) -> Term | None:
    source = _plain(token)
    negate = False
    if token and token[0] == ("!", False):
        negate = True
        token = token[1:]
    name, value_token = _split_field(token)
    if name is None:
        return _text_term(token, negate, source, position)
    kind_name = name.lower()
    value = _plain(value_token).strip()
    if not value:
        raise QueryError(f"{kind_name}: needs a value", position)
    if kind_name == "is":
        word = value.lower()
        if word not in IS_WORDS and word != WATCHED:
            words = ", ".join((*IS_WORDS, WATCHED))
            raise QueryError(f"is: expects {words}, not {value!r}", position)
        return Term(Kind.IS, Mode.EQUAL, word, negate, source=source, position=position)
    if kind_name in ("in", "collection"):
        name = " ".join(value.split()).casefold()  # as collections compare names
        return Term(Kind.COLLECTION, Mode.EQUAL, name, negate, source=source, position=position)
    if kind_name == "similar":
        return Term(Kind.SIMILAR, Mode.EQUAL, similar_key(value), negate, source=source,
                    position=position)  # fmt: skip
    if kind_name in ("day", "after", "before"):
        low, high = _date_bounds(kind_name, value, position)
        return Term(Kind.DATE, Mode.EQUAL, "", negate, low, high, source, position)
    kind = Kind(kind_name)
    mode, value = _operators(value_token, _DEFAULT_MODE[kind])
    value = _field_value(kind, value)
    if not value:
        raise QueryError(f"{kind_name}: needs a value", position)
    return Term(kind, mode, value, negate, source=source, position=position)


def _split_field(token: Token) -> tuple[str | None, Token]:
    for index, (char, quoted) in enumerate(token):
        if quoted or not (char.isalpha() or char == ":"):
            return None, token
        if char == ":":
            name = _plain(token[:index]).lower()
            return (name, token[index + 1 :]) if name in FIELDS else (None, token)
    return None, token


def _text_term(token: Token, negate: bool, source: str, position: int) -> Term | None:
    mode, value = _operators(token, Mode.FUZZY)
    plain = mode is Mode.FUZZY
    if negate and mode is Mode.FUZZY:
        mode = Mode.CONTAINS  # fzf: '!word' excludes the exact word
    normalised = normalise(value)
    if normalised:
        return Term(Kind.TEXT, mode, normalised, negate, source=source, position=position)
    symbols = "".join(value.split()).casefold()
    if not (symbols and plain):
        return None  # nothing to match on yet ('!' or '^' alone, an operator being typed)
    # Punctuation alone is looked for as written, never taken as "anything".
    return Term(Kind.SYMBOLS, Mode.CONTAINS, symbols, negate, source=source, position=position)


def _operators(token: Token, default: Mode) -> tuple[Mode, str]:
    """Strip the unquoted ' and ^ at the front and $ at the end of a value."""
    exact = prefix = suffix = False
    if token and token[0] == ("'", False):
        exact = True
        token = token[1:]
    if token and token[0] == ("^", False):
        prefix = True
        token = token[1:]
    if token and token[-1] == ("$", False):
        suffix = True
        token = token[:-1]
    value = _plain(token)
    if prefix and suffix:
        return Mode.EQUAL, value
    if prefix:
        return Mode.PREFIX, value
    if suffix:
        return Mode.SUFFIX, value
    return (Mode.CONTAINS if exact else default), value


def _field_value(kind: Kind, value: str) -> str:
    if kind in (Kind.TAG, Kind.VAULT):
        return normalise_tag(value)
    if kind is Kind.ID:
        return _VERSION.sub("", _ARXIV_PREFIX.sub("", value.strip())).lower()
    return normalise(value)


def similar_key(value: str) -> str:
    """The paper key ``similar:`` names: a key as written (``title:...``), or an arXiv id's."""
    if value.lower().startswith("title:"):
        return value
    return f"arxiv:{_field_value(Kind.ID, value)}"


def normalise(text: str) -> str:
    """Text as the index holds it: rapidfuzz's default_process (lower case, no punctuation)."""
    return default_process(text)


def normalise_tag(tag: str) -> str:
    """A tag path for comparing: lower case, no empty or padded segments."""
    return "/".join(part.strip() for part in tag.lower().split("/") if part.strip())


def _date_bounds(name: str, value: str, position: int) -> tuple[int | None, int | None]:
    first, last = parse_partial_date(value, name, position)
    if name == "day":
        return first.toordinal(), last.toordinal()
    if name == "after":
        return first.toordinal(), None
    return None, first.toordinal() - 1


def parse_partial_date(value: str, name: str = "day", position: int = 0) -> tuple[date, date]:
    """The first and last day of ``2024``, ``2024-09`` or ``2024-09-27``.

    Raises:
        QueryError: when ``value`` is not such a date.
    """
    match = _DATE.fullmatch(value)
    if match is None:
        raise QueryError(
            f"{name}: expects a date like 2024, 2024-09 or 2024-09-27, not {value!r}", position
        )
    year_text, month_text, day_text = match.group(1, 2, 3)
    if year_text is None:
        year_text, month_text, day_text = match.group(4, 5, 6)
    year = int(year_text)
    try:
        if month_text is None:
            return date(year, 1, 1), date(year, 12, 31)
        month = int(month_text)
        if day_text is None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        day = date(year, month, int(day_text))
    except (ValueError, calendar.IllegalMonthError):
        raise QueryError(f"{name}: no such date: {value!r}", position) from None
    return day, day
