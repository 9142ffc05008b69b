"""The one-pass analyzers give the terms and positions of the Whoosh filter chains they replace.

Kazakh, Uyghur and Chinese left the plain chain on purpose (one form for
every script, suffix stripping, segmentation): tests/test_text_*.py hold them.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.support.charset import accent_map

from indexer.index.analyzers import analyzer_for
from indexer.text.analysis import WORD_PATTERN, _spellings, normalize_word


class _Normalize(Filter):
    def __call__(self, tokens):
        for t in tokens:
            t.text = normalize_word(t.text)
            if t.text:
                yield t


class _Spellings(Filter):
    """American spellings read as British before stemming (data/en_spellings.tsv)."""

    def __call__(self, tokens):
        table = _spellings("en")
        for t in tokens:
            t.text = table.get(t.text, t.text)
            yield t


def _chain(language: str):
    plain = RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | _Normalize()
    if language == "en":
        return plain | StopFilter(lang="en") | _Spellings() | StemFilter(lang="en") | CharsetFilter(accent_map)
    if language == "ru":
        return plain | StopFilter(lang="ru") | StemFilter(lang="ru")
    return plain | CharsetFilter(accent_map)


def _terms(analyzer, text, **kwargs):
    return [(t.text, t.pos, t.startchar, t.endchar, t.stopped)
            for t in analyzer(text, positions=True, chars=True, **kwargs)]


def _split_terms(analyzer, text, **kwargs):
    """The terms, less the joined forms of hyphenated words (the chains have none:
    they start before the token they follow, and are checked on their own below)."""
    out = []
    for term in _terms(analyzer, text, **kwargs):
        if out and term[2] < out[-1][2]:
            continue
        out.append(term)
    return out


LANGUAGES = ["en", "ru", "xx"]
WORDS = ["the", "of", "a", "I", "и", "в", "не", "detained", "camps", "Ёлка", "ёлки", "qazaqstan'",
         "'", "namāz", "Ürümqi", "Қазыбек", "ҚАЗЫБЕК", "задержан", "лагерях", "était", "e\u0301te\u0301",
         "قازىبەك", "哈孜别克", "2017", "center", "labor", "İstanbul", "ß", "ǅemal", "x"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_archive_texts_analyse_as_with_the_filter_chain(language):
    text = ("In 2017 Qazybek (Қазыбек) was detained in the camps of Ürümqi; её не было дома, "
            "задержан в лагерях. 'Qazaqstan' namāz, était — I and a x.")
    assert _split_terms(analyzer_for(language), text) == _terms(_chain(language), text)


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=150, deadline=None)
@given(words=st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=25),
       separators=st.sampled_from([" ", ", ", "\n", " — ", "''"]))
def test_any_text_analyses_as_with_the_filter_chain(language, words, separators):
    text = separators.join(words)
    assert _split_terms(analyzer_for(language), text) == _terms(_chain(language), text)
    assert (_split_terms(analyzer_for(language), text, removestops=False)
            == _terms(_chain(language), text, removestops=False))


def test_untokenized_values_pass_through_the_same_steps():
    assert [t.text for t in analyzer_for("en")("Detained Camps", tokenize=False)] == ["detained camp"]


@pytest.mark.parametrize("language, joined", [("en", "reeduc"), ("ru", "reeducation"), ("xx", "reeducation")])
def test_a_hyphenated_word_is_also_indexed_as_one_word_where_its_last_part_stands(language, joined):
    terms = _terms(analyzer_for(language), "a re-education camp")
    last_part = next(t for t in terms if t[2] == 5)
    assert (joined, last_part[1], 2, 14, False) in terms
    assert [t.text for t in analyzer_for(language)("reeducation")] == [joined]


def _token_positions(analyzer, text):
    return [(t.text, t.pos) for t in analyzer(text, positions=True)]


ALL_LANGUAGES = ["en", "ru", "kk", "ug", "zh", "xx"]
HYPHENATED = ["re-education", "Ospan-uly", "2017-yili", "a-", "-b", "to-be", "қайта-тәрбиелеу",
              "مەكتەپ-مەدرىسە", "x'-y", "--", "the-camp", "丈夫-警察"]


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_the_indexed_word_positions_are_the_tokens_the_analysis_yields(language):
    """A text field and its word pairs are written from `positions`, which reads a text without
    a token per word: every word, stop, hyphenated word and Chinese run as the tokens give it."""
    text = ("In 2017 my re-education began: Ospan-uly was taken to the camp. Полицияға апарды, "
            "в лагере re-ed'ucation. 我的丈夫2019年在塔城被警察带走 مەكتەپتە oqudi — the-end a- -b")
    analyzer = analyzer_for(language)
    assert analyzer.positions(text) == _token_positions(analyzer, text)


@pytest.mark.parametrize("language", ALL_LANGUAGES)
@settings(max_examples=150, deadline=None)
@given(words=st.lists(st.one_of(st.sampled_from(WORDS + HYPHENATED), st.text(max_size=8)), max_size=25),
       separators=st.sampled_from([" ", "-", ", ", "\n", " - ", "''"]))
def test_any_text_gives_the_same_word_positions_as_its_tokens(language, words, separators):
    text = separators.join(words)
    analyzer = analyzer_for(language)
    assert analyzer.positions(text) == _token_positions(analyzer, text)
