"""A query word naming a subject also finds the subject's terms in every language, ranked below it."""
from __future__ import annotations

import pytest

from conftest import make_doc, result_ids
from indexer.search import querylang
from indexer.search.compiler import Compiler
from indexer.text.thesaurus import LANGUAGES, concepts

DOCS = {
    "en-police": make_doc("en-police", "The police came at night and took him."),
    "kk-police": make_doc("kk-police", "Күйеуім полицияға шақырылды.", language="kk"),
    "zh-police": make_doc("zh-police", "我的丈夫被警察带走。", language="zh"),
    "ug-factory": make_doc("ug-factory", "U zawutta ishlewatidu.", language="ug-Latn"),
    "ru-court": make_doc("ru-court", "Суд приговорил его к семи годам.", language="ru"),
    "en-market": make_doc("en-market", "She sold bread at the market."),
}


@pytest.fixture(scope="module")
def search(tmp_path_factory):
    return result_ids(tmp_path_factory.mktemp("thesaurus"), DOCS)


def test_every_concept_names_its_source_and_has_terms_in_every_language():
    for concept in concepts():
        assert concept.source
        assert all(concept.terms[lang] for lang in LANGUAGES), concept.id


@pytest.mark.parametrize("q, found", [
    ("police", {"en-police", "kk-police", "zh-police"}),
    ("警察", {"en-police", "kk-police", "zh-police"}),
    ("полиция", {"en-police", "kk-police", "zh-police"}),
    ("factory", {"ug-factory"}),
    ("court", {"ru-court"}),
])
def test_a_subject_word_finds_its_terms_in_other_languages(search, q, found):
    assert set(search(q)) == found


def test_the_literal_match_ranks_above_the_other_languages(search):
    assert search("police")[0] == "en-police"
    assert search("警察")[0] == "zh-police"


def test_a_word_naming_no_subject_adds_nothing(search):
    assert search("volleyball") == []
    assert search("bread") == ["en-market"]
    compiler = Compiler()
    compiler.compile(querylang.parse("bread"))
    assert compiler.expanded == []


def test_the_compiler_says_what_it_also_searched():
    compiler = Compiler()
    compiler.compile(querylang.parse("police"))
    [expanded] = compiler.expanded
    assert expanded["typed"] == "police" and expanded["concept"] == "police"
    assert "полиция" in expanded["terms"] and "警察" in expanded["terms"] and "police" not in expanded["terms"]


@pytest.mark.parametrize("q", ["NOT (NOT ((police OR police)))", "-police", "police OR (police AND court)"])
def test_an_expanded_word_nests_in_any_query(search, q):
    assert isinstance(search(q), list)


def test_the_thesaurus_covers_the_archives_subjects():
    """At least 150 concepts, each once: detention, camps, police, family, work, religion,
    travel, documents, courts, health and the rest of what testimonies tell."""
    ids = [c.id for c in concepts()]
    assert len(ids) >= 150 and len(set(ids)) == len(ids)
    for subject in ("detention", "camp", "police", "family", "work", "religion", "travel", "documents",
                    "court", "hospital", "lawyer", "visa", "forced-labour"):
        assert subject in ids, subject


@pytest.mark.parametrize("q", ["hospitality", "interrogative", "factorial"])
def test_a_word_derived_from_a_term_brings_no_subject(q):
    """English stemming reads hospitality as hospital: the word's own stem is searched, but the
    subject's terms in other languages are not."""
    compiler = Compiler()
    compiler.compile(querylang.parse(q))
    assert compiler.expanded == []


@pytest.mark.parametrize("q, concept", [("hospitals", "hospital"), ("interrogations", "interrogation"),
                                        ("factories", "factory"), ("sentenced", "sentence"),
                                        ("допрашивали", "interrogation")])
def test_an_inflected_form_of_a_term_brings_its_subject(q, concept):
    compiler = Compiler()
    compiler.compile(querylang.parse(q))
    assert concept in [e["concept"] for e in compiler.expanded]


@pytest.mark.parametrize("q", ["boarding school", "police station", '"boarding school"'])
def test_a_subject_of_several_words_typed_without_quotes_brings_its_terms(q):
    compiler = Compiler()
    compiler.compile(querylang.parse(q))
    assert {"boarding-school", "police-station"} & {e["concept"] for e in compiler.expanded}


def test_a_subject_of_several_words_finds_a_testimony_in_another_language(tmp_path):
    search = result_ids(tmp_path, {
        "ru-internat": make_doc("ru-internat", "Детей отправили в интернат.", language="ru"),
        "en-school": make_doc("en-school", "The school was closed and the boarding house sold."),
    })
    assert set(search("boarding school")) == {"en-school", "ru-internat"}
    assert search("police station") == []
