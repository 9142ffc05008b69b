"""Years and year-months read from text, in English, Russian, Kazakh and any language CLDR knows."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.corpus.dates import MIN_YEAR, extract_dates, when_problem, year_months_of, years_of
from indexer.corpus.model import DateMention

PUBLISHED = date(2021, 12, 6)


def whens(text, language="en", published=PUBLISHED):
    return [m.when for m in extract_dates(text, language, published)]


def test_the_example_paragraph():
    body = ("In March 2019 he sang a song for which he was detained. At the beginning of 2017, "
            "my husband went to China. In February of this year, I was detained for six hours.")
    mentions = extract_dates(body, "en", PUBLISHED)
    assert years_of(mentions) == [2017, 2019, 2021]
    assert year_months_of(mentions) == ["2019-03", "2021-02"]


@pytest.mark.parametrize("text, expected", [
    ("In March 2019, he sang", ["2019-03"]),
    ("came to visit me in February 2018", ["2018-02"]),
    ("December 2018", ["2018-12"]),
    ("At the beginning of 2017, my husband", ["2017"]),
    ("In 2015, many Kazakhs", ["2015"]),
    ("from 2009–2010 he studied", ["2009/2010"]),
    ("in 2009-2010", ["2009/2010"]),
    ("in 2009/2010", ["2009/2010"]),
    ("from 2009 to 2010", ["2009/2010"]),
    ("between 2012 and 2014", ["2012/2014"]),
    ("and in February of this year, I was detained", ["2021-02"]),
    ("in May this year", ["2021-05"]),
    ("This year, his son will be five", ["2021"]),
    ("Earlier this year, Amnesty published", ["2021"]),
    ("last year", ["2020"]),
    ("In July of 2021, I was arrested", ["2021-07"]),
    ("in Dec. 2020", ["2020-12"]),
    ("on May 5, 2019", ["2019-05"]),
    ("mid-2017", ["2017"]),
    ("on 2020-05-04", ["2020-05-04"]),
    ("on 15.03.2018", ["2018-03-15"]),
])
def test_english_forms(text, expected):
    assert whens(text) == expected


@pytest.mark.parametrize("text", [
    "For over 300 days, families gathered",
    "he'd released more than 60 songs",
    "the 100th anniversary of the party",
    "my mother has been sentenced to 12 years",
    "he will be over 70-years-old",
    "a tradition 2000 years old",
    "in the 1990s",
    "a 2000-year-old city",
    "it cost $1950",
    "1,950 protesters",
    "2,019 people",
    "a 1975% increase",
    "in 1899",
    "in 2031",                     # after the publication year
    "phone 1234 5678",
])
def test_numbers_that_are_not_years(text):
    assert whens(text) == []


def test_the_publication_date_in_the_text_is_not_an_event():
    assert whens("6 December 2021\nInterviews and photos: Ofeliya Zhakayeva") == []
    assert whens("6 December 2020") == ["2020-12"]


@pytest.mark.parametrize("text, expected", [
    ("Брата задержали в марте 2019 года.", ["2019-03"]),
    ("В мае 2018 г. его отпустили.", ["2018-05"]),
    ("в январе 2017-го", ["2017-01"]),
    ("В 2009–2010 годах он жил в Алматы.", ["2009/2010"]),
    ("С 2011 по 2013 год учился.", ["2011/2013"]),
    ("в феврале этого года", ["2021-02"]),
    ("В этом году", ["2021"]),
    ("в прошлом году", ["2020"]),
    ("2000 лет назад", []),
    ("в 1990-х годах", []),
])
def test_russian(text, expected):
    assert whens(text, "ru") == expected


@pytest.mark.parametrize("text, expected", [
    ("2019 жылғы наурызда ұсталды.", ["2019-03"]),
    ("2019 жылы наурызда ұсталды.", ["2019-03"]),
    ("2018 жылдың мамыр айында", ["2018-05"]),
    ("2016-жылы", ["2016"]),
    ("2015 ж. көшті", ["2015"]),
    ("биыл ақпанда", ["2021-02"]),
    ("Былтыр", ["2020"]),
    ("2009-2010 жылдары", ["2009/2010"]),
    ("2009 жылдан 2012 жылға дейін", ["2009/2012"]),
])
def test_kazakh(text, expected):
    assert whens(text, "kk") == expected


@pytest.mark.parametrize("language, text, expected", [
    ("de", "im März 2019", ["2019-03"]),
    ("uk", "у березні 2019 року", ["2019-03"]),
    ("fr", "en juillet 2018", ["2018-07"]),
    ("zh", "2019年3月被拘留", ["2019-03"]),
    ("kk-Cyrl", "2019 жылы наурызда", ["2019-03"]),   # a script subtag falls back to the language
    ("xx", "In 2015", ["2015"]),                       # unknown language: bare years still count
    ("", "In 2015", ["2015"]),
])
def test_month_names_come_from_cldr(language, text, expected):
    assert whens(text, language) == expected


def test_each_mention_once_with_its_text():
    mentions = extract_dates("In March 2019 and again in March 2019; in 2018 and 2018.", "en", PUBLISHED)
    assert mentions == [DateMention("March 2019", "2019-03"), DateMention("2018", "2018")]


def test_without_publication_date():
    assert whens("this year, last year, February of this year", published=None) == []
    assert whens(f"In {date.today().year}", published=None) == [str(date.today().year)]
    assert whens(f"In {date.today().year + 1}", published=None) == []


def test_years_and_year_months_of():
    mentions = [DateMention("a", "2009/2011"), DateMention("b", "2019-03"), DateMention("c", "2018-02-05"),
                DateMention("d", "2019"), DateMention("e", "garbage")]
    assert years_of(mentions) == [2009, 2010, 2011, 2018, 2019]
    assert year_months_of(mentions) == ["2018-02", "2019-03"]


@pytest.mark.parametrize("when, ok", [
    ("2019", True), ("2019-03", True), ("2019-03-31", True), ("2009/2010", True),
    ("1899", False), ("3000", False), ("2019-13", False), ("2019-02-30", False), ("2010/2009", False),
    ("2019-3", False), ("March 2019", False), ("2009-2010", False), ("", False),
])
def test_when_problem(when, ok):
    assert (when_problem(when, 2021) is None) is ok


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from(["en", "ru", "kk", "zh", "kk-Arab", "", "!!"]),
       st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2030, 1, 1))))
def test_extract_dates_never_raises_and_stays_in_range(text, language, published):
    top = published.year if published else date.today().year
    for mention in extract_dates(text, language, published):
        assert mention.text and mention.text in text
        assert all(MIN_YEAR <= y <= top for y in years_of([mention]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["In", "March", "2019", "марте", "года", "жылы", "наурызда", "-", "/",
                                 "this", "year", "of", "from", "to", "1990s", "12", " ", ",", "."]),
                max_size=12))
def test_extract_dates_on_date_like_word_salad(words):
    text = " ".join(words)
    for language in ("en", "ru", "kk"):
        for mention in extract_dates(text, language, PUBLISHED):
            assert when_problem(mention.when, PUBLISHED.year) is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0129.,/-#%:\n aсоlast year\u0433", max_size=40))
def test_a_look_behind_moved_after_the_first_character_matches_the_same(text):
    """The scanners put their look-behinds after what a match begins with (for speed): the
    matches must be those of the look-behind written first."""
    import re

    from indexer.corpus.dates import _not_after, _phrase_re, _phrases_at_word_start

    pairs = [
        (r"(?<![\d.,/])((?:19|20)\d\d)", "(" + _not_after("(?:19|20)", 2, r"[\d.,/]") + r"\d\d)"),
        (r"(?<![\d.])(\d{1,2})\.", "(" + _not_after(r"\d", 1, r"[\d.]") + r"\d?)\."),
        # Longer phrases first, as the trie tries them.
        (r"(?<!\w)(?:last\s+year|со|\-a|с)", _phrases_at_word_start(["с", "со", "last year", "-a"])),
    ]
    for written_first, moved in pairs:
        expected = [m.span() for m in re.finditer(written_first, text, re.I)]
        assert [m.span() for m in re.finditer(moved, text, re.I)] == expected
    # Phrases that share beginnings, one the start of another, written once in a trie.
    phrases = ["last year", "last", "la st", "a", "as", "asa", "с", "со"]
    alternation = "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))
    expected = [m.span() for m in re.finditer(rf"(?<!\w)(?:{alternation})(?!\w)", text, re.I)]
    assert [m.span() for m in _phrase_re(phrases).finditer(text)] == expected
