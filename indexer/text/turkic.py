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

Endings are stripped in the order the grammar stacks them, read from the
word's end: each ending is of a kind (case, possessive, plural, past…) and
the table says which kinds may stand before each, so a past tense is never
taken off the stem a case ending left (pasportini is pasport + i + ni, not
paspor + ti + ni). What a
language does to a stem before its endings — Kazakh voices a final
consonant (алқап, алқабында), Uyghur raises a final vowel (دوختۇرخانا,
دوختۇرخانىدا) — is undone by the table's `stem_rewrites`.
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
    #: (ending, the letters it may follow or None for any, shortest stem, its kinds), longest first
    endings: tuple[tuple[str, frozenset[str] | None, int, frozenset[str]], ...]
    rewrites: tuple[tuple[re.Pattern, str], ...]
    before: dict[str, frozenset[str]]            # kind -> the kinds that may stand before it
    stem_rewrites: tuple[tuple[re.Pattern, str], ...]
    vowels: frozenset[str]
    passes: int


@functools.cache
def suffix_table(language: str) -> SuffixTable:
    """The suffix table of `language` ('kk' or 'ug'), read once."""
    path = DATA_DIR / TABLES[language]
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    before = {str(k): frozenset(v or ()) for k, v in (data.get("before") or {}).items()}
    endings = []
    for number, entry in enumerate(data.get("endings") or [], 1):
        ending = str(entry.get("ending") or "")
        if not ending or normalize(ending) != ending:
            raise ValueError(f"{path}: ending {number} ({ending!r}) is not written in folded Latin")
        kind = entry.get("kind")
        kinds = frozenset([kind] if isinstance(kind, str) else kind or ())
        if not kinds or not kinds <= before.keys():
            raise ValueError(f"{path}: ending {number} ({ending!r}) needs a kind among {sorted(before)}")
        after = entry.get("after")
        after = frozenset(data.get("vowels", "aeiou") if after == "vowel" else after) if after else None
        endings.append((ending, after, int(entry.get("min_stem", data.get("min_stem", 3))),
                        kinds))
    endings.sort(key=lambda e: -len(e[0]))
    rewrites = tuple((re.compile(a), b) for a, b in data.get("rewrites") or [])
    stem_rewrites = tuple((re.compile(a), b) for a, b in data.get("stem_rewrites") or [])
    return SuffixTable(tuple(endings), rewrites, before, stem_rewrites,
                       frozenset(data.get("vowels", "aeiou")), int(data.get("passes", 3)))


def normalize(latin: str) -> str:
    """Canonical Latin with the letters the scripts write differently as one (ы і й -> i, қ -> k)."""
    return latin.lower().replace("gh", "g").translate(_CLASSES)


def stem(latin: str, language: str) -> str:
    """The folded stem of a word given in canonical Latin, by `language`'s suffix table."""
    table = suffix_table(language)
    word = normalize(latin)
    for pattern, replacement in table.rewrites:
        word = pattern.sub(replacement, word)
    allowed = None                                   # the kinds the next ending may be; any at first
    for _ in range(table.passes):
        for ending, after, min_stem, kinds in table.endings:
            rest = len(word) - len(ending)
            if rest >= min_stem and word.endswith(ending) and (allowed is None or kinds & allowed) \
                    and (after is None or word[rest - 1] in after):
                word = word[:rest]
                used = kinds if allowed is None else kinds & allowed
                allowed = frozenset().union(*(table.before[k] for k in used))
                break
        else:
            break
    for pattern, replacement in table.stem_rewrites:
        word = pattern.sub(replacement, word)
    return word
