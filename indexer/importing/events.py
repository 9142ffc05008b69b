"""What happened, sentence by sentence: detained, sentenced to N years, released, missing…

The phrases of each event kind are in `data/events.yaml`, per language; the
sentence an event comes from is kept as its `text`, so an archivist checks
every proposal against the words it was read from. Kazakh and Uyghur, each
written in Cyrillic, Latin and Arabic script, have one table each, matched on
folded words (`folded.py`): a Kazakh draft in Arabic script reads the phrases
written in Cyrillic, a Uyghur one in Latin those written in Arabic.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import folded
from .data_files import base_language, load
from .people import uncased


@dataclass
class Found:
    event: str
    position: int
    term_years: int | None = None


@lru_cache(maxsize=None)
def _phrases(language: str) -> list[tuple[str, re.Pattern]]:
    data = load("events")
    lang = base_language(language)
    numbers = data["numbers"].get(lang, {})
    number = "|".join([r"\d{1,2}", *map(re.escape, sorted(numbers, key=len, reverse=True))])
    edge = "" if lang == "zh" else r"(?<![\w])"
    out = []
    for kind, phrases in (data.get(lang) or {}).items():
        for phrase in phrases:
            rx = re.escape(phrase).replace(r"\{n\}", rf"(?P<n>{number})").replace(r"\ ", r"\s+")
            out.append((kind, re.compile(edge + rx, re.IGNORECASE)))
    return out


@lru_cache(maxsize=None)
def _folded_phrases(language: str) -> tuple[list[tuple[str, tuple]], dict[str, int]]:
    """A language read in several scripts: its phrases and number words as folded words."""
    data = load("events")
    numbers = {spelling: n for word, n in data["numbers"].get(language, {}).items()
               for spelling in folded.spellings(word)}
    return [(kind, folded.phrase(p)) for kind, phrases in data[language].items() for p in phrases], numbers


def _tables(language: str) -> list[str]:
    """The phrase tables a draft's language reads: its own; a Latin-script text (read as `en`,
    importing.language.reading_language, whatever Latin-script language it is) also those of the folded languages."""
    lang = base_language(language)
    folded_languages = load("events")["folded"]
    return [lang, *folded_languages] if lang == "en" else [lang]


def _number(text: str, language: str) -> int | None:
    if text.isdigit():
        return int(text)
    return load("events")["numbers"].get(base_language(language), {}).get(text.lower())


def events_in(sentence: str, language: str) -> list[Found]:
    """The events a sentence tells, one per kind, in the data file's order of kinds."""
    found: dict[str, Found] = {}
    for lang in _tables(language):
        if lang in load("events")["folded"]:
            tokens = folded.words(sentence)
            phrases, numbers = _folded_phrases(lang)
            for kind, pattern in phrases:
                if kind not in found and (hit := folded.find(pattern, tokens, numbers)):
                    found[kind] = Found(kind, hit[0], hit[1] if kind == "sentenced" else None)
            continue
        for kind, rx in _phrases(lang):
            if kind in found:
                continue
            m = rx.search(sentence)
            if m:
                term = _number(m.group("n"), lang) if "n" in rx.groupindex and m.group("n") else None
                found[kind] = Found(kind, m.start(), term if kind == "sentenced" else None)
    return list(found.values())


#: Where a sentence may end: after . ! ? ؟ (and a closing quote), before the next one's first letter.
_END = re.compile(r"(?<=[.!?؟])[”’\"»]?\s+(?=[“‘\"«(\[]?(\w))|(?<=[。！？])")


def _starts_sentence(ch: str | None) -> bool:
    """A capital in any script (İnım, Ölgii), a digit, or a letter of a script without capitals."""
    return ch is None or ch.isupper() or ch.isdigit() or bool(uncased(ch))


def sentences(paragraph: str) -> list[str]:
    """A paragraph cut into sentences (after . ! ? before a capital, a digit or an Arabic-script
    letter, or after 。！？)."""
    out, start = [], 0
    for m in _END.finditer(paragraph):
        if _starts_sentence(m.group(1)):
            out.append(paragraph[start:m.start()])
            start = m.end()
    out.append(paragraph[start:])
    return [s.strip() for s in out if s and s.strip()]
