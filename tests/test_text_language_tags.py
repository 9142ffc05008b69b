"""A document's language tag that its text contradicts is caught by `archive check`, with a guess."""
from __future__ import annotations

import pytest

from conftest import make_doc, write_corpus
from indexer.index.build import check_corpus
from indexer.text.language import guess_tag, tag_problem

KK_CYRILLIC = "Менің күйеуім 2017 жылы Шәуешекте полицияға шақырылды. Содан бері ол үйге оралмады."
KK_ARABIC = "اكەم 2018 جىلى قورعاس شەكاراسىندا ۇستالدى. ول سوتتا جەتى جىلعا سوتتالدى."
UG_ARABIC = "ئانام 2019-يىلى خوتەندە تۇتقۇن قىلىندى. ئۇ مەكتەپتە ئوقۇتقۇچى ئىدى."
#: Kazakh's Arabic alphabet writes у as ۋ and в as ۆ, letters Uyghur writes too (for w and ö).
KK_ARABIC_WU = "كۇيەۋىم ەرلان جاقسىلىقوۆ 2017 جىلى شاۋەشەكتە ۇستالدى. ول تۋعان اۋىلىنا ورالمادى."
ZH = "我的丈夫2019年在塔城被警察带走，后来被关进了看守所。我们没有收到任何信。"
RU = "Моего сына задержали на границе в Хоргосе в 2018 году."


@pytest.mark.parametrize("text, tag", [(KK_CYRILLIC, "kk"), (KK_ARABIC, "kk-Arab"), (UG_ARABIC, "ug"),
                                       (KK_ARABIC_WU, "kk-Arab"), (ZH, "zh"), (RU, "ru")])
def test_the_letters_suggest_the_tag(text, tag):
    assert guess_tag(text) == tag


@pytest.mark.parametrize("tag, text", [("kk", KK_CYRILLIC), ("kk-Cyrl", KK_CYRILLIC), ("kk-Arab", KK_ARABIC),
                                       ("ug", UG_ARABIC), ("zh", ZH), ("zh-Hant", ZH), ("ru", RU),
                                       ("kk-Arab", "قازاق"),
                                       # an English article quoting a Chinese document is English
                                       ("en", "The letter said: 我的丈夫被警察带走. We never heard from him again "
                                              "after that spring, and nobody would tell us where he was.")])
def test_a_tag_the_text_does_not_contradict_passes(tag, text):
    assert tag_problem(tag, text) is None


@pytest.mark.parametrize("tag, text, guess", [("kk-Arab", KK_CYRILLIC, "kk"), ("kk-Latn", KK_ARABIC, "kk-Arab"),
                                              ("zh", RU, "ru"), ("ug-Latn", UG_ARABIC, "ug"),
                                              # a tag without a script names its language's usual one
                                              ("en", ZH, "zh"), ("en", RU, "ru"), ("ru", KK_ARABIC, "kk-Arab"),
                                              ("kk", UG_ARABIC, "ug"), ("ug", KK_CYRILLIC, "kk")])
def test_a_tag_the_text_contradicts_is_named_with_a_guess(tag, text, guess):
    problem = tag_problem(tag, text)
    assert problem and repr(tag) in problem and f"is it {guess}?" in problem


def test_archive_check_names_the_file_and_line_of_a_wrong_tag(tmp_path):
    corpus = write_corpus(tmp_path / "c", {"a": make_doc("doc-a", KK_CYRILLIC, language="kk-Arab")})
    found = [p for p in check_corpus(corpus).problems if "kk-Arab" in str(p)]
    assert found and "a.md" in str(found[0]) and "is it kk?" in str(found[0])
