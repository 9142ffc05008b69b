"""Places in text the development cases never named: other places, other case endings, names
written with or without the letters Kazakh and Uyghur Cyrillic add, names of several words."""
from __future__ import annotations

import pytest

from conftest import BUNDLED_CORPUS
from indexer.places.gazetteer import load_gazetteer, place_key
from indexer.places.mentions import PlaceFinder


@pytest.fixture(scope="module")
def gazetteer():
    gaz, problems = load_gazetteer(BUNDLED_CORPUS / "places.yaml")
    assert problems == []
    return gaz


@pytest.fixture(scope="module")
def finder(gazetteer):
    return PlaceFinder(gazetteer)


def ids(finder, text, language):
    return [p.id for p in finder.find(text, language=language)]


@pytest.mark.parametrize("text, place", [
    ("Моего брата арестовали в Кульдже в 2017 году.", "ghulja"),       # Кульджа: -а replaced by -е
    ("Она собирала хлопок на полях под Корлой.", "korla"),            # instrumental -ой
    ("Теперь она живёт в Усть-Каменогорске.", "ust-kamenogorsk"),
])
def test_a_russian_case_that_replaces_the_names_last_letter_is_found(finder, text, place):
    assert ids(finder, text, "ru") == [place]


def test_replaced_endings_are_russian_only(finder):
    assert ids(finder, "в Кульдже", "kk") == []


def test_every_name_an_ending_leaves_is_weighed(finder):
    # Китае leaves Кита (a spelling of Quito) and Китай: the larger place is taken
    assert ids(finder, "Он десять лет живёт в Китае.", "ru") == ["china"]
    # the plural -ов replaces no letter: a surname is no Смирна (Izmir)
    assert ids(finder, "Следователь Смирнов не ответил.", "ru") == []


@pytest.mark.parametrize("text, language, place", [
    ("Akam 2016-yili Ghuljidiki türmide öldi.", "ug-Latn", "ghulja"),      # a raised a
    ("ئاكام غۇلجىدىكى تۈرمىدە", "ug", "ghulja"),
    ("Qyzymdy 2018 jyly Ürımjıde internatqa jıberdı.", "kk-Latn", "urumqi"),   # Үрімжі, no Latin alias
    ("Әкемді 2019 жылы Құмылда ұстады.", "kk", "hami"),
    ("In 2020 she was moved to a textile factory in Anhui.", "en", "anhui-sheng-cn"),
])
def test_a_place_under_a_raised_vowel_or_in_a_script_the_gazetteer_lacks(finder, text, language, place):
    assert ids(finder, text, language) == [place]


def test_a_word_in_another_script_is_read_as_a_place_only_in_kazakh_or_uyghur_text(finder):
    assert ids(finder, "Ürımjıde", "en") == [] and ids(finder, "Ürımjıde", "ru") == []


@pytest.mark.parametrize("text, place", [
    ("Ағам Дөрбілжінде мақта алқабында жұмыс істеді.", "emin"),      # the gazetteer has Дөрбилҗин
    ("Інімді Кулжада ұстады.", "ghulja"),                             # Құлжа typed without its letters
    ("Қазір отбасымыз Шымкентте тұрады, ал апам Өскеменде.", "shymkent"),
])
def test_a_name_meets_its_spelling_with_or_without_the_turkic_letters(finder, text, place):
    assert place in ids(finder, text, "kk")
    assert place_key("Құлжа") == place_key("Кулжа") and place_key("Дөрбілжін") == place_key("Дөрбилҗин")


def test_a_name_of_several_words_is_found_with_its_later_words_in_small_letters(finder):
    assert "altay-prefecture" in ids(finder, "Анам Шыңжаңның Алтай аймағындағы ауруханада қайтыс болды.", "kk")


@pytest.mark.parametrize("text", ["Мы приехали из Восточного Туркестана.", "Он вырос в Восточном Туркестане.",
                                  "в Синьцзян-Уйгурском автономном районе"])
def test_a_russian_name_of_several_words_is_found_with_every_word_declined(finder, text):
    assert ids(finder, text, "ru") == ["xinjiang"]


def test_east_turkestan_is_xinjiang_not_the_city_of_turkistan(finder):
    assert ids(finder, "Біз Шығыс Түркістаннан 2016 жылы көшіп келдік.", "kk") == ["xinjiang"]
    assert ids(finder, "بىز شەرقىي تۈركىستاندىن كەلدۇق.", "ug") == ["xinjiang"]


def test_counties_and_cities_of_xinjiang_stand_in_their_prefecture(gazetteer, finder):
    assert ids(finder, "Anam Mongghulküre nahiyeside turatti.", "ug-Latn") == ["zhaosu"]
    assert gazetteer.resolve("Zhaosu").within == "ili-prefecture"
    assert gazetteer.resolve("Altay City").within == "altay-prefecture"
    assert "altay-prefecture" in {p.id for p in gazetteer.resolve_all("阿勒泰")}
    assert ids(finder, "我的母親在阿勒泰的醫院去世。", "zh-Hant") == ["altay-prefecture"]


def test_each_scripts_own_spelling_is_kept_beside_one_read_the_same(gazetteer):
    pakistan = gazetteer.resolve("Pakistan")
    assert "Пәкістан" in pakistan.aliases.get("kk", ()) and "Пакистан" in pakistan.aliases.get("ru", ())
