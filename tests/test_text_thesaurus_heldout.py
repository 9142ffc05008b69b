"""Held-out checks of the subjects' thesaurus: documents and words that its development cases
never saw; a word typed in one language finds a testimony written in another, for many
subjects and every language pair the archive holds, and finds nothing the subject is not about."""
from __future__ import annotations

import pytest

from conftest import make_doc, result_ids

DOCS = {
    "kk-lawyer": make_doc("kk-lawyer", "Күйеуіме адвокат берілмеді, оны үш күн тергеді.", language="kk"),
    "kk-latn-pension": make_doc("kk-latn-pension", "Äkem zeinetker edı, endı ol auruhanada jatyr.",
                                language="kk-Latn"),
    "ug-cotton": make_doc("ug-cotton", "ئۇلار بىزنى پاختا تېرىشقا مەجبۇرلىدى، ئاندىن مائاش بەرمىدى.", language="ug"),
    "zh-sentence": make_doc("zh-sentence", "他被判刑七年，家人不能见他，后来他在監獄里生病了。", language="zh"),
    "ru-hospital": make_doc("ru-hospital", "Его жена была беременна, её увезли в больницу.", language="ru"),
    "en-visa": make_doc("en-visa", "Her visa was cancelled and the embassy never answered."),
    "en-bread": make_doc("en-bread", "She baked bread for the neighbours every morning."),
}


@pytest.fixture(scope="module")
def search(tmp_path_factory):
    return result_ids(tmp_path_factory.mktemp("thesaurus-heldout"), DOCS)


@pytest.mark.parametrize("q, doc_id", [
    ("lawyer", "kk-lawyer"), ("律师", "kk-lawyer"),                       # en, zh -> kk Cyrillic
    ("pension", "kk-latn-pension"), ("пенсия", "kk-latn-pension"),        # en, ru -> kk Latin
    ("hospital", "kk-latn-pension"), ("医院", "ru-hospital"),
    ("cotton", "ug-cotton"), ("хлопок", "ug-cotton"), ("wages", "ug-cotton"),   # -> ug Arabic
    ("sentenced", "zh-sentence"), ("приговор", "zh-sentence"), ("түрме", "zh-sentence"),  # -> zh, traditional 監獄
    ("pregnant", "ru-hospital"), ("жүкті", "ru-hospital"),
    ("виза", "en-visa"), ("签证", "en-visa"), ("елшілік", "en-visa"),    # ru, zh, kk -> en
])
def test_a_word_of_one_language_finds_the_subject_written_in_another(search, q, doc_id):
    assert doc_id in search(q)


@pytest.mark.parametrize("q", ["cotton", "lawyer", "hospital", "visa", "pension", "sentenced"])
def test_an_expansion_finds_nothing_the_subject_is_not_about(search, q):
    found = set(search(q))
    assert "en-bread" not in found
    assert len(found) <= 2, found
