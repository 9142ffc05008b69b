"""What people type meets what testimonies say: stop words, hyphens, spellings, any language's text."""
from __future__ import annotations

import pytest

from conftest import make_doc, result_ids

DOCS = {
    "en-factory": make_doc("en-factory", "Her brother was forced to work in a factory after he was detained."),
    "en-centre": make_doc("en-centre", "He was in a detention centre; we were told of reeducation."),
    "en-hyphen": make_doc("en-hyphen", "They call it a re-education school."),
    "ru-school": make_doc("ru-school", "Она работала учительницей в школе.", language="ru"),
    "kk-arab": make_doc("kk-arab", "اكەم شەكاراسىندا ۇستالدى. ول سوتتا جەتى جىلعا سوتتالدى.", language="kk-Arab"),
    "kk-latn": make_doc("kk-latn", "Ūlym mektepten keiın joğalyp kettı.", language="kk-Latn"),
    "ug-arab": make_doc("ug-arab", "ئۇ مەكتەپتە ئوقۇتقۇچى ئىدى.", language="ug"),
    "zh-hant": make_doc("zh-hant", "我的父親在於和田的工廠裡被強迫勞動。", language="zh-Hant"),
}


@pytest.fixture(scope="module")
def search(tmp_path_factory):
    ranked = result_ids(tmp_path_factory.mktemp("text-query"), DOCS)
    return lambda q: set(ranked(q))


@pytest.mark.parametrize("q, doc", [
    ("forced to work in a factory", "en-factory"),
    ("he was in a detention centre", "en-centre"),
    ("detained after", "en-factory"),
])
def test_a_stop_word_never_makes_an_and_fail(search, q, doc):
    assert doc in search(q)


def test_stop_words_still_leave_the_other_words_required(search):
    assert search("forced to swim in a lake") == set()


@pytest.mark.parametrize("q, doc", [
    ("detention center", "en-centre"), ("centre", "en-centre"), ("center", "en-centre"),
])
def test_british_and_american_spellings_meet(search, q, doc):
    assert doc in search(q)


@pytest.mark.parametrize("q, doc", [
    ("re-education", "en-centre"),      # typed hyphenated, written joined
    ("re-education", "en-hyphen"),      # and written hyphenated
    ("re education", "en-hyphen"),      # typed spaced, written hyphenated
    ("reeducation", "en-hyphen"),       # typed joined, written hyphenated
])
def test_a_hyphenated_word_meets_its_joined_and_spaced_spellings(search, q, doc):
    assert doc in search(q)


@pytest.mark.parametrize("q, doc", [
    ("сотталды", "kk-arab"), ("шекара", "kk-arab"), ("әкем", "kk-arab"), ("мектеп", "kk-latn"),
    ("مەكتەپ", "ug-arab"), ("mektep", "ug-arab"), ("工厂", "zh-hant"), ("强迫劳动", "zh-hant"),
    ("школа", "ru-school"),
])
def test_a_word_finds_its_forms_in_any_script(search, q, doc):
    assert doc in search(q)


def test_a_phrase_in_quotes_still_needs_its_words_in_order(search):
    assert "en-factory" in search('"forced to work"')
    assert "en-factory" not in search('"work forced"')
