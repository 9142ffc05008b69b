"""Withholding restricted names from a public text: the name matcher turned around.

Name search finds a person under every spelling the name engine matches
(indexer.names.match_person: scripts, transliterations, sounds-alike, bounded
typos, surname stems), and text search folds what the index folds. So a
withheld name must go in every one of those forms, not only as written in the
front matter. The text is read as the index reads it (NFKC, so full-width
letters are plain ones; soft hyphens, zero-width and other invisible format
characters removed), each word — and each pair of adjacent words, and each
hyphenated compound — is asked whether the name engine would match it to one
of the hidden names; a run of Chinese characters is read at every start and
length, since Chinese writes names without spaces. Offsets are kept back to
the original text, so the replacement cuts exactly the span of the name.

On top of the matcher, case endings and suffixes after a name's stem go too
("Tleukhanova's", "Тлеухановой", "Жанаргүлдің", "Nurlybekov"), and a
patronymic particle written after a withheld name ("Ospan uly"). Withholding
errs on the side of hiding too much.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from anyascii import anyascii
from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..names import match_person, name_words
from ..names.phonetic import fold_latin, is_particle, strip_latin
from ..names.script import char_script
from ..names.transliterate import readings

WITHHELD = "[name withheld]"
#: What stands for the sentences that name a person restricted with `withhold: sentence`.
PASSAGE_WITHHELD = "[passage withheld]"

#: A word of a name shorter than this (in Latin letters) is only withheld as part of the full name.
MIN_WORD_KEY = 3
#: How many letters of a word may follow a name's stem: case endings and suffixes.
MAX_SUFFIX = 5
#: A surname stem without its patronymic ending (Ospanuly → ospan) shorter than this is no prefix.
MIN_BARE_STEM = 4
#: The longest run of Chinese characters read as one name (扎纳尔古丽·特列乌哈诺娃 has 5 + 5).
MAX_HAN = 10
#: Match levels that withhold a word written in lower case; a lower-case word met only by sound
#: or by a typo is an ordinary word ("even" is not Esen, "over" not Ömer).
_SURE = ("exact", "transliteration")
_VOWELS = set("aeiouy")
_MARKS = "\u0300-\u036f\u064b-\u065f\u0670\u0674"
_WORD = re.compile(rf"(?:[^\W\d_]|[{_MARKS}])+")
_JOINERS = set("-‐‑")                # inside a compound: Ospan-uly
#: Where a sentence ends: . ! ? … before a space (closing quotes kept), Chinese 。！？, a line's end.
_SENTENCE_END = re.compile(r"[.!?…]+[”\"’»)\]]*(?=\s|$)|[。！？]+[”」』)]*|\n")
_NAME_SPLIT = re.compile(r"[\s·•・.,;:/()\[\]\"'’‘“”«»\-‐‑–—]+")


def normalized(text: str) -> tuple[str, list[int]]:
    """The text as the index reads it (NFKC, invisible format characters removed) and, for each
    of its characters, the offset of the original character it came from."""
    if text.isascii():                       # nothing to fold, nothing invisible
        return text, list(range(len(text)))
    composed = unicodedata.normalize("NFC", text)
    # Most texts have nothing NFKC changes and no invisible format character (each of
    # which Python counts as unprintable, as it does line breaks and tabs): one offset a character.
    if unicodedata.is_normalized("NFKC", composed) and \
            composed.replace("\n", " ").replace("\r", " ").replace("\t", " ").isprintable():
        return composed, list(range(len(composed)))
    out, where = [], []
    for i, ch in enumerate(composed):
        if unicodedata.category(ch) == "Cf":
            continue
        folded = unicodedata.normalize("NFKC", ch) if not ch.isascii() else ch
        out.append(folded)
        where += [i] * len(folded)
    return "".join(out), where


def _latin_key(word: str) -> str:
    """A word reduced to lowercase ASCII letters: 'Zhanargül' and 'Жанаргүл' → 'zhanargul'."""
    return "".join(ch for ch in anyascii(word).lower() if ch.isalnum())


@functools.lru_cache(maxsize=65536)
def _spelt(latin: str) -> tuple[str, ...]:
    """A canonical-Latin word, its stem (Ospanuly → ospan), and their sounds-alike keys: what the
    matcher compares; the first two are what meet at the exact and transliteration levels."""
    latin = latin.replace("-", "")
    stem = strip_latin(latin)
    return (latin, stem, fold_latin(latin), fold_latin(stem))


def _lowercase(word: str) -> bool:
    """A word of a script with case written in lower case: a name only when spelt as one."""
    return word != word.upper() and (word == word.lower() or not word[0].isupper())


def _is_han(ch: str) -> bool:
    return char_script(ch) == "han"


@functools.lru_cache(maxsize=200_000)
def _forms_of(word: str) -> frozenset[str]:
    """Every spelling the matcher compares of a word (or of two words and the two run
    together): the same for every redactor, and most words of a text recur."""
    parts = word.split(" ")
    return frozenset(f for w in [*parts, "".join(parts)] for r in readings(w) for f in _spelt(r))


class Redactor:
    """Withholds a set of names from texts."""

    def __init__(self, names: list[str]):
        self.names = tuple(dict.fromkeys(normalized(n)[0].strip() for n in names if n and n.strip()))
        self.stems: set[str] = set()      # Latin keys of name words, endings dropped: prefixes of word forms
        self.bare: set[str] = set()       # the same without a patronymic ending, for capitalised words
        for name in self.names:
            for part in _NAME_SPLIT.split(name):
                key = _latin_key(part)
                if len(key) < MIN_WORD_KEY or any(_is_han(ch) for ch in part):
                    continue
                if len(key) >= 5 and key[-1] in _VOWELS:
                    key = key[:-1]     # Tleukhanova → tleukhanov: matches Тлеухановой
                self.stems.add(key)
                bare = strip_latin(readings(part)[0])
                if len(bare) >= MIN_BARE_STEM:
                    self.bare.add(bare)   # Ospanuly → ospan: matches Ospanovtyn
        self._seen: dict[str, float] = {}
        # Every spelling the matcher compares of the names' words and adjacent pairs, for `_near`.
        words = [name_words(n) for n in self.names]
        pairs = [a + b for ws in words for a, b in zip(ws, ws[1:])]
        self._sure = frozenset(f for w in (*(w for ws in words for w in ws), *pairs) for f in _spelt(w)[:2])
        self._loose = tuple({f for w in (*(w for ws in words for w in ws), *pairs) for f in _spelt(w)})

    def __bool__(self) -> bool:
        return bool(self.names)

    def names_word(self, word: str) -> float:
        """How well name search would take `word` (or words) for one of the hidden names; 0 if not."""
        found = self._seen.get(word)
        if found is None:
            found = self._seen[word] = self._score(word)
        return found

    def _near(self, word: str) -> bool:
        """Whether the matcher could meet `word` at all: a spelling of it (or of two words run
        together) within two edits of a spelling of a name word; for a word in lower case, one
        equal to it. A shortcut past the matcher for the ordinary words of a text."""
        if not word.isascii() and any(_is_han(ch) for ch in word):
            return True
        forms = _forms_of(word)
        if _lowercase(word):
            return bool(forms & self._sure)
        return any(process.extractOne(f, self._loose, scorer=OSA.distance, score_cutoff=2) for f in forms)

    def _score(self, word: str) -> float:
        match = match_person(word, self.names) if self._near(word) else None
        if match is not None and (match.how in _SURE or not _lowercase(word)):
            return match.score
        key = _latin_key(word)
        if len(key) < MIN_WORD_KEY or " " in word:
            return 0.0
        stems = self.stems if _lowercase(word) else self.stems | self.bare
        stemmed = any(key.startswith(stem) and len(key) - len(stem) <= MAX_SUFFIX for stem in stems)
        return 1.0 if stemmed else 0.0

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The spans of `text` (offsets into `text` itself) that name a hidden person."""
        norm, where = normalized(text)
        words = [(m.start(), m.end()) for m in _WORD.finditer(norm)]
        found: list[tuple[int, int]] = []
        runs: list[tuple[int, int]] = []          # narrow words; Chinese runs are read apart
        for start, end in words:
            if norm[start:end].isascii():
                runs.append((start, end))
                continue
            i = start
            while i < end:
                j = i
                han = _is_han(norm[i])
                while j < end and _is_han(norm[j]) == han:
                    j += 1
                if han:
                    found += self._han_spans(norm, i, j)
                else:
                    runs.append((i, j))
                i = j
        hidden = [self.names_word(norm[s:e]) for s, e in runs]
        for k, (s, e) in enumerate(runs):
            if hidden[k]:
                found.append((s, e))
            if k + 1 < len(runs):
                s2, e2 = runs[k + 1]
                gap = norm[e:s2]
                if gap and set(gap) <= _JOINERS and self.names_word(norm[s:e2]):
                    found.append((s, e2))            # Ospan-uly, Nur-lybek
                elif gap.isspace() and not (_lowercase(norm[s:e]) or _lowercase(norm[s2:e2])) \
                        and self.names_word(norm[s:e] + " " + norm[s2:e2]):
                    found.append((s, e2))            # Nurly bek
                elif hidden[k] and (gap.isspace() or set(gap) <= _JOINERS) \
                        and is_particle(readings(norm[s2:e2])[0]):
                    found.append((s, e2))            # Ospan uly
        return [(where[s], where[e - 1] + 1) for s, e in found]

    def _han_spans(self, norm: str, start: int, end: int) -> list[tuple[int, int]]:
        """The stretches of a run of Chinese characters that read as a hidden name: from each
        character, the one that reads best (扎纳尔古丽 exactly, rather than 扎纳尔古丽也 by a typo)."""
        out = []
        for i in range(start, end - 1):
            scores = [(self.names_word(norm[i:j]), j) for j in range(i + 2, min(end, i + MAX_HAN) + 1)]
            score, j = max(scores, default=(0.0, 0))
            if score:
                out.append((i, j))
        return out

    def __call__(self, text: str | None) -> str | None:
        if not text or not self:
            return text
        text = unicodedata.normalize("NFC", text)
        spans = sorted(self.spans(text))
        if not spans:
            return text
        merged: list[list[int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        out, pos = [], 0
        for start, end in merged:
            gap = text[pos:start]
            if not (out and _blank(gap)):
                out += [gap, WITHHELD]   # names side by side ("Zhanargul Tleukhanova") become one
            pos = end
        out.append(text[pos:])
        return "".join(out)


def _blank(gap: str) -> bool:
    """Nothing but spaces, joiners and invisible characters between two withheld names."""
    return all(ch.isspace() or ch in _JOINERS or unicodedata.category(ch) == "Cf" for ch in gap)


def _sentences(text: str):
    """(start, end) of each sentence of `text`, together covering all of it."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        yield start, m.end()
        start = m.end()
    if start < len(text):
        yield start, len(text)


class SentenceWithholder:
    """Replaces every sentence that names one of some names (as the Redactor finds them) with
    one PASSAGE_WITHHELD; sentences side by side become one marker."""

    def __init__(self, names: list[str]):
        self.redactor = Redactor(names)

    def __bool__(self) -> bool:
        return bool(self.redactor)

    def names_in(self, text: str | None) -> bool:
        return bool(text and self.redactor and self.redactor.spans(unicodedata.normalize("NFC", text)))

    def __call__(self, text: str | None) -> str | None:
        if not text or not self:
            return text
        text = unicodedata.normalize("NFC", text)
        out, previous = [], False            # whether the sentence before was withheld
        for start, end in _sentences(text):
            sentence = text[start:end]
            if not self.redactor.spans(sentence):
                out.append(sentence)
                previous = previous and not sentence.strip()
                continue
            body = sentence.strip()
            lead = sentence[:len(sentence) - len(sentence.lstrip())]
            tail = sentence[len(lead) + len(body):]
            if previous and "\n" not in lead:
                out.append(tail)                  # one marker for sentences side by side
            else:
                out += [lead, PASSAGE_WITHHELD, tail]
            previous = "\n" not in tail
        return "".join(out)


def redact(text: str, names: list[str]) -> str:
    """Withhold every form of the given names that name search would match from `text`."""
    return Redactor(names)(text) if text and names else text
