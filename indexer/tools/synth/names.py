"""The name population: identities, and how each is written in each script.

An identity is a given name, a surname stem and a surname style (Russian-style
-ов/-ев, patronymic -ұлы/-қызы, bare, or Russian). A document writes it in one
script -- English informal ("Gulzhan Kazybayeva", "Guljan Kazybaeva"), passport
("Gulzhan Kazybaeva"), Kazakh Latin ("Güljan Qazybaeva"), Russian Cyrillic
("Гульжан Казыбаева") or Kazakh Cyrillic ("Гүлжан Қазыбаева") -- and may list
others as variants, so name search has realistic near-misses to rank
(Kazybayeva, Kazybekov, Kazybaiuly; Gulzhan, Gulnar, Gulnara).
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache

from .data import _Data, _Name
from .shape import _weighted


# ---------------------------------------------------------------------------
# Writing a name in a script
# ---------------------------------------------------------------------------

_KK_FRONT = "әеіөүӘЕІӨҮ"
_CONSONANTS = "бвгғджзйклмнңпрстфхһцчшщ"
_SOFT_L = re.compile(rf"(?<=[{_KK_FRONT}])л(?=[{_CONSONANTS}]|$)")
_KK_TO_RU = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")


def kk_to_ru(word: str) -> str:
    """Russian spelling of a Kazakh Cyrillic name: Гүлжан -> Гульжан, Қазыбаев -> Казыбаев."""
    return " ".join(_SOFT_L.sub("ль", w).translate(_KK_TO_RU) for w in word.split(" "))


def _table(pairs: str) -> dict[str, str]:
    table = {}
    for pair in pairs.split():
        cyr, _, lat = pair.partition("=")
        table[cyr] = lat
    return table


# Passport romanisation (ICAO 9303 as used for Kazakhstani passports).
_PASSPORT = _table("а=a ә=a б=b в=v г=g ғ=g д=d е=e ё=e ж=zh з=z и=i й=i к=k қ=k л=l м=m н=n ң=n "
                   "о=o ө=o п=p р=r с=s т=t у=u ұ=u ү=u ф=f х=kh һ=h ц=ts ч=ch ш=sh щ=shch ъ=ie "
                   "ы=y і=i ь= э=e ю=iu я=ia")
# Kazakh Latin alphabet of 2021 (ı = і, y = ы, i = и/й, ū = ұ, ü = ү).
_KZ_LATIN = _table("а=a ә=ä б=b в=v г=g ғ=ğ д=d е=e ё=io ж=j з=z и=i й=i к=k қ=q л=l м=m н=n ң=ñ "
                   "о=o ө=ö п=p р=r с=s т=t у=u ұ=ū ү=ü ф=f х=h һ=h ц=ts ч=ç ш=ş щ=şş ъ= "
                   "ы=y і=ı ь= э=e ю=iu я=ia")
# English-language practice for Russian spellings (BGN/PCGN-like: е -> ye after a vowel).
_ENGLISH = _table("а=a б=b в=v г=g д=d е=e ё=yo ж=zh з=z и=i й=y к=k л=l м=m н=n о=o п=p р=r "
                  "с=s т=t у=u ф=f х=kh ц=ts ч=ch ш=sh щ=shch ъ= ы=y ь= э=e ю=yu я=ya")
_RU_VOWELS = set("аеёиоуыэюяьъй")


def _transliterate(text: str, table: dict[str, str], ye: bool = False) -> str:
    out = []
    prev = " "
    for ch in text:
        low = ch.lower()
        lat = table.get(low)
        if lat is None:
            out.append(ch)
        else:
            if ye and low == "е" and (prev in _RU_VOWELS or not prev.isalpha()):
                lat = "ye"
            if ch != low and lat:
                lat = "İ" if lat == "i" and table is _KZ_LATIN else lat[0].upper() + lat[1:]
            out.append(lat)
        prev = low
    return "".join(out)


@lru_cache(maxsize=65536)
def passport(text: str) -> str:
    """Гүлпия Қазыбек -> Gulpiia Kazybek."""
    return _transliterate(text, _PASSPORT)


@lru_cache(maxsize=65536)
def kazakh_latin(text: str) -> str:
    """Гүлжан Қазыбаева -> Güljan Qazybaeva (2021 alphabet)."""
    return _transliterate(text, _KZ_LATIN)


@lru_cache(maxsize=65536)
def english(text: str) -> str:
    """Russian Cyrillic -> the usual English spelling: Гульжан Казыбаева -> Gulzhan Kazybayeva."""
    return _transliterate(text, _ENGLISH, ye=True)


# Informal spellings: each applies to a whole name with its probability.
_INFORMAL = [
    (0.25, re.compile(r"zh"), "j"), (0.25, re.compile(r"Zh"), "J"),
    (0.35, re.compile(r"ay(?![aeiouy])"), "ai"),
    (0.20, re.compile(r"kh"), "h"), (0.20, re.compile(r"Kh"), "H"),
    (0.20, re.compile(r"yev(?=a?\b)"), "ev"),
    (0.50, re.compile(r"iy\b"), "i"),
    (0.08, re.compile(r"(?<=[bcdfghjklmnpqrstvwxz])y(?=[bcdfghjklmnpqrstvwxz])"), "i"),
    (0.20, re.compile(r"iya\b"), "ia"),
    (0.30, re.compile(r"\bYe"), "E"),
]


def _informal(name: str, rng: random.Random) -> str:
    for p, pattern, repl in _INFORMAL:
        if rng.random() < p:
            name = pattern.sub(repl, name)
    return name


# ---------------------------------------------------------------------------
# Identities
# ---------------------------------------------------------------------------

def _ov(stem: str) -> str:
    """The Russian-style surname of a stem: Қазыбай -> Қазыбаев, Бапан -> Бапанов, Омарәлі -> Омарәлиев."""
    last = stem[-1]
    if last == "й":
        return stem[:-1] + "ев"
    if last in "іи":
        return stem[:-1] + "иев"
    if last in "аәеоөұүыуэюя" or last in "жшщчц":
        return stem + "ев"
    return stem + "ов"


def _ru_feminine(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith(("ский", "цкий", "ный")):
        return surname[:-2] + "ая"
    return surname


@dataclass
class _Identity:
    """One person's name, before it is written in some script."""

    group: str              # kazakh | uyghur | russian
    gender: str             # m | f
    given: _Name
    stem: _Name
    style: str              # ov | uly | bare | ru

    def cyrillic(self) -> tuple[str, str, str, str]:
        """(given, surname) in Kazakh Cyrillic and in Russian."""
        g, s, female = self.given, self.stem, self.gender == "f"
        if self.style == "ru":
            sur = _ru_feminine(s.kk) if female else s.kk
            return g.kk, sur, g.kk, sur
        if self.style == "ov":
            kk_sur = _ov(s.kk) + ("а" if female else "")
            ru_sur = _ov(s.ru) + ("а" if female else "") if s.ru else kk_to_ru(kk_sur)
        elif self.style == "uly":
            kk_sur = s.kk + ("қызы" if female else "ұлы")
            ru_sur = s.ru + ("кызы" if female else "улы") if s.ru else kk_to_ru(kk_sur)
        else:
            kk_sur = s.kk
            ru_sur = s.ru or kk_to_ru(kk_sur)
        return g.kk, kk_sur, g.ru or kk_to_ru(g.kk), ru_sur

    def render(self, script: str, order: str, rng: random.Random) -> str:
        kk_given, kk_sur, ru_given, ru_sur = self.cyrillic()
        if script == "kk":
            parts = (kk_given, kk_sur)
        elif script == "ru":
            parts = (ru_given, ru_sur)
        elif script == "passport":
            parts = (passport(kk_given), passport(kk_sur))
        elif script == "kzlatin":
            parts = (kazakh_latin(kk_given), kazakh_latin(kk_sur))
        else:  # english
            given = self.given.lat or english(ru_given)
            surname = self.stem.lat if (self.stem.lat and self.style == "bare") else english(ru_sur)
            parts = (_informal(given, rng), _informal(surname, rng))
        return f"{parts[1]} {parts[0]}" if order == "sg" else f"{parts[0]} {parts[1]}"

    def slug(self) -> str:
        kk_given, kk_sur, _, _ = self.cyrillic()
        return re.sub(r"[^a-z0-9]+", "-", passport(f"{kk_given} {kk_sur}").lower()).strip("-")


_SCRIPTS = {  # the scripts a document's names are written in, by document language
    "en": (("english", 0.60), ("passport", 0.25), ("kzlatin", 0.15)),
    "ru": (("ru", 0.85), ("kk", 0.15)),
    "kk": (("kk", 0.85), ("ru", 0.15)),
}
_ALL_SCRIPTS = ("english", "passport", "kzlatin", "ru", "kk")


def _identity(rng: random.Random, data: _Data, group: str, gender: str, stem: _Name | None = None) -> _Identity:
    names = data.names[group]
    given = rng.choice(names[gender])
    if group == "russian":
        return _Identity(group, gender, given, stem or rng.choice(names["stems"]), "ru")
    if group == "uyghur":
        style = _weighted(rng, (("ov", 0.6), ("bare", 0.4)))
    else:
        style = _weighted(rng, (("ov", 0.6), ("uly", 0.18), ("bare", 0.22)))
    return _Identity(group, gender, given, stem or rng.choice(names["stems"]), style)


def _written(ident: _Identity, lang: str, rng: random.Random) -> tuple[str, list[str]]:
    """The name as a document in `lang` writes it, and 0-3 curated variant spellings."""
    script = _weighted(rng, _SCRIPTS[lang])
    order = "sg" if lang != "en" and rng.random() < 0.05 else "gs"
    name = ident.render(script, order, rng)
    variants: list[str] = []
    if rng.random() < 0.45:
        others = [s for s in _ALL_SCRIPTS if s != script]
        for other in rng.sample(others, rng.randint(1, 3)):
            v = ident.render(other, "gs", rng)
            if v != name and v not in variants:
                variants.append(v)
    return name, variants
