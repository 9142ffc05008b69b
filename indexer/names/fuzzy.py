"""Bounded edit distance between phonetic keys, and fuzzy expansion over a vocabulary."""
from __future__ import annotations

import functools
import threading
from collections.abc import Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from .tables import load

#: No fuzziness below this key length: short keys (nur, gul, bek) are too close to each other.
MIN_FUZZY_LEN = 4
#: Keys shorter than this must also agree in their first letter to be fuzzy matches.
SAME_FIRST_BELOW = 6
#: Start of a consonant-skeleton term (syllables.py), which is matched only
#: exactly: no key or canonical Latin starts so (q is always read k).
SKELETON_MARK = "qq"
#: Normalised similarity (1 - distance / longer length) a fuzzy match must reach.
SIMILARITY_FLOOR = 0.75


def max_edits(length: int) -> int:
    """Edits allowed between keys whose shorter one has `length` letters."""
    if length < MIN_FUZZY_LEN:
        return 0
    if length < 8:
        return 1
    return 2


def fuzzy_distance(a: str, b: str) -> int | None:
    """Edit distance of two keys when within the bound, else None.

    Optimal string alignment (a swap of two neighbouring letters is one edit).
    Beyond the length bound (`max_edits`) and the similarity floor:
    - a short key (under SAME_FIRST_BELOW letters) keeps its first and last
      letters, or changes them only for a near letter of phonetic.yaml
      (Bilas / Bilash), unless the edit is a swap: Bilal is not Bilash, Myrza
      not Myrzan;
    - two edits must agree on the first and last letters and must not touch
      neighbouring letters, which is a changed name element rather than two
      slips: Serikbay / Serikzhan, Sauytuly / Sauytbay, Nazarbekov / Nazarbayev.
    """
    if a == b:
        return 0
    n = min(len(a), len(b))
    bound = max_edits(n)
    if not bound or abs(len(a) - len(b)) > bound:
        return None
    d = OSA.distance(a, b, score_cutoff=bound)
    if d > bound:
        return None
    if 1.0 - d / max(len(a), len(b)) < SIMILARITY_FLOOR:
        return None
    if n < SAME_FIRST_BELOW and not (_same_or_near(a[0], b[0]) and _same_or_near(a[-1], b[-1])):
        if not (len(a) == len(b) and _is_swap(a, b)):
            return None
    if d >= 2:
        if a[0] != b[0] or a[-1] != b[-1]:
            return None
        ops = Levenshtein.editops(a, b)
        if len(ops) == 2 and abs(ops[0].src_pos - ops[1].src_pos) <= 1:
            return None
    return d


@functools.cache
def _near_letters() -> frozenset[tuple[str, str]]:
    pairs = set()
    for x, y in load("phonetic").get("near_letters") or []:
        pairs.add((str(x), str(y)))
        pairs.add((str(y), str(x)))
    return frozenset(pairs)


def _same_or_near(x: str, y: str) -> bool:
    return x == y or (x, y) in _near_letters()


def _is_swap(a: str, b: str) -> bool:
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


class _Buckets:
    """Terms by a key of theirs, as the keys' numbers sorted in NumPy and found by binary search:
    made in a fraction of the time a dictionary of lists takes for a vocabulary of millions,
    which a snapshot makes as it opens. A bucket lists its terms in vocabulary order.

    `codes` number the terms' keys: exactly (then a bucket is a slice), or by their hashes
    (`_hashed`; then each term found is checked with `key`, since two keys may share a hash)."""

    def __init__(self, terms: np.ndarray, codes: np.ndarray, key=None):
        """`terms` as a NumPy array of objects, which reorders in C."""
        self.key = key
        order = np.argsort(codes, kind="stable")
        self.codes = codes[order]
        self.terms: list[str] = terms[order].tolist()

    def between(self, low: int, high: int) -> list[str]:
        """The terms whose key's number is from `low` to `high`, by number, then vocabulary order."""
        lo, hi = np.searchsorted(self.codes, (low, high + 1)).tolist()
        return self.terms[lo:hi]

    def get(self, value) -> list[str]:
        """The terms whose key is `value` (by hash: the buckets of `key`)."""
        code = _hashed(value)
        found = self.between(code, code)
        return [t for t in found if self.key(t) == value] if found else found


#: A 62-bit mask: a hash so masked is non-negative, and one more still fits NumPy's int64.
_MASK = (1 << 62) - 1


def _hashed(value) -> int:
    return hash(value) & _MASK


def _hashes(keys, count: int) -> np.ndarray:
    return np.fromiter(map(hash, keys), dtype=np.int64, count=count) & _MASK


def _ends(term: str, length: int) -> int:
    """A term's first and last letters with a length as one number, as `_VocabIndex` numbers
    its terms (first letter, last letter, length): the terms of one first and last letter
    are then together, by length."""
    return (ord(term[0]) << 42) | (ord(term[-1]) << 21) | length


def _tail(term: str) -> str:
    return term[1:]


def _head(term: str) -> str:
    return term[:-1]


class _VocabIndex:
    """A vocabulary bucketed by (length, first letter, last letter), with its terms by
    tail and by head, and the expansions it has given.

    fuzzy_distance accepts a different first letter only for one edit at the
    very start (a substitution, a deletion, an insertion or a swap of the first
    two letters), and a different last letter only for one edit at the very
    end: two edits keep both. Those candidates are found by exact lookups, so a
    search scans only the keys of similar length that share the term's first
    and last letters, a few hundredths of a large vocabulary.
    """

    #: Expansions kept per vocabulary: a snapshot's vocabulary never changes.
    KEPT = 65536

    def __init__(self, vocabulary: Sequence[str]):
        self.size = len(vocabulary)
        terms = [t for t in vocabulary if isinstance(t, str) and t]
        n, objects = len(terms), np.array(terms, dtype=object)
        ends = np.fromiter([_ends(t, len(t)) for t in terms], np.int64, n)
        self.by_ends = _Buckets(objects, ends)
        self.by_tail = _Buckets(objects, _hashes([t[1:] for t in terms], n), key=_tail)
        self.by_head = _Buckets(objects, _hashes([t[:-1] for t in terms], n), key=_head)
        self.terms: set[str] = set(terms)
        self.expansions: dict[tuple[str, int], list[str]] = {}

    def candidates(self, term: str, bound: int) -> list[str]:
        n, first, last = len(term), term[0], term[-1]
        out = self.by_ends.between(_ends(term, max(1, n - bound)), _ends(term, n + bound))
        other = set(self.by_tail.get(term[1:]))               # first letter replaced
        other.update(self.by_tail.get(term))                  # a letter put before
        other.update(self.by_head.get(term[:-1]))             # last letter replaced
        other.update(self.by_head.get(term))                  # a letter put after
        for near in (term[1:], term[:-1]):                    # first or last letter dropped
            if near in self.terms:
                other.add(near)
        if n > 1:
            for swapped in (term[1] + term[0] + term[2:], term[:-2] + term[-1] + term[-2]):
                if swapped in self.terms:
                    other.add(swapped)
        out.extend(t for t in other if t[0] != first or t[-1] != last)
        return out


_cache_lock = threading.Lock()
_cache: dict[int, tuple[object, _VocabIndex]] = {}


def _index_for(vocabulary: Sequence[str]) -> _VocabIndex | None:
    """A cached length index of a large vocabulary (keyed by identity and size)."""
    if len(vocabulary) < 2000:
        return None
    key = id(vocabulary)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] is vocabulary and hit[1].size == len(vocabulary):
            return hit[1]
    idx = _VocabIndex(vocabulary)
    with _cache_lock:
        if len(_cache) > 8:
            _cache.clear()
        _cache[key] = (vocabulary, idx)
    return idx


def expand_fuzzy(term: str, vocabulary: Sequence[str], limit: int = 20) -> list[str]:
    """Vocabulary terms within the bounded edit distance of `term`, closest first.

    The bound depends on the key length (none under 4 letters, 1 edit for 4-7,
    2 for 8 and more), short keys must share their first letter, and a
    similarity floor applies: "bolat" does not reach "baibolat", "gulzhan" does
    not reach "gulbaran".
    """
    if not term or not vocabulary or term.startswith(SKELETON_MARK):
        return []
    bound = max_edits(len(term))
    if not bound:
        return []
    idx = _index_for(vocabulary)
    if idx is None:
        return _expand(term, vocabulary, bound, limit)
    kept = idx.expansions.get((term, limit))
    if kept is None:
        kept = _expand(term, idx.candidates(term, bound), bound, limit)
        if len(idx.expansions) >= idx.KEPT:
            idx.expansions.clear()
        idx.expansions[(term, limit)] = kept
    return list(kept)


def _expand(term: str, choices: Sequence[str], bound: int, limit: int) -> list[str]:
    if not choices:
        return []
    found = process.extract(term, choices, scorer=OSA.distance, score_cutoff=bound, limit=None)
    out: list[tuple[int, str]] = []
    seen = set()
    for cand, _d, _i in found:
        if cand in seen or not isinstance(cand, str) or cand.startswith(SKELETON_MARK):
            continue
        d = fuzzy_distance(term, cand)
        if d is not None:
            seen.add(cand)
            out.append((d, cand))
    out.sort()
    return [c for _d, c in out[:limit]]
