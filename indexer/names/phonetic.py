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
    rewrite = tables.rewriter(t.get("rewrites"))
    # Read left to right, longest sequence first: an alternation in order of
    # length does the same at each place, in one pass of the regular expression engine.
    reader = re.compile("|".join(re.escape(k) for k in sorted(tokens, key=lambda k: (-len(k), k)))) \
        if tokens else None
    return tokens, reader, rewrite


@functools.cache
def _variants():
    t = tables.load("phonetic").get("uyghur_spelling") or {}
    return (int(t.get("min_key", 5)), tables.rewriter(t.get("rewrites")),
            str(t.get("initial_e", "")), str(t.get("initial_e_read", "a")))


@functools.lru_cache(maxsize=262144)
def variant_key(key: str) -> str:
    """A phonetic key read as the Uyghur spelling of a name is read elsewhere
    (phonetic.yaml `uyghur_spelling`: ə written e, p for f, -idin for -uddin),
    or "" when that changes nothing or the key is too short."""
    min_key, rewrite, _first, _read = _variants()
    if len(key) < min_key:
        return ""
    out = rewrite(key)
    return out if out != key else ""


def initial_variant(key: str) -> str:
    """A key of `min_key` letters or more with its first e read as ə, which
    Kazakh, Russian and English spellings write a (Ezizi / Azizi), or ""."""
    min_key, _rewrite, first, read = _variants()
    if not first or len(key) < min_key or not key.startswith(first):
        return ""
    return read + key[len(first):]


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
    tokens, reader, rewrite = _phonetic()
    key = reader.sub(lambda m: tokens[m.group()], s) if reader is not None else s
    return rewrite(key)


def phonetic_key(word: str) -> str:
    """Phonetic key of a word in any script: what transliterations vary in, folded.

    Stable under case and Unicode normalisation (NFC/NFD/NFKC).
    """
    return fold_latin(_latin(word))


@functools.cache
def _rules_by_ending() -> tuple[tuple[int, dict[str, tuple]], ...]:
    """The ending rules by length (longest first) and, within one length, by the
    ending itself, each list in the table's order: the endings a word can have are
    its last letters, looked up, not every rule tried in turn."""
    out: dict[int, dict[str, list]] = {}
    for rule in _suffixes()[0]:
        out.setdefault(len(rule[0]), {}).setdefault(rule[0], []).append(rule)
    return tuple((n, {e: tuple(r) for e, r in by.items()}) for n, by in sorted(out.items(), reverse=True))


@functools.lru_cache(maxsize=262144)
def strip_latin(latin: str) -> str:
    """`latin` (canonical Latin) without a surname/patronymic ending; itself if none."""
    vowels = _suffixes()[1]
    s = _NON_LETTERS.sub("", latin.lower())
    if not s:
        return s
    for n, by_ending in _rules_by_ending():
        if n > len(s):
            continue
        for _ending, replace, after_vowel, min_stem in by_ending.get(s[len(s) - n:], ()):
            stem = s[: len(s) - n]
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
