"""A person's name that is also a place's name is no place mention where the text shows a person."""
from __future__ import annotations

import pytest

from conftest import BUNDLED_CORPUS
from indexer.places.gazetteer import load_gazetteer
from indexer.places.mentions import PlaceFinder


@pytest.fixture(scope="module")
def finder():
    gaz, problems = load_gazetteer(BUNDLED_CORPUS / "places.yaml")
    assert problems == []
    return PlaceFinder(gaz)


def ids(finder, text, language, people=()):
    return [p.id for p in finder.find(text, language=language, people=people)]


@pytest.mark.parametrize("text, language", [
    ("Әкем Қали Нұрланұлы 2017 жылы ұсталды.", "kk"),          # a patronymic after it
    ("Менің атым Мәдина Қалиқызы.", "kk"),                    # a name-introducing word before it
    ("Қали Мәдина екеуі Алматыдан келді.", "kk"),             # two given names side by side
    ("Ағам Қали үйге келмеді.", "kk"),                        # a relation word before it
    ("Qali degen adam kelip ketti.", "kk-Latn"),              # a name-introducing word after it
    ("My sister Madina was taken away.", "en"),
    ("Мою дочь зовут Мадина.", "ru"),
    ("ئىنىم قالى تۇتۇلدى", "ug"),
])
def test_a_given_name_the_text_shows_to_be_a_person_is_no_place(finder, text, language):
    assert not {"cali", "madinah"} & set(ids(finder, text, language))


def test_a_name_of_one_of_the_documents_people_is_no_place(finder):
    text = "Мәдина бүгін келді."
    assert ids(finder, text, "kk") == ["madinah"]                 # alone, without evidence, it is a place
    assert ids(finder, text, "kk", people=["Мәдина Серікқызы"]) == []
    # the father's name a listed person's patronymic carries
    assert ids(finder, "Қали келді.", "kk", people=["Айгүл Қалиқызы"]) == []


@pytest.mark.parametrize("text, language, place", [
    ("Ағам Дөрбілжінде мақта алқабында жұмыс істеді.", "kk", "emin"),    # a relation word, then a locative
    ("Інім Ерлан Шәуешекте ұсталды.", "kk", "tacheng"),
    ("Нұрлан Алтай аймағында туған.", "kk", "altay-prefecture"),
    ("Мы с братом Асланом жили в Кульдже.", "ru", "ghulja"),
    ("Akam Ablet Aqsuda ishleytti.", "ug-Latn", "aksu"),
    ("Сіңлім Айгүл Құлжадан хат жазды.", "kk", "ghulja"),
])
def test_a_place_beside_a_persons_name_is_still_a_place(finder, text, language, place):
    assert place in ids(finder, text, language)


def test_a_given_name_with_a_case_ending_only_places_take_is_a_place(finder):
    # "in Medina": the locative keeps it a place even beside a given name
    assert "madinah" in ids(finder, "Ерлан Мәдинада тұрады.", "kk")


@pytest.mark.parametrize("text, language", [
    ("Sıñlım Mädina 2019 jyly ūstaldy.", "kk-Latn"),          # the relation word in Latin letters
    ("Singlim Madina 2019-yili tutuldi.", "ug-Latn"),
])
def test_a_relation_word_counts_in_any_script(finder, text, language):
    assert "madinah" not in ids(finder, text, language)


@pytest.mark.parametrize("text, language", [
    ("Қали мен Мәдина Алматыдан келді.", "kk"),
    ("Madina and Kali were taken in 2018.", "en"),
])
def test_two_given_names_joined_by_and_are_people(finder, text, language):
    assert not {"cali", "madinah"} & set(ids(finder, text, language))


def test_two_places_joined_by_and_stay_places(finder):
    assert {"almaty", "astana"} <= set(ids(finder, "Алматы мен Астана арасында", "kk"))
