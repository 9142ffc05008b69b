"""People a text names: name-shaped spans that the name tables, or their place, show to be names.

A run of two to four capitalised words is only a candidate ("Amnesty
International", "Chinese Embassy" are capitalised too). It is taken as a person
when one of its words carries a mark of the name tables (a surname or
patronymic ending of `names/tables/suffixes.yaml`: Zhakayeva, Tokayev,
Kemelevich; or a Turkic name element, read from the Chinese transcription units
of `names/tables/chinese.yaml`: gul, bek, khan, zhan, nur…), or when its place
says so: after a role word ("its leader, …"), before an apposition (", an
ethnic Kazakh"), or before a verb only people do ("… was born"). A run holding a
place, a function word or a title is no name, and neither is one glossed in
brackets after it (an organisation's translated name). Chinese transcriptions
of Turkic and Russian names are written with a middle dot (古丽·卡孜别克):
a run of Chinese characters split by one is a name.

The Arabic script (Kazakh and Uyghur) has no capitals, so there the marks
alone find a name: a word with a surname or patronymic ending and the word
before it (ايگەرىم سەرىكقىزى), a father's name with the particle written
apart and the given name before them (نۇرلان سەرىك ۇلى), or two words the
first of which carries a name element, right after a relation word or a word
that introduces a name (ئىنىم نۇرمۇھەممەت ياقۇپ), or alone on a line; function
words and relation words (`data/names.yaml`, `indexer/text/data/relations.yaml`) are never
part of one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..names import tables
from ..names.phonetic import is_particle, is_patronymic, strip_latin
from ..names.transliterate import transliterate
from .data_files import load
from .folded import fold

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_WORD = re.compile(r"[^\W\d_][^\W\d_'’\-]*(?:[-'’][^\W\d_]+)*")
_GAP = re.compile(r"[ \u00a0]")
_LETTERS = re.compile(r"[^a-z]")
#: The Arabic script's blocks: a script without capitals.
_UNCASED = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True)
class Named:
    """A person's name found in a text, and why it was taken for one."""

    name: str
    why: str


@lru_cache(maxsize=1)
def _rules() -> dict:
    data = load("names")
    return {"not": {w.casefold() for w in data["not_names"]}, "titles": {w.casefold() for w in data["titles"]},
            "apposition": [p.casefold() for p in data["apposition"]],
            "verbs": [p.casefold() for p in data["person_verbs"]], "min": int(data["min_element"]),
            "uncased_not": set(data["uncased_not_names"]), "intro": set(data["name_intro"]),
            "uncased_endings": tuple(data["uncased_surname_endings"])}


@lru_cache(maxsize=1)
def _elements() -> frozenset[str]:
    """Turkic name elements: the Latin readings of the Chinese transcription units of several letters."""
    minimum = _rules()["min"]
    found = set()
    for value in (tables.load("chinese").get("units") or {}).values():
        for reading in tables.readings(value):
            reading = _LETTERS.sub("", reading.lower())
            if len(reading) >= minimum:
                found.add(reading)
    return frozenset(found)


@lru_cache(maxsize=1)
def _han_name_chars() -> frozenset[str]:
    """The characters Chinese transcriptions of names are written with (the units of chinese.yaml)."""
    return frozenset("".join((tables.load("chinese").get("units") or {}).keys()))


def _han_name(left: str, right: str, stops=()) -> str | None:
    """The name around a middle dot: the transcription characters next to it on each side,
    after the last of the `stops` (relation words such as 哥哥, which are written with them too)."""
    chars = _han_name_chars()
    i = len(left)
    while i > 0 and left[i - 1] in chars:
        i -= 1
    for stop in stops:
        at = left.rfind(stop, i)
        if at >= 0:
            i = max(i, at + len(stop))
    j = 0
    while j < len(right) and right[j] in chars:
        j += 1
    return f"{left[i:]}·{right[:j]}" if len(left) - i >= 1 and j >= 1 else None


@lru_cache(maxsize=1)
def _separators() -> str:
    return re.escape(tables.load("chinese").get("separators", "·"))


def _latin(word: str) -> str:
    return _LETTERS.sub("", transliterate(word).lower())


def name_mark(word: str) -> str | None:
    """What marks one word as part of a name in the name tables, or None."""
    latin = _latin(word)
    if len(latin) < 3:
        return None
    if strip_latin(latin) != latin or is_patronymic(latin):
        return "surname ending"
    for element in _elements():
        if len(latin) > len(element) + 1 and (latin.startswith(element) or latin.endswith(element)):
            return f"name element {element}"
    return None


def _capitalised(word: str) -> bool:
    return word[0].isupper() and not word.isupper()


def uncased(word: str) -> bool:
    """A word of the Arabic script, which has no capitals: no capital can say it starts a name."""
    return bool(_UNCASED.match(word))


def _uncased_runs(text: str, stops: set[str]):
    """Runs of Arabic-script words one space apart, cut at function words and relation words."""
    run: list[re.Match] = []
    for m in _WORD.finditer(text):
        word = m.group()
        fits = uncased(word) and word not in stops
        if fits and run and _GAP.fullmatch(text[run[-1].end():m.start()] or "x"):
            run.append(m)
            continue
        if run:
            yield run
        run = [m] if fits else []
    if run:
        yield run


def _surname_in_arabic(word: str) -> bool:
    """A word ending as a surname or patronymic does in Arabic script (سەرىكقىزى, جاقسىلىقوۆ)."""
    latin = _latin(word)
    return any(latin.endswith(e) and len(latin) >= len(e) + 3 for e in _rules()["uncased_endings"])


def _alone_on_its_line(text: str, start: int, end: int) -> bool:
    line_end = text.find("\n", end)
    return not text[text.rfind("\n", 0, start) + 1:start].strip() and \
        not text[end:len(text) if line_end < 0 else line_end].strip(" .:،")


def _uncased_spans(text: str, relation_stops=()):
    """(words, context) of the names a text in a script without capitals may hold."""
    rules = _rules()
    relations = set(relation_stops)
    for run in _uncased_runs(text, rules["uncased_not"] | relations | rules["intro"]):
        words = [m.group() for m in run]
        spans = []
        for j in range(1, len(words)):
            if is_particle(_latin(words[j])):          # سەرىك ۇلى: the father's name, written apart
                spans.append((max(0, j - 2), j + 1, f"the patronymic particle {words[j]}"))
            elif _surname_in_arabic(words[j]) and not is_particle(_latin(words[j - 1])):
                spans.append((j - 1, j + 1, "surname ending"))
        kept, end = [], 0
        for a, b, why in spans:
            if a >= end:
                kept.append((a, b, why))
                end = b
        for a, b, why in kept:
            yield words[a:b], why
        if kept or len(words) < 2 or not name_mark(words[0]):
            continue
        before = re.search(r"(\S+)[ \u00a0]+$", text[max(0, run[0].start() - 40):run[0].start()])
        if before and before.group(1) in relations:
            yield words[:2], f"after '{before.group(1)}'"
        elif before and before.group(1) in rules["intro"]:
            yield words[:2], f"after '{before.group(1)}'"
        elif len(words) == 2 and _alone_on_its_line(text, run[0].start(), run[-1].end()):
            yield words, "a line of its own"


def _runs(text: str):
    """(start, end, words) of each run of capitalised words, one space apart."""
    run: list[re.Match] = []
    for m in _WORD.finditer(text):
        if _capitalised(m.group()) and run and _GAP.fullmatch(text[run[-1].end():m.start()] or "x"):
            run.append(m)
            continue
        if run:
            yield run
        run = [m] if _capitalised(m.group()) else []
    if run:
        yield run


def _context(text: str, start: int, end: int) -> str | None:
    """Why the words around a span say it names a person, or None."""
    rules = _rules()
    before = text[max(0, start - 40):start].rstrip(" ,").split()
    if before and before[-1].casefold().strip("(“\"") in rules["titles"]:
        return f"after '{before[-1]}'"
    after = text[end:end + 40].casefold()
    if after.startswith(","):
        tail = after[1:].lstrip()
        if any(tail.startswith(p) for p in rules["apposition"]):
            return "apposition"
    tail = after.lstrip()
    if after.startswith(" ") and any(tail.startswith(v + " ") or tail == v for v in rules["verbs"]):
        return "a person's verb"
    return None


def is_place(words: list[str], finder) -> bool:
    return finder is not None and any(finder.spellings(w) for w in words)


_POSSESSIVE = re.compile(r"[’']s$")


def name_of(words: list[str]) -> list[str] | None:
    """The words of a span without function words or titles before it ("The", "Photographer")
    and a possessive after it; None if no name can be in it."""
    rules = _rules()
    while words and (words[0].casefold() in rules["not"] or words[0].casefold() in rules["titles"]):
        words = words[1:]
    if words:
        words = [*words[:-1], _POSSESSIVE.sub("", words[-1])]
    if not 2 <= len(words) <= 4 or any(w.casefold() in rules["not"] for w in words):
        return None
    return words


def judge(words: list[str], finder, context: str | None = None) -> Named | None:
    """The span as a person's name, when the tables or its context say it is one.

    A word that is also a place's name (Nursultan) leaves the span a name only
    on strong evidence: a surname ending or the span's context.
    """
    words = name_of(list(words))
    if words is None:
        return None
    marks = [m for w in words if (m := name_mark(w))]
    if is_place(words, finder) and not (context or any(m == "surname ending" for m in marks)):
        return None
    why = marks[0] if marks else context
    return Named(" ".join(words), why) if why else None


def _trimmed(run: list[re.Match], stops: set[str], finder, language: str) -> list[re.Match]:
    """A run without the relation word a sentence begins with (Інім Серік Талғатұлы: "my younger
    brother Serik …") and without the places after a name of two words or more (Дәурен Талғатұлы
    Құлжада тұрады, "… lives in Ghulja": Kazakh and Uyghur put the place before the verb)."""
    while run and (run[0].group().casefold() in stops or fold(run[0].group()) in stops):
        run = run[1:]
    while len(run) > 2 and finder is not None and finder.spellings(run[-1].group(), language):
        run = run[:-1]
    return run


def find_people(text: str, finder=None, stops=(), language: str = "") -> list[Named]:
    """The people a text names, each once, in order of first mention; `stops` are words that
    are never part of a name (relation words; they also end a Chinese name's left side), and
    `language` the text's tag, whose case endings a place after a name is read with."""
    found: dict[str, Named] = {}
    folded_stops = {s.casefold() for s in stops}
    for run in _runs(text):
        run = _trimmed(run, folded_stops, finder, language)
        if not run:
            continue
        start, end = run[0].start(), run[-1].end()
        if text[end:end + 2] == " (":
            continue                       # a name glossed in brackets: an organisation's
        named = judge([m.group() for m in run], finder, _context(text, start, end))
        if named is not None:
            found.setdefault(named.name, named)
    for words, context in _uncased_spans(text, stops):
        named = judge(words, finder, context)
        if named is not None:
            found.setdefault(named.name, named)
    for m in re.finditer(rf"([{_HAN}]{{1,12}})[{_separators()}]([{_HAN}]{{1,12}})", text):
        name = _han_name(m.group(1), m.group(2), stops)
        if name is not None:
            found.setdefault(name, Named(name, "Chinese transcription with a middle dot"))
    return list(found.values())
