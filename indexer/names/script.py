"""Which writing system a word (or a character) is in."""
from __future__ import annotations

import unicodedata

SCRIPTS = ("latin", "cyrillic", "arabic", "han", "other")


def char_script(ch: str) -> str:
    """'latin', 'cyrillic', 'arabic', 'han', 'other' for a letter; '' for anything else."""
    if len(ch) != 1:
        return ""
    cp = ord(ch)
    if ch.isascii():
        return "latin" if ch.isalpha() else ""
    if 0x0400 <= cp <= 0x052F or 0x1C80 <= cp <= 0x1C8F or 0x2DE0 <= cp <= 0x2DFF or 0xA640 <= cp <= 0xA69F:
        return "cyrillic" if (ch.isalpha() or unicodedata.category(ch).startswith("M")) else ""
    if (0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0x08A0 <= cp <= 0x08FF
            or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF):
        cat = unicodedata.category(ch)
        if ch.isalpha() or cat.startswith("M") or cp in (0x0674, 0x0640):
            return "arabic"
        return ""
    if (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF
            or 0x20000 <= cp <= 0x3134F or cp == 0x3007):
        return "han"
    if 0x00C0 <= cp <= 0x024F or 0x1E00 <= cp <= 0x1EFF or 0x0250 <= cp <= 0x02AF or 0xFF21 <= cp <= 0xFF5A:
        return "latin" if ch.isalpha() else ""
    if 0x0300 <= cp <= 0x036F:
        return ""  # combining accents belong to the letter before them
    if ch.isalpha():
        return "other"
    return ""


def detect_script(word: str) -> str:
    """The script most letters of `word` are written in: one of SCRIPTS.

    A word with no letters is 'other'.  Ties go to the first script in the
    order han, arabic, cyrillic, latin (the rarer script decides).
    """
    counts: dict[str, int] = {}
    for ch in unicodedata.normalize("NFC", word or ""):
        s = char_script(ch)
        if s:
            counts[s] = counts.get(s, 0) + 1
    if not counts:
        return "other"
    order = ("han", "arabic", "cyrillic", "latin", "other")
    return max(order, key=lambda s: (counts.get(s, 0), -order.index(s)))
