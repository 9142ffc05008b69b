"""Events and relations drafted from short testimonies in every language and script the archive
receives: the same story (an elder brother detained and sentenced, a younger relative released or
missing) told in English, Russian, Kazakh in Cyrillic and Arabic script, Uyghur, and Chinese, with the
term in digits or in words. One phrase table serves every script of Kazakh and of Uyghur; a relation
is written in the corpus format's English words, as precise as the text (младший брат: younger
brother), and two brothers of different age are two people, each with the name the text gives."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import PLACES, make_doc, write_corpus
from indexer.importing.run import Importer

GHULJA = {"id": "ghulja", "name": "Ghulja", "kind": "city", "within": "china",
          "aliases": {"en": ["Kulja"], "ru": ["Кульджа"], "kk": ["Құлжа"], "kk-Arab": ["قۇلجا"], "ug": ["غۇلجا"],
                      "zh": ["伊宁"]}}


@pytest.fixture()
def corpus(tmp_path):
    return write_corpus(tmp_path / "corpus", {"kept": make_doc("kept", "A kept testimony.\n")},
                        {"places": [*PLACES["places"], GHULJA]})


def _draft(corpus: Path, tmp_path: Path, text: str) -> dict:
    src = tmp_path / "testimony.txt"
    src.write_text(text, "utf-8")
    importer = Importer(corpus)
    [path] = importer.write(importer.plan([src], corpus / "documents"))
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


def _events(meta: dict) -> dict[str, set]:
    """{relation: {(event, when, term_years)}} of the draft's relatives."""
    return {p["relation"]: {(e["event"], e.get("when"), e.get("term_years")) for e in p.get("events", [])}
            for p in meta["people"] if p.get("relation")}


ELDER = {("detained", "2017", None), ("sentenced", None, 15)}

#: (language, testimony, events of the younger relative): an elder brother detained in 2017 and
#: sentenced to fifteen years (in words, or digits), a younger relative released or missing in 2019.
STORIES = [
    ("kk", "Менің ағам 2017 жылы Құлжада ұсталды. Ол он бес жылға сотталды. Інім 2019 жылы хабарсыз кетті.",
     "younger brother", {("missing", "2019", None)}),
    ("kk-Arab", "اعام 2017 جىلى قۇلجادا ۇستالدى. ول ون بەس جىلعا سوتتالدى. ٴىنىم 2019 جىلى حابارسىز كەتتى.",
     "younger brother", {("missing", "2019", None)}),
    ("kk-Arab", "اعام 2017 جىلى قۇلجادا ۇستالدى. ول 15 جىلعا سوتتالدى. ٴسىڭلىم 2019 جىلى بوساتىلدى.",
     "younger sister", {("released", "2019", None)}),
    ("ug", "ئاكام 2017-يىلى غۇلجىدا تۇتۇلدى. ئۇ ئون بەش يىللىق كېسىلدى. ئىنىم 2019-يىلى قويۇپ بېرىلدى.",
     "younger brother", {("released", "2019", None)}),
    ("ug", "ئاكام 2017-يىلى غۇلجىدا تۇتۇلدى. ئۇ 15 يىللىق كېسىلدى. سىڭلىم 2019-يىلدىن بېرى دېرەكسىز.",
     "younger sister", {("missing", "2019", None)}),
    ("ru", "Мой старший брат был задержан в Кульдже в 2017 году. Его осудили на пятнадцать лет. "
           "Моя младшая сестра пропала без вести в 2019 году.", "younger sister", {("missing", "2019", None)}),
    ("ru", "Моего старшего брата арестовали в 2017 году, он был задержан в лагере. Он осуждён на 15 лет. "
           "Мой младший брат освобождён в 2019 году.", "younger brother", {("released", "2019", None)}),
    ("en", "My elder brother was detained in Ghulja in 2017. He was sentenced to fifteen years. "
           "My younger sister went missing in 2019.", "younger sister", {("missing", "2019", None)}),
    ("zh", "我的哥哥2017年在伊宁被拘留。他被判十五年。我的弟弟2019年获释。", "younger brother",
     {("released", "2019", None)}),
    ("zh", "我的哥哥2017年在伊宁被拘留。他被判处15年。我的妹妹2019年失踪了。", "younger sister",
     {("missing", "2019", None)}),
    ("zh", "我的哥哥2017年在伊宁被抓走了。他被判十五年。我的妹妹2019年失踪了。", "younger sister",
     {("missing", "2019", None)}),
]


@pytest.mark.parametrize("language, text, younger, events", STORIES)
def test_every_language_and_script_gives_events_with_their_terms(corpus, tmp_path, language, text, younger,
                                                                 events):
    meta = _draft(corpus, tmp_path, text)
    assert meta["language"] == language
    found = _events(meta)
    assert ELDER <= found["elder brother"], found
    assert found[younger] == events, found


#: Kazakh and Uyghur in Latin script, read as any Latin-script text is (whatever the draft's tag):
#: the Kazakh and Uyghur phrases and relation nouns, written once in Cyrillic or Arabic script, are read.
LATIN = [
    ("Aǵam Dáýren Talǵatuly 2017 jyly Qulja qalasynda ustaldy. Ol on bes jylǵa sottaldy. "
     "Inim Serik Talǵatuly 2019 jyly habarsyz ketti.",
     {"Dáýren Talǵatuly": "elder brother", "Serik Talǵatuly": "younger brother"}, {("missing", "2019", None)}),
    ("Ağam Däuren Talğatūly 2017 jyly Qūlja qalasynda ustaldy. Ol 15 jylğa sottaldy. "
     "İnım Serık Talğatūly 2019 jyly bosatyldy.",
     {"Däuren Talğatūly": "elder brother", "Serık Talğatūly": "younger brother"}, {("released", "2019", None)}),
    ("Akam Nurmuhemmet Yaqup 2017 yili Ghuljida tutuldi. U on besh yilliq kësildi. "
     "Inim Abdurëhim Tursun 2019 yili qoyup bërildi.",
     {"Nurmuhemmet Yaqup": "elder brother", "Abdurëhim Tursun": "younger brother"}, {("released", "2019", None)}),
]


@pytest.mark.parametrize("text, relatives, events", LATIN)
def test_kazakh_and_uyghur_in_latin_script_give_relatives_names_and_events(corpus, tmp_path, text, relatives,
                                                                          events):
    meta = _draft(corpus, tmp_path, text)
    named = {p["name"]: p.get("relation") for p in meta["people"] if p.get("name")}
    assert named == relatives
    found = _events(meta)
    assert {kind for kind, _, term in found["elder brother"]} == {"detained", "sentenced"}
    assert {term for _, _, term in found["elder brother"]} == {None, 15}
    assert found["younger brother"] == events


def test_an_event_keeps_the_sentence_it_was_read_from_in_its_own_script(corpus, tmp_path):
    text = "ئاكام 2017-يىلى غۇلجىدا تۇتۇلدى. ئۇ ئون بەش يىللىق كېسىلدى. ئىنىم 2019-يىلى قويۇپ بېرىلدى."
    meta = _draft(corpus, tmp_path, text)
    texts = {p["relation"]: [e["text"] for e in p["events"]] for p in meta["people"] if p.get("relation")}
    assert texts == {"elder brother": ["ئاكام 2017-يىلى غۇلجىدا تۇتۇلدى.", "ئۇ ئون بەش يىللىق كېسىلدى."],
                     "younger brother": ["ئىنىم 2019-يىلى قويۇپ بېرىلدى."]}


#: A year is no term: "until 2018" after a number slot is not a sentence of 2018 years.
def test_a_year_is_never_read_as_a_term(corpus, tmp_path):
    meta = _draft(corpus, tmp_path, "Менің ағам 2017 жылы ұсталды. Ол 2018 жылға дейін лагерьде болды, сотталды.")
    terms = [e.get("term_years") for p in meta["people"] for e in p.get("events", [])]
    assert terms and not any(terms)


#: (language, testimony, {name: relation}): four relatives, each named after a relation word with an
#: age in it (written as a qualifier or in the noun itself), names no table lists.
FAMILIES = [
    ("ru", "Мой старший брат Даурен Талгатов живёт в Кульдже. Мой младший брат Серик Талгатов учитель. "
           "Моя младшая сестра Айнур Талгатова врач. Моя старшая сестра Жанар Талгатова тоже врач.",
     {"Даурен Талгатов": "elder brother", "Серик Талгатов": "younger brother",
      "Айнур Талгатова": "younger sister", "Жанар Талгатова": "elder sister"}),
    ("en", "My elder brother Dauren Talgatov lives in Ghulja. My younger brother Serik Talgatov is a teacher. "
           "My little sister Ainur Talgatova is a doctor. My older sister Zhanar Talgatova is a nurse.",
     {"Dauren Talgatov": "elder brother", "Serik Talgatov": "younger brother",
      "Ainur Talgatova": "younger sister", "Zhanar Talgatova": "elder sister"}),
    ("kk", "Менің ағам Дәурен Талғатұлы Құлжада тұрады. Інім Серік Талғатұлы мұғалім. "
           "Әпкем Жанар Талғатқызы дәрігер. Қарындасым Айнұр Талғатқызы медбике.",
     {"Дәурен Талғатұлы": "elder brother", "Серік Талғатұлы": "younger brother",
      "Жанар Талғатқызы": "elder sister", "Айнұр Талғатқызы": "younger sister"}),
    ("kk-Arab", "اعام داۋرەن تالعاتۇلى قۇلجادا تۇرادى. ٴىنىم سەرىك تالعاتۇلى مۇعالىم. "
                "اپكەم جانار تالعاتقىزى دارىگەر. ٴسىڭلىم اينۇر تالعاتقىزى مەدبيكە.",
     {"داۋرەن تالعاتۇلى": "elder brother", "سەرىك تالعاتۇلى": "younger brother",
      "جانار تالعاتقىزى": "elder sister", "اينۇر تالعاتقىزى": "younger sister"}),
]


@pytest.mark.parametrize("language, text, relatives", FAMILIES)
def test_relations_with_an_age_are_english_and_each_relative_keeps_their_name(corpus, tmp_path, language, text,
                                                                             relatives):
    meta = _draft(corpus, tmp_path, text)
    assert meta["language"] == language
    named = {p["name"]: p.get("relation") for p in meta["people"] if p.get("name")}
    assert {name: named.get(name) for name in relatives} == relatives
    assert all(re.fullmatch(r"[a-z -]+", p["relation"]) for p in meta["people"] if p.get("relation"))


@pytest.mark.parametrize("language, text, relations", [
    ("zh", "我的哥哥是农民。我的弟弟是老师。我的姐姐是医生。我的妹妹是护士。",
     ["elder brother", "younger brother", "elder sister", "younger sister"]),
    ("ug", "ئاكام دېھقان. ئىنىم ئوقۇتقۇچى. ھەدەم دوختۇر. سىڭلىم سېستىرا.",
     ["elder brother", "younger brother", "elder sister", "younger sister"]),
    ("kk", "Ағам шопан. Інім мұғалім. Әпкем дәрігер. Сіңлім медбике.",
     ["elder brother", "younger brother", "elder sister", "younger sister"]),
    ("ru", "Мой младший брат учитель, а мой старший брат водитель. Моя сестра врач.",
     ["younger brother", "elder brother", "sister"]),
    ("en", "My late father was a teacher. My only son is a driver. My big sister is a doctor.",
     ["father", "son", "elder sister"]),
])
def test_brothers_and_sisters_of_each_age_are_drafted_apart(corpus, tmp_path, language, text, relations):
    meta = _draft(corpus, tmp_path, text)
    assert [p["relation"] for p in meta["people"] if p.get("relation")] == relations


def test_a_bare_brother_beside_two_brothers_of_different_age_stays_apart_and_keeps_his_events(corpus, tmp_path):
    text = ("My elder brother was detained in 2017. My younger brother was released in 2019. "
            "My brother Dauren Talgatov went missing in 2020.")
    meta = _draft(corpus, tmp_path, text)
    assert _events(meta) == {"elder brother": {("detained", "2017", None)},
                             "younger brother": {("released", "2019", None)},
                             "brother": {("missing", "2020", None)}}
    assert [p.get("name") for p in meta["people"] if p.get("relation") == "brother"] == ["Dauren Talgatov"]
