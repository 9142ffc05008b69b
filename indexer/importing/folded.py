"""Kazakh and Uyghur phrases found in any script: both sides read into one folded Latin form.

Kazakh is written in Cyrillic, in Latin and in the Arabic script of China's
Kazakhs; Uyghur in Arabic (UEY), Latin (ULY) and Cyrillic. A phrase table
written in each script would be three tables to keep in step, so a phrase is
written once and every word, of the phrase and of the sentence, is read the
way the text analysis reads it (the names package's transliteration, then
`text.turkic.normalize`, which folds the letters the scripts write
differently): ұсталды, ustaldy and ۇستالدى are one word, "ustaldi". As with
the other languages' phrases, the last word of a phrase may go on (a case or
person ending), the others are whole words.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..names.transliterate import readings, transliterate
from ..text.turkic import normalize

#: A word (letters, joined by apostrophes as Kazakh Latin of 2017 writes them) or a number.
_TOKEN = re.compile(r"\d+|[^\W\d_]+(?:['’][^\W\d_]+)*")
#: The number slot of a phrase.
NUMBER = "{n}"


def _folded(latin: str) -> str:
    """`text.turkic.normalize`, and kh as h: Kazakh Latin writes х as h (habarsyz, хабарсыз)."""
    return normalize(latin).replace("kh", "h")


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """One word in its folded Latin form (a number stays itself)."""
    return word if word.isdigit() else _folded(transliterate(word))


def words(text: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end) of every word and number of a text."""
    return [(fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def spellings(word: str) -> frozenset[str]:
    """Every folded reading of a data file's word: a letter some scripts read two ways (ۆ is ö in
    Uyghur, v in Kazakh) gives each, so the word meets its spelling in every script."""
    return frozenset(_folded(r) for r in readings(word) if r)


def phrase(text: str) -> tuple[frozenset[str] | str, ...]:
    """A phrase of the data files as the spellings of its words, `{n}` kept as the number slot."""
    return tuple(NUMBER if part == NUMBER else spellings(w)
                 for part in text.split() for w in ([part] if part == NUMBER else _TOKEN.findall(part)))


def _number_at(tokens: list[tuple[str, int, int]], at: int, numbers: dict[str, int]) -> tuple[int, int] | None:
    """(the number a slot reads at `at`, the words it takes): digits (at most two: a year is no
    term), a number word, or tens and units as two words (он бес, on besh: 15)."""
    word = tokens[at][0]
    if word.isdigit():
        return (int(word), 1) if len(word) <= 2 else None
    if word not in numbers:
        return None
    value = numbers[word]
    after = tokens[at + 1][0] if at + 1 < len(tokens) else None
    if value % 10 == 0 and after in numbers and numbers[after] < 10:
        return value + numbers[after], 2
    return value, 1


def find(pattern: tuple[str, ...], tokens: list[tuple[str, int, int]], numbers: dict[str, int]):
    """(position, number or None) of the first place the phrase stands in the tokens, else None."""
    last = len(pattern) - 1
    for start in range(len(tokens)):
        at, number = start, None
        for i, want in enumerate(pattern):
            if at >= len(tokens):
                break
            if want == NUMBER:
                if (got := _number_at(tokens, at, numbers)) is None:
                    break
                number, used = got
                at += used
                continue
            word = tokens[at][0]
            if not (word in want or (i == last and any(word.startswith(w) for w in want))):
                break
            at += 1
        else:
            return tokens[start][1], number
    return None
