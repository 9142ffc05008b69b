"""A scope's spelling vocabulary: every distinct folded word and how many documents use it.

Spelling suggestions need only the words and their document counts, not
which document holds each word, so the vocabulary is a small file beside each
Whoosh index instead of a field with a posting per word and document (which
was half of all postings the indexer wrote). The counts are exact: `add`
subtracts the words of the versions it replaces, so a name that stops being
public stops being suggested at once.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

FILE = "vocabulary.tsv"
#: Edits a suggestion may be away from the word typed.
MAX_EDITS = 2


class Vocabulary:
    """Words with the number of documents that use them."""

    def __init__(self, counts: Counter | None = None):
        self.counts: Counter = counts if counts is not None else Counter()
        self._words: list[str] | None = None

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

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """The nearest words within MAX_EDITS edits: fewest edits first, then the most used."""
        if self._words is None:
            self._words = list(self.counts)
        near = process.extract(word, self._words, scorer=Levenshtein.distance,
                               score_cutoff=MAX_EDITS, limit=None)
        near.sort(key=lambda m: (m[1], -self.counts[m[0]], m[0]))
        return [m[0] for m in near if m[0] != word][:limit]

    # -- on disk -------------------------------------------------------------
    def write(self, index_dir: Path) -> None:
        lines = (f"{w}\t{n}\n" for w, n in sorted(self.counts.items()))
        (Path(index_dir) / FILE).write_text("".join(lines), "utf-8")

    @classmethod
    def read(cls, index_dir: Path) -> Vocabulary:
        """The vocabulary stored with an index (empty for an index written without one)."""
        counts = Counter()
        try:
            text = (Path(index_dir) / FILE).read_text("utf-8")
        except FileNotFoundError:
            return cls(counts)
        for line in text.splitlines():
            word, _, n = line.rpartition("\t")
            counts[word] = int(n)
        return cls(counts)
