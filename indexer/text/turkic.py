"""Kazakh and Uyghur words: one form for every script, then the stem by a suffix table.

A Kazakh word is written in Cyrillic, in Latin or in the Arabic script of
China; a Uyghur one in Arabic (UEY), Latin (ULY) or Cyrillic. The index
layer reads each word into canonical Latin with the names package's
transliteration (the same tables that find a name in any script) and hands
it here: `stem` folds the letters the scripts write differently into one
(`normalize`), applies the language's rewrites and strips inflectional
endings by the language's suffix table (data/kazakh_suffixes.yaml,
data/uyghur_suffixes.yaml, each naming its source grammar), so полицияға,
politsiiaga and the Arabic-script form all give one stem. The same stem is
computed for a query word, so a stem need only be consistent, not a lemma.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
TABLES = {"kk": "kazakh_suffixes.yaml", "ug": "uyghur_suffixes.yaml"}
#: Letters the scripts (and their romanisations) write differently, as one.
_CLASSES = str.maketrans({"y": "i", "ı": "i", "q": "k", "w": "u", "é": "e", "ä": "a", "ö": "o", "ü": "u",
                          "ğ": "g", "ş": "s", "ç": "c", "ñ": "n", "ū": "u", "ī": "i"})


@dataclass(frozen=True)
class SuffixTable:
    endings: tuple[tuple[str, bool, int], ...]   # (ending, only after a vowel, shortest stem), longest first
    rewrites: tuple[tuple[re.Pattern, str], ...]
    vowels: frozenset[str]
    passes: int


@functools.cache
def suffix_table(language: str) -> SuffixTable:
    """The suffix table of `language` ('kk' or 'ug'), read once."""
    path = DATA_DIR / TABLES[language]
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    endings = []
    for number, entry in enumerate(data.get("endings") or [], 1):
        ending = str(entry.get("ending") or "")
        if not ending or normalize(ending) != ending:
            raise ValueError(f"{path}: ending {number} ({ending!r}) is not written in folded Latin")
        endings.append((ending, entry.get("after") == "vowel", int(entry.get("min_stem", data.get("min_stem", 3)))))
    endings.sort(key=lambda e: -len(e[0]))
    rewrites = tuple((re.compile(a), b) for a, b in data.get("rewrites") or [])
    return SuffixTable(tuple(endings), rewrites, frozenset(data.get("vowels", "aeiou")),
                       int(data.get("passes", 3)))


def normalize(latin: str) -> str:
    """Canonical Latin with the letters the scripts write differently as one (ы і й -> i, қ -> k)."""
    return latin.lower().replace("gh", "g").translate(_CLASSES)


def stem(latin: str, language: str) -> str:
    """The folded stem of a word given in canonical Latin, by `language`'s suffix table."""
    table = suffix_table(language)
    word = normalize(latin)
    for pattern, replacement in table.rewrites:
        word = pattern.sub(replacement, word)
    for _ in range(table.passes):
        for ending, after_vowel, min_stem in table.endings:
            rest = len(word) - len(ending)
            if rest >= min_stem and word.endswith(ending) \
                    and (not after_vowel or word[rest - 1] in table.vowels):
                word = word[:rest]
                break
        else:
            break
    return word
