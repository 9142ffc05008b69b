"""The bits of Kazakh and Russian grammar the templates cannot carry themselves.

Kazakh case endings follow vowel harmony and the last consonant; Russian needs
plural forms after numbers, and puts a head noun before a place name (в городе
..., в селе ...) so that the name need not decline. Done here, so that the
templates in the data files stay plain sentences with slots.
"""
from __future__ import annotations

import random
import re

from .data import _Place

_KK_HEADS = ("қаласы", "ауданы", "аймағы", "облысы", "ауылы")
_KK_VOICELESS = set("кқптсфхцчшщ")


def _kk_front(word: str) -> bool:
    for ch in reversed(word.lower()):
        if ch in "әеөүі":
            return True
        if ch in "аоұыя":
            return False
    return False


def kk_case(word: str, case: str) -> str:
    """A Kazakh noun with the locative ("loc") or dative ("dat") ending, by vowel harmony."""
    front, voiceless = _kk_front(word), word[-1].lower() in _KK_VOICELESS
    if case == "loc":
        return word + ("т" if voiceless else "д") + ("е" if front else "а")
    if front:
        return word + ("ке" if voiceless else "ге")
    return word + ("қа" if voiceless else "ға")


def _kk_possessive_case(phrase: str, case: str) -> str:
    """Cases of "інім" (my ...: ends in м) and "інісі" (his/her ...: ends in a vowel)."""
    front = _kk_front(phrase)
    if phrase.endswith("м"):
        ending = {"acc": "ді" if front else "ды", "dat": "е" if front else "а",
                  "gen": "нің" if front else "ның", "ins": "мен", "abl": "нен" if front else "нан"}[case]
    else:
        ending = {"acc": "н", "dat": "не" if front else "на", "gen": "нің" if front else "ның",
                  "ins": "мен", "abl": "нен" if front else "нан"}[case]
    return phrase + ending


def _ru_plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


_RU_INDECLINABLE = re.compile(r"[иыуоеэю]$")
_RU_HEAD = {"city": ("в городе", "в город"), "town": ("в городе", "в город"),
            "village": ("в селе", "в село"), "county": ("в уезде", "в уезд")}
_KK_HEAD = {"city": "қаласы", "town": "қаласы", "village": "ауылы", "county": "ауданы"}


def _place_phrases(place: _Place, lang: str, rng: random.Random) -> tuple[str, str, str]:
    """(bare name, "in X", "to X") for running text in `lang`."""
    names = place.body[lang] or place.body["ru"] or place.body["en"]
    name = rng.choice(names)
    if lang == "en" or not place.body[lang]:
        if lang == "ru":
            return name, *(f"{h} {name}" for h in _RU_HEAD[place.kind])
        if lang == "kk":
            head = _KK_HEAD[place.kind]
            return name, f"{name} {head}нда", f"{name} {head}на"
        return name, f"in {name}", f"to {name}"
    if lang == "ru":
        if place.kind in ("city", "town") and " " not in name and _RU_INDECLINABLE.search(name):
            return name, f"в {name}", f"в {name}"
        return name, *(f"{h} {name}" for h in _RU_HEAD[place.kind])
    if name.endswith(_KK_HEADS):
        return name, name + "нда", name + "на"
    if place.kind in ("city", "town") and " " not in name and rng.random() < 0.6:
        return name, kk_case(name, "loc"), kk_case(name, "dat")
    head = _KK_HEAD[place.kind]
    return name, f"{name} {head}нда", f"{name} {head}на"


def _months(n: int) -> str:
    return f"{n} " + _ru_plural(n, "месяц", "месяца", "месяцев")
