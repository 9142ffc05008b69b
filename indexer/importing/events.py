"""What happened, sentence by sentence: detained, sentenced to N years, released, missing…

The phrases of each event kind are in `data/events.yaml`, per language; the
sentence an event comes from is kept as its `text`, so an archivist checks
every proposal against the words it was read from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .data_files import base_language, load


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


def _number(text: str, language: str) -> int | None:
    if text.isdigit():
        return int(text)
    return load("events")["numbers"].get(base_language(language), {}).get(text.lower())


def events_in(sentence: str, language: str) -> list[Found]:
    """The events a sentence tells, one per kind, in the data file's order of kinds."""
    found: dict[str, Found] = {}
    for kind, rx in _phrases(language):
        if kind in found:
            continue
        m = rx.search(sentence)
        if m:
            term = _number(m.group("n"), language) if "n" in rx.groupindex and m.group("n") else None
            found[kind] = Found(kind, m.start(), term if kind == "sentenced" else None)
    return list(found.values())


_SENTENCE = re.compile(r"(?<=[.!?。！？])[”’\"»]?\s+(?=[“‘\"«(\[]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])|(?<=[。！？])")


def sentences(paragraph: str) -> list[str]:
    """A paragraph cut into sentences (after . ! ? and before a capital, or after 。！？)."""
    return [s.strip() for s in _SENTENCE.split(paragraph) if s and s.strip()]
