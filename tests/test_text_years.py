"""Years written the way Kazakh, Uyghur, Chinese and Russian write them count as event years."""
from __future__ import annotations

from datetime import date

import pytest

from indexer.corpus.dates import extract_dates

PUBLISHED = date(2024, 1, 1)


@pytest.mark.parametrize("text, language, year", [
    ("Ол 2016 жылы ұсталды.", "kk", "2016"),
    ("Ūlym 2019 jyly joğalyp kettı.", "kk-Latn", "2019"),
    ("Ūlym 2016-jyly joğalyp kettı.", "kk-Latn", "2016"),
    ("اكەم 2018 جىلى ۇستالدى.", "kk-Arab", "2018"),
    ("Dadam 2020-yili qolgha élindi.", "ug-Latn", "2020"),
    ("ئانام 2015-يىلى تۇتقۇن قىلىندى.", "ug", "2015"),
    ("我的丈夫2019年被带走。", "zh", "2019"),
    ("我的父親在二〇二〇年被強迫勞動。", "zh-Hant", "2020"),
    ("他在二〇一八年被拘留。", "zh", "2018"),
    ("Его задержали в 2016 году.", "ru", "2016"),
])
def test_a_year_written_in_the_language_s_way_is_an_event_year(text, language, year):
    mentions = extract_dates(text, language, PUBLISHED)
    assert [m.when for m in mentions] == [year]
    assert mentions[0].text in text


@pytest.mark.parametrize("text, language", [
    ("一九九〇年代", "zh"),              # a decade
    ("二〇五〇年", "zh"),                # after publication
    ("in 2017-yili", "en"),              # not a year word of English
])
def test_what_is_not_an_event_year_stays_out(text, language):
    assert extract_dates(text, language, PUBLISHED) == []


@pytest.mark.parametrize("text, language, year", [
    ("За три месяца ей заплатили 2000 юаней. Её освободили в 2021 году.", "ru", "2021"),
    ("He paid 2000 dollars for the visa in 2019.", "en", "2019"),
])
def test_a_sum_of_money_is_not_a_year(text, language, year):
    assert [m.when for m in extract_dates(text, language, PUBLISHED)] == [year]


def test_a_word_after_a_year_is_a_currency_only_among_the_testimonies_currencies():
    # CLDR names the Brazilian real and the Korean won: "In 2016 Real Madrid won" keeps its year.
    assert [m.when for m in extract_dates("In 2016 Real Madrid won the cup.", "en", PUBLISHED)] == ["2016"]


@pytest.mark.parametrize("text, language, year", [
    ("Айлығы 2000 теңге болды, 2017 жылы жұмыстан шықты.", "kk", "2017"),          # CLDR: теңгесі
    ("Оған 2000 теңгеге айыппұл салды, 2018 жылы қамады.", "kk", "2018"),          # dative
    ("Ол 1950 теңгені төледі де, 2019 жылы кетті.", "kk", "2019"),                 # accusative
    ("Ailyğy 2000 teñge boldy, 2016 jyly ketti.", "kk-Latn", "2016"),
    ("Olar 2000 dollarğa satty, 2020 jyly.", "kk-Latn", "2020"),
    ("Ағам 2000 юаньға жұмыс істеді, 2019 жылы босады.", "kk", "2019"),
    ("Ол 1990 сомға сатып алды, 2018 жылы.", "kk", "2018"),
    ("ئۇ 2000 يۈەنگە سېتىۋالدى، 2017-يىلى تۇتۇلدى.", "ug", "2017"),
    ("U 2000 yüen'ge ishlidi, 2017-yili tutuldi.", "ug-Latn", "2017"),
    ("他每个月只有2000块钱，2018年被带走。", "zh", "2018"),
    ("Штраф составил 2000 тенге, в 2016 году его задержали.", "ru", "2016"),
    ("She was fined 2000 tenge in 2018.", "en", "2018"),
    ("They asked for 2000 RMB, and in 2019 for 5000 USD.", "en", "2019"),     # codes
    ("Айыппұл 2000 ₸ болды, 2017 жылы төледік.", "kk", "2017"),            # symbols
    ("The bribe was 2000 $ in 2016.", "en", "2016"),
])
def test_a_sum_in_any_case_form_of_any_currency_word_is_not_a_year(text, language, year):
    assert [m.when for m in extract_dates(text, language, PUBLISHED)] == [year]


@pytest.mark.parametrize("text, language", [
    ("2016 Еуропада тұрды.", "kk"),          # Europe begins as the euro does
    ("2019 Сомалиде болды.", "kk"),          # Somalia as the som does
    ("In 2019 ten people were taken.", "en"),
])
def test_a_word_that_only_begins_like_a_currency_leaves_the_year(text, language):
    assert [m.when for m in extract_dates(text, language, PUBLISHED)] != []
