"""Spelling suggestions a person would take for a correction of the word typed.

A vocabulary's nearest words within two edits include many that no one
would call a correction: `with` and `sit` for `Smith`, `a`, `i` for `-`.
A suggestion here is a word of the same script as the typed one, at least
MIN_LETTERS long, never a stop word, and within an edit budget that grows
with the word's length, as search engines bound their typo tolerance: one
edit from three letters, two from SECOND_EDIT_FROM.
"""
from __future__ import annotations

from ..names.script import detect_script
from ..text.analysis import is_stop_word

#: Words shorter than this are neither corrected nor offered as corrections.
MIN_LETTERS = 3
#: From this length on a word may be two edits from its correction.
SECOND_EDIT_FROM = 6


def edits_allowed(word: str) -> int:
    """How many edits a correction of `word` may be away (0: too short to correct)."""
    letters = sum(ch.isalpha() for ch in word)
    if letters < MIN_LETTERS:
        return 0
    return 1 if len(word) < SECOND_EDIT_FROM else 2


def corrections(word: str, vocabulary, limit: int = 3) -> list[str]:
    """Plausible corrections of one folded word from a vocabulary, the nearest first."""
    edits = edits_allowed(word)
    if not edits or is_stop_word(word):
        return []
    script = detect_script(word)
    found = []
    for alt in vocabulary.suggest(word, limit=None, max_edits=edits):
        if (sum(ch.isalpha() for ch in alt) >= MIN_LETTERS and not is_stop_word(alt)
                and detect_script(alt) == script):
            found.append(alt)
            if len(found) == limit:
                break
    return found
