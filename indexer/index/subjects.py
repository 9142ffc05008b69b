"""The subjects a document's text tells of: the thesaurus concepts (indexer.text.thesaurus)
whose terms stand in it, each term read by the analyzer of the document's language, so
полицияға tells of police in a Kazakh testimony and 判刑 of a sentence inside a run of
Chinese characters. What the Subjects facet counts; an archivist may add more in the
front matter."""
from __future__ import annotations

import functools

from ..text.analysis import text_language
from ..text.thesaurus import LANGUAGES, concepts
from .analyzers import analyzer_for


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
    tokens = _words_in_order(analyzer_for(lang).positions(text))
    seen = {(token,) for token in tokens}
    if not firsts.isdisjoint(tokens):     # a term of several words only where one begins
        for i, token in enumerate(tokens):
            if token in firsts:
                seen.update(tuple(tokens[i:i + n]) for n in range(2, widest + 1))
    named = {cid for form in seen if (ids := forms.get(form)) for cid in ids}
    return [c.id for c in concepts() if c.id in named]


def _words_in_order(tokens: list[tuple[str, int]]) -> list[str]:
    """The text's words as the index holds them, one a position: a hyphenated word's joined
    form, which stands where its last part does, is no word of its own between two others.
    The analysis is the one the document's text field is written with (and kept for it)."""
    out, last = [], None
    for text, pos in tokens:
        if pos != last:
            out.append(text)
            last = pos
    return out
