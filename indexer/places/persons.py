"""When a word found as a place's name is a person's name, from what stands around it.

Kazakh and Uyghur given names are often places' names too (Қали is Cali, Мәдина is
Medina): a testimony that says "Қали Нұрланұлы" or "ағам Қали" names no place. The
evidence is read from the text and the document's people, as `data/persons.yaml`
describes: a patronymic, a surname or a known given name beside the word, a relation
word or a word introducing a name before it, a word introducing a name after it, or a
listed person bearing it. A case ending only places take, a preposition of place before
it or a word naming the kind of place after it keeps it a place.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from ..names.phonetic import fold_latin, is_particle, is_patronymic, strip_latin
from ..names.transliterate import transliterate
from .gazetteer import place_key

_DATA = Path(__file__).resolve().parent / "data" / "persons.yaml"
#: The kinship words of every language (shared with the importer's relatives).
_RELATIONS = Path(__file__).resolve().parent.parent / "text" / "data" / "relations.yaml"
_LETTERS = re.compile(r"[^a-z]")
_SPACE = re.compile(r"[ \u00a0\t]+")          # words directly beside each other
_LIST = re.compile(r"[ \u00a0\t]*,?[ \u00a0\t]+")  # ... or set off by a comma ("my sister, Madina")


@lru_cache(maxsize=None)
def _relations() -> dict:
    return yaml.safe_load(_RELATIONS.read_text(encoding="utf-8"))


@lru_cache(maxsize=50_000)
def _canonical(word: str) -> str:
    return _LETTERS.sub("", transliterate(word).lower())


@lru_cache(maxsize=50_000)
def _folded(word: str) -> str:
    return fold_latin(_canonical(word))


def _surname_shaped(word: str) -> bool:
    """A patronymic, a surname ending or a patronymic particle (Нұрланұлы, Қалиева, ұлы)."""
    latin = _canonical(word)
    return len(latin) >= 3 and (is_particle(latin) or is_patronymic(latin) or strip_latin(latin) != latin)


def _cased(word: str) -> bool:
    """Capitalised, or in a script without capitals (Arabic)."""
    return word[0].isupper() or not word[0].islower()


@lru_cache(maxsize=1)
def _rules() -> dict:
    data = yaml.load(_DATA.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    relations = _relations()
    nouns = {_folded(n) for entry in relations.values() if isinstance(entry, dict)
             for n in (entry.get("nouns") or {})}
    return {   # words in any script compared in folded Latin (ағам, Ağam, ئاكام: agam, akam)
        "before": (nouns | {_folded(w) for w in data["intro_before"]}) - {""},
        "after": {_folded(w) for w in data["intro_after"]} - {""},
        "place_before": {_folded(w) for w in data["place_before"]} - {""},
        "place_words": tuple(f for w in data["place_words"] if (f := _folded(w))),
        "place_endings": {lang: tuple(sorted({place_key(e) for e in endings}, key=len, reverse=True))
                          for lang, endings in data["place_endings"].items()},
        "given": frozenset(_folded(n) for n in data["given_names"]),
        "joined_by": {_folded(w) for w in data["joined_by"]} - {""},
    }


def people_words(names) -> frozenset[str]:
    """The words of the document's people's names (and the father's name a patronymic
    carries: Қалиқызы, Qali), folded as `is_person` compares them."""
    return _people_words(tuple(names))


@lru_cache(maxsize=4096)
def _people_words(names: tuple[str, ...]) -> frozenset[str]:
    out = set()
    for name in names:
        for word in re.findall(r"[^\W\d_]+", name or ""):
            latin = _canonical(word)
            out.add(fold_latin(latin))
            if (stem := strip_latin(latin)) != latin and len(stem) >= 3:
                out.add(fold_latin(stem))
    return frozenset(out - {""})


def is_person(text: str, spans: list, i: int, *, bare: bool, language: str = "",
              people: frozenset[str] = frozenset(), places=frozenset()) -> bool:
    """Whether the word at `spans[i]` (a match of the text's words), found as a place, is a
    person's name instead; `bare` when it is a place's name as it stands (no ending), `places`
    the keys of the words around it that are places' names as they stand."""
    rules = _rules()
    word = spans[i].group()
    if not bare and place_key(word).endswith(rules["place_endings"].get((language or "").split("-")[0].lower(),
                                                                         ())):
        return False
    prev = spans[i - 1] if i > 0 else None
    nxt = spans[i + 1] if i + 1 < len(spans) else None
    prev_list = prev is not None and _LIST.fullmatch(text[prev.end():spans[i].start()]) is not None
    prev_near = prev_list and _SPACE.fullmatch(text[prev.end():spans[i].start()]) is not None
    next_near = nxt is not None and _SPACE.fullmatch(text[spans[i].end():nxt.start()]) is not None
    prev_folded = _folded(prev.group()) if prev_list else ""
    next_folded = _folded(nxt.group()) if next_near else ""
    if prev_folded in rules["place_before"] or (next_folded and next_folded.startswith(rules["place_words"])):
        return False
    if prev_folded in rules["before"] or next_folded in rules["after"]:
        return True
    if people and _folded(word) in people:
        return True
    if any(near and _cased(other.group()) and _name_beside(other.group(), rules, people, places)
           for near, other in ((prev_near, prev), (next_near, nxt))):
        return True
    return bare and (_folded(word) in rules["given"] or _folded(word) in people) and _joined_to_name(
        text, spans, i, rules, people)


def _joined_to_name(text: str, spans: list, i: int, rules: dict, people: frozenset[str]) -> bool:
    """A known given name joined to another by "and" (Қали мен Мәдина, Madina and Qali)."""
    for step in (-1, 1):
        j, k = i + step, i + 2 * step
        if not 0 <= k < len(spans):
            continue
        first, second = sorted((i, j, k))[:2], sorted((i, j, k))[1:]
        if all(_SPACE.fullmatch(text[spans[a].end():spans[b].start()]) for a, b in (first, second)) \
                and _folded(spans[j].group()) in rules["joined_by"] and _cased(spans[k].group()) \
                and (_folded(spans[k].group()) in rules["given"] or _folded(spans[k].group()) in people):
            return True
    return False


def _name_beside(word: str, rules: dict, people: frozenset[str], places) -> bool:
    """A word beside a place's name that makes it part of a person's name."""
    folded = _folded(word)
    if folded in rules["given"] or folded in people:
        return True
    return place_key(word) not in places and _surname_shaped(word)
