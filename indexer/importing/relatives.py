"""The narrator's relatives a testimony names by relation words ("my brother", "менің інім", "我的哥哥").

The words are in `indexer/text/data/relations.yaml`, per language. A relation is written
in the corpus format's English words, as precise as the text is: the
qualifiers map too (младший брат, ئىنىم and 弟弟 are all "younger brother";
ағам, ئاكام and 哥哥 "elder brother"). One relative is drafted per relation:
"my brother" and "my younger brother" in one testimony are taken for the same
person, under the fuller relation, unless the text names two kinds of brother
(ағам and інім are two people, each kept with their own name).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import folded
from .data_files import base_language, for_language, load


@dataclass
class Relative:
    relation: str
    first: int            # index of the sentence that first names the relative
    said: tuple[str, ...] = ()   # the relations the text gave that are this one ("brother" for "younger brother")


def _qualifiers(data: dict) -> dict[str, str]:
    """{qualifier as written: its English word}: a list names words already English ("younger")."""
    found = data.get("qualifiers") or {}
    return {w: w for w in found} if isinstance(found, list) else {w: e or "" for w, e in found.items()}


def _relation(qualifiers: list[str], noun: str) -> str:
    """The English qualifiers, then the noun's relation, each word once ("кіші інім": younger brother)."""
    words = [w for q in qualifiers for w in q.split()] + noun.split()
    return " ".join(dict.fromkeys(words))


@lru_cache(maxsize=None)
def _listed(language: str) -> re.Pattern | None:
    """A relation that continues a list after another: ", mother-in-law", " and two children"."""
    data = for_language(load("relations"), language)
    if not data or not data.get("and"):
        return None
    alt = lambda words: "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # noqa: E731
    joins = rf"(?:,\s*|\s*(?:{alt(data['and'])})\s*)"
    counts = rf"(?:(?:{alt(data['counts'])}|\d+)\s+)?" if data.get("counts") else ""
    qualifiers = rf"(?P<q>(?:(?:{alt(data['qualifiers'])})\s+)*)" if data.get("qualifiers") else "(?P<q>)"
    edge = "" if base_language(language) == "zh" else r"(?![\w-])"
    return re.compile(rf"{joins}{counts}{qualifiers}(?P<n>{alt(data['nouns'])}){edge}", re.IGNORECASE)


@lru_cache(maxsize=None)
def _pattern(language: str, third: bool) -> tuple[re.Pattern, dict] | None:
    data = for_language(load("relations"), language)
    if not data:
        return None
    owners = list(data["possessives"]["first"]) + (list(data["possessives"]["third"]) if third else [])
    nouns = data["nouns"]
    alt = lambda words: "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # noqa: E731
    if base_language(language) == "zh":
        rx = rf"(?:{alt(owners)})(?P<q>)(?P<n>{alt(nouns)})"
        return re.compile(rx), nouns
    qualifiers = rf"(?P<q>(?:(?:{alt(data['qualifiers'])})\s+)*)" if data.get("qualifiers") else "(?P<q>)"
    owner = rf"(?:(?:{alt(owners)})\s+)" + ("?" if data.get("bare_nouns") else "")
    return re.compile(rf"(?<![\w-]){owner}{qualifiers}(?P<n>{alt(nouns)})(?![\w-])", re.IGNORECASE), nouns


@lru_cache(maxsize=1)
def folded_nouns() -> dict[str, str]:
    """{folded spelling: relation} of the nouns of the languages read in every script (relations.yaml
    `folded`): the Latin spellings of Kazakh and Uyghur (aǵam, inim, akam) meet the nouns written once."""
    data = load("relations")
    return {spelling: relation for lang in data.get("folded", []) for noun, relation in data[lang]["nouns"].items()
            for spelling in folded.spellings(noun)}


def _latin_turkic(sentence: str) -> list[tuple[int, str, int]]:
    """(position, relation, end) of the Kazakh and Uyghur relation nouns of a Latin-script sentence."""
    nouns = folded_nouns()
    return [(start, nouns[word], end) for word, start, end in folded.words(sentence) if word in nouns]


def relatives_in(sentence: str, language: str, third: bool = False, ends: bool = False) -> list:
    """(position, relation) of each relative the sentence names; with `ends`, (position, relation, end).
    A Latin-script text (read as `en`, whatever Latin-script language its draft is tagged)
    also has the Kazakh and Uyghur nouns, whose possessor is marked on the noun (aǵam, inim)."""
    found = _pattern(language, third)
    if found is None:
        return []
    rx, nouns = found
    listed = _listed(language)
    out = []

    english = _qualifiers(for_language(load("relations"), language))
    lowered = {w.lower(): e for w, e in english.items()}

    def add(m) -> None:
        noun = nouns.get(m.group("n")) or nouns.get(m.group("n").lower()) or m.group("n").lower()
        said = m.group("q").split()
        relation = _relation([english.get(q, lowered.get(q.lower(), q.lower())) for q in said], noun)
        out.append((m.start(), relation, m.end()) if ends else (m.start(), relation))

    for m in rx.finditer(sentence):
        add(m)
        end = m.end()
        while listed is not None and (more := listed.match(sentence, end)):
            add(more)
            end = more.end()
    if base_language(language) == "en" and (turkic := _latin_turkic(sentence)):
        out = sorted(out + (turkic if ends else [(start, relation) for start, relation, _ in turkic]))
    return out


def merge(relations: list[tuple[int, str]]) -> list[Relative]:
    """One relative per relation, in order of first mention. A bare noun ("brother") joins its
    qualified form when the text has one only ("younger brother"); beside two ("elder brother",
    "younger brother") it cannot say which, and stays a relative of its own."""
    order: dict[str, int] = {}
    for index, relation in relations:
        order.setdefault(relation, index)
    kinds: dict[str, list[str]] = {}
    for relation in order:
        if " " in relation:
            kinds.setdefault(relation.split()[-1], []).append(relation)
    out: dict[str, Relative] = {}
    for relation, index in order.items():
        fuller = kinds.get(relation, [])
        key = fuller[0] if len(fuller) == 1 else relation
        known = out.get(key)
        out[key] = Relative(key, min(index, order.get(key, index), known.first if known else index),
                            (*(known.said if known else (key,)), *((relation,) if relation != key else ())))
    return sorted(out.values(), key=lambda r: r.first)


def relative_of(relation: str, relatives: list[Relative]) -> str:
    """The drafted relative a relation the text gives stands for (the merged one), else itself."""
    return next((r.relation for r in relatives if relation in r.said), relation)


def relation_words(language: str) -> list[str]:
    """Every possessive and relation noun of a language (they end a Chinese name's left side)."""
    data = for_language(load("relations"), language) or {}
    owners = data.get("possessives", {})
    words = [*owners.get("first", []), *owners.get("third", []), *data.get("nouns", {})]
    return [*words, *folded_nouns()] if base_language(language) == "en" else words
