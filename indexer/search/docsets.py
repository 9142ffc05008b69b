"""Every document a query matches, as a NumPy mask, read a posting block at a time.

The total and the facet counts of a page need every matching document, not
only the best ones. Whoosh finds them by walking its matchers one posting at
a time in Python; here a term's postings are read a block (up to 128
documents) at a time and set in a mask, and the query's Or, And and Not
become NumPy's |, & and ~, and a phrase the AND of its word pairs (its
positions checked among those for three words or more: indexer.search.
phrases). Queries this module does not know (a phrase of an index written
before pairs, for one) are asked of Whoosh, so the answer is always Whoosh's own.
"""
from __future__ import annotations

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import ListMatcher
from whoosh.matching.wrappers import FilterMatcher

from .phrases import pair_terms, phrase_mask


def _postings_ids(matcher) -> np.ndarray:
    """Document numbers of one term's postings in one segment, deleted ones included."""
    while isinstance(matcher, FilterMatcher):   # Whoosh's filter of deleted documents
        matcher = matcher.child
    if isinstance(matcher, ListMatcher):         # short lists live inline in the term index
        return np.asarray(matcher._ids, dtype=np.int64)
    if not isinstance(matcher, W3LeafMatcher):
        return np.fromiter(matcher.all_ids(), dtype=np.int64)
    blocks = []
    while True:
        if matcher._data is None:
            matcher._read_data()
        ids = np.asarray(matcher._data[0], dtype=np.int64)
        # Block ids are stored as gaps unless the term index says they are bytes.
        blocks.append(ids if matcher._byteids else np.cumsum(ids))
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    return np.concatenate(blocks) if blocks else np.empty(0, dtype=np.int64)


class Docsets:
    """Turns Whoosh queries into masks over the document numbers of one reader.

    `years(lo, hi)` answers year ranges (from the facet arrays, which hold
    the same years as the index); `searcher` answers what is left. Every
    mask holds only documents of `live` (all of the reader's live documents
    by default): a Not or an Every would otherwise take in documents that
    `add` deleted, which are still in the segments.
    """

    def __init__(self, searcher, years, live: np.ndarray | None = None):
        self.searcher = searcher
        reader = searcher.reader()
        self.size = reader.doc_count_all()
        if live is None:
            live = np.array([not reader.is_deleted(d) for d in range(self.size)], dtype=bool)
        self.live = live
        self.leaves = [(leaf, offset) for leaf, offset in reader.leaf_readers()]
        self.years = years

    def _native(self, q) -> bool:
        """Whether this node (not its children) is answered here rather than by Whoosh.

        Exact types only: Whoosh's subclasses (Ordered is an And) mean more.
        """
        kind = type(q)
        if kind is wq.Phrase:
            return pair_terms(self.searcher, q) is not None
        return (kind in (wq.Term, wq.And, wq.Not) or q is wq.NullQuery
                or (kind is wq.Or and not q.minmatch)
                or (kind is wq.Every and not q.fieldname)
                or (kind is wq.NumericRange and q.fieldname == "years" and self.years is not None
                    and not (q.startexcl or q.endexcl)))

    def needs_whoosh(self, q) -> bool:
        """Whether some part of `q` (a phrase, say) must be walked by Whoosh's matchers."""
        return not self._native(q) or any(self.needs_whoosh(sub) for sub in q.children())

    def mask(self, q) -> np.ndarray:
        """The live documents matching `q`."""
        return self._mask(q) & self.live

    def _mask(self, q) -> np.ndarray:
        """Documents matching `q`, deleted ones included (`mask` takes those out)."""
        if not self._native(q):
            return self._by_whoosh(q)
        kind = type(q)
        if kind is wq.Term:
            return self._term(q.fieldname, q.text)
        if kind is wq.Phrase:
            return phrase_mask(self, q, pair_terms(self.searcher, q))
        if kind is wq.Or:
            out = np.zeros(self.size, dtype=bool)
            for sub in q.subqueries:
                out |= self._mask(sub)
            return out
        if kind is wq.And:
            out = np.ones(self.size, dtype=bool)
            for sub in q.subqueries:
                out &= self._mask(sub)
            return out
        if kind is wq.Not:
            return ~self._mask(q.query)
        if kind is wq.NumericRange:
            return self.years(q.start, q.end)
        return np.full(self.size, kind is wq.Every, dtype=bool)   # Every, or NullQuery

    def _term(self, fieldname: str, text) -> np.ndarray:
        out = np.zeros(self.size, dtype=bool)
        for leaf, offset in self.leaves:
            if (fieldname, text) in leaf:
                out[_postings_ids(leaf.postings(fieldname, text)) + offset] = True
        return out

    def _by_whoosh(self, q) -> np.ndarray:
        out = np.zeros(self.size, dtype=bool)
        found = np.fromiter(self.searcher.docs_for_query(q), dtype=np.int64)
        out[found] = True
        return out
