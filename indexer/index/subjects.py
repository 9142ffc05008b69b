"""The subjects a document's text tells of: the thesaurus concepts (indexer.text.thesaurus)
whose terms stand in it, each term read by the analyzer of the document's language, so
полицияға tells of police in a Kazakh testimony and 判刑 of a sentence inside a run of
Chinese characters. What the Subjects facet counts; an archivist may add more in the
front matter."""
from __future__ import annotations

import functools
import re

from ..text.analysis import WORD_PATTERN, text_language
from ..text.thesaurus import LANGUAGES, concepts
from .analyzers import analyzer_for

_WORD = re.compile(WORD_PATTERN)


@functools.cache
def _forms(language: str) -> dict[tuple[str, ...], tuple[str, ...]]:
    """The analysed form of every term of `language` -> the ids of the concepts it names."""
    analyzer = analyzer_for(language)
    found: dict[tuple[str, ...], list[str]] = {}
    for concept in concepts():
        for term in concept.terms.get(language, ()):
            form = tuple(t.text for t in analyzer(term))
            if form and concept.id not in found.setdefault(form, []):
                found[form].append(concept.id)
    return {form: tuple(ids) for form, ids in found.items()}


@functools.lru_cache(maxsize=200_000)
def _word_forms(language: str, word: str) -> tuple[str, ...]:
    """What one word of a text analyses to (words recur across a corpus: each is read once)."""
    return tuple(t.text for t in analyzer_for(language)(word))


@functools.cache
def _starts(language: str) -> tuple[frozenset[str], int]:
    """The first words of the terms of several words, and the most words a term has."""
    several = [form for form in _forms(language) if len(form) > 1]
    return frozenset(form[0] for form in several), max(map(len, several), default=1)


def subjects_of(text: str, language: str) -> list[str]:
    """Ids of the concepts whose terms (in the document's language) the text holds, in the
    thesaurus's order; none for a language the thesaurus has no terms in."""
    lang = text_language(language)
    if lang not in LANGUAGES or not text:
        return []
    forms, firsts, widest = _forms(lang), *_starts(lang)
    words = _WORD.findall(text)
    of = {word: _word_forms(lang, word) for word in set(words)}
    seen = {(form,) for found in of.values() for form in found}
    if not firsts.isdisjoint(f for (f,) in seen):     # a term of several words only where one begins
        tokens = [form for word in words for form in of[word]]
        for i, token in enumerate(tokens):
            if token in firsts:
                seen.update(tuple(tokens[i:i + n]) for n in range(2, widest + 1))
    named = {cid for form in seen if (ids := forms.get(form)) for cid in ids}
    return [c.id for c in concepts() if c.id in named]
