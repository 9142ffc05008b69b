"""The vocabularies kept beside each index: its words, and its name keys, with document counts.

Spelling suggestions need only the words and their document counts, not
which document holds each word, so the words are a small file beside each
Whoosh index instead of a field with a posting per word and document (which
was half of all postings the indexer wrote). Fuzzy name search needs every
name key of the index; read from this file a snapshot opens in a fraction of
the time Whoosh takes to list a field's terms. The counts are exact: `add`
subtracts what the versions it replaces brought, so a name that stops being
public stops being suggested at once. The place keys are the search terms of
the gazetteer places the index's documents name, each with its place (see
`records.place_key_entries`): a search finds the places a word names here,
then their documents by canonical name.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

#: Each vocabulary by name, and its file in an index directory.
FILES = {"words": "vocabulary.tsv", "name_keys": "name_keys.tsv", "place_keys": "place_keys.tsv"}
#: Joins a place's search term and its canonical name in one "place_keys" entry
#: (a tab, which neither a term nor a name holds).
PLACE_KEY_JOIN = "\t"
#: Edits a suggestion may be away from the word typed.
MAX_EDITS = 2


class Vocabulary:
    """Words with the number of documents that use them."""

    def __init__(self, counts: Counter | None = None):
        self.counts: Counter = counts if counts is not None else Counter()
        self._words: list[str] | None = None

    def terms(self) -> list[str]:
        """Every word, sorted; the same list object until the vocabulary changes."""
        if self._words is None:
            self._words = sorted(self.counts)
        return self._words

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def __len__(self) -> int:
        return len(self.counts)

    def add(self, words: Iterable[str]) -> None:
        self.counts.update(words)
        self._words = None

    def remove(self, words: Iterable[str]) -> None:
        """Take one document's words out; words no document uses any more are dropped."""
        for word in words:
            left = self.counts.get(word, 0) - 1
            if left > 0:
                self.counts[word] = left
            else:
                self.counts.pop(word, None)
        self._words = None

    def __add__(self, other: Vocabulary) -> Vocabulary:
        return Vocabulary(self.counts + other.counts)

    def suggest(self, word: str, limit: int = 3, max_edits: int = MAX_EDITS) -> list[str]:
        """The nearest words within `max_edits` edits: fewest edits first, then the most used."""
        near = process.extract(word, self.terms(), scorer=Levenshtein.distance,
                               score_cutoff=max_edits, limit=None)
        near.sort(key=lambda m: (m[1], -self.counts[m[0]], m[0]))
        return [m[0] for m in near if m[0] != word][:limit]

    # -- on disk -------------------------------------------------------------
    def write(self, path: Path) -> None:
        lines = (f"{w}\t{n}\n" for w, n in sorted(self.counts.items()))
        Path(path).write_text("".join(lines), "utf-8")

    @classmethod
    def read(cls, path: Path) -> Vocabulary:
        """The vocabulary in a file (empty for an index written without one)."""
        counts = Counter()
        try:
            text = Path(path).read_text("utf-8")
        except FileNotFoundError:
            return cls(counts)
        for line in text.splitlines():
            word, _, n = line.rpartition("\t")
            counts[word] = int(n)
        return cls(counts)


class Vocabularies:
    """The vocabularies of one index (see FILES), changed a document at a time."""

    def __init__(self, parts: dict[str, Vocabulary] | None = None):
        self.parts = parts if parts is not None else {name: Vocabulary() for name in FILES}

    def __getitem__(self, name: str) -> Vocabulary:
        return self.parts[name]

    def add(self, found: dict[str, Iterable[str]]) -> None:
        """Count one document's words per vocabulary (a `records.document_vocabularies` dict)."""
        for name, words in found.items():
            self.parts[name].add(words)

    def remove(self, found: dict[str, Iterable[str]]) -> None:
        for name, words in found.items():
            self.parts[name].remove(words)

    def __add__(self, other: Vocabularies) -> Vocabularies:
        return Vocabularies({name: part + other.parts[name] for name, part in self.parts.items()})

    def write(self, index_dir: Path) -> None:
        for name, part in self.parts.items():
            part.write(Path(index_dir) / FILES[name])

    @classmethod
    def read(cls, index_dir: Path) -> Vocabularies:
        return cls({name: Vocabulary.read(Path(index_dir) / file) for name, file in FILES.items()})


def places_by_term(vocabulary: Vocabulary) -> dict[str, frozenset[str]]:
    """The "place_keys" vocabulary as search term -> the canonical names of the places it names."""
    found: dict[str, set[str]] = {}
    for entry in vocabulary.counts:
        term, _, name = entry.partition(PLACE_KEY_JOIN)
        found.setdefault(term, set()).add(name)
    return {term: frozenset(names) for term, names in found.items()}
