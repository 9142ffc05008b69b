"""The narrator's relatives a testimony names by relation words ("my brother", "менің інім", "我的哥哥").

The words are in `data/relations.yaml`, per language. One relative is drafted
per relation: "my brother" and "my younger brother" in one testimony are taken
for the same person, under the fuller relation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .data_files import base_language, for_language, load


@dataclass
class Relative:
    relation: str
    first: int            # index of the sentence that first names the relative


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


def relatives_in(sentence: str, language: str, third: bool = False, ends: bool = False) -> list:
    """(position, relation) of each relative the sentence names; with `ends`, (position, relation, end)."""
    found = _pattern(language, third)
    if found is None:
        return []
    rx, nouns = found
    listed = _listed(language)
    out = []

    def add(m) -> None:
        noun = nouns.get(m.group("n")) or nouns.get(m.group("n").lower()) or m.group("n").lower()
        qualifier = " ".join(m.group("q").lower().split())
        relation = f"{qualifier} {noun}".strip()
        out.append((m.start(), relation, m.end()) if ends else (m.start(), relation))

    for m in rx.finditer(sentence):
        add(m)
        end = m.end()
        while listed is not None and (more := listed.match(sentence, end)):
            add(more)
            end = more.end()
    return out


def merge(relations: list[tuple[int, str]]) -> list[Relative]:
    """One relative per relation, in order of first mention; a bare noun joins its qualified form."""
    order: dict[str, int] = {}
    for index, relation in relations:
        order.setdefault(relation, index)
    qualified = {r.split()[-1]: r for r in order if " " in r}
    out: dict[str, Relative] = {}
    for relation, index in order.items():
        key = qualified.get(relation, relation)
        if key not in out or index < out[key].first:
            out[key] = Relative(key, min(index, order.get(key, index)))
    return sorted(out.values(), key=lambda r: r.first)



def relation_words(language: str) -> list[str]:
    """Every possessive and relation noun of a language (they end a Chinese name's left side)."""
    data = for_language(load("relations"), language) or {}
    owners = data.get("possessives", {})
    return [*owners.get("first", []), *owners.get("third", []), *data.get("nouns", {})]
