"""Phonetic keys and surname stems, driven by tables/phonetic.yaml and tables/suffixes.yaml."""
from __future__ import annotations

import functools
import re

from . import tables
from .transliterate import readings

_NON_LETTERS = re.compile(r"[^a-z]+")


@functools.cache
def _phonetic():
    t = tables.load("phonetic")
    tokens = {str(k).lower(): str(v) for k, v in (t.get("tokens") or {}).items()}
    rewrites = [(re.compile(str(a)), str(b)) for a, b in (t.get("rewrites") or [])]
    # Read left to right, longest sequence first: an alternation in order of
    # length does the same at each place, in one pass of the regular expression engine.
    reader = re.compile("|".join(re.escape(k) for k in sorted(tokens, key=lambda k: (-len(k), k)))) \
        if tokens else None
    return tokens, reader, rewrites


@functools.cache
def _suffixes():
    t = tables.load("suffixes")
    default_min = int(t.get("min_stem", 3))
    vowels = set(str(t.get("vowels", "aeiouy")))
    rules = []
    for e in t.get("endings") or []:
        rules.append((str(e["ending"]).lower(), str(e.get("replace", "") or "").lower(),
                      e.get("after") == "vowel", int(e.get("min_stem", default_min))))
    rules.sort(key=lambda r: -len(r[0]))
    particles = frozenset(str(p).lower() for p in (t.get("particles") or []))
    patronymics = tuple(str(p).lower() for p in (t.get("patronymic_endings") or []))
    return rules, vowels, particles, patronymics


@functools.cache
def _han_patronymics() -> tuple[str, ...]:
    return tuple(str(e) for e in (tables.load("suffixes").get("han_patronymic_endings") or []))


def _latin(word: str) -> str:
    """Canonical Latin of a word: as is when already plain ASCII letters."""
    w = (word or "").strip()
    return readings(w)[0] if w else ""


@functools.lru_cache(maxsize=262144)
def fold_latin(latin: str) -> str:
    """The phonetic key of a canonical-Latin word (letters a-z only are read)."""
    s = _NON_LETTERS.sub("", latin.lower())
    tokens, reader, rewrites = _phonetic()
    key = reader.sub(lambda m: tokens[m.group()], s) if reader is not None else s
    for pat, rep in rewrites:
        key = pat.sub(rep, key)
    return key


def phonetic_key(word: str) -> str:
    """Phonetic key of a word in any script: what transliterations vary in, folded.

    Stable under case and Unicode normalisation (NFC/NFD/NFKC).
    """
    return fold_latin(_latin(word))


@functools.cache
def _rules_ending_in() -> dict[str, tuple]:
    """The ending rules by their last letter, each list in the table's order: a word
    can only end in the endings that end in its own last letter."""
    rules = _suffixes()[0]
    out: dict[str, list] = {}
    for rule in rules:
        for last in ({rule[0][-1]} if rule[0] else set("abcdefghijklmnopqrstuvwxyz")):
            out.setdefault(last, []).append(rule)
    return {k: tuple(v) for k, v in out.items()}


@functools.lru_cache(maxsize=262144)
def strip_latin(latin: str) -> str:
    """`latin` (canonical Latin) without a surname/patronymic ending; itself if none."""
    _rules, vowels, _particles, _patronymics = _suffixes()
    s = _NON_LETTERS.sub("", latin.lower())
    if not s:
        return s
    for ending, replace, after_vowel, min_stem in _rules_ending_in().get(s[-1], ()):
        if not s.endswith(ending):
            continue
        stem = s[: len(s) - len(ending)]
        if after_vowel and not (stem and stem[-1] in vowels):
            continue
        stem += replace
        if len(stem) >= min_stem:
            return stem
    return s


def strip_suffix(word: str) -> str:
    """Canonical-Latin stem of a surname: Kazybekova -> kazybek, Kunbolatuly -> kunbolat,
    Nazarbayev -> nazarbay, Tokaev -> tokay.  Words without an ending come back whole."""
    return strip_latin(_latin(word))


def is_particle(latin: str) -> bool:
    """A patronymic particle written apart ("uly", "kyzy"), naming no one."""
    return _NON_LETTERS.sub("", latin.lower()) in _suffixes()[2]


def is_patronymic(latin: str) -> bool:
    """A word that looks like a patronymic (Abishevich, Kemeluly): ends in one of the table's endings."""
    s = _NON_LETTERS.sub("", latin.lower())
    return any(s.endswith(e) and len(s) > len(e) + 2 for e in _suffixes()[3])


def is_patronymic_word(word: str) -> bool:
    """A name word in any script that is a patronymic: one of its readings ends so
    (Қанатұлы, قاناتۇلى), or, in Chinese characters, it ends in a transcription of
    such an ending after a name of two characters or more (哈纳特吾勒)."""
    chars = "".join(c for c in word if "\u3400" <= c <= "\u9fff")
    if chars:
        return any(chars.endswith(e) and len(chars) >= len(e) + 2 for e in _han_patronymics())
    return any(is_patronymic(r) for r in readings(word))
