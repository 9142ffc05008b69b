"""The archive's subjects across languages: concepts and their terms, from data/thesaurus.yaml.

A word typed in one language names a concept when it reads, through that
language's analysis, as one of the concept's terms in that language; the
concept's terms in every language are then searched too. Analysis belongs
to the index layer, so it is handed in (`analyze(language, text)` -> the
terms of `text`): "police" meets the English term, полицияға the Kazakh one.
A Kazakh or Uyghur term may be a verb stem (өл-): it stands for the verb's forms
(`verb_forms`). Where a language's analysis also joins derived words to their base (English
hospitality and hospital), the typed word must be the term or an inflected
form of it (data/inflections.yaml), or it would bring a subject it is not about.
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
        terms = {lang: tuple(f for t in entry.get(lang) or [] for f in verb_forms(lang, str(t)))
                 for lang in LANGUAGES}
        if not entry.get("id") or not entry.get("source") or not any(terms.values()):
            raise ValueError(f"{path}: concept {number} needs an id, a source and terms")
        found.append(Concept(str(entry["id"]), str(entry["source"]), terms))
    return tuple(found)


@functools.cache
def _verb_rules() -> dict:
    return yaml.load((DATA_DIR / "verb_forms.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}


def _script(word: str) -> str:
    for char in word:
        if "\u0600" <= char <= "\u06ff":
            return "Arab"
        if "\u0400" <= char <= "\u04ff":
            return "Cyrl"
    return "Latn"


def verb_forms(language: str, term: str) -> tuple[str, ...]:
    """A term as written, or, for a Kazakh or Uyghur term ending in a verb stem with a hyphen
    (өл-, ئۆل-, қайтыс бол-), the forms of that verb data/verb_forms.yaml lists: өлді,
    өлген, өліп. The ending follows the stem's last vowel and last sound."""
    if not term.endswith("-") or language not in _verb_rules():
        return (term,)
    head, _, stem = term[:-1].rpartition(" ")
    rule = next((r for r in _verb_rules()[language] if r["script"] == _script(stem)), None)
    if rule is None or not stem:
        raise ValueError(f"thesaurus: no verb forms for {term!r} in {language}")
    last = stem[-1].lower()
    vowels = [c for c in stem.lower() if c in rule["vowels"]]
    harmonic = [c for c in vowels if c in rule["front"] or c in rule["back"]]
    front = int(bool(harmonic) and harmonic[-1] in rule["front"])
    rounded = (rule.get("rounded") or {}).get(vowels[-1]) if vowels else None
    forms = []
    for ending in rule["endings"]:
        side = front
        if last in rule["vowels"] and "vowel" in ending:
            chosen = ending["vowel"]
        elif last in rule["voiceless"] and "voiceless" in ending:
            chosen = ending["voiceless"]
        elif rounded and "rounded" in ending:
            chosen, side = ending["rounded"], int(rounded == "front")
        else:
            chosen = ending["any"]
        forms.append(f"{head} {stem}{chosen[side]}".strip())
    return tuple(forms)


@functools.cache
def _inflections() -> dict[str, tuple[tuple[str, str], ...]]:
    """Per language, its inflectional endings and what each stands for (data/inflections.yaml)."""
    data = yaml.safe_load((DATA_DIR / "inflections.yaml").read_text(encoding="utf-8")) or {}
    out = {}
    for lang, endings in data.items():
        pairs = [tuple(p.strip() for p in (str(e).split(":", 1) + [""])[:2]) for e in endings]
        out[lang] = tuple(sorted(pairs, key=lambda p: -len(p[0])))
    return out


def _base(word: str, endings: tuple[tuple[str, str], ...]) -> str:
    for ending, replacement in endings:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[:-len(ending)] + replacement
            break
    return word[:-1] if word.endswith("e") else word


def inflected_form(language: str, typed: str, term: str) -> bool:
    """Whether `typed` is `term` or an inflected form of it, word by word, in `language`
    (always, for a language whose analysis only inflects)."""
    endings = _inflections().get(language)
    if endings is None:
        return True
    typed_words, term_words = typed.casefold().split(), term.casefold().split()
    return len(typed_words) == len(term_words) and all(
        _base(a, endings) == _base(b, endings) for a, b in zip(typed_words, term_words))


@functools.cache
def concept_by_id() -> dict[str, Concept]:
    """The bundled thesaurus's concepts by id: what a subject's label is read from."""
    return {c.id: c for c in concepts()}


class Thesaurus:
    """Looks up the concepts a typed word or phrase names, by its analysed form per language."""

    def __init__(self, analyze: Analyze, entries: tuple[Concept, ...] | None = None):
        self.analyze = analyze
        self.by_form: dict[tuple[str, tuple[str, ...]], list[tuple[Concept, str]]] = {}
        for concept in entries if entries is not None else concepts():
            for lang, terms in concept.terms.items():
                for term in terms:
                    form = analyze(lang, term)
                    if form:
                        self.by_form.setdefault((lang, form), []).append((concept, term))

    def concepts_of(self, text: str) -> list[Concept]:
        """The concepts `text` names in any language, each once: its analysis is a term's,
        and it is that term or an inflected form of it."""
        found: dict[str, Concept] = {}
        for lang in LANGUAGES:
            for concept, term in self.by_form.get((lang, self.analyze(lang, text)), ()):
                if inflected_form(lang, text, term):
                    found.setdefault(concept.id, concept)
        return list(found.values())
