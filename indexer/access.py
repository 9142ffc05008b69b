"""What the public may see of a document: the one place that decides it.

The public index is built only from `public_view(doc)`, so a restricted
document or person never enters it, and no route has to remember a filter.

A restricted person inside a public document is removed with everything the
document says of them only (their events, relation, notes, the years of their
events), and their name is withheld from every free text the public sees:
title, body, captions, the event texts of other persons, date texts, credits
and the source's title. The name is withheld in every written form the
document gives (name and variants, any case, any accents) and in its word
forms: "Tleukhanova's", "Тлеухановой", "Жанаргүлдің" all go. Withholding errs
on the side of hiding too much: a word that merely starts like a hidden name
is withheld too.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from anyascii import anyascii

from .dates import extract_dates, year_months_of, years_of
from .model import DateMention, Document, Event, Person, Source

WITHHELD = "[name withheld]"

#: A word of a name shorter than this (in Latin letters) is only withheld as part of the full name.
MIN_WORD_KEY = 3
#: How many letters of a word may follow a name's stem: case endings and suffixes.
MAX_SUFFIX = 5
_VOWELS = set("aeiouy")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_NAME_SPLIT = re.compile(r"[\s·•・.,;:/()\[\]\"'’‘“”«»\-‐‑–—]+")


def _names_of(person: Person) -> list[str]:
    return [n for n in [person.name, *person.variants] if n and n.strip()]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _wide(ch: str) -> bool:
    """Scripts written without spaces between words (Han, kana, Hangul)."""
    return unicodedata.east_asian_width(ch) in "WF" and ch.isalpha()


def _latin_key(word: str) -> str:
    """A word reduced to lowercase ASCII letters: 'Zhanargül' and 'Жанаргүл' → 'zhanargul'."""
    return "".join(ch for ch in anyascii(word).lower() if ch.isalnum())


def _fold_char(ch: str) -> str:
    """One character, case and accents folded, still one character (keeps offsets)."""
    base = unicodedata.normalize("NFD", ch)[0]
    low = base.lower()
    return low if len(low) == 1 else base


def _fold(text: str) -> str:
    return "".join(_fold_char(ch) for ch in text)


def _narrow_runs(word: str, offset: int):
    """The spans of a run of letters that are not in a script written without spaces."""
    start = None
    for i, ch in enumerate(word + "\u4e00"):
        if _wide(ch):
            if start is not None:
                yield offset + start, offset + i
                start = None
        elif start is None:
            start = i


def _form_pattern(form: str) -> str:
    """A whole written name: not inside a longer word, except in scripts without spaces."""
    head = "" if _wide(form[0]) or not form[0].isalnum() else r"(?<!\w)"
    tail = "" if _wide(form[-1]) or not form[-1].isalnum() else r"(?!\w)"
    return head + re.escape(form) + tail


class Redactor:
    """Withholds a set of names from texts."""

    def __init__(self, names: list[str]):
        names = [_nfc(n).strip() for n in names if n and n.strip()]
        # Whole written forms, longest first: these also catch names in scripts without spaces.
        self.forms = sorted({_fold(n) for n in names}, key=len, reverse=True)
        self.stems: set[str] = set()     # Latin keys of single name words, endings dropped
        self.wide_parts: set[str] = set()  # parts of names in scripts without spaces
        for name in names:
            for part in _NAME_SPLIT.split(name):
                if not part:
                    continue
                if any(_wide(ch) for ch in part):
                    if len(part) >= 2:
                        self.wide_parts.add(_fold(part))
                    continue
                key = _latin_key(part)
                if len(key) < MIN_WORD_KEY:
                    continue
                if len(key) >= 5 and key[-1] in _VOWELS:
                    key = key[:-1]     # Tleukhanova → tleukhanov: matches Тлеухановой
                self.stems.add(key)
        self._forms_re = re.compile("|".join(_form_pattern(f) for f in self.forms)) if self.forms else None
        parts = sorted(self.wide_parts, key=len, reverse=True)
        self._wide_re = re.compile("|".join(re.escape(p) for p in parts)) if parts else None

    def __bool__(self) -> bool:
        return bool(self.forms or self.stems or self.wide_parts)

    def _word_hidden(self, word: str) -> bool:
        key = _latin_key(word)
        if len(key) < MIN_WORD_KEY:
            return False
        return any(key.startswith(stem) and len(key) - len(stem) <= MAX_SUFFIX for stem in self.stems)

    def __call__(self, text: str | None) -> str | None:
        if not text or not self:
            return text
        text = _nfc(text)
        spans: list[tuple[int, int]] = []
        folded = _fold(text)
        for pattern in (self._forms_re, self._wide_re):
            if pattern is not None:
                spans += [m.span() for m in pattern.finditer(folded)]
        for m in _WORD.finditer(text):
            for start, end in _narrow_runs(m.group(0), m.start()):
                if self._word_hidden(text[start:end]):
                    spans.append((start, end))
        if not spans:
            return text
        spans.sort()
        merged: list[list[int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        out, pos = [], 0
        for start, end in merged:
            gap = text[pos:start]
            if not (out and gap.strip() == ""):
                out += [gap, WITHHELD]   # names side by side ("Zhanargul Tleukhanova") become one
            pos = end
        out.append(text[pos:])
        return "".join(out)


def redact(text: str, names: list[str]) -> str:
    """Withhold every written form of the given names from `text`, in any case, in any word form."""
    return Redactor(names)(text) if text and names else text


def _public_event(event: Event, hide: Redactor) -> Event:
    return replace(event, text=hide(event.text))


def _public_person(person: Person, hide: Redactor) -> Person:
    return replace(
        person,
        relation=hide(person.relation),
        note=None,
        events=[_public_event(e, hide) for e in person.events],
    )


def _public_source(source: Source, hide: Redactor) -> Source:
    url = source.url
    if url and hide(url) != url:
        url = None
    return replace(source, title=hide(source.title) or "", publisher=hide(source.publisher), url=url)


def public_view(doc: Document, restricted_ids: set[str] | frozenset[str] = frozenset()) -> Document | None:
    """The document as the public may see it, or None when it is restricted.

    `restricted_ids` are the ids of restricted documents of the corpus: a public
    document that is `part_of` one of them does not name it. Notes are for
    archivists and never public.
    """
    if doc.restricted:
        return None
    part_of = None if doc.part_of in restricted_ids else doc.part_of
    hidden = [n for p in doc.people if p.restricted for n in _names_of(p)]
    if not hidden and not any(p.restricted for p in doc.people):
        if doc.notes is None and part_of == doc.part_of and not any(p.note for p in doc.people):
            return doc
        return replace(doc, notes=None, part_of=part_of,
                       people=[replace(p, note=None) if p.note else p for p in doc.people])
    hide = Redactor(hidden)
    people = [_public_person(p, hide) for p in doc.people if not p.restricted]
    dates = [DateMention(text=hide(d.text) or "", when=d.when) for d in doc.dates]
    captions = [hide(c) for c in doc.captions]
    body = hide(doc.body)
    # Years and months again, now without the restricted persons' events.
    mentions = list(dates)
    mentions += [DateMention(e.text or "", e.when) for p in people for e in p.events if e.when]
    for text in (body, *captions):
        mentions += extract_dates(text, doc.language, doc.source.published)
    return replace(
        doc,
        part_of=part_of,
        people=people,
        title=hide(doc.title),
        body=body,
        captions=captions,
        dates=dates,
        credits=[{k: (hide(v) if isinstance(v, str) else v) for k, v in c.items()} for c in doc.credits],
        source=_public_source(doc.source, hide),
        notes=None,
        years=years_of(mentions),
        year_months=year_months_of(mentions),
    )


def exposure_problems(doc: Document) -> list[str]:
    """What a public document would show of a restricted person that cannot be withheld.

    That is its id, which every link and URL carries: an id made of a
    restricted person's name would name them to the public.
    """
    if doc.restricted:
        return []
    hidden = [n for p in doc.people if p.restricted for n in _names_of(p)]
    if not hidden:
        return []
    words = doc.id.replace("-", " ")
    if Redactor(hidden)(words) != words:
        return [f"id {doc.id!r} contains the name of a restricted person, and ids are shown to "
                "the public: give the document another id"]
    return []
