"""Chinese words: simplified and traditional as one, full-width forms folded, text segmented.

Chinese is written without spaces, so a word is found inside a run of
characters only if the run is cut into words. Two ways were measured on the
multilingual dev cases (see `archive eval-text`): CJK bigrams, as Lucene's
CJKAnalyzer indexes (every pair of neighbouring characters, a lone character
as itself), and jieba's dictionary segmentation. Bigrams are the default:
they find every dev word, a place or name (塔城, 古丽娜) is found whatever
the dictionary knows of it, and a query is cut the same way as the text it
must meet, which a dictionary segmenter does not promise (强迫劳动 is one word
alone and two inside a sentence). `SEGMENTERS` keeps both for measuring.

Folding is one character for one, so offsets (for highlights) stay right.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

#: Han ideographs (CJK Unified, Extension A, Compatibility) and the ideographic zero 〇.
HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{HAN}]+")


def has_han(text: str) -> bool:
    return _HAN_RUN.search(text) is not None


@functools.cache
def _fold_table() -> dict[int, str]:
    """Traditional -> simplified (a data file naming its source) and full-width -> ASCII."""
    table = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}   # ！..～ -> !..~
    table[0x3000] = 0x20                                       # ideographic space
    for line in (DATA_DIR / "zh_traditional_to_simplified.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            traditional, simplified = line.split("\t")
            table[ord(traditional)] = ord(simplified)
    return table


def fold_chinese(text: str) -> str:
    """`text` with traditional characters simplified and full-width forms made ASCII."""
    return text.translate(_fold_table())


def bigrams(run: str, start: int):
    """(word, start, end) of a Han run as CJKAnalyzer cuts it: overlapping pairs."""
    if len(run) == 1:
        yield run, start, start + 1
        return
    for i in range(len(run) - 1):
        yield run[i:i + 2], start + i, start + i + 2


@functools.cache
def _jieba():
    import jieba   # loaded on first use: its dictionary takes a second to read
    jieba.setLogLevel(60)
    return jieba


def jieba_words(run: str, start: int):
    """(word, start, end) of a Han run as jieba's dictionary segmentation cuts it."""
    for word, begin, end in _jieba().tokenize(run):
        yield word, start + begin, start + end


SEGMENTERS = {"bigrams": bigrams, "jieba": jieba_words}
SEGMENTER = "bigrams"


def segment(folded: str, word_pattern: re.Pattern, segmenter: str | None = None):
    """(word, start, end) of folded text: Han runs segmented, every other word as is."""
    cut = SEGMENTERS[segmenter or SEGMENTER]
    for m in word_pattern.finditer(folded):
        word, offset = m.group(), m.start()
        last = 0
        for han in _HAN_RUN.finditer(word):
            if han.start() > last:
                yield word[last:han.start()], offset + last, offset + han.start()
            yield from cut(han.group(), offset + han.start())
            last = han.end()
        if last < len(word):
            yield word[last:], offset + last, offset + len(word)
