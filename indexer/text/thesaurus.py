"""The archive's subjects across languages: concepts and their terms, from data/thesaurus.yaml.

A word typed in one language names a concept when it reads, through that
language's analysis, as one of the concept's terms in that language; the
concept's terms in every language are then searched too. Analysis belongs
to the index layer, so it is handed in (`analyze(language, text)` -> the
terms of `text`): "police" meets the English term, полицияға the Kazakh one.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
#: The languages a concept lists terms in.
LANGUAGES = ("en", "ru", "kk", "ug", "zh")

Analyze = Callable[[str, str], tuple[str, ...]]


@dataclass(frozen=True)
class Concept:
    id: str
    source: str
    terms: dict[str, tuple[str, ...]]     # language -> its terms

    def all_terms(self) -> list[str]:
        return [t for lang in LANGUAGES for t in self.terms.get(lang, ())]


@functools.cache
def concepts(path: Path = DATA_DIR / "thesaurus.yaml") -> tuple[Concept, ...]:
    """Every concept of the thesaurus; one without an id, a source or terms is named."""
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
    found = []
    for number, entry in enumerate(data.get("concepts") or [], 1):
        terms = {lang: tuple(str(t) for t in entry.get(lang) or []) for lang in LANGUAGES}
        if not entry.get("id") or not entry.get("source") or not any(terms.values()):
            raise ValueError(f"{path}: concept {number} needs an id, a source and terms")
        found.append(Concept(str(entry["id"]), str(entry["source"]), terms))
    return tuple(found)


@functools.cache
def concept_by_id() -> dict[str, Concept]:
    """The bundled thesaurus's concepts by id: what a subject's label is read from."""
    return {c.id: c for c in concepts()}


class Thesaurus:
    """Looks up the concepts a typed word or phrase names, by its analysed form per language."""

    def __init__(self, analyze: Analyze, entries: tuple[Concept, ...] | None = None):
        self.analyze = analyze
        self.by_form: dict[tuple[str, tuple[str, ...]], list[Concept]] = {}
        for concept in entries if entries is not None else concepts():
            for lang, terms in concept.terms.items():
                for term in terms:
                    form = analyze(lang, term)
                    if form:
                        self.by_form.setdefault((lang, form), []).append(concept)

    def concepts_of(self, text: str) -> list[Concept]:
        """The concepts `text` names in any language, each once."""
        found: dict[str, Concept] = {}
        for lang in LANGUAGES:
            for concept in self.by_form.get((lang, self.analyze(lang, text)), ()):
                found.setdefault(concept.id, concept)
        return list(found.values())
