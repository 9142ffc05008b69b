"""What one query may cost: nesting, size and odd input answer a clear 400, never a 5xx.

Every route that reads `q` (the search page, its JSON twin, a document page
and its JSON twin) is asked the same things on the bundled corpus.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.errors import QueryError
from indexer.querylang import MAX_DEPTH, Not, Or, Word, parse

DOC = "kazakh-families-xinjiang-2021"
ROUTES = ["/", "/api/search", f"/doc/{DOC}", f"/api/doc/{DOC}"]


def message_of(response) -> str:
    return response.get_json()["error"] if response.is_json else response.get_data(as_text=True)


def test_ten_thousand_brackets_are_refused_without_recursing():
    for text in ("(" * 10_000, "NOT " * 10_000 + "x", "-(" * 10_000, "(" * 10_000 + "a" + ")" * 10_000):
        with pytest.raises(QueryError) as err:
            parse(text)
        assert err.value.param == "q"
        assert f"at most {MAX_DEPTH} levels" in str(err.value)


def test_nesting_within_the_bound_still_means_what_it_says():
    deepest = "(" * (MAX_DEPTH - 2) + "NOT (a OR b)" + ")" * (MAX_DEPTH - 2)
    assert parse(deepest) == Not(Or((Word("a"), Word("b"))))
    assert parse("((a) OR (b))") == Or((Word("a"), Word("b")))


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("text", ["(" * 330, "(" * 499, "NOT " * 124 + "x", "-(" * 240,
                                  "(" * 200 + "singer" + ")" * 200])
def test_deep_nesting_answers_400_naming_q_and_the_bound(client, route, text):
    response = client.get(route, query_string={"q": text})
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    message = message_of(response)
    assert "q nests brackets or NOT too deeply" in message and f"at most {MAX_DEPTH} levels" in message


_PIECES = st.sampled_from([
    "(", ")", "((((", "))))", '"', '"a b', "[", "]", "-", "--", "NOT", "AND", "OR", "*", ":",
    "name:", "place:", "year:", "type:", "lang:", "name:\"", "year:[2005 TO", "year:[", "name:(",
    "Gulpiya", "Кумысхан", "Қазыбек", "扎纳尔古丽", "جانارگۇل", "Ürümqi", "2017", "2005-2006",
    "singer", "\u200d", "\u202e", "\x00", "🙂", "\\", "%", "&", "<b>",
])
_QUERIES = st.one_of(
    st.lists(_PIECES, max_size=40).map(" ".join),
    st.lists(_PIECES, max_size=40).map("".join),
    st.text(st.characters(codec="utf-8"), max_size=80),
    st.builds(lambda n, inner: "(" * n + inner + ")" * n, st.sampled_from([1, 7, 8, 9, 100, 330, 480]),
              st.lists(_PIECES, max_size=5).map(" ".join)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=_QUERIES, route=st.sampled_from(ROUTES))
def test_random_brackets_quotes_prefixes_and_unicode_never_answer_5xx(client, q, route):
    response = client.get(route, query_string={"q": q})
    assert response.status_code in (200, 400), (q, response.status_code, response.get_data(as_text=True)[:300])
    if response.status_code == 400:
        assert "q" in message_of(response)


@pytest.mark.parametrize("ui, words", [("ru", "слишком глубоко"), ("kk", "тым терең"), ("zh_Hans", "嵌套过深")])
def test_the_bound_is_told_in_the_readers_language(client, ui, words):
    error = client.get("/api/search", query_string={"q": "(" * 40, "ui": ui}).get_json()["error"]
    assert words in error and str(MAX_DEPTH) in error
