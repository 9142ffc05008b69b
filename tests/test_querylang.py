"""The search box's language: what people type is read the way they mean it."""
import pytest
from hypothesis import given, strategies as st

from indexer.search.errors import QueryError
from indexer.search.querylang import And, Everything, FieldValue, Not, Or, Phrase, Word, parse
from indexer.search.request import SearchRequest, parse_year_range


def test_words_join_with_and():
    assert parse("singer brother") == And((Word("singer"), Word("brother")))


def test_phrase_or_not_and_prefixes():
    tree = parse('"picket line" OR consulate -Shanghai name:"Gulpiya Kazybek" place:Урумчи year:[2005 TO 2006]')
    assert tree == Or((
        Phrase("picket line"),
        And((Word("consulate"), Not(Word("Shanghai")), FieldValue("name", "Gulpiya Kazybek"),
             FieldValue("place", "Урумчи"), FieldValue("year", "2005-2006"))),
    ))


def test_lowercase_or_is_a_word():
    assert parse("black or white") == And((Word("black"), Word("or"), Word("white")))


@pytest.mark.parametrize("text", ["", "*", "   ", "OR", "AND OR NOT", '"', "((("])
def test_empty_or_operator_only_queries_browse_everything(text):
    assert parse(text) == Everything()


@pytest.mark.parametrize("text", ['"unbalanced', "(a OR b", "a)", "NOT", "-", 'name:"x', "year:[2005 TO"])
def test_unbalanced_input_is_read_leniently(text):
    parse(text)


@given(st.text(max_size=200))
def test_parse_raises_nothing_but_a_bound_on_q(text):
    try:
        parse(text)
    except QueryError as err:
        assert err.param == "q"


def test_year_ranges():
    assert parse_year_range("2017") == (2017, 2017)
    assert parse_year_range("2005-2006") == (2005, 2006)
    assert parse_year_range("2005 – 2006") == (2005, 2006)
    assert parse_year_range("") is None


@pytest.mark.parametrize("bad", ["abc", "3000-1000", "2010-2005", "20177", "-5", "1e3"])
def test_bad_years_are_refused_with_the_parameter_named(bad):
    with pytest.raises(QueryError) as err:
        parse_year_range(bad)
    assert "year" in str(err.value)


@pytest.mark.parametrize("args, param", [
    ({"page": "-1"}, "page"), ({"page": "0"}, "page"), ({"page": "99999999999"}, "page"),
    ({"per_page": "1000"}, "per_page"), ({"page": "x"}, "page"), ({"q": "x" * 20000}, "q"),
])
def test_request_validation_names_the_parameter(args, param):
    with pytest.raises(QueryError) as err:
        SearchRequest.from_args(args)
    assert err.value.param == param
    assert param in str(err.value)


def test_control_characters_are_dropped():
    assert SearchRequest.from_args({"q": "sing\x00er\x07"}).q == "singer"
