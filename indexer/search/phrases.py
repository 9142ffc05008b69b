"""Whoosh's Phrase answered from the index's word pairs (indexer.index.pairs).

A phrase of k words holds each of its k-1 adjacent pairs, so the AND of
their pair terms, k-1 posting lists without positions, is a superset of its
documents; for two words it is exactly them. For three words or more the
positions of the words are then read in those candidates only (the blocks
of their postings that hold none are skipped) and checked as Whoosh checks
them, so the documents are always Whoosh's own. An index written before
pairs (no pair field) is answered as before, by positions alone.
"""
from __future__ import annotations

import numpy as np
from whoosh import query as wq
from whoosh.formats import Positions
from whoosh.reading import TermNotFound

from ..index.pairs import pair_field, pair_term
from .positions import phrase_found
from .postings import postings_at


def pair_terms(searcher, q) -> list[tuple[str, str]] | None:
    """The (field, term) pairs of a plain phrase whose field has pairs in every segment
    (None when it has not, or when `q` is no plain phrase)."""
    if type(q) is not wq.Phrase or q.slop != 1 or q.char_ranges or len(q.words) < 2:
        return None
    schema = searcher.schema
    if q.fieldname not in schema or type(schema[q.fieldname].format) is not Positions:
        return None
    field = pair_field(q.fieldname)
    if not all(field in leaf.schema for leaf, _offset in searcher.reader().leaf_readers()):
        return None
    return [(field, term) for term in dict.fromkeys(pair_term(a, b) for a, b in zip(q.words, q.words[1:]))]


def candidates(docsets, terms: list[tuple[str, str]]) -> np.ndarray:
    """Documents holding every pair (deleted ones included), the rarest pair read first."""
    out = None
    if len(terms) > 1:
        terms = sorted(terms, key=lambda t: docsets.searcher.doc_frequency(*t))
    for field, term in terms:
        found = docsets._term(field, term)
        out = found if out is None else out & found
        if not out.any():
            break
    return out


def verified(leaves, fieldname: str, words: list[str], found: np.ndarray) -> np.ndarray:
    """The documents of `found` where `words` stand at consecutive positions of `fieldname`."""
    out = np.zeros(len(found), dtype=bool)
    for leaf, offset in leaves:
        local = np.flatnonzero(found[offset:offset + leaf.doc_count_all()])
        if not local.size:
            continue
        per_word = []
        for word in words:
            try:
                matcher = leaf.postings(fieldname, leaf.schema[fieldname].to_bytes(word))
            except TermNotFound:
                break
            per_word.append(postings_at(matcher, local, values=True)[1])
        else:
            out[local[phrase_found(per_word)] + offset] = True
    return out


def phrase_mask(docsets, q, terms: list[tuple[str, str]]) -> np.ndarray:
    """The documents of Whoosh's Phrase `q` (deleted ones included), from its pair `terms`."""
    found = candidates(docsets, terms)
    if len(q.words) > 2 and found.any():
        found = verified(docsets.leaves, q.fieldname, q.words, found)
    return found
