"""The spelling vocabulary: exact document counts that `add` can subtract from."""
from __future__ import annotations

from indexer.vocabulary import Vocabulary


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
    words.write(tmp_path)
    again = Vocabulary.read(tmp_path)
    assert again.counts == words.counts
    assert len(Vocabulary.read(tmp_path / "missing")) == 0
