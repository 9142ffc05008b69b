"""Text analyzers, one per corpus language.

Every body is indexed under the analyzer of its own language, so English is
stemmed, Russian is stemmed with Snowball, and Kazakh (which Whoosh has no
stemmer for) is tokenized and lowercased with its own letters kept intact.

Each analyzer is one pass over the text (`WordAnalyzer`) rather than a chain
of Whoosh filters: the chain hands every token through five generators, and
analysis was the largest part of building the index. It gives the same terms
and positions as the chain it replaces (RegexTokenizer | LowercaseFilter |
NFC | StopFilter | StemFilter | CharsetFilter), which the tests check.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from whoosh.analysis import Token, Tokenizer
from whoosh.support.charset import accent_map

# Words are runs of letters, digits and the marks that live inside words
# (combining accents, Arabic harakat); apostrophes join Kazakh Latin 2017 letters.
WORD_PATTERN = r"[\w\u0300-\u036f\u064b-\u065f\u0670\u0674']+"

#: Languages whose bodies get a dedicated field; anything else goes to "xx".
TEXT_LANGUAGES = ("en", "ru", "kk", "xx")
#: Languages with Whoosh stop words and a stemmer that the archive uses.
STEMMED = ("en", "ru")
#: Stop filtering drops words shorter than this, as Whoosh's StopFilter does.
MIN_WORD = 2

_WORD = re.compile(WORD_PATTERN)


def normalize_word(text: str) -> str:
    """A lowercased word NFC-normalised (ё read as е), apostrophes at its ends removed.

    Typed and stored composed letters must meet, and most words are ASCII, so
    the Unicode work is skipped for them.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).replace("ё", "е")
    if "'" in text:
        text = text.strip("'")
    return text


@functools.lru_cache(maxsize=None)
def _stop_words(language: str) -> frozenset[str]:
    """The language's stop words and, as in Whoosh's StopFilter, its English ones."""
    from whoosh.analysis import STOP_WORDS
    from whoosh.lang import stopwords_for_language
    return frozenset(STOP_WORDS) | frozenset(stopwords_for_language(language))


@functools.lru_cache(maxsize=None)
def _stemmer(language: str):
    from whoosh.lang import stemmer_for_language
    return functools.lru_cache(maxsize=100_000)(stemmer_for_language(language))


class WordAnalyzer(Tokenizer):
    """Tokenize, lowercase, normalise; for `language` in STEMMED also drop stop
    words (renumbering positions) and stem; with `fold_accents`, fold Latin
    accents last (namāz = namaz)."""

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
        stops = _stop_words(self.language) if self.language else None
        stem = _stemmer(self.language) if self.language else None
        charmap = accent_map if self.fold_accents else None
        if tokenize:
            matches = ((m.group(), m.start(), m.end()) for m in _WORD.finditer(value))
        else:
            matches = iter([(value, 0, len(value))])
        kept = None  # position of the last word kept, when stop words renumber
        for index, (raw, start, end) in enumerate(matches):
            text = normalize_word(raw.lower())
            if not text:
                continue
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = raw
            if positions:
                t.pos = start_pos + index
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            if stops is not None:
                if len(text) < MIN_WORD or text in stops:
                    if removestops:
                        continue
                    t.stopped = True
                else:
                    if positions:
                        kept = t.pos if kept is None else kept + 1
                        t.pos = kept
                    text = stem(text)
            if charmap is not None:
                text = text.translate(charmap)
            t.text = text
            yield t


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


def text_language(tag: str) -> str:
    """Map a BCP 47 tag (en-GB, kk-Cyrl, ru) onto a text field's language code."""
    primary = (tag or "").split("-")[0].lower()
    return primary if primary in TEXT_LANGUAGES else "xx"
