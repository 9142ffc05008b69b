"""A phrase answered from the index's word pairs finds exactly what Whoosh's own Phrase finds."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq
from whoosh.filedb.filestore import RamStorage

from conftest import make_doc, result_ids
from indexer.index.pairs import pair_fields, with_pairs
from indexer.index.schema import build_schema
from indexer.search import scoring
from indexer.search.compiler import Compiler
from indexer.search.docsets import Docsets
from indexer.search.scoring import Scorer

#: Words of each language, with stop words, inflections, hyphenated and repeated forms:
#: what adjacency must survive (positions renumbered, joined forms, segmentation).
WORDS = {
    "en": ["camp", "camps", "the", "a", "of", "to", "re-education", "reeducation", "education",
           "brother", "taken", "was", "police", "school", "x"],
    "ru": ["лагерь", "лагеря", "лагере", "в", "и", "не", "полиция", "полиции", "брат", "был", "задержан"],
    "kk": ["үй", "үйге", "үйлер", "лагерь", "лагерге", "және", "ағам", "ағасы", "ұсталды", "qamaldy",
           "қамалды", "ауыл"],
    "zh": ["再教育", "营", "營", "警察", "的", "哥哥", "被", "带走", "帶走", "学校"],
}


def _text(lang: str, words: list[str], joiner: str) -> str:
    return (joiner if lang == "zh" else " ").join(words)


@st.composite
def corpora(draw):
    """Documents of two segments (the first with some deleted), and phrases to look for."""
    docs = []
    for _ in range(draw(st.integers(2, 12))):
        lang = draw(st.sampled_from(sorted(WORDS)))
        words = draw(st.lists(st.sampled_from(WORDS[lang]), min_size=1, max_size=14))
        title = draw(st.lists(st.sampled_from(WORDS[lang]), max_size=4))
        docs.append((lang, words, title, draw(st.sampled_from(["", " "]))))
    phrases = []
    for _ in range(draw(st.integers(1, 4))):
        lang, words, title, joiner = draw(st.sampled_from(docs))
        source = draw(st.sampled_from([words, title or words]))
        start = draw(st.integers(0, max(0, len(source) - 2)))
        picked = source[start:start + draw(st.integers(2, 4))]
        if draw(st.booleans()):          # now and then words the text does not hold in this order
            picked = draw(st.lists(st.sampled_from(WORDS[lang]), min_size=2, max_size=4))
        phrases.append(_text(lang, picked, joiner))
    split = draw(st.integers(1, len(docs)))
    deleted = draw(st.sets(st.integers(0, split - 1), max_size=split))
    return docs, split, deleted, phrases


def _index(docs, split, deleted, pairs=True):
    schema = build_schema()
    if not pairs:                    # an index written before the word pairs
        for name in pair_fields(schema).values():
            schema.remove(name)
    ix = RamStorage().create_index(schema)
    for part in (docs[:split], docs[split:]):
        writer = ix.writer()
        for n, (lang, words, title, joiner) in enumerate(part, 0 if part is docs[:split] else split):
            fields = {"id": str(n), f"text_{lang}": _text(lang, words, joiner),
                      "title": _text(lang, title, joiner)}
            writer.add_document(**with_pairs(fields, ix.schema))
        if part is not docs[:split]:
            for n in deleted:
                writer.delete_by_term("id", str(n))
        writer.commit(merge=False)
    return ix


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora())
def test_a_phrase_finds_and_scores_what_whooshs_phrase_does(corpus):
    _check_phrases(corpus, pairs=True)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora())
def test_an_index_written_before_the_pairs_still_answers_phrases_as_whoosh_does(corpus):
    _check_phrases(corpus, pairs=False)


def _check_phrases(corpus, pairs: bool):
    docs, split, deleted, typed = corpus
    searcher = _index(docs, split, deleted, pairs).searcher()
    reader = searcher.reader()
    live = np.array([not reader.is_deleted(d) for d in range(reader.doc_count_all())], dtype=bool)
    dead = set(np.flatnonzero(~live).tolist())
    docsets = Docsets(searcher, None, live)
    for text in typed:
        for q in Compiler().text_query(text):
            if not isinstance(q, wq.Phrase):
                continue
            # The pairs answer it, not Whoosh's matchers (which an index without pairs needs).
            assert docsets.needs_whoosh(q) is not pairs
            expected = {d for d in searcher.docs_for_query(q) if live[d]}
            assert set(np.flatnonzero(docsets.mask(q)).tolist()) == expected, (text, q)
            hit, score = Scorer(searcher, docsets, dead).scores(q)
            whoosh = {d: s for s, d in searcher.search(q, limit=None, mask=dead or None).top_n}
            assert set(np.flatnonzero(hit & live).tolist()) == set(whoosh), (text, q)
            for d, s in whoosh.items():
                assert score[d] == pytest.approx(s), (text, q, d)


def _postings_of(ix, field):
    """Every term of `field` with its (document, positions), and every document's length."""
    reader = ix.reader()
    terms = {term: list(reader.postings(field, term).items_as("positions")) for term in reader.field_terms(field)}
    return terms, [reader.doc_field_length(d, field) for d in range(reader.doc_count_all())]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(WORDS)).flatmap(
    lambda lang: st.tuples(st.just(lang), st.lists(st.lists(st.sampled_from(WORDS[lang]), max_size=12),
                                                   min_size=1, max_size=4))))
def test_indexing_the_pairs_leaves_the_text_fields_terms_and_positions_as_they_were(drawn):
    lang, texts = drawn
    indexes = []
    for pairs in (False, True):
        ix = RamStorage().create_index(build_schema())
        writer = ix.writer()
        for words in texts:
            fields = {f"text_{lang}": " ".join(words), "title": " ".join(words[:3])}
            writer.add_document(**(with_pairs(fields, ix.schema) if pairs else fields))
        writer.commit()
        indexes.append(ix)
    for field in (f"text_{lang}", "title"):
        assert _postings_of(indexes[0], field) == _postings_of(indexes[1], field)


BODIES = {
    "said": "The police said my brother was taken to a re-education camp in 2017.",
    "apart": "My brother was at school when the police came; they were taken to the camp.",
    "reversed": "The camp re-education of my brother; they say he was not taken.",
    "russian": "Полиция сказала, что мой брат был задержан и отправлен в лагерь.",
    "kazakh": "Ағам лагерге қамалды, ал інім ауылда қалды.",
    "chinese": "我的哥哥被警察带走了，送到再教育营。",
}


@pytest.fixture(scope="module")
def ids(tmp_path_factory):
    docs = {name: make_doc(name, body, language=lang, title=f"Testimony {n}") for n, (name, body, lang) in
            enumerate((k, v, {"russian": "ru", "kazakh": "kk", "chinese": "zh"}.get(k, "en"))
                      for k, v in BODIES.items())}
    return result_ids(tmp_path_factory.mktemp("phrases"), docs)


@pytest.mark.parametrize("typed, expected", [
    ('"brother was taken"', {"said"}),                 # the words of "apart" too, not together
    ('"taken to a re-education camp"', {"said"}),      # stop words and a hyphen inside the phrase
    ('"re-education camp"', {"said"}),
    ('"reeducation camp"', {"said"}),
    ('"camp re-education"', {"reversed"}),             # a phrase that runs on into a hyphenated word
    ('"брат был задержан"', {"russian"}),
    ('"ағасы лагерьге"', {"kazakh"}),                  # other endings of the same two words
    ('"哥哥被警察帶走"', {"chinese"}),                   # traditional characters, segmented
    ('"brother was taken" OR "брат был задержан"', {"said", "russian"}),
    ('taken -"brother was taken"', {"apart", "reversed"}),
])
def test_a_phrase_finds_exactly_the_testimonies_that_say_it(ids, typed, expected):
    assert set(ids(typed)) == expected


def test_a_phrase_of_common_words_costs_its_pairs_not_its_positions(bundled_index):
    """The postings bound counts what the pairs make a phrase read: far less than the
    positions of its words, so fewer phrases of common words are refused."""
    from indexer.search.archive import Archive

    searcher = Archive(bundled_index).snapshot().searcher()
    reader = searcher.reader()
    pair = max(reader.field_terms("pairs_text_en"), key=lambda t: searcher.doc_frequency("pairs_text_en", t))
    q = wq.Phrase("text_en", pair.split(" "))
    words = sum(searcher.doc_frequency("text_en", w) for w in q.words)
    assert scoring.postings_cost(searcher, q) <= searcher.doc_frequency("pairs_text_en", pair) + words
    assert scoring.postings_cost(searcher, q) < scoring.PHRASE_COST * words
