"""A Kazakh or Uyghur verb in the past meets its concept in every language and script (öldi, өлді,
ئۆلدى: died), and a verb stem of two letters meets no other word (ол "he" is not өл "die")."""
from __future__ import annotations

import pytest

from conftest import make_doc, result_ids
from indexer.text.thesaurus import verb_forms

DOCS = {
    "ug-latn-1": make_doc("ug-latn-1", "Dadam 2018-yili lagérda öldi, jesitini bermidi.", language="ug-Latn"),
    "ug-arab-1": make_doc("ug-arab-1", "ئاچام تۈرمىدە ئۆلگەن دەپ ئاڭلىدۇق.", language="ug"),
    "kk-1": make_doc("kk-1", "Нағашым лагерьде өліп кетті.", language="kk"),
    "kk-latn-1": make_doc("kk-latn-1", "Atam türmede öldı.", language="kk-Latn"),
    "en-1": make_doc("en-1", "Her father died in the camp in 2019."),
    "kk-he": make_doc("kk-he", "Ол ауылда мал бағып, кейін қалаға көшті.", language="kk"),
    "kk-ran": make_doc("kk-ran", "Інім шекарадан қашып кетті.", language="kk"),
    "ug-alive": make_doc("ug-alive", "U ölmidi, bizge xet yazdi.", language="ug-Latn"),
}


@pytest.fixture(scope="module")
def search(tmp_path_factory):
    return result_ids(tmp_path_factory.mktemp("verb-forms"), DOCS)


@pytest.mark.parametrize("q, doc_id", [
    ("died", "ug-latn-1"), ("died", "ug-arab-1"), ("died", "kk-1"), ("died", "kk-latn-1"),
    ("ئۆلۈم", "ug-latn-1"), ("өлім", "ug-latn-1"), ("умер", "kk-latn-1"),
    ("öldi", "en-1"), ("өлді", "en-1"), ("ئۆلدى", "kk-1"),
])
def test_a_turkic_verb_in_the_past_meets_its_concept_in_every_language(search, q, doc_id):
    assert doc_id in search(q)


@pytest.mark.parametrize("q", ["died", "death", "öldi"])
def test_the_verb_forms_find_no_word_they_do_not_stand_for(search, q):
    found = set(search(q))
    assert not found & {"kk-he", "kk-ran", "ug-alive"}, found


def test_a_verb_stem_gives_the_past_forms_by_vowel_harmony_and_its_last_sound():
    assert verb_forms("kk", "өл-") == ("өлді", "өлген", "өліп")
    assert verb_forms("kk", "қаш-") == ("қашты", "қашқан", "қашып")          # voiceless ш
    assert verb_forms("kk", "қайтыс бол-") == ("қайтыс болды", "қайтыс болған", "қайтыс болып")
    assert verb_forms("ug", "öl-") == ("öldi", "ölgen", "ölüp")                # rounded front vowel
    assert verb_forms("ug", "ئۆل-") == ("ئۆلدى", "ئۆلگەن", "ئۆلۈپ")
    assert verb_forms("kk", "өлім") == ("өлім",)
