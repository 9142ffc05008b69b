"""Marking searched words in text: escaped HTML with only <mark> added.

Whoosh's highlighter runs the full analysis chain (stemming included) over a
whole document for every hit, which costs more than the search itself on long
testimonies. Here the text is split by one regular expression and only the
tokens that share a first letters with a query term go through the analyzer.
Kazakh, Uyghur and Chinese words do not keep their first letters in the index
(полицияға is policia, 警察 a word inside 被警察带走): there each word is read
once by its analysed forms, and a run of Chinese characters is cut into words.
"""
from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import escape

from ..index.analyzers import analyzer_for
from ..text.analysis import WORD_PATTERN, text_language
from ..text.chinese import fold_chinese, has_han, segment

SNIPPET_CHARS = 240
_WORD = re.compile(WORD_PATTERN)
_PREFIX = 3  # stems keep a word's first letters in every corpus language


@lru_cache(maxsize=8)
def _analyzer(language: str):
    return analyzer_for(text_language(language))


def terms_for(language: str, words) -> frozenset[str]:
    """The terms searched words analyse to in `language`: the same for every result of a page."""
    return _terms_for(language, tuple(words))


@lru_cache(maxsize=1024)
def _terms_for(language: str, words: tuple[str, ...]) -> frozenset[str]:
    analyzer = _analyzer(language)
    return frozenset(t.text for w in words for t in analyzer(w))


#: Languages whose indexed form of a word need not begin with the letters it is written
#: with: Kazakh and Uyghur in any script are read into one Latin form (полицияға: policia),
#: Chinese runs are cut into words inside (警察 in 被警察带走). Their text is analysed
#: whole, with the offsets of each word, and only the words that are a term are marked.
_ANALYSED_WHOLE = frozenset({"kk", "ug", "zh"})


def _merged(spans) -> list[tuple[int, int]]:
    """Spans in order, overlapping ones (the two pairs of 看守所) as one."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


@lru_cache(maxsize=100_000)
def _forms(language: str, token: str) -> frozenset[str]:
    """The terms one word of a text analyses to (words recur: each is read once)."""
    return frozenset(t.text for t in _analyzer(language)(token))


def _whole_words(text: str, language: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """find_matches for the _ANALYSED_WHOLE languages: each word by its analysed forms, and in a
    run of Chinese characters that holds a character of a term, each word cut from it as the
    Chinese analysis cuts it (indexer.text.chinese.segment)."""
    han_chars = {c for t in terms for c in t if has_han(c)}
    spans = []
    for m in _WORD.finditer(text):
        raw = m.group()
        token = raw.strip("'")
        if not token:
            continue
        start = m.start() + (len(raw) - len(raw.lstrip("'")))
        if has_han(token):
            folded = fold_chinese(token)            # one character for one: offsets hold
            if han_chars & set(folded):
                spans += [(start + a, start + b) for word, a, b in segment(folded, _WORD)
                          if word in terms or (not has_han(word) and _forms(language, word) & terms)]
        elif _forms(language, token) & terms:
            spans.append((start, start + len(token)))
    return _merged(spans)


def find_matches(text: str, language: str, words: list[str]) -> list[tuple[int, int]]:
    """(start, end) of every token of `text` that analyzes to a term of `words`."""
    terms = terms_for(language, words)
    if not terms:
        return []
    if text_language(language) in _ANALYSED_WHOLE:
        return _whole_words(text, language, terms)
    spans = []
    for start, token in _words_beginning(text, frozenset(t[:_PREFIX] for t in terms)):
        if not terms.isdisjoint(_forms(language, token)):     # each word analysed once, for every page
            spans.append((start, start + len(token)))
    return spans


#: A letter of a word other than the apostrophe, which may also stand around one.
_INSIDE = re.compile(WORD_PATTERN.replace("'", "").rstrip("+"))


@lru_cache(maxsize=256)
def _prefix_pattern(prefixes: frozenset[str]) -> re.Pattern:
    return re.compile("|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True)))


def _words_beginning(text: str, prefixes: frozenset[str]):
    """(start, word) of each word of `text` whose first letters, lower-cased, are one of
    `prefixes`, quotes around it left out: the words worth analysing. One pattern finds
    where such letters stand in the lower-cased text, so the other words are never read."""
    lowered = text.lower().replace("ё", "е")
    if len(lowered) != len(text):          # a letter whose lower case is longer (İ): read every word
        for m in _WORD.finditer(text):
            token = m.group().strip("'")
            if token and token[:_PREFIX].lower().replace("ё", "е") in prefixes:
                yield m.start() + (len(m.group()) - len(m.group().lstrip("'"))), token
        return
    for m in _prefix_pattern(prefixes).finditer(lowered):
        begin = m.start()
        while begin > 0 and text[begin - 1] == "'":
            begin -= 1
        if begin > 0 and _INSIDE.match(text, begin - 1):
            continue                        # inside a word, not at its beginning
        word = _WORD.match(text, begin)
        token = word.group().strip("'") if word else ""
        if token and m.start() == begin + (len(word.group()) - len(word.group().lstrip("'"))):
            yield m.start(), token


def _marked(text: str, spans, start: int, end: int) -> str:
    out, pos = [], start
    for a, b in spans:
        if a < start or b > end:
            continue
        out.append(str(escape(text[pos:a])))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    out.append(str(escape(text[pos:end])))
    return "".join(out)


def _joined(spans, extra) -> list[tuple[int, int]]:
    """The words' spans and `extra` ones (a searched place's names) in order, none overlapping."""
    return _merged({*spans, *extra}) if extra else spans


def mark_text(text: str, language: str, words: list[str], extra=()) -> str:
    """The whole text escaped, the searched words (and the `extra` spans) in <mark>."""
    return _marked(text, _joined(find_matches(text, language, words), extra), 0, len(text))


def snippet(text: str, language: str, words: list[str], chars: int = SNIPPET_CHARS, extra=()) -> str:
    """An escaped extract around the densest run of searched words (and `extra` spans)."""
    spans = _joined(find_matches(text, language, words), extra)
    if not spans:
        return str(escape(text[:chars])) + ("…" if len(text) > chars else "")
    # The window of `chars` that holds the most matches, starting a little before the first.
    best, best_count = spans[0][0], 0
    j = 0
    for i, (a, _b) in enumerate(spans):
        while j < len(spans) and spans[j][1] <= a + chars:
            j += 1
        if j - i > best_count:
            best, best_count = a, j - i
    start = max(0, best - chars // 4)
    space = text.rfind(" ", 0, start)
    start = 0 if start == 0 else (space + 1 if space >= 0 and start - space < 30 else start)
    end = min(len(text), start + chars)
    space = text.find(" ", end)
    if 0 <= space - end < 30:
        end = space
    return ("…" if start > 0 else "") + _marked(text, spans, start, end) + ("…" if end < len(text) else "")
