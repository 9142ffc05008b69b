"""The Whoosh analyzers of the index's text fields, one per corpus language.

Every body is indexed under the analyzer of its own language. Each analyzer
is one pass over the text (`indexer.text.analysis.analyze`) rather than a
chain of Whoosh filters: the chain hands every token through five
generators, and analysis was the largest part of building the index. It
gives the same terms and positions as the chain it replaces (RegexTokenizer |
LowercaseFilter | NFC | StopFilter | StemFilter | CharsetFilter), which the
tests check, for English, Russian and other text.

Kazakh and Uyghur words are read into one form whatever their script here,
where the names package may be used: the transliteration that finds a name
in any script gives the canonical Latin of a word, `indexer.text.turkic`
strips its endings, and the names' phonetic folding makes the index form.
"""
from __future__ import annotations

import functools
import pickle
import re
import threading

from whoosh.analysis import Token, Tokenizer

from ..names.phonetic import fold_latin
from ..names.transliterate import transliterate
from ..text import turkic
from ..text.analysis import STEMMED, analyze, index_positions

#: The version of the analysis an index's terms were made with. An index keeps its
#: analyzers pickled in its schema; one of another version would be searched with
#: terms it does not hold, so it does not load (`store.open_index` then asks for a
#: rebuild, and `archive serve` rebuilds). Raise it whenever analysis changes.
ANALYSIS_VERSION = 4
#: Languages with their own analysis: stemmed, segmented or read across scripts.
ANALYSED = (*STEMMED, "zh", *turkic.TABLES)
#: Words a Turkic word form leaves as they are: no Latin, Cyrillic or Arabic letter
#: (numbers, Chinese characters).
_NOT_READ = re.compile(r"[^\W\d_\u3007\u3400-\u9fff\uf900-\ufaff]")


@functools.lru_cache(maxsize=200_000)
def turkic_form(word: str, language: str) -> str:
    """The indexed form of a Kazakh or Uyghur word in any script: its stem, folded."""
    if not _NOT_READ.search(word):
        return word
    stem = turkic.stem(transliterate(word), language)
    return fold_latin(stem) or word


#: The last analyses `WordAnalyzer.positions` made, for the next fields to read the same
#: texts (a document's title and body, each also read for its word pairs):
#: [(text, analyzer, [(word, position)…])…], newest last, one list per thread.
_last = threading.local()
#: Analyses kept: a document's fields are written in name order, so a title's pairs
#: come between its body's pairs and its body.
_KEPT = 4


def _kept_tokens(value: str, analyzer) -> list | None:
    for text, kept_by, tokens in getattr(_last, "analyses", ()):
        if text is value and kept_by == analyzer:
            return tokens
    return None


def _keep(value: str, analyzer, tokens: list) -> None:
    kept = getattr(_last, "analyses", None)
    if kept is None:
        kept = _last.analyses = []
    kept.append((value, analyzer, tokens))
    del kept[:-_KEPT]


@functools.cache   # one function a language: the analysis keeps its words' forms by it
def _word_form(language: str | None):
    if language in turkic.TABLES:
        return functools.partial(turkic_form, language=language)
    return None


class WordAnalyzer(Tokenizer):
    """The words of `indexer.text.analysis.analyze` as Whoosh tokens."""

    def __init__(self, language: str | None = None, fold_accents: bool = False):
        self.language = language if language in ANALYSED else None
        self.fold_accents = fold_accents
        self.version = ANALYSIS_VERSION

    def __setstate__(self, state):
        if state.get("version", 1) != ANALYSIS_VERSION:
            raise pickle.UnpicklingError(f"its text was analysed by version {state.get('version', 1)} of the "
                                         f"analysis, this archive analyses by version {ANALYSIS_VERSION}")
        self.__dict__.update(state)

    @property
    def is_morph(self) -> bool:
        return self.language in STEMMED

    def __eq__(self, other):
        return (isinstance(other, WordAnalyzer) and self.language == other.language
                and self.fold_accents == other.fold_accents)

    def __hash__(self):
        return hash((self.language, self.fold_accents))

    def positions(self, value: str) -> list[tuple[str, int]]:
        """(word, position) of every token of `value`, kept for this analyzer's next
        reading of the same text (the same string object): a document's text field
        and its word pairs (indexer.index.pairs) then cost one analysis, not two."""
        tokens = _kept_tokens(value, self)
        if tokens is None:
            tokens = index_positions(value, self.language, self.fold_accents, _word_form(self.language))
            _keep(value, self, tokens)
        return tokens

    @staticmethod
    def _replayed(tokens, t):
        """Kept tokens as Whoosh's analyzers yield them."""
        for t.text, t.pos in tokens:
            t.boost, t.stopped = 1.0, False
            yield t

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if mode == "index" and positions and not (chars or keeporiginal or start_pos) and removestops \
                and tokenize:
            kept = _kept_tokens(value, self)
            if kept is not None:
                return self._replayed(kept, t)
        return analyze(t, value, self.language, self.fold_accents, positions, chars, keeporiginal,
                       removestops, start_pos, start_char, tokenize, _word_form(self.language))


def plain_analyzer():
    """Tokenize, normalise, lowercase: for Kazakh, names and any other script."""
    return WordAnalyzer()


def folded_analyzer():
    """Plain analysis with Latin accents folded (namāz = namaz)."""
    return WordAnalyzer(fold_accents=True)


def analyzer_for(language: str):
    """The analyzer for a text field of `language` (a TEXT_LANGUAGES code)."""
    if language == "en":
        return WordAnalyzer("en", fold_accents=True)
    if language in ANALYSED:
        return WordAnalyzer(language)
    return folded_analyzer()
