"""What one query may cost: nesting, size and odd input answer a clear 400, never a 5xx.

Every route that reads `q` (the search page, its JSON twin, a document page
and its JSON twin) is asked the same things on the bundled corpus.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.search.errors import QueryError
from indexer.search.querylang import MAX_DEPTH, Not, Or, Word, parse

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


# -- what one query may expand to ---------------------------------------------------------------

from indexer import names as name_analysis  # noqa: E402
from indexer.search import compiler as compiler  # noqa: E402
from indexer.search.querylang import MAX_CLAUSES, MAX_NAME_TERMS  # noqa: E402


def test_words_past_the_clause_bound_answer_400(client):
    words = [f"w{i}" for i in range(MAX_CLAUSES + 1)]
    assert client.get("/api/search", query_string={"q": " ".join(words[:-1])}).status_code == 200
    for route in ROUTES:
        response = client.get(route, query_string={"q": " OR ".join(words)})
        assert response.status_code == 400, route
        assert f"q has too many words and terms: at most {MAX_CLAUSES}" in message_of(response)


def test_name_terms_past_their_bound_answer_400(client):
    asked = [f"name:Gulpiya{i}" for i in range(MAX_NAME_TERMS + 1)]
    assert client.get("/api/search", query_string={"q": " OR ".join(asked[:-1])}).status_code == 200
    for route in ROUTES:
        response = client.get(route, query_string={"q": " OR ".join(asked)})
        assert response.status_code == 400, route
        assert f"at most {MAX_NAME_TERMS} name: terms" in message_of(response)


@pytest.mark.parametrize("params, param", [
    ({"q": 'name:"' + " ".join(["Gulpiya"] * (compiler.MAX_NAME_WORDS + 1)) + '"'}, "q"),
    ({"name": " ".join(["Gulpiya"] * (compiler.MAX_NAME_WORDS + 1))}, "name"),
    ({"q": "name:" + "扎纳尔古丽特列乌哈诺娃" * 2}, "q"),
    ({"name": "扎纳尔古丽·特列乌哈诺娃 " * 3}, "name"),
])
def test_a_name_too_long_to_be_one_answers_400_naming_the_parameter(client, params, param):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error.startswith(f"{param}: a name has at most {compiler.MAX_NAME_WORDS} words")


def test_a_name_within_the_bounds_is_still_found(client):
    for typed in ("Gulpiya Kazybek", "Гүлпия Қазыбек", "Kumyskhan Baban"):
        assert client.get("/api/search", query_string={"name": typed}).get_json()["total"] >= 1


def test_name_analysis_is_never_asked_about_long_chinese_text(client, monkeypatch):
    """Reading Chinese characters as a name grows fast with their number: a plain
    search of long Chinese text (or a place typed so) must not ask for it."""
    asked = []
    for name in ("query_term_groups", "match_person"):
        real = getattr(name_analysis, name)
        monkeypatch.setattr(name_analysis, name, lambda text, *a, _real=real: (asked.append(text), _real(text, *a))[1])
    long_runs = ["扎" * 400, "扎纳尔古丽特列乌哈诺娃阿依古丽扎纳尔古丽", " ".join(["扎纳尔古丽特列"] * 30)]
    for q in long_runs:
        for route in ROUTES:
            assert client.get(route, query_string={"q": q}).status_code == 200
        assert client.get("/api/search", query_string={"place": q}).status_code == 200
    assert asked == [] or all(compiler.name_is_bounded(text) for text in asked)
    assert all(sum(name_analysis.detect_script(c) == "han" for c in text) <= compiler.MAX_HAN_CHARS_PER_REQUEST
               for text in asked)


def test_name_keys_past_their_bound_answer_400_naming_the_parameter(client, monkeypatch):
    snapshot = client.application.extensions["archive"]["public"].snapshot()
    keys = compiler.Compiler(vocabulary=snapshot.vocabulary)
    keys.name_query("Gulpiya Kazybek")
    monkeypatch.setattr(compiler, "MAX_NAME_KEYS", keys.name_keys * 2 - 1)  # one name fits, two do not
    assert client.get("/api/search", query_string={"q": "name:Gulpiya Kazybek"}).status_code == 200
    for params, param in (({"q": 'name:"Gulpiya Kazybek" OR name:"Gulpiya Kazybek"'}, "q"),
                          ({"q": 'name:"Gulpiya Kazybek"', "name": "Gulpiya Kazybek"}, "name")):
        response = client.get("/api/search", query_string=params)
        assert response.status_code == 400
        assert f"{param} asks for too many names or spellings at once: at most {keys.name_keys * 2 - 1}" \
            in response.get_json()["error"]


def test_bench_prints_the_worst_public_query_within_the_bounds(tmp_path):
    import re

    from click.testing import CliRunner

    from indexer.cli import main

    from indexer.search import archive as search

    kept = search.ANSWERS_KEPT
    result = CliRunner().invoke(main, ["bench", "--sizes", "40", "--queries", "3", "--workdir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert search.ANSWERS_KEPT == kept > 0   # archives opened after the benchmark keep their answers again
    assert re.search(r"Worst public query within the bounds: [\d.]+ ms at most over 6 kinds", result.output)
    kinds = re.findall(r"^- (.+): [\d.]+ / [\d.]+ ms \(median / p95\), [\d.]+ ms of CPU at most, (\d+) characters$",
                       result.output, re.M)
    assert len(kinds) == 6 and all(0 < int(chars) <= 500 for _kind, chars in kinds), result.output


def _answer_everything_afresh(client, monkeypatch):
    """Answers other tests asked for were kept by the snapshot; these must be computed."""
    from indexer.search.archive import AnswerCache

    snapshot = client.application.extensions["archive"]["public"].snapshot()
    monkeypatch.setattr(snapshot, "answers", AnswerCache(0))


def _cost(client, q: str) -> int:
    from indexer.search import querylang, scoring

    snapshot = client.application.extensions["archive"]["public"].snapshot()
    compiled = compiler.Compiler(snapshot.gazetteer, snapshot.vocabulary).compile(querylang.parse(q))
    return scoring.postings_cost(snapshot.searcher(), compiled)


@pytest.mark.parametrize("route", ["/", "/api/search"])
def test_words_that_read_too_many_postings_answer_400_naming_q(client, monkeypatch, route):
    from indexer.search import scoring

    one, both = _cost(client, "camp"), _cost(client, "camp OR detained")
    assert 0 < one < both
    monkeypatch.setattr(scoring, "MAX_POSTINGS", both - 1)   # one word fits, both do not
    _answer_everything_afresh(client, monkeypatch)
    assert client.get(route, query_string={"q": "camp"}).status_code == 200
    # A phrase reads its word pairs, then its words only where the pairs are: it fits.
    assert _cost(client, '"camp detained"') < both - 1
    assert client.get(route, query_string={"q": '"camp detained"'}).status_code == 200
    for q in ("camp OR detained", "camp detained"):
        response = client.get(route, query_string={"q": q})
        assert response.status_code == 400, q
        assert (f"q has too many common words to search at once: they occur in {_cost(client, q)} places "
                f"of the archive, at most {both - 1}") in message_of(response)


@pytest.mark.parametrize("ui, words", [("ru", "слишком много частых слов"), ("kk", "тым көп жиі сөз"),
                                       ("zh_Hans", "常见词过多")])
def test_the_postings_bound_is_told_in_the_readers_language(client, monkeypatch, ui, words):
    from indexer.search import scoring

    monkeypatch.setattr(scoring, "MAX_POSTINGS", _cost(client, "camp") - 1)
    _answer_everything_afresh(client, monkeypatch)
    response = client.get("/api/search", query_string={"q": "camp OR detained", "ui": ui})
    assert response.status_code == 400
    assert words in response.get_json()["error"] and str(scoring.MAX_POSTINGS) in response.get_json()["error"]


def test_a_name_keys_postings_weigh_what_verifying_a_candidate_costs(client, monkeypatch):
    """A name's candidates are each verified against the document's people: its key postings
    count NAME_KEY_COST times in the bound, so names and common words cannot add up past it."""
    from indexer.search import scoring

    snapshot = client.application.extensions["archive"]["public"].snapshot()
    searcher = snapshot.searcher()
    compiled = compiler.Compiler(snapshot.gazetteer, snapshot.vocabulary).compile(parse("name:Gulpiya"))
    keys = [t for t in compiled.iter_all_terms() if t[0] == "name_keys"]
    postings = sum(searcher.doc_frequency("name_keys", text) for _field, text in keys)
    assert postings > 0 and _cost(client, "name:Gulpiya") == scoring.NAME_KEY_COST * postings
    monkeypatch.setattr(scoring, "MAX_POSTINGS", _cost(client, "name:Gulpiya"))
    _answer_everything_afresh(client, monkeypatch)
    assert client.get("/api/search", query_string={"q": "name:Gulpiya"}).status_code == 200
    assert client.get("/api/search", query_string={"q": "name:Gulpiya OR camp"}).status_code == 400
