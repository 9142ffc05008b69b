"""Chinese transcriptions and their pinyin read by rule (indexer/names/syllables.py).

The names here are real Uyghur and Kazakh names outside every test set the
tables were measured on: the rule must read transcriptions nobody listed.
"""
from __future__ import annotations

import pytest

from indexer.names import index_terms, match_person, query_term_groups
from indexer.names.syllables import han_syllables, latin_shape, pinyin_syllables, syllable_shapes

UNSEEN = [
    # (Chinese transcription, Latin spelling of the same person)
    ("热比娅·卡德尔", "Rebiya Kadeer"),
    ("阿不都热西提", "Abdureshit"),
    ("帕尔哈提", "Parhat"),
    ("阿布都克里木", "Abdukerim"),
    ("吐尔逊", "Tursun"),
    ("买尔旦", "Merdan"),
    ("努尔兰·阿不都曼金", "Nurlan Abdumanzhin"),
    ("若马尔特", "Zhomart"),           # Xinhua table: Russian/Kazakh zh written with r-characters
    ("热合曼", "Rehman"),              # and Uyghur r with them too
    ("艾尔肯·斯迪克", "Erkin Sidick"),  # English ck for k
]


@pytest.mark.parametrize("han, latin", UNSEEN)
def test_an_unseen_transcription_meets_its_latin_spelling_both_ways(han, latin):
    assert match_person(han, [latin]) is not None
    assert match_person(latin, [han]) is not None
    # and retrieval reaches it: every word of the query meets a stored term
    for q, stored in ((han, latin), (latin, han)):
        terms = index_terms(stored)
        assert all(g & terms for g in query_term_groups(q)), (q, stored)


@pytest.mark.parametrize("sep", ["·", "•", "・", "．", "", " "])
def test_every_separator_folds(sep):
    assert match_person(f"热比娅{sep}卡德尔", ["Rebiya Kadeer"]) is not None


@pytest.mark.parametrize("typed", ["Rèbǐyà Kādé'ěr", "Re4bi3ya4 Ka3de2'er3", "Rebiya Kade'er", "Re Bi Ya"])
def test_pinyin_of_a_transcription_is_read_as_the_transcription(typed):
    assert match_person(typed, ["热比娅·卡德尔"]) is not None
    assert match_person(typed, ["Rebiya Kadeer"]) is not None


def test_pinyin_is_recognised_only_where_it_is_likely():
    assert pinyin_syllables("Yīlìhāmù") == ("yi", "li", "ha", "mu")
    assert pinyin_syllables("Zhākè'ěr") == ("zha", "ke", "er")
    assert pinyin_syllables("Abudurexiti") == ("a", "bu", "du", "re", "xi", "ti")
    assert pinyin_syllables("Dana") is None       # two plain syllables: a name, not pinyin
    assert pinyin_syllables("Dinara") is None     # three, but spelt as Turkic names are
    assert pinyin_syllables("Kanat") is None      # not pinyin at all
    assert pinyin_syllables("Bekri") is None


def test_plain_pinyin_without_tones():
    assert match_person("Abudurexiti", ["Abdureshit"]) is not None
    assert match_person("Abudurexiti", ["阿不都热西提"]) is not None
    # a word beside one that is surely pinyin is read as pinyin too
    assert match_person("Maimaiti Tuerhong", ["Memet Turghun"]) is not None
    m = match_person("Maimaiti Tuerhong", ["Maimaiti Tuerhong"])
    assert m.how == "exact" and m.matched == "Maimaiti Tuerhong"


def test_a_turkic_name_is_not_read_as_pinyin():
    # Dinara reads di-na-ra, but as pinyin its final vowel would be optional
    assert match_person("Dinara", ["Dinar"]) is None
    assert match_person("Madina", ["Madin"]) is None


def test_shapes_are_consonant_classes_and_vowels():
    assert latin_shape("shohrat") == ("sklt", ("", "o", "", "a", ""))
    assert latin_shape("ziyawudun") == ("ztn", ("", "iyawu", "u", ""))
    assert [s[0] for s in syllable_shapes(han_syllables("雪克来提"))] == ["sklt"]


@pytest.mark.parametrize("han, other", [
    ("努尔", "Anar"),            # same consonants, other vowels
    ("扎克尔", "Shakir"),        # z is not sh
    ("哈那提", "Kanysh"),
    ("帕尔哈提", "Barlas"),
])
def test_a_transcription_does_not_meet_another_name(han, other):
    assert match_person(han, [other]) is None
    assert match_person(other, [han]) is None


def test_one_character_apart_in_chinese_is_another_name():
    assert match_person("哈那提·斯拉木", ["哈木提·斯拉木"]) is None
    assert match_person("帕尔哈提", ["帕尔哈孜"]) is None
    # characters that are variants of one syllable are the same name
    assert match_person("哈那提", ["哈纳提"]) is not None


def test_a_one_consonant_latin_word_seeks_no_transcription():
    # place search takes what the terms meet: "year" must not reach 伊犁 (Yili, skeleton l)
    assert not set().union(*query_term_groups("year")) & index_terms("伊犁")


@pytest.mark.parametrize("typed, stored", [
    ("伊斯玛仪", "Ismail"),     # a final l left unwritten (the Chinese Muslim form)
    ("帖木儿", "Төмүр"),        # 帖 tie for tö
    ("齐达内", "Zidane"),       # 齐 qi for zi (Xinhua table)
    ("哥伦比亚", "Kolumbiya"),  # m before a labial written with an n final
    ("古丽茹赫", "Гулрух"),     # l and r a syllable each
    ("努尔兰", "Nurlan"),       # ... or r a coda before l
    ("易卜拉欣", "Ibrahim"),    # 欣 xin for him: no hi, no final m in Mandarin
    ("哈希姆", "Hashim"),
    ("艾山", "Hesen"),          # a first h left unwritten
    ("热孜万古丽", "Rezwangul"), # n and g two syllables apart (万古 wan-gu)
])
def test_transcription_conventions_read_by_rule(typed, stored):
    assert match_person(typed, [stored]) is not None


def test_a_dropped_final_consonant_is_no_licence_for_more():
    assert match_person("司马", ["Ismail"]) is None     # the surname Sima: a vowel short as well


def test_plain_pinyin_known_by_spellings_turkic_names_do_not_use():
    assert pinyin_syllables("Nuerlan") == ("nu", "er", "lan")    # er after a vowel: a coda r
    assert match_person("Nuerlan", ["Нурлан"]) is not None
    assert match_person("Hasimu", ["Kasym"]) is not None          # a final mu: the light vowel of m
    assert pinyin_syllables("Kadeer") is None                     # English ee: a name, not pinyin
