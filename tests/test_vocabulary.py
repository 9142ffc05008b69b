"""The spelling vocabulary: exact document counts that `add` can subtract from."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.index.records import words_of
from indexer.index.vocabulary import Vocabulary
from indexer.text.analysis import WORD_PATTERN, fold


def test_counts_documents_and_forgets_words_no_document_uses():
    words = Vocabulary()
    words.add({"orchard", "camp"})
    words.add({"camp"})
    words.remove({"orchard", "camp"})
    assert "orchard" not in words and words.counts["camp"] == 1
    words.remove({"camp", "never-added"})
    assert len(words) == 0


def test_suggests_the_nearest_word_then_the_most_used():
    words = Vocabulary()
    for doc in ({"detained", "camp"}, {"detained", "camps"}, {"retained"}, {"detainee"}):
        words.add(doc)
    assert words.suggest("detaned") == ["detained", "detainee", "retained"]
    assert words.suggest("cmp") == ["camp", "camps"]
    assert words.suggest("zzzzzz") == []


def test_survives_a_round_trip_through_its_file(tmp_path):
    words = Vocabulary()
    words.add({"Қазыбек".casefold(), "qazaqstan'", "almaty"})
    words.add({"almaty"})
    words.write(tmp_path / "words.tsv")
    again = Vocabulary.read(tmp_path / "words.tsv")
    assert again.counts == words.counts
    assert len(Vocabulary.read(tmp_path / "missing.tsv")) == 0


def test_the_name_keys_kept_are_the_indexed_ones_after_adds(tmp_path):
    """What the fuzzy name search reads from the file is what Whoosh holds, withdrawals included."""
    from conftest import make_doc, write_corpus
    from indexer.index import store
    from indexer.index.build import add_documents, build_index
    from indexer.search.archive import Archive

    people = {"a": "Qazybek Amanov", "b": "Жанар Сапарова", "c": "Aigerim Serikkyzy"}
    corpus = write_corpus(tmp_path / "corpus", {
        k: make_doc(f"doc-{k}", f"{name} tells.", people=[{"name": name, "role": "narrator"}])
        for k, name in people.items()})
    index = tmp_path / "index"
    build_index(corpus, index)
    # One person withdrawn, another renamed: their keys must leave the public vocabulary.
    (corpus / "documents" / "b.md").write_text(make_doc("doc-b", "She tells.", people=[
        {"name": "Жанар Сапарова", "role": "narrator", "access": "restricted"}]), "utf-8")
    (corpus / "documents" / "c.md").write_text(make_doc("doc-c", "Aigul Nurova tells.", people=[
        {"name": "Aigul Nurova", "role": "narrator"}]), "utf-8")
    add_documents([corpus / "documents" / f"{k}.md" for k in "bc"], corpus, index)
    for scope in store.SCOPES:
        snap = Archive(index, scope).snapshot()
        reader = snap.searcher().reader()
        indexed = set()
        for leaf, offset in reader.leaf_readers():
            for term in leaf.lexicon("name_keys"):
                text = term.decode("utf-8")
                if any(snap.live_mask[offset + d] for d in leaf.postings("name_keys", text).all_ids()):
                    indexed.add(text)
        assert set(snap.vocabulary("name_keys")) == indexed, scope


_MARKS = "\u0300\u0301\u0308\u0651\u0670"
_JAMO = "\u1100\u1161\u11a8"


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("aßΣς eé'’\n\t\u00a0\u00a8ＡＢ１٣Ққئە塔") + list(_MARKS) + list(_JAMO)),
                        max_size=12), max_size=6))
def test_a_documents_words_are_those_of_each_of_its_texts(texts):
    """The words a document brings to the vocabulary are the words of each text folded on
    its own, though its texts are folded together: no word or composed letter joins two."""
    alone = set()
    for text in texts:
        alone.update(w.strip("'") for w in re.findall(WORD_PATTERN, fold(text)))
    alone.discard("")
    assert words_of(*texts) == alone


def test_a_documents_words_are_folded_and_keep_their_inner_apostrophe():
    assert words_of("Qazaqstan'ın ÉCOLE", "Шәуешек", "o'g'il") == {"qazaqstan'ın", "école", "шәуешек", "o'g'il"}
