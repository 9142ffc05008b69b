"""Restricted material never reaches a public response; signed-in archivists see it.

The fixture corpus holds a restricted canary testimony whose narrator has a
unique name in four scripts, and a public testimony that mentions the same
person through a restricted person entry and in its text (title, body,
captions, another person's event text, a date's text, in inflected forms).
Every public route is asked for that name in every script, for typos of it and
for everything (empty, `*`, every facet toggle, every page), and no response
body or header may show the name, the canary's id or its unique words.
"""
from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from archive_helpers import (CANARY_ARABIC, CANARY_CHINESE, CANARY_CYRILLIC, CANARY_FORMS, CANARY_ID,
                             CANARY_LATIN, CANARY_PLACE, CANARY_WORDS, CANARY_YEAR, CHILD_ID, MENTIONS_ID,
                             PUBLIC_IDS, SECRETS, csrf_from, leaks, sign_in, write_canary_corpus)
from conftest import app_for
from indexer.corpus.access import WITHHELD, public_view, redact
from indexer.index.build import build_index
from indexer.corpus.reader import load_corpus
from indexer.search.request import SearchRequest
from indexer.search.archive import Archive
from webapp.users import add_user

ARCHIVIST, PASSWORD = "archivist", "correct horse battery"

#: The canary's name as people might type it: every script, typos, swapped and partial names.
NAME_QUERIES = [
    *CANARY_FORMS,
    "Zhanargul", "Tleukhanova", "tleukhanova zhanargul", "ZHANARGUL TLEUKHANOVA",
    "Zhanargol Tleukhanova", "Zhanargul Tleukanova", "Janargul Tleuhanova", "Zhanargül Tleukhanova",
    "Жанаргуль Тлеуханова", "Тлеуханова Жанаргүл", "Тлеухановой", "Жанаргүл", "扎纳尔古丽", "特列乌哈诺娃",
    "جانارگۇل", f'"{CANARY_LATIN}"', f"name:{CANARY_LATIN.split()[1]}", f'name:"{CANARY_LATIN}"',
    "Zhanargul*", "Tleukhanov?", "Zhanargul OR Tleukhanova", *CANARY_WORDS, "quorvinthl", "blenmarow",
    CANARY_ID, f"place:{CANARY_PLACE}", f"year:{CANARY_YEAR}",
    *[f'"{phrase}"' for phrase in (
        f"{CANARY_WORDS[0]} of the {CANARY_WORDS[1]}", f"the {CANARY_WORDS[2]} remained")],  # word pairs
]


@pytest.fixture(scope="module")
def canary_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("canary")
    corpus = write_canary_corpus(root / "corpus")
    index = root / "index"
    report = build_index(corpus, index)
    assert report.indexed == len(PUBLIC_IDS) + 1 and report.public == len(PUBLIC_IDS)
    add_user(root / "users.sqlite3", ARCHIVIST, PASSWORD)
    return index


@pytest.fixture(scope="module")
def app(canary_index):
    return app_for(canary_index)


@pytest.fixture()
def public(app):
    return app.test_client()


@pytest.fixture()
def archivist(app):
    client = app.test_client()
    response = sign_in(client, ARCHIVIST, PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def get(client, url: str, *, extra=(), allowed=(200, 400, 404)):
    response = client.get(url)
    assert response.status_code in allowed, (url, response.status_code)
    found = leaks(response, url, extra)
    assert not found, f"{url} shows {found}"
    return response


def url(path: str, **params) -> str:
    return f"{path}?{urlencode(params)}" if params else path


# ---------------------------------------------------------------------------
# The public view itself
# ---------------------------------------------------------------------------

def test_public_view_withholds_the_person_everywhere(tmp_path):
    load = load_corpus(write_canary_corpus(tmp_path / "c"))
    assert not load.problems
    docs = {d.id: d for d in load.documents}
    assert public_view(docs[CANARY_ID]) is None
    view = public_view(docs[MENTIONS_ID], {CANARY_ID})
    texts = [view.title, view.body, *view.captions, *(d.text for d in view.dates),
             *(e.text or "" for p in view.people for e in p.events), *(p.name or "" for p in view.people)]
    joined = "\n".join(texts).casefold()
    for secret in SECRETS:
        assert secret.casefold() not in joined, secret
    assert WITHHELD in view.title and WITHHELD in view.body
    assert "Aigerim Serikkyzy" in view.body and "pomegranate orchard" in view.body
    assert [p.name for p in view.people if p.name] == ["Aigerim Serikkyzy"]
    assert CANARY_YEAR not in view.years and 2018 in view.years  # her event's year went with her
    assert view.notes is None
    assert public_view(docs[CHILD_ID], {CANARY_ID}).part_of is None


def test_redact_catches_word_forms_and_scripts_but_not_other_words():
    names = CANARY_FORMS
    assert redact("Tleukhanova's brother", names) == f"{WITHHELD}'s brother"
    assert redact("Тлеухановой нет", names) == f"{WITHHELD} нет"
    assert redact("表妹扎纳尔古丽也在", names) == f"表妹{WITHHELD}也在"
    assert redact(f"{CANARY_LATIN} and {CANARY_CYRILLIC}", names) == f"{WITHHELD} and {WITHHELD}"
    assert redact("Zhanargül TLEUKHANOVA said", names) == f"{WITHHELD} said"
    assert redact("The mountain road to Almaty", names) == "The mountain road to Almaty"
    assert redact("reality", ["Ali"]) == "reality"


# ---------------------------------------------------------------------------
# Public responses
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("query", NAME_QUERIES)
def test_public_search_for_the_canary_finds_nothing_and_shows_nothing(public, query):
    for param in ("q", "name", "person", "place"):
        data = get(public, url("/api/search", **{param: query}), allowed=(200, 400)).get_json()
        if data.get("ok") is False:
            continue
        assert data["total"] == 0, (param, query, [r["id"] for r in data["results"]])
        assert data["results"] == []
        assert all(not values for values in data["facets"].values()), data["facets"]
        get(public, url("/", **{param: query}), allowed=(200, 400))
    # The public document that mentions her is not found through her name either.
    get(public, url(f"/doc/{MENTIONS_ID}", q=query))
    doc = get(public, url(f"/api/doc/{MENTIONS_ID}", q=query, name=query)).get_json()
    assert doc["matches"] == []


def test_everything_counts_public_documents_only(public):
    for q in ("", "*"):
        data = get(public, url("/api/search", q=q, per_page=100)).get_json()
        assert data["total"] == len(PUBLIC_IDS)
        assert sorted(r["id"] for r in data["results"]) == PUBLIC_IDS
        assert sum(f["count"] for f in data["facets"]["type"]) == len(PUBLIC_IDS)
        assert CANARY_YEAR not in [f["value"] for f in data["facets"]["years"]]
        assert CANARY_PLACE not in [f["value"] for f in data["facets"]["places"]]
        get(public, url("/", q=q))


def _follow_toggles(client, start: str, depth: int, seen: set[str]) -> None:
    if depth == 0 or start in seen:
        return
    seen.add(start)
    data = get(client, start).get_json()
    assert data["total"] <= len(PUBLIC_IDS)
    for values in data["facets"].values():
        for item in values:
            _follow_toggles(client, item["toggle_url"], depth - 1, seen)


def test_every_facet_toggle_two_levels_deep(public):
    seen: set[str] = set()
    for q in ("", "*", "brother", "Almaty"):
        _follow_toggles(public, url("/api/search", q=q), 3, seen)
    assert len(seen) > 20
    # The same links on the HTML page.
    page = get(public, "/").get_data(as_text=True)
    links = set(re.findall(r'href="(/\?[^"]*)"', page))
    assert links
    for link in sorted(links):
        get(public, link.replace("&amp;", "&"))


def test_every_page_of_results(public):
    next_url, pages = url("/api/search", per_page=1), 0
    ids = []
    while next_url:
        data = get(public, next_url).get_json()
        ids += [r["id"] for r in data["results"]]
        next_url = data.get("next_url")
        pages += 1
        get(public, url("/", per_page=1, page=pages))
    assert pages == len(PUBLIC_IDS) and sorted(ids) == PUBLIC_IDS
    get(public, url("/api/search", per_page=1, page=len(PUBLIC_IDS) + 1))


def test_every_public_document_and_its_json(public):
    for doc_id in PUBLIC_IDS:
        page = get(public, f"/doc/{doc_id}").get_data(as_text=True)
        data = get(public, f"/api/doc/{doc_id}").get_json()
        assert data["id"] == doc_id and data.get("notes") is None
    mentions = get(public, f"/api/doc/{MENTIONS_ID}").get_json()
    assert WITHHELD in mentions["title"] and WITHHELD in mentions["body"]
    assert [p.get("name") for p in mentions["people"] if p.get("name")] == ["Aigerim Serikkyzy"]
    assert CANARY_YEAR not in mentions["years"]
    assert get(public, f"/api/doc/{CHILD_ID}").get_json()["part_of"] is None


@pytest.mark.parametrize("path", [f"/doc/{CANARY_ID}", f"/api/doc/{CANARY_ID}", f"/doc/{CANARY_ID}?q=x",
                                  f"/doc/{CANARY_ID.upper()}", f"/api/doc/{CANARY_ID}/"])
def test_the_canary_document_is_not_found(public, path):
    response = get(public, path, allowed=(404,))
    assert response.status_code == 404


def test_login_and_error_pages(public):
    get(public, "/login")
    get(public, "/login?next=/doc/" + CANARY_ID)
    get(public, "/no-such-page", allowed=(404,))
    get(public, "/logout", allowed=(405,))
    get(public, url("/api/search", year="abc", q=CANARY_LATIN), allowed=(400,))
    get(public, url("/", year="3000-1000", q=CANARY_CYRILLIC), allowed=(400,))
    response = public.post("/logout")
    assert response.status_code == 400 and not leaks(response)
    response = public.post("/login", data={"username": "x", "password": "y"})
    assert response.status_code == 400 and not leaks(response)


def test_spelling_suggestions_come_from_public_words_only(public, archivist):
    data = get(public, url("/api/search", q="blenmarow")).get_json()
    assert data["total"] == 0 and not any("blenmarrow" in s for s in data["suggestions"])
    # The control: signed in, the same typo is corrected from the canary's words.
    full = archivist.get(url("/api/search", q="blenmarow")).get_json()
    assert "blenmarrow" in full["suggestions"]


def test_archive_objects_of_each_scope(canary_index):
    public, full = Archive(canary_index, "public"), Archive(canary_index, "full")
    assert public.count() == len(PUBLIC_IDS) and full.count() == len(PUBLIC_IDS) + 1
    phrases = [q for q in NAME_QUERIES if q.startswith('"')]
    for form in CANARY_FORMS + phrases:
        assert public.search(SearchRequest.from_args({"q": form}))["total"] == 0
        found = full.search(SearchRequest.from_args({"q": form}))
        assert CANARY_ID in [r["id"] for r in found["results"]], form
    assert public.document(CANARY_ID) is None


# ---------------------------------------------------------------------------
# Signed-in archivists
# ---------------------------------------------------------------------------

def test_signed_in_archivist_sees_restricted_material(archivist):
    data = archivist.get(url("/api/search", q=CANARY_LATIN)).get_json()
    assert data["scope"] == "full"
    assert {CANARY_ID, MENTIONS_ID} <= {r["id"] for r in data["results"]}
    everything = archivist.get("/api/search?per_page=100").get_json()
    assert everything["total"] == len(PUBLIC_IDS) + 1
    for form in (CANARY_CYRILLIC, CANARY_ARABIC, CANARY_CHINESE):
        ids = [r["id"] for r in archivist.get(url("/api/search", name=form)).get_json()["results"]]
        assert CANARY_ID in ids, form
    page = archivist.get(f"/doc/{CANARY_ID}")
    assert page.status_code == 200 and CANARY_LATIN in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "private, no-store"
    mentions = archivist.get(f"/api/doc/{MENTIONS_ID}").get_json()
    assert CANARY_LATIN in mentions["title"]
    assert archivist.get(url("/", q=CANARY_LATIN)).headers["Cache-Control"] == "private, no-store"


def test_sign_out_needs_post_and_csrf(app):
    client = app.test_client()
    assert sign_in(client, ARCHIVIST, PASSWORD).status_code == 302
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 400
    assert client.get("/api/search").get_json()["scope"] == "full"
    token = csrf_from(client, "/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    data = client.get("/api/search").get_json()
    assert data["scope"] == "public" and data["total"] == len(PUBLIC_IDS)


def test_sign_in_is_throttled_after_five_failures(tmp_path, canary_index):
    app = app_for(canary_index, USERS_DB=str(tmp_path / "users.sqlite3"))
    add_user(tmp_path / "users.sqlite3", ARCHIVIST, PASSWORD)
    client = app.test_client()
    for _ in range(5):
        response = sign_in(client, ARCHIVIST, "wrong password!")
        assert response.status_code == 401
        assert not leaks(response)
    blocked = sign_in(client, ARCHIVIST, PASSWORD)
    assert blocked.status_code == 429
    assert client.get("/api/search").get_json()["scope"] == "public"


# ---------------------------------------------------------------------------
# `archive add` keeps it so
# ---------------------------------------------------------------------------

def test_add_that_restricts_a_document_or_a_person_withdraws_them(tmp_path):
    from conftest import make_doc, write_corpus
    from indexer.index.build import add_documents

    parent = make_doc("parent-article", "The article about the vestigrund.\n", type="article")
    child = make_doc("child-testimony", "A testimony in the article.\n", part_of="parent-article")
    other = make_doc("other-testimony", "Aigerim Serikkyzy tells of the orchard.\n",
                     people=[{"name": "Aigerim Serikkyzy", "role": "narrator"}])
    corpus = write_corpus(tmp_path / "corpus", {"parent": parent, "child": child, "other": other})
    index = tmp_path / "index"
    build_index(corpus, index)
    public = Archive(index, "public")
    assert public.document("child-testimony")["part_of"] == "parent-article"
    typo = {"q": "vestigrunt"}
    assert "vestigrund" in public.search(SearchRequest.from_args(typo))["suggestions"]

    (corpus / "documents" / "parent.md").write_text(parent.replace("access: public", "access: restricted"), "utf-8")
    (corpus / "documents" / "other.md").write_text(make_doc(
        "other-testimony", f"Aigerim Serikkyzy tells of the orchard and of {CANARY_LATIN}.\n",
        people=[{"name": "Aigerim Serikkyzy", "role": "narrator"},
                {**{"name": CANARY_LATIN, "variants": [CANARY_CYRILLIC]}, "role": "mentioned",
                 "access": "restricted"}]), "utf-8")
    add_documents([corpus / "documents" / "parent.md", corpus / "documents" / "other.md"], corpus, index)

    assert public.document("parent-article") is None
    assert public.document("child-testimony")["part_of"] is None
    assert Archive(index, "full").document("child-testimony")["part_of"] == "parent-article"
    other_doc = public.document("other-testimony")
    assert CANARY_LATIN not in other_doc["body"] and WITHHELD in other_doc["body"]
    for q in ("vestigrund", CANARY_LATIN, CANARY_CYRILLIC, "parent-article"):
        assert public.search(SearchRequest.from_args({"q": q}))["total"] == 0, q
    assert public.count() == 2
    # Nor are their words suggested as spellings any more; the archivists' scope still has them.
    first_name = CANARY_LATIN.split()[0]
    typos = [typo, {"q": first_name[:-1] + "x"}]
    for asked in typos:
        assert public.search(SearchRequest.from_args(asked))["suggestions"] == [], asked
    full_suggestions = [Archive(index, "full").search(SearchRequest.from_args(a))["suggestions"] for a in typos]
    assert "vestigrund" in full_suggestions[0] and first_name.lower() in full_suggestions[1]


def test_every_get_route_the_app_has(app, public):
    """Routes added later (exports, feeds…) are covered too: each is asked broadly and for her name."""
    rules = [r for r in app.url_map.iter_rules() if "GET" in r.methods and r.endpoint != "static"]
    assert len(rules) >= 5
    asked = 0
    for rule in rules:
        args = set(rule.arguments)
        ids = PUBLIC_IDS + [CANARY_ID] if args else [None]
        for doc_id in ids:
            if args and args != {"doc_id"}:
                pytest.fail(f"unknown route arguments {args} of {rule.rule}: teach this test about them")
            path = rule.rule.replace("<path:doc_id>", doc_id or "").replace("<doc_id>", doc_id or "")
            for params in ({}, {"q": "*", "per_page": 100}, {"q": CANARY_LATIN}, {"name": CANARY_CYRILLIC},
                           {"q": "quorvinthal"}, {"format": "csv"}, {"format": "json"}):
                get(public, url(path, **params), allowed=(200, 302, 400, 404, 405))
                asked += 1
    assert asked > 50


def test_an_id_made_of_a_restricted_name_is_refused(tmp_path):
    from conftest import make_doc, write_corpus
    from indexer.index.build import CorpusHasErrors

    doc = make_doc("aigerim-and-zhanargul-tleukhanova", "Aigerim and her cousin.\n",
                   people=[{"name": "Aigerim Serikkyzy", "role": "narrator"},
                           {"name": CANARY_LATIN, "role": "mentioned", "access": "restricted"}])
    fine = make_doc("fine-one", "Nothing to hide.\n")
    corpus = write_corpus(tmp_path / "corpus", {"bad": doc, "fine": fine})
    with pytest.raises(CorpusHasErrors) as caught:
        build_index(corpus, tmp_path / "index")
    (problem,) = caught.value.problems
    assert problem.path.name == "bad.md" and problem.line == 2 and "restricted person" in problem.message
    report = build_index(corpus, tmp_path / "index", skip_bad=True)
    assert report.indexed == 1 and [p.name for p in report.skipped] == ["bad.md"]
    assert Archive(tmp_path / "index", "full").count() == 1


# ---------------------------------------------------------------------------
# The same person public in one document and restricted in another
# ---------------------------------------------------------------------------

def test_a_person_public_here_and_restricted_there_is_a_warning(tmp_path):
    from archive_helpers import run_archive
    from conftest import make_doc, write_corpus

    people = {"restricts": [{"name": "Aigerim Serikkyzy", "role": "narrator"},
                            {"name": "Nurlybek Ospanuly", "role": "mentioned", "access": "restricted"}],
              "names-him": [{"name": "Нурлыбек Оспанулы", "role": "narrator"}],      # the same, in Cyrillic
              "exact": [{"name": "Aigerim Serikkyzy", "role": "narrator"},
                        {"name": "Nurlybek Ospanuly", "role": "mentioned"}],
              "namesake-not": [{"name": "Nurlan Ospanov", "role": "narrator"}]}     # another person
    corpus = write_corpus(tmp_path / "corpus", {name: make_doc(name, "Body.\n", people=p)
                                                for name, p in people.items()})
    load = load_corpus(corpus)
    assert not load.problems and len(load.documents) == 4
    lines = {name: 1 + make_doc(name, "", people=p).split("\n").index(f"- name: {p[-1]['name']}")
             for name, p in people.items()}
    # One warning, at the restricted person's line, naming each public namesake's file and line.
    assert [(w.path.name, w.line) for w in load.warnings] == [("restricts.md", lines["restricts"])]
    message = load.warnings[0].message
    assert "public 2 time(s)" in message
    assert f"names-him.md:{lines['names-him']} (as 'Нурлыбек Оспанулы')" in message
    assert f"exact.md:{lines['exact']}" in message and "namesake-not" not in message
    result = run_archive("check", "--corpus", corpus)
    assert result.returncode == 0
    assert "restricts.md" in result.stderr and "names-him.md" in result.stderr
    assert "'Nurlybek Ospanuly' is restricted here, but a namesake is public" in result.stderr


def test_a_namesake_warning_lists_the_first_public_files_and_counts_the_rest(tmp_path):
    """A common name public in many testimonies makes one warning of bounded length; `archive
    check --every-namesake` lists every file."""
    from archive_helpers import run_archive
    from conftest import make_doc, write_corpus

    from indexer.corpus.access import NAMESAKES_LISTED

    public = NAMESAKES_LISTED + 3
    docs = {f"names-{n:02d}": make_doc(f"names-{n:02d}", "Body.\n",
                                       people=[{"name": "Serik Nurlanuly", "role": "narrator"}])
            for n in range(public)}
    docs["restricts"] = make_doc("restricts", "Body.\n", people=[
        {"name": "Serik Nurlanuly", "role": "mentioned", "access": "restricted"}])
    corpus = write_corpus(tmp_path / "corpus", docs)
    [warning] = load_corpus(corpus).warnings
    assert f"public {public} time(s)" in warning.message
    listed = [f"names-{n:02d}.md" for n in range(public) if f"names-{n:02d}.md" in warning.message]
    assert listed == [f"names-{n:02d}.md" for n in range(NAMESAKES_LISTED)]    # the first, in corpus order
    assert "and 3 more" in warning.message
    every = run_archive("check", "--every-namesake", "--corpus", corpus)
    assert every.returncode == 0
    assert all(f"names-{n:02d}.md" in every.stderr for n in range(public)) and "more" not in every.stderr
