"""Text analyzers, one per corpus language, as Whoosh pipelines.

Every body is indexed under the analyzer of its own language, so English is
stemmed, Russian is stemmed with Snowball, and Kazakh (which Whoosh has no
stemmer for) is tokenized and lowercased with its own letters kept intact.
"""
from __future__ import annotations

import unicodedata

from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

# Words are runs of letters, digits and the marks that live inside words
# (combining accents, Arabic harakat); apostrophes join Kazakh Latin 2017 letters.
WORD_PATTERN = r"[\w\u0300-\u036f\u064b-\u065f\u0670\u0674']+"

#: Languages whose bodies get a dedicated field; anything else goes to "xx".
TEXT_LANGUAGES = ("en", "ru", "kk", "xx")


class NormalizeFilter(Filter):
    """NFC-normalises tokens so that typed and stored composed letters meet."""

    def __call__(self, tokens):
        for t in tokens:
            text = t.text
            if not text.isascii():  # most tokens are: skip the Unicode work for them
                text = unicodedata.normalize("NFC", text).replace("ё", "е")
            if "'" in text:
                text = text.strip("'")
                if not text:
                    continue
            t.text = text
            yield t


def plain_analyzer():
    """Tokenize, normalise, lowercase: for Kazakh, names and any other script."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | NormalizeFilter()


def folded_analyzer():
    """Plain analysis with Latin accents folded (namāz = namaz)."""
    return plain_analyzer() | CharsetFilter(accent_map)


def english_analyzer():
    return plain_analyzer() | StopFilter(lang="en") | StemFilter(lang="en") | CharsetFilter(accent_map)


def russian_analyzer():
    return plain_analyzer() | StopFilter(lang="ru") | StemFilter(lang="ru")


def analyzer_for(language: str):
    """The analyzer for a text field of `language` (a TEXT_LANGUAGES code)."""
    return {
        "en": english_analyzer,
        "ru": russian_analyzer,
        "kk": plain_analyzer,
    }.get(language, folded_analyzer)()


def text_language(tag: str) -> str:
    """Map a BCP 47 tag (en-GB, kk-Cyrl, ru) onto a text field's language code."""
    primary = (tag or "").split("-")[0].lower()
    return primary if primary in TEXT_LANGUAGES else "xx"
