"""The synthetic corpus in numbers: its languages, its share of restricted
material, lengths and years; and the one weighted draw every part of the writer uses.

Kept apart so that a change of proportion is made in one place, and so that
every module can read them without importing the writer.
"""
from __future__ import annotations

import random
from datetime import date

LANGUAGE_SHARES = {"en": 0.60, "ru": 0.25, "kk": 0.15}
RESTRICTED_DOCUMENT_SHARE = 0.03
# Share of mentioned (non-narrator) persons marked restricted; with about 1.4
# mentioned persons per narrator this makes ~2% of all persons in public documents.
RESTRICTED_MENTIONED_SHARE = 0.029
MIN_WORDS, MAX_WORDS = 300, 1500
FIRST_YEAR, LAST_YEAR = 1990, 2025          # event years
FIRST_PUBLISHED, LAST_PUBLISHED = date(2018, 1, 1), date(2026, 11, 1)
SHARD_SIZE = 1000
PARALLEL_FROM = 4000                        # documents; below this one process is faster
PUBLISHER = "Synthetic Testimony Archive"


def _weighted(rng: random.Random, pairs):
    r = rng.random() * sum(w for _, w in pairs)
    for value, w in pairs:
        r -= w
        if r < 0:
            return value
    return pairs[-1][0]
