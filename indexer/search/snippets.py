"""Marking searched words in text: escaped HTML with only <mark> added.

Whoosh's highlighter runs the full analysis chain (stemming included) over a
whole document for every hit, which costs more than the search itself on long
testimonies. Here the text is split by one regular expression and only the
tokens that share a first letters with a query term go through the analyzer.
"""
from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import escape

from ..index.analyzers import analyzer_for
from ..text.analysis import WORD_PATTERN, text_language

SNIPPET_CHARS = 240
_WORD = re.compile(WORD_PATTERN)
_PREFIX = 3  # stems keep a word's first letters in every corpus language


@lru_cache(maxsize=8)
def _analyzer(language: str):
    return analyzer_for(text_language(language))


def terms_for(language: str, words: list[str]) -> frozenset[str]:
    analyzer = _analyzer(language)
    return frozenset(t.text for w in words for t in analyzer(w))


def find_matches(text: str, language: str, words: list[str]) -> list[tuple[int, int]]:
    """(start, end) of every token of `text` that analyzes to a term of `words`."""
    terms = terms_for(language, words)
    if not terms:
        return []
    analyzer = _analyzer(language)
    prefixes = {t[:_PREFIX] for t in terms}
    spans = []
    for m in _WORD.finditer(text):
        raw = m.group()
        token = raw.strip("'")  # quotes around a word are not part of it
        if not token:
            continue
        if token[:_PREFIX].lower().replace("ё", "е") not in prefixes:
            continue
        if any(t.text in terms for t in analyzer(token)):
            start = m.start() + (len(raw) - len(raw.lstrip("'")))
            spans.append((start, start + len(token)))
    return spans


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
    if not extra:
        return spans
    out: list[tuple[int, int]] = []
    for a, b in sorted({*spans, *extra}):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


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
