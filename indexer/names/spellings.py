"""Spellings of a name in every script the tables read: the tables run backwards.

`transliterate` reads any script into canonical Latin; `spellings` writes a
name's canonical Latin back in Kazakh and Russian Cyrillic, the Latin
alphabets of latin_variants.yaml, Arabic script and Chinese transcription
characters, keeping only the spellings the matcher takes for the name. It
answers "all forms of a name" for whoever must check that a name is handled
in every form: redaction tests, and an archivist choosing curated variants.
"""
from __future__ import annotations

import functools

from . import tables
from .match import match_person, name_words

#: Tables whose letters (or units) are written backwards, and how a word of each is joined.
_SCRIPTS = {"kazakh_cyrillic": ("letters", " "), "russian_cyrillic": ("letters", " "),
            "latin_variants": ("letters", " "), "arabic_script": ("letters", " "), "chinese": ("units", "·")}
#: Spellings kept per word and script, fewest pieces first.
PER_WORD = 3


@functools.cache
def _backwards(table: str) -> tuple[dict[str, list[str]], int]:
    """Canonical Latin → the letters (or units) of `table` whose first reading it is."""
    key, _sep = _SCRIPTS[table]
    out: dict[str, list[str]] = {}
    for letters, readings in tables.letter_map(tables.load(table).get(key)).items():
        first = readings[0] if readings else ""
        if first and first.isascii() and first.isalpha() and letters != first:
            out.setdefault(first, []).append(letters)
    return out, max((len(k) for k in out), default=1)


def _spell_word(latin: str, table: str) -> list[str]:
    """Up to PER_WORD spellings of one canonical-Latin word with `table`'s letters."""
    back, longest = _backwards(table)
    best: list[list[tuple[int, str]]] = [[] for _ in range(len(latin) + 1)]
    best[0] = [(0, "")]
    for i in range(len(latin)):
        for pieces, text in best[i][:PER_WORD]:
            for n in range(1, min(longest, len(latin) - i) + 1):
                for letters in back.get(latin[i:i + n], [])[:2]:
                    best[i + n].append((pieces + 1, text + letters))
        if i + 1 <= len(latin):
            best[i + 1].sort(key=lambda x: x[0])
            del best[i + 1][PER_WORD * 2:]
    return list(dict.fromkeys(text for _p, text in best[len(latin)]))[:PER_WORD]


def spellings(name: str) -> list[str]:
    """The name written in every script the tables know, as the matcher still takes it for `name`."""
    words = name_words(name)
    out: list[str] = []
    for table, (_key, sep) in _SCRIPTS.items():
        spelt = [_spell_word(w, table) for w in words]
        if not words or not all(spelt):
            continue
        for k in range(PER_WORD):
            form = sep.join(alts[min(k, len(alts) - 1)] for alts in spelt)
            form = " ".join(w[:1].upper() + w[1:] for w in form.split(" "))
            if form not in out and form != name and match_person(form, [name]) is not None:
                out.append(form)
    return out
