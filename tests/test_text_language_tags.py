"""A document's language tag that its text contradicts is caught by `archive check`, with a guess."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_doc, write_corpus
from indexer.index.build import check_corpus
from indexer.text.language import guess_tag, tag_doubt, tag_problem

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


# Latin-script testimonies: the letters allow en, kk-Latn and ug-Latn alike, so only their words tell.
UG_LATIN = ("Akam 2018-yili Qeshqerde tutuldi. U bazarda soda qilatti, kéyin bizge héch xewer kelmidi. "
            "Hazir uning ayali bilen balliri Almutida turidu, ular yene izdewatidu.")
KK_LATIN = ("Inım 2017 jyly Ile audanynda ūstaldy. Ol zauytta jūmys ıstedı, keiın bızge eşqandai habar "
            "kelmedı. Qazır onyñ äielı men balalary Almatyda tūrady.")
EN_QUOTING = ("My brother was taken in Kashgar in 2018. The last thing he wrote to us was 'Men yaxshi', "
              "and after that we never heard from him again, although we wrote to every office we knew.")


@pytest.mark.parametrize("tag, text, guess", [("en", UG_LATIN, "ug-Latn"), ("kk-Latn", UG_LATIN, "ug-Latn"),
                                              ("en", KK_LATIN, "kk-Latn"), ("ug-Latn", KK_LATIN, "kk-Latn"),
                                              ("kk-Latn", EN_QUOTING, "en")])
def test_a_latin_tag_whose_words_read_as_another_language_is_doubted(tag, text, guess):
    doubt = tag_doubt(tag, text)
    assert doubt and doubt.startswith("warning:") and repr(tag) in doubt and f"is it {guess}?" in doubt


@pytest.mark.parametrize("tag, text", [("ug-Latn", UG_LATIN), ("kk-Latn", KK_LATIN), ("en", EN_QUOTING),
                                       # tags of other scripts are tag_problem's to judge
                                       ("kk", KK_CYRILLIC), ("ug", UG_ARABIC), ("zh", ZH)])
def test_a_latin_tag_the_words_bear_out_is_not_doubted(tag, text):
    assert tag_doubt(tag, text) is None


def test_archive_check_warns_of_a_doubtful_tag_at_its_line_and_still_reads_the_document(tmp_path):
    corpus = write_corpus(tmp_path / "c", {"ug": make_doc("doc-ug", UG_LATIN, language="en")})
    load = check_corpus(corpus)
    assert not load.problems and [d.id for d in load.documents] == ["doc-ug"]
    (warning,) = [w for w in load.warnings if "'en'" in str(w)]
    text = (corpus / "documents" / "ug.md").read_text("utf-8").splitlines()
    assert "ug.md" in str(warning) and text[warning.line - 1].startswith("language:")
    assert "is it ug-Latn?" in str(warning)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60) | st.text(alphabet="aäЖә中ق\ud800 1", max_size=60))
def test_a_texts_letters_are_counted_per_script_whatever_its_characters(text):
    """Letters of each script, each letter once: any character (a lone surrogate from a
    JSON form included) is counted or left out, never an error."""
    from collections import Counter

    from indexer.text.language import _script, scripts

    expected = Counter(s for ch in text if ch.isalpha() and (s := _script(ch)))
    assert scripts(text) == expected
