"""Bad input: every parameter of every route answers 200 or a readable 400, never a 500.

Hostile strings and hypothesis-generated ones go into every parameter of
every route, raw query strings carry broken percent-encoding, and what comes
back is checked: a status the reader can act on, a message in the reader's
language, no traceback, everything escaped, the security headers on.
"""
from __future__ import annotations

import html
import re
from urllib.parse import quote, urlencode

import pytest
from flask_babel import force_locale, gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive_helpers import CANARY_PLACES, canary_docs, leaks
from conftest import app_for, make_doc, write_corpus
from indexer.index.build import build_index
from indexer.search.errors import QueryError
from indexer.search.request import SearchRequest
from indexer.search.archive import mark_text, snippet

XSS = "<script>alert('x')</script>"
XSS_ID = "xss-testimony"

ROUTES = ["/", "/api/search", f"/doc/{XSS_ID}", f"/api/doc/{XSS_ID}", "/login"]
PARAMS = ["q", "name", "place", "year", "type", "lang", "language", "person", "page", "per_page", "ui", "next"]

HOSTILE = [
    '"', '"unbalanced', 'a "b', "((", ")", "(a OR b", "a) OR (b", "[", "]", "{", "}", "year:[2005 TO",
    "AND", "OR", "NOT", "-", "--", "- -", "AND OR NOT", "NOT NOT NOT", "a AND", "OR b", "NOT -a",
    "*", "?", "**", "a*", "*a", "?a?", "name:", "place:", "year:", "type:", "lang:", "name:*", "name:\"",
    "foo:bar", ":", "::", "\\", "\\\"", "'", "`", ";", "%", "%%", "&", "=", "+", "#",
    "x" * 20_000, "(" * 5000, '"' * 5000, "NOT " * 2000, "a OR " * 4000, "é" * 20_000,
    "\x00", "a\x00b", "\x01\x02\x1f\x7f", "\u200b\u200e\u202e", "\ufeff", "\r\n", "\t", "\ud7ff",
    "Жанаргүл 扎纳尔古丽 جانارگۇل Zhanargul", "עברית العربية", "🙂🙃", "\U0010ffff", "ǅ", "ﬁ", "Ⅻ",
    XSS, "<mark>x</mark>", "</textarea>", "&lt;", "${7*7}", "{{7*7}}", "' OR 1=1 --",
    "-1", "0", "-99999", "99999999999999999999999", "1e9", "1.5", "0x10", " 2 ", "NaN", "inf",
    "abc", "3000-1000", "2017-", "-2017", "2017--2018", "1000-2999", "0-0", "2017/2018", "2017 to 2018",
    "../../etc/passwd", "/etc/passwd", "//evil.example", "http://evil.example/", "javascript:alert(1)",
]

RAW_QUERIES = [
    "q=%ZZ", "q=%E0%A4%A", "q=%", "q=%%", "q=%2", "q=%C3", "q=%C3%28", "q=%FF%FE", "q=%00", "q=%ED%A0%80",
    "q=a&q=b", "page=%ZZ", "year=%E0%A4%A", "name=%C0%AF", "place=%F0%9F", "per_page=1%00",
    "q=" + "%41" * 6000, "&&&", "=", "==", "q", "q=&page=", "%ZZ=1", "lang=%ZZ", "ui=%E0%A4%A",
    "q=" + "%E2%80%AE" * 10, "person=%0A%0D", "type=%3Cscript%3E",
]


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    docs = canary_docs()
    docs[XSS_ID] = make_doc(
        XSS_ID, f"He wrote {XSS} on the wall of the camp in 2017. <b>bold</b> & <img src=x onerror=alert(1)>\n",
        title=f"Testimony {XSS}", people=[{"name": "Serik <b>Bold</b>", "role": "narrator"}],
        captions=[XSS], places=["Almaty"],
    )
    corpus = write_corpus(root / "corpus", docs, CANARY_PLACES)
    build_index(corpus, root / "index")
    return app_for(root / "index")


@pytest.fixture()
def client(fuzz_app):
    return fuzz_app.test_client()


def check(response, url: str) -> None:
    """200 with results, 400 with a readable message, 404 for documents, 405 for a method
    an address does not take; never a 500 or a traceback."""
    body = response.get_data(as_text=True)
    assert response.status_code in (200, 302, 400, 404, 405, 413, 414), (url[:200], response.status_code, body[:500])
    assert "Traceback" not in body and 'File "' not in body, url[:200]
    assert "Content-Security-Policy" in response.headers
    assert not leaks(response, url), url[:200]
    if response.status_code == 400:
        if response.is_json:
            data = response.get_json()
            assert data["ok"] is False and data["status"] == 400
            assert isinstance(data["error"], str) and 5 < len(data["error"]) < 300
        else:
            assert re.search(r'(role="alert"|<h1)[^>]*>[^<]{5,300}<', body), body[:500]
    elif response.status_code == 200 and response.is_json and "/api/search" in url:
        data = response.get_json()
        assert isinstance(data["total"], int) and isinstance(data["results"], list)


def fetch(client, path: str, params: dict) -> None:
    url = f"{path}?{urlencode(params)}" if params else path
    check(client.get(url), url)


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("param", PARAMS)
def test_hostile_strings_in_every_parameter(client, route, param):
    for value in HOSTILE:
        fetch(client, route, {param: value})


@pytest.mark.parametrize("route", ROUTES)
def test_broken_percent_encoding(client, route):
    for raw in RAW_QUERIES:
        url = f"{route}?{raw}"
        check(client.get(url), url)


def test_numbers_at_and_past_the_edges(client):
    for per_page, page in [(1, 10_000), (100, 100), (100, 101), (1, 10_001), (0, 1), (101, 1), (-1, -1),
                           (20, 0), (20, 2**70), (20, "１"), (20, "٣")]:
        for path in ("/", "/api/search"):
            fetch(client, path, {"per_page": per_page, "page": page})
    data = client.get("/api/search?per_page=1&page=10000").get_json()
    assert data["results"] == [] and data["total"] > 0


def test_every_route_with_every_parameter_hostile_at_once(client):
    for value in HOSTILE[::3]:
        params = {p: value for p in PARAMS}
        for route in ROUTES:
            fetch(client, route, params)


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
_query_text = st.one_of(
    _text,
    st.lists(st.sampled_from(['"', "(", ")", "AND", "OR", "NOT", "-", "*", "?", "name:", "place:", "year:",
                              "2017", "2005-2006", "brother", "Almaty", "Урумчи", "扎纳尔古丽", "Kazybek",
                              "<script>", "%ZZ", " ", "\x00"]), max_size=12).map(" ".join),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(PARAMS), _query_text, max_size=5), route=st.sampled_from(ROUTES))
def test_hypothesis_parameters(client, params, route):
    fetch(client, route, params)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(st.sampled_from("qpageyr=&%ZE0A4Fx+;#?/"), max_size=40), route=st.sampled_from(ROUTES))
def test_hypothesis_raw_query_strings(client, raw, route):
    url = f"{route}?{raw}"
    check(client.get(url), url)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc_id=_text)
def test_hypothesis_document_ids(client, doc_id):
    for prefix in ("/doc/", "/api/doc/"):
        url = prefix + quote(doc_id, safe="")
        response = client.get(url)
        check(response, url)
        if doc_id != XSS_ID and not doc_id.startswith(XSS_ID):
            assert response.status_code in (404, 308, 301), (url, response.status_code)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(form=st.dictionaries(st.sampled_from(["username", "password", "csrf_token", "next"]), _text, max_size=4))
def test_hypothesis_forms(client, form):
    for path in ("/login", "/logout", "/"):
        response = client.post(path, data=form)
        check(response, path)
        assert response.status_code in (400, 405)   # no valid CSRF token: nothing changes


@pytest.mark.parametrize("doc_id", [
    "../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fcorpus", "/etc/passwd", "%2Fetc%2Fpasswd",
    "..\\..\\windows", "%252e%252e%252f", "%c0%ae%c0%ae/", "corpus/places.yaml", "places.yaml", ".",
    "..", "%00", "xss-testimony%00", "xss-testimony/../xss-testimony", "XSS-TESTIMONY", "xss–testimony",
    "ｘｓｓ-testimony", "a" * 300, "index", "CURRENT", "manifest.json", "gen-00000001", ".lock",
])
def test_document_ids_are_looked_up_in_the_index_only(client, doc_id):
    for prefix in ("/doc/", "/api/doc/"):
        response = client.get(prefix + doc_id)
        check(response, prefix + doc_id)
        assert response.status_code == 404, (doc_id, response.status_code)
    assert client.get(f"/doc/{XSS_ID}").status_code == 200


# ---------------------------------------------------------------------------
# Messages in the reader's language
# ---------------------------------------------------------------------------

def _expected(app, locale: str, exc: QueryError) -> str:
    with app.test_request_context("/"), force_locale(locale):
        return exc.render(gettext)


@pytest.mark.parametrize("locale,how", [("ru", {"ui": "ru"}), ("kk", {"ui": "kk"}), ("zh_Hans", {"ui": "zh"}),
                                        ("en", {}), ("ru", "accept")])
def test_error_messages_are_in_the_readers_language(fuzz_app, client, locale, how):
    for bad in ({"year": "abc"}, {"year": "3000-1000"}, {"page": "-1"}, {"q": "x" * 600}):
        try:
            SearchRequest.from_args(bad)
        except QueryError as exc:
            expected = _expected(fuzz_app, locale, exc)
        headers = {"Accept-Language": "ru-RU,ru;q=0.9"} if how == "accept" else {}
        params = {**bad, **(how if isinstance(how, dict) else {})}
        response = client.get("/api/search", query_string=params, headers=headers)
        assert response.status_code == 400
        assert response.get_json()["error"] == expected
        page = client.get("/", query_string={**bad, "lang": locale if how != "accept" else ""}, headers=headers)
        assert page.status_code == 400
        assert html.escape(expected, quote=False) in page.get_data(as_text=True).replace("&#39;", "'")


# ---------------------------------------------------------------------------
# Escaping and headers
# ---------------------------------------------------------------------------

_MARK = re.compile(r'<mark(?: class="[a-z0-9 ]+")?>|</mark>')


def _tags(markup: str) -> set[str]:
    """Tag names left once the plain <mark> tags (a class at most) are taken out."""
    return {"mark"} | set(re.findall(r"</?([a-zA-Z][^\s>/]*)", _MARK.sub("", markup)))


def _unmark(markup: str) -> str:
    return html.unescape(_MARK.sub("", markup))


def test_queries_and_documents_with_markup_show_as_text(client):
    for url in ("/?" + urlencode({"q": XSS}), "/?" + urlencode({"q": "script alert"}), f"/doc/{XSS_ID}?q=script",
                f"/doc/{XSS_ID}", "/?" + urlencode({"name": XSS, "place": XSS, "year": XSS})):
        body = client.get(url).get_data(as_text=True)
        assert XSS not in body and "<script>" not in body, url
        assert not re.search(r"<script(?![^>]*\bsrc=)", body), url   # no inline script at all
        assert "<img" not in body and "<b>" not in body, url
    data = client.get("/api/search?q=script").get_json()
    hit = next(r for r in data["results"] if r["id"] == XSS_ID)
    assert "<mark" in hit["snippet"]
    assert _tags(hit["snippet"]) <= {"mark"}, hit["snippet"]


_PIECES = list("ab <>&\"'/=") + ["mark", "script", "<script>", "</mark>", "<mark>", "&lt;", "&amp;", "Жанар"]


@settings(max_examples=150, deadline=None)
@given(text=st.lists(st.sampled_from(_PIECES), max_size=80).map("".join),
       words=st.lists(st.sampled_from(["a", "b", "mark", "script", "lt", "ab", "<script>", "Жанар"]), max_size=3))
def test_snippets_are_escaped_text_with_only_mark_added(text, words):
    whole = mark_text(text, "en", words)
    assert _tags(whole) <= {"mark"}, whole
    assert _unmark(whole) == text
    short = snippet(text, "en", words)
    assert _tags(short) <= {"mark"}, short
    for part in _unmark(short).split(" … "):
        assert part.strip(" …") in text, (part, text)


@pytest.mark.parametrize("url", ["/", "/?q=brother", f"/doc/{XSS_ID}", "/api/search", f"/api/doc/{XSS_ID}",
                                 "/login", "/nope", "/api/nope", "/api/search?year=abc", "/?year=abc",
                                 "/static/style.css"])
def test_security_headers_everywhere(client, url):
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in csp.split(";") if d.strip())
    assert "'unsafe-inline'" not in directives.get("script-src", "") and "'unsafe-eval'" not in csp
    assert directives.get("script-src") == "'self'" or directives.get("default-src") == "'self'"
    assert directives.get("frame-ancestors") == "'none'"
    assert directives.get("object-src") == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin-when-cross-origin")
    if response.mimetype == "text/html":
        assert "<script>" not in response.get_data(as_text=True)  # no inline script anywhere


@pytest.mark.parametrize("route", ROUTES + ["/nope"])
def test_hostile_parameter_names(client, route):
    names = ["endpoint", "_external", "_scheme", "_anchor", "_method", "values", "doc_id", "csrf_token", "",
             "\x00", "q[]", "Q", "x" * 5000, "lang", "ui", "page", "__class__", "%ZZ"]
    for name in names:
        for value in ("1", "javascript", XSS, "https://evil.example"):
            url = f"{route}?{urlencode({name: value})}&{urlencode({name: value})}"
            response = client.get(url)
            check(response, url)
            body = response.get_data(as_text=True)
            assert 'href="javascript' not in body and "evil.example/" not in body.replace(
                quote("https://evil.example", safe=""), ""), url
