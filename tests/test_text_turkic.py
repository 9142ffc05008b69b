"""Kazakh and Uyghur words: one indexed form in every script, and inflected forms meet their stem."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.index.analyzers import analyzer_for
from indexer.index.records import document_fields
from indexer.text.analysis import text_language
from indexer.text.turkic import suffix_table


def form(word, language="kk"):
    return [t.text for t in analyzer_for(language)(word)]


@pytest.mark.parametrize("cyrillic, latin, arabic", [
    ("мектеп", "mektep", "مەكتەپ"),
    ("сотталды", "sottaldy", "سوتتالدى"),
    ("әкем", "äkem", "اكەم"),
    ("шекара", "şekara", "شەكارا"),
])
def test_a_kazakh_word_has_one_form_in_cyrillic_latin_and_arabic_script(cyrillic, latin, arabic):
    assert form(cyrillic) == form(latin) == form(arabic)


@pytest.mark.parametrize("inflected, lemma", [
    ("полицияға", "полиция"),        # dative
    ("зауытта", "зауыт"),            # locative
    ("мектептен", "мектеп"),         # ablative
    ("mektepten", "мектеп"),         # ablative, Latin script
    ("шекарасында", "шекара"),       # possessive + locative
    ("شەكاراسىندا", "шекара"),       # the same, Arabic script
    ("балалар", "бала"),             # plural
    ("балаларымыз", "бала"),         # plural + possessive
    ("мұғалімдері", "мұғалім"),      # plural + possessive
    ("үйге", "үй"),                  # dative after a two-letter stem
    ("судан", "су"),                 # ablative after a two-letter stem
    ("паспортын", "паспорт"),        # possessive + accusative after a consonant
    ("پاسپورتىن", "паспорт"),        # the same, Arabic script
    ("ауылымыздағы", "ауыл"),        # possessive + locative + relative -ғы
    ("алқабында", "алқап"),          # a final voiceless consonant voiced before a vowel
    ("ауруханада", "аурухана"),      # a stem that ends like the dative -на
    ("мұғалімге", "мұғалімдер"),     # a stem that ends like a possessive, cut alike in every form
])
def test_a_kazakh_inflected_form_meets_its_lemma(inflected, lemma):
    assert form(inflected) == form(lemma)


@pytest.mark.parametrize("inflected, lemma", [
    ("مەكتەپتە", "مەكتەپ"),          # locative, UEY
    ("خوتەندە", "خوتەن"),            # locative, a place
    ("mektepte", "مەكتەپ"),          # ULY and UEY
    ("zawutta", "zawut"),            # locative, ULY
    ("zawutta", "зауыт"),            # Kazakh Cyrillic typed for the Uyghur word
    ("mekteplerde", "mektep"),       # plural + locative
    ("qolgha", "قول"),               # dative, ULY and UEY
    ("دوختۇرخانىدا", "دوختۇرخانا"),   # a raised final vowel (a -> i) before the locative
    ("doxturxanisigha", "دوختۇرخانا"),  # raised vowel + possessive + dative, ULY and UEY
    ("balilar", "bala"),             # raised vowel before the plural
    ("مەھەللىمىزدىكى", "mehelle"),    # possessive + locative + relative -ki
    ("pasportini", "pasport"),       # possessive + accusative: no past tense -ti under a case
    ("telefonini", "تېلېفون"),
    ("jesitini", "jeset"),           # a last vowel raised where an ending opens its syllable
    ("مەكتىپى", "mektep"),
    ("تۇتۇلۇپ", "tutuldi"),          # the converb meets the past tense
    ("kësilip", "كېسىلدى"),
    ("yoqilip", "yoqalghan"),        # raised vowel before the converb
])
def test_a_uyghur_inflected_form_meets_its_lemma_in_any_script(inflected, lemma):
    assert form(inflected, "ug") == form(lemma, "ug")


def test_different_words_keep_different_forms():
    assert form("мектеп") != form("мешіт")
    assert form("полиция") != form("почта")
    assert form("өлім") != form("ол")            # death is not "he": a possessive needs a longer stem
    assert form("мұғалім") == form("мұғалімдері")
    assert form("مەكتەپ", "ug") != form("مەسچىت", "ug")


def test_a_past_tense_is_not_read_as_a_case_ending():
    assert form("тастады") != form("тас")        # threw, not "at the stone"
    assert form("pasportini", "ug") != form("paspor", "ug")


def test_a_table_ending_without_a_kind_is_named(tmp_path, monkeypatch):
    from indexer.text import turkic
    (tmp_path / "t.yaml").write_text("source: s\nbefore: {case: []}\nendings:\n  - {ending: da}\n",
                                     encoding="utf-8")
    monkeypatch.setattr(turkic, "DATA_DIR", tmp_path)
    monkeypatch.setitem(turkic.TABLES, "xx", "t.yaml")
    with pytest.raises(ValueError, match="t.yaml: ending 1 .*needs a kind"):
        turkic.suffix_table.__wrapped__("xx")


def test_numbers_and_chinese_characters_pass_through():
    assert form("2017 警察") == ["2017", "警察"]


@pytest.mark.parametrize("tag, field", [
    ("kk", "text_kk"), ("kk-Cyrl", "text_kk"), ("kk-Latn", "text_kk"), ("kk-Arab", "text_kk"),
    ("ug", "text_ug"), ("ug-Latn", "text_ug"), ("ug-Arab", "text_ug"), ("ug-Cyrl", "text_ug"),
    ("zh", "text_zh"), ("zh-Hant", "text_zh"), ("zh-Hans", "text_zh"), ("ru", "text_ru"), ("en-GB", "text_en"),
])
def test_a_language_tag_with_a_script_reaches_its_language_field(tag, field):
    from indexer.corpus.model import Document, Source
    assert f"text_{text_language(tag)}" == field
    doc = Document(id="d", type="testimony", title="t", language=tag, access="public",
                   source=Source(title="s", publisher="p"), body="мектеп")
    assert field in document_fields(doc, {})


def test_every_suffix_table_is_written_in_folded_latin_and_names_its_source():
    for language in ("kk", "ug"):
        assert suffix_table(language).endings


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("мектепқұғүәіөңһ mektepğūıñ مەكتەپىۇۆ'-2")), max_size=24))
def test_analysis_never_raises_and_is_stable_under_nfc_nfd_and_case(text):
    for language in ("kk", "ug"):
        expected = form(unicodedata.normalize("NFC", text), language)
        assert form(unicodedata.normalize("NFD", text), language) == expected
        assert form(text.upper(), language) == form(text.lower(), language)
