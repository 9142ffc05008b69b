"""The Whoosh analyzers of the index's text fields, one per corpus language.

Every body is indexed under the analyzer of its own language. Each analyzer
is one pass over the text (`indexer.text.analysis.analyze`) rather than a
chain of Whoosh filters: the chain hands every token through five
generators, and analysis was the largest part of building the index. It
gives the same terms and positions as the chain it replaces (RegexTokenizer |
LowercaseFilter | NFC | StopFilter | StemFilter | CharsetFilter), which the
tests check.
"""
from __future__ import annotations

from whoosh.analysis import Token, Tokenizer

from ..text.analysis import STEMMED, analyze


class WordAnalyzer(Tokenizer):
    """The words of `indexer.text.analysis.analyze` as Whoosh tokens."""

    def __init__(self, language: str | None = None, fold_accents: bool = False):
        self.language = language if language in STEMMED else None
        self.fold_accents = fold_accents

    @property
    def is_morph(self) -> bool:
        return self.language is not None

    def __eq__(self, other):
        return (isinstance(other, WordAnalyzer) and self.language == other.language
                and self.fold_accents == other.fold_accents)

    def __hash__(self):
        return hash((self.language, self.fold_accents))

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        return analyze(t, value, self.language, self.fold_accents, positions, chars, keeporiginal,
                       removestops, start_pos, start_char, tokenize)


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
    if language == "ru":
        return WordAnalyzer("ru")
    return plain_analyzer() if language == "kk" else folded_analyzer()
