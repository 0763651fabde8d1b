"""The filter language: what each operator and field parses to, and every error."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papertui.vault.query import Kind, Mode, QueryError, parse_query
from papertui.vault.query.language import Term, parse_partial_date
from papertui.vault.query.narrowing import clause_implies, implies


def only(text: str) -> Term:
    query = parse_query(text)
    assert len(query.clauses) == 1
    assert len(query.clauses[0]) == 1
    return query.clauses[0][0]


@pytest.mark.parametrize(
    ("text", "mode", "value", "negate"),
    [
        ("gauss", Mode.FUZZY, "gauss", False),
        ("Gauss", Mode.FUZZY, "gauss", False),
        ("'gauss", Mode.CONTAINS, "gauss", False),
        ("^gauss", Mode.PREFIX, "gauss", False),
        ("gauss$", Mode.SUFFIX, "gauss", False),
        ("^gauss$", Mode.EQUAL, "gauss", False),
        ("!gauss", Mode.CONTAINS, "gauss", True),
        ("!'gauss", Mode.CONTAINS, "gauss", True),
        ("!^gauss", Mode.PREFIX, "gauss", True),
        ("!gauss$", Mode.SUFFIX, "gauss", True),
        ("3D-GS", Mode.FUZZY, "3d gs", False),
        ('"gaussian splatting"', Mode.FUZZY, "gaussian splatting", False),
        ('"\'quoted"', Mode.FUZZY, "quoted", False),
        ("BERT:", Mode.FUZZY, "bert", False),
    ],
)
def test_text_operators(text: str, mode: Mode, value: str, negate: bool) -> None:
    term = only(text)
    assert (term.kind, term.mode, term.value, term.negate) == (Kind.TEXT, mode, value, negate)


def test_quoted_operators_are_literal() -> None:
    term = only('"^x$"')
    assert term.mode is Mode.FUZZY
    assert term.value == "x"  # the ^ and $ were quoted, then normalised away


@pytest.mark.parametrize(
    ("text", "kind", "mode", "value"),
    [
        ("tag:Video", Kind.TAG, Mode.TREE, "video"),
        ('tag:"Diffusion Models"', Kind.TAG, Mode.TREE, "diffusion models"),
        ("tag:'diff", Kind.TAG, Mode.CONTAINS, "diff"),
        ("tag:^vid", Kind.TAG, Mode.PREFIX, "vid"),
        ("tag:^video$", Kind.TAG, Mode.EQUAL, "video"),
        ("tag:A//B/", Kind.TAG, Mode.TREE, "a/b"),
        ('tag:" A / B "', Kind.TAG, Mode.TREE, "a/b"),
        ("TAG:x", Kind.TAG, Mode.TREE, "x"),
        ("author:Zhang", Kind.AUTHOR, Mode.CONTAINS, "zhang"),
        ("author:^wei", Kind.AUTHOR, Mode.PREFIX, "wei"),
        ("id:2409.17058", Kind.ID, Mode.PREFIX, "2409.17058"),
        ("id:arXiv:2409.17058v2", Kind.ID, Mode.PREFIX, "2409.17058"),
        ("id:https://arxiv.org/abs/2409.17058", Kind.ID, Mode.PREFIX, "2409.17058"),
        ("id:^2409.17058$", Kind.ID, Mode.EQUAL, "2409.17058"),
        ("is:Unread", Kind.IS, Mode.EQUAL, "unread"),
    ],
)
def test_fields(text: str, kind: Kind, mode: Mode, value: str) -> None:
    term = parse_query(text).clauses[0][0]
    assert (term.kind, term.mode, term.value) == (kind, mode, value)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("day:2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("day:2024-09", date(2024, 9, 1), date(2024, 9, 30)),
        ("day:2024-2", date(2024, 2, 1), date(2024, 2, 29)),
        ("day:2024-09-27", date(2024, 9, 27), date(2024, 9, 27)),
        ("day:20240927", date(2024, 9, 27), date(2024, 9, 27)),
        ("day:2024/09/27", date(2024, 9, 27), date(2024, 9, 27)),
        ("after:2024-09", date(2024, 9, 1), None),
        ("before:2024-09", None, date(2024, 8, 31)),
        ("before:2024", None, date(2023, 12, 31)),
        ("day:9999", date(9999, 1, 1), date(9999, 12, 31)),
    ],
)
def test_dates(text: str, low: date | None, high: date | None) -> None:
    term = only(text)
    assert term.kind is Kind.DATE
    assert term.low == (low.toordinal() if low else None)
    assert term.high == (high.toordinal() if high else None)


def test_negated_fields() -> None:
    for text in ("!tag:x", "!author:x", "!id:1", "!is:read", "!day:2024", "!after:2024"):
        assert only(text).negate, text


def test_space_is_and_bar_is_or_between_neighbours() -> None:
    query = parse_query("^core go$ | rb$ | py$ tag:x")
    assert [len(clause) for clause in query.clauses] == [1, 3, 1]
    assert [t.value for t in query.clauses[1]] == ["go", "rb", "py"]


def test_a_bar_inside_a_word_or_quotes_is_text() -> None:
    assert only("a|b").value == "a b"
    (bar,) = parse_query('x "|" y').clauses[1]
    assert (bar.kind, bar.value) == (Kind.SYMBOLS, "|")


def test_empty_and_incomplete_queries_match_everything() -> None:
    for text in ("", "   ", "!", "^", "'", "$", "!^", "!''"):
        assert parse_query(text).is_empty, text
    # A term that matches everything makes its whole OR clause true.
    assert parse_query("x | !").is_empty


def test_unclosed_quote_runs_to_the_end() -> None:
    term = only('tag:"Diffusion Mo')
    assert term.value == "diffusion mo"


def test_fuzzy_terms_and_text_terms() -> None:
    query = parse_query("gauss 'splat !video ^real tag:x")
    assert query.fuzzy_terms == ("gauss",)
    assert [t.value for t in query.text_terms] == ["gauss", "splat", "real"]


def test_terms_compare_by_meaning_not_by_spelling() -> None:
    assert parse_query("Gauss  tag:X") == parse_query("gauss tag:x")
    assert hash(parse_query("gauss")) == hash(parse_query("GAUSS"))


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("tag:", "tag: needs a value", 0),
        ("x author:", "author: needs a value", 2),
        ('x tag:""', "tag: needs a value", 2),
        ("tag:^$", "tag: needs a value", 0),
        ("!id:", "id: needs a value", 0),
        ("is:new", "is: expects read, unread, starred, later, dismissed, watched, not 'new'", 0),
        ("is:", "is: needs a value", 0),
        ("day:2024-13", "day: no such date: '2024-13'", 0),
        ("day:2023-02-29", "day: no such date: '2023-02-29'", 0),
        ("a after:yesterday", "after: expects a date like 2024, 2024-09 or 2024-09-27", 2),
        ("before:0000", "before: no such date: '0000'", 0),
        ("day:", "day: needs a value", 0),
        ("| a", "'|' needs a term on each side", 0),
        ("a |", "'|' needs a term on each side", 2),
        ("a | | b", "'|' needs a term on each side", 4),
        ("|", "'|' needs a term on each side", 0),
    ],
)
def test_errors_say_what_and_where(text: str, message: str, position: int) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert caught.value.message.startswith(message)
    assert caught.value.position == position


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"ab :|!'^$\"-/09tagisdyufterbo", "\u00aa"])))
def test_parse_raises_nothing_but_query_error(text: str) -> None:
    position = 0
    try:
        parse_query(text)
    except QueryError as error:
        position = error.position
    assert 0 <= position <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_survives_any_text(text: str) -> None:
    with contextlib.suppress(QueryError):
        parse_query(text)


def test_parse_partial_date_rejects_nonsense() -> None:
    with pytest.raises(QueryError):
        parse_partial_date("2024-00")
    assert parse_partial_date("2024-12")[1] == date(2024, 12, 31)


@pytest.mark.parametrize(
    ("new", "old", "expected"),
    [
        ("gauss", "gaus", True),
        ("gaus", "gauss", False),
        ("xgaus", "gaus", False),  # a near miss of xgaus need not hold "ga"
        ("'xgaus", "gaus", True),
        ("'gau", "gau", True),
        ("gau", "'gau", False),
        ("^gauss", "gau", True),
        ("^gauss", "^gau", True),
        ("gauss$", "uss$", True),
        ("^gauss$", "^gau", True),
        ("!ab", "!abc", True),
        ("!abc", "!ab", False),
        ("tag:a/b", "tag:a", True),
        ("tag:a", "tag:a/b", False),
        ("tag:ab", "tag:a", False),
        ("author:zhang", "author:zha", True),
        ("id:2409.1", "id:2409", True),
        ("day:2024-09", "day:2024", True),
        ("day:2024", "day:2024-09", False),
        ("day:2024-09-03", "after:2024-09", True),
        ("before:2024", "before:2025", True),
        ("!day:2024", "!day:2024", True),
        ("is:read", "is:read", True),
        ("is:read", "is:unread", False),
        ("gauss", "tag:gauss", False),
    ],
)
def test_implies(new: str, old: str, expected: bool) -> None:
    assert implies(only(new), only(old)) is expected


def test_clause_implies_every_alternative() -> None:
    assert clause_implies(parse_query("abcd").clauses[0], parse_query("abc | x").clauses[0])
    assert not clause_implies(parse_query("abc | y").clauses[0], parse_query("ab | x").clauses[0])
