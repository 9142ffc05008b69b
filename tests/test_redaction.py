"""A restricted person's name is withheld in every form name search would match, through the real app.

A public testimony names a restricted person, Nurlybek Ospanuly, the ways
texts really write him: full width, with a soft hyphen or a zero-width space
inside, in Kazakh Latin 2021, in Arabic script, in Chinese characters, with a
Russian surname ending and a hyphenated patronymic. None of them may reach any
public answer, whatever is asked; a signed-in archivist still reads them all.
"""
from __future__ import annotations

import unicodedata
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive_helpers import asked_values, response_text, sign_in
from conftest import app_for, make_doc, write_corpus
from indexer.corpus.access import WITHHELD, redact
from indexer.index.build import build_index
from indexer.names import detect_script, match_person, readings, spellings, transliterate
from webapp.users import add_user

NAME = "Nurlybek Ospanuly"
VARIANTS = ["Нұрлыбек Оспанұлы", "Нурлыбек Оспанулы"]
NAMES = [NAME, *VARIANTS]
#: How texts write him: each one is found by `q=` or `name=` search for him.
TEXT_FORMS = ["Ｎｕｒｌｙｂｅｋ", "Nur\u00adlybek", "Nurly\u200bbek", "Nurlıbek", "نۇرلىبەك", "努尔勒别克",
              "Ospanov", "Ospan-uly", "Nurlybekov", "Оспанұлының"]
#: What the name tables make of his names: every reading of every word of every variant, and the
#: tables run backwards (names.spellings: Cyrillic, Latin alphabets, Arabic script, Chinese).
TABLE_FORMS = sorted({r for n in NAMES for w in n.split() for r in readings(w)} | {transliterate(n) for n in NAMES}
                     | set(spellings(NAME)))
FORMS = [*NAMES, *TEXT_FORMS, *TABLE_FORMS]
MENTIONS = "orchard-cousin-testimony"
ARCHIVIST, PASSWORD = "archivist", "correct horse battery"


def _folded(text: str) -> str:
    """Text as the index reads it: NFKC, invisible format characters removed, case folded."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").casefold()


#: What no public answer may contain, as the index reads text (NFKC, invisible characters removed).
SECRETS = sorted({_folded(f) for f in FORMS} | {_folded(w) for f in FORMS for w in f.split()} | {"ospan"})


def _body() -> str:
    lines = [f"Line {i}: my cousin {form} was taken in 2017 from the orchard." for i, form in enumerate(FORMS)]
    return "\n".join(["Aigerim Serikkyzy tells of the orchard in Almaty.", *lines,
                      "我的表哥努尔勒别克也在那里。", ""])


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    root = tmp_path_factory.mktemp("redaction")
    docs = {
        MENTIONS: make_doc(
            MENTIONS, _body(), title="Aigerim Serikkyzy and Ｎｕｒｌｙｂｅｋ", places=["Almaty"],
            people=[{"name": "Aigerim Serikkyzy", "role": "narrator"},
                    {"role": "mentioned", "relation": "father",
                     "events": [{"event": "detained", "when": "2018", "text": "taken with Nurlıbek Ospanov"}]},
                    {"name": NAME, "variants": VARIANTS, "role": "mentioned", "relation": "cousin",
                     "access": "restricted"}],
            captions=["Nur\u00adlybek in the orchard"], dates=[{"text": "when 努尔勒别克 left", "when": "2016"}]),
        "orchard-letters": make_doc("orchard-letters", "Letters about the orchard and the river in 2019.\n",
                                    people=[{"name": "Dana Akhmetova", "role": "narrator"}]),
    }
    corpus = write_corpus(root / "corpus", docs)
    build_index(corpus, root / "index")
    add_user(root / "users.sqlite3", ARCHIVIST, PASSWORD)
    return app_for(root / "index")


def _shown(response, url: str) -> list[str]:
    """The secrets a response shows, echoes of the request's own words set aside."""
    text = _folded(response_text(response))
    for value in asked_values(url):
        text = text.replace(_folded(value), " ")
    return [s for s in SECRETS if s in text]


def _get(client, url: str):
    response = client.get(url)
    assert response.status_code in (200, 400), (url, response.status_code)
    assert not _shown(response, url), f"{url} shows {_shown(response, url)}"
    return response


def _url(path: str, **params) -> str:
    return f"{path}?{urlencode(params)}"


def test_the_tables_spell_him_in_several_scripts():
    scripts = {detect_script(f.split()[0]) for f in spellings(NAME)}
    assert {"cyrillic", "arabic"} <= scripts
    assert any(detect_script(f) == "han" for f in spellings("Zhanargul Tleukhanova"))


def test_redact_withholds_every_form_in_place():
    for form in FORMS:
        text = f"My cousin {form} left."
        assert redact(text, NAMES) == f"My cousin {WITHHELD} left.", form
    assert redact("表哥努尔勒别克也在", NAMES) == f"表哥{WITHHELD}也在"
    assert redact("Ospan uly came", NAMES) == f"{WITHHELD} came"


def test_ordinary_words_stay_even_beside_names_the_matcher_meets_loosely():
    text = "And even so, it is over: as an old man he was at home, and their names (есімдерін) stayed."
    names = ["Esen Qudaibergen", "Barat Ömer", "Bakytzhamal Asanova", "Abylay Zhaksybekuly", "Ақнұр Есімова"]
    assert redact(text, names) == text
    assert redact(unicodedata.normalize("NFD", "Ömer and Asanova"), names) == f"{WITHHELD} and {WITHHELD}"


@pytest.mark.parametrize("form", sorted(set(FORMS)))
def test_no_public_answer_shows_a_form_of_the_name(app, form):
    client = app.test_client()
    for param in ("q", "name"):
        data = _get(client, _url("/api/search", **{param: form})).get_json()
        if data.get("ok") is not False:
            assert MENTIONS not in [r["id"] for r in data["results"]], (param, form)
        _get(client, _url("/", **{param: form}))
    _get(client, _url(f"/api/doc/{MENTIONS}", q=form))
    _get(client, _url(f"/doc/{MENTIONS}", q=form))


def test_the_document_and_every_listing_withhold_him(app):
    client = app.test_client()
    doc = _get(client, f"/api/doc/{MENTIONS}").get_json()
    assert WITHHELD in doc["body"] and WITHHELD in doc["title"]
    assert "Aigerim Serikkyzy tells of the orchard in Almaty." in doc["body"]
    assert doc["body"].count("was taken in 2017 from the orchard") == len(FORMS)
    _get(client, f"/doc/{MENTIONS}")
    for q in ("", "*", "orchard", "cousin"):
        _get(client, _url("/api/search", q=q, per_page=100))
        _get(client, _url("/", q=q))


def test_public_suggestions_offer_no_form_of_the_name(app):
    client = app.test_client()
    for typo in ("Nurlibek", "Nurlybk", "Ospanof", "nurlıbek"):
        data = client.get(_url("/api/search", q=typo)).get_json()
        offered = [w for s in data["suggestions"] for w in s.split()]
        assert not [w for w in offered if match_person(w, NAMES)], (typo, data["suggestions"])


def test_a_signed_in_archivist_still_reads_every_form(app):
    client = app.test_client()
    assert sign_in(client, ARCHIVIST, PASSWORD).status_code == 302
    doc = client.get(f"/api/doc/{MENTIONS}").get_json()
    for form in TEXT_FORMS:
        assert form in doc["body"], form


# ---------------------------------------------------------------------------
# withhold: sentence — the context goes with the name
# ---------------------------------------------------------------------------

SENTENCE_DOC = "sentence-withheld-testimony"


def test_withhold_sentence_replaces_every_sentence_that_names_him(tmp_path):
    body = ("Aigerim Serikkyzy tells of the orchard. My cousin Ｎｕｒｌｙｂｅｋ was taken in 1997 near Karamay. "
            "Ospanov had sung at a wedding! The pomegranates were ripe.\n"
            "我的表哥努尔勒别克在那里。他走了。\nThe river froze in 2019.\n")
    docs = {SENTENCE_DOC: make_doc(
        SENTENCE_DOC, body, title="Aigerim Serikkyzy", places=["Almaty"],
        people=[{"name": "Aigerim Serikkyzy", "role": "narrator"},
                {"role": "mentioned", "relation": "father",
                 "events": [{"event": "detained", "when": "2018", "text": "taken the day Nurlıbek left"}]},
                {"name": NAME, "variants": VARIANTS, "role": "mentioned", "access": "restricted",
                 "withhold": "sentence"}],
        captions=["Nur\u00adlybek in 1996 by the well", "The orchard"],
        dates=[{"text": "the winter Ospan-uly came home", "when": "1995"}])}
    corpus = write_corpus(tmp_path / "corpus", docs)
    build_index(corpus, tmp_path / "index")
    add_user(tmp_path / "users.sqlite3", ARCHIVIST, PASSWORD)
    app = app_for(tmp_path / "index")
    client = app.test_client()
    doc = _get(client, f"/api/doc/{SENTENCE_DOC}").get_json()
    assert doc["body"] == ("Aigerim Serikkyzy tells of the orchard. [passage withheld] The pomegranates were ripe.\n"
                           "[passage withheld]他走了。\nThe river froze in 2019.\n")
    assert doc["captions"] == ["[passage withheld]", "The orchard"]
    assert [e["text"] for p in doc["people"] for e in p.get("events", [])] == ["[passage withheld]"]
    assert doc["dates"] == []
    assert doc["years"] == [2018, 2019]          # 1995, 1996, 1997 were his sentences' years
    assert "Karamay" not in response_text(client.get(f"/doc/{SENTENCE_DOC}"))
    for year in (1995, 1996, 1997):
        assert _get(client, _url("/api/search", year=year)).get_json()["total"] == 0
    archivist = app.test_client()
    assert sign_in(archivist, ARCHIVIST, PASSWORD).status_code == 302
    assert "near Karamay" in archivist.get(f"/api/doc/{SENTENCE_DOC}").get_json()["body"]


def test_an_id_spelling_the_name_another_way_is_refused(tmp_path):
    from indexer.index.build import CorpusHasErrors

    doc = make_doc("nurlibek-and-the-orchard", "Her cousin.\n",
                   people=[{"name": NAME, "variants": VARIANTS, "role": "mentioned", "access": "restricted"}])
    corpus = write_corpus(tmp_path / "corpus", {"doc": doc})
    with pytest.raises(CorpusHasErrors) as caught:
        build_index(corpus, tmp_path / "index")
    assert ["restricted person" in p.message for p in caught.value.problems] == [True]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40) | st.text(alphabet="aЖ中ق\u00ad\u200b\u0301\u00a0\n\tＡﬁ \u2028\ufeff", max_size=40))
def test_a_text_is_read_as_the_index_reads_it_with_every_offset_kept(text):
    """NFKC, invisible format characters dropped, and for each character the offset of the
    (composed) character it came from: the quick path for plain texts gives the same."""
    import unicodedata

    from indexer.corpus.redaction import normalized

    composed = unicodedata.normalize("NFC", text) if not text.isascii() else text
    kept = [(i, unicodedata.normalize("NFKC", ch)) for i, ch in enumerate(composed)
            if unicodedata.category(ch) != "Cf"]
    assert normalized(text) == ("".join(f for _, f in kept), [i for i, f in kept for _ in f])
