"""Whoosh's BM25F scores of every match of a query, computed with NumPy a posting block at a time.

Whoosh scores a query by walking its matchers one posting at a time in
Python; an Or of 32 common words over every text field, title, names and
places takes seconds at 20,000 documents, because its top-k skipping rarely
fires for such an Or and every match is scored. Here each term's postings
are read a block (up to 128 documents) at a time, the same ids and weights
Whoosh reads, and scored with Whoosh's own formula and statistics
(`whoosh.scoring.bm25`: the searcher's idf, the field's average length, each
document's length from the segment's length column); Or and And add their
parts' scores as Whoosh's UnionMatcher and IntersectionMatcher do, a Not
or an Every gives what Whoosh's InverseMatcher and ListMatcher give (its
weight, 1.0), a year range its boost. A phrase is found from the index's word
pairs (indexer.search.phrases; by its words' positions in an index without
them) and scored as Whoosh scores it, the sum of its words' scores.
What this module does not know is scored by Whoosh itself, once per such
part, and added in like any other part, so a score is always Whoosh's score
(tests/test_scoring.py compares them).
"""
from __future__ import annotations

from math import log

import numpy as np
from whoosh import query as wq
from whoosh.codec import whoosh3
from whoosh.formats import Positions
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from . import phrases, positions
from .errors import N_, QueryError
from .postings import postings as postings_of, postings_at

#: Postings one search's words may read, counted before any is read: a search
#: costs one to two microseconds of CPU a posting, however its words combine,
#: and the total and facets need every match. 300,000 keeps the costliest
#: search near half a second of CPU (docs/performance.md). Ordinary searches
#: read far fewer, since stop words are never indexed: it takes more than
#: five words that each occur in most of 100,000 documents to pass it, and a
#: search of rarer words fits whatever the size of the archive.
MAX_POSTINGS = 300_000
#: A phrase reads its words' positions as well: about three times a posting's work.
PHRASE_COST = 3
#: A name key's posting is a candidate whose people are then verified against the name
#: asked for: at 100,000 documents about 12 µs of CPU each, against 2 µs for a word's
#: posting (docs/performance.md), so it counts six times.
NAME_KEY_COST = 6
#: Fields whose postings a searcher keeps once read, per segment: name keys are
#: short lists, looked up again and again (every spelling of a common given
#: name), and finding one in Whoosh's term index costs more than reading it.
KEPT_FIELDS = frozenset({"name_keys"})
#: Terms kept per segment and field (about 400 bytes each: some 8 MB a segment and
#: serving thread at most) before starting afresh.
KEPT_TERMS = 20_000
#: The most postings one block of Whoosh's postings holds (W3Codec's blocklimit).
BLOCK = 128


def postings_cost(searcher, q) -> int:
    """How many postings scoring `q` reads, a phrase's weighted by PHRASE_COST and a name
    key's by NAME_KEY_COST: what the bound holds is the work, not the count."""
    kind = type(q)
    terms = phrases.pair_terms(searcher, q) if kind is wq.Phrase else None
    if terms is not None:
        return _pairs_cost(searcher, q, terms)
    if kind in (wq.Term, wq.Phrase):
        field = searcher.schema[q.fieldname] if q.fieldname in searcher.schema else None
        words = [q.text] if kind is wq.Term else q.words
        try:
            count = sum(_doc_frequency(searcher, q.fieldname, field.to_bytes(w)) for w in words) if field else 0
        except ValueError:
            return 0
        if q.fieldname == "name_keys":
            return NAME_KEY_COST * count
        return count if kind is wq.Term or len(words) == 1 else PHRASE_COST * count
    return sum(postings_cost(searcher, sub) for sub in q.children())


#: Document frequencies one searcher remembers (its snapshot never changes) before starting again.
DOC_FREQUENCIES_KEPT = 100_000


def _doc_frequency(searcher, fieldname: str, btext: bytes) -> int:
    """Whoosh's document frequency of a term, remembered by the searcher: a word's
    expansion asks it of some hundred terms, each a look-up in every segment."""
    kept = searcher.__dict__.setdefault("_doc_frequencies", {})
    key = (fieldname, btext)
    found = kept.get(key)
    if found is None:
        if len(kept) >= DOC_FREQUENCIES_KEPT:
            kept.clear()
        found = kept[key] = searcher.doc_frequency(fieldname, btext)
    return found


def _pairs_cost(searcher, q, terms) -> int:
    """A phrase answered from its word pairs reads every posting of its pairs, then, in
    the blocks of its words' postings that hold a candidate (at most as many blocks as
    the rarest pair has documents), their weights, and for three words or more their
    positions too (PHRASE_COST)."""
    pairs = [_doc_frequency(searcher, field, term) for field, term in terms]
    field = searcher.schema[q.fieldname]
    try:
        words = [_doc_frequency(searcher, q.fieldname, field.to_bytes(w)) for w in q.words]
    except ValueError:
        return 0
    read = sum(min(count, BLOCK * min(pairs)) for count in words)
    return sum(pairs) + read * (1 + PHRASE_COST if len(q.words) > 2 else 1)


def check_cost(searcher, q, param: str = "q") -> None:
    """Refuse, naming `param`, a query whose words would read more than MAX_POSTINGS postings."""
    cost = postings_cost(searcher, q)
    if cost > MAX_POSTINGS:
        raise QueryError(param, N_("%(param)s has too many common words to search at once: they occur in "
                                   "%(cost)d places of the archive, at most %(limit)d; leave out the "
                                   "commonest words"), cost=cost, limit=MAX_POSTINGS)


#: Whoosh's field length of each length byte (0 is "no length": never a scored posting).
_LENGTHS = np.array([byte_to_length(b) if b else 1 for b in range(256)], dtype=np.float64)


def _length_bytes(leaf, fieldname: str) -> np.ndarray | None:
    """The segment's length byte of every document for a field (None when it keeps no lengths)."""
    perdoc = leaf._perdoc
    cache = perdoc.__dict__.setdefault("_length_arrays", {})
    if fieldname not in cache:
        reader = perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        raw = None if reader is None else reader._dbfile.get(reader._basepos, reader._count)
        cache[fieldname] = None if raw is None else np.frombuffer(bytes(raw), dtype=np.uint8)
    return cache[fieldname]


def _kept_postings(leaf, fieldname: str) -> dict:
    """The postings of `fieldname` a segment reader has read so far, by term (None: absent).
    A segment never changes, so they stay true for as long as the reader lives."""
    kept = leaf.__dict__.setdefault("_kept_postings", {})
    return kept.setdefault(fieldname, {})


class Scorer:
    """Whoosh's scores of queries over the document numbers of one searcher.

    `scores(q)` returns (matched mask, score array), deleted documents
    included: the caller keeps only the documents its own mask allows.
    `mask(q)` answers the parts Whoosh must walk (`Docsets.mask`), and
    `dead` is what Whoosh's own walk must skip.
    """

    def __init__(self, searcher, docsets, dead=None):
        self.searcher = searcher
        self.docsets = docsets
        self.dead = dead or None
        self.size = docsets.size
        self.leaves = docsets.leaves
        weighting = searcher.weighting
        if type(weighting) is not BM25F:
            raise TypeError("the archive's scores are BM25F's")
        self.weighting = weighting
        self._hits: dict[int, tuple] = {}

    def hits(self, q) -> np.ndarray:
        """The documents `q` matches, deleted ones included: remembered from `scores` for
        every part but a single term (whose mask is one posting list to read again)."""
        kept = self._hits.get(id(q))
        return kept[1] if kept is not None else self.scores(q)[0]

    def scores(self, q) -> tuple[np.ndarray, np.ndarray]:
        """(matched mask, Whoosh's score of each document) of `q`, deleted documents included."""
        hit, score = self._scores(q)
        if type(q) is not wq.Term:
            self._hits[id(q)] = (q, hit)   # the query kept alive with its id
        return hit, score

    def _scores(self, q) -> tuple[np.ndarray, np.ndarray]:
        kind = type(q)
        if kind is wq.Term:
            hit, score = self._term(q.fieldname, q.text)
        elif kind is wq.Or and not q.minmatch and not q.scale:
            hit = np.zeros(self.size, dtype=bool)
            score = np.zeros(self.size)
            for sub in q.subqueries:
                if type(sub) is wq.Term and sub.boost == 1.0:
                    # A term adds its postings straight in: no array of the archive's size each.
                    for offset, ids, part, _vals in self._term_leaves(sub.fieldname, sub.text):
                        hit[ids + offset] = True
                        score[ids + offset] += part
                    continue
                sub_hit, sub_score = self.scores(sub)
                hit |= sub_hit
                score += sub_score
        elif kind is wq.And:
            hit = np.full(self.size, bool(q.subqueries))   # an empty And matches nothing in Whoosh
            score = np.zeros(self.size)
            # The rarest part first: once nothing is left, the other parts need not be read.
            for sub in sorted(q.subqueries, key=self._estimate):
                sub_hit, sub_score = self.scores(sub)
                hit &= sub_hit
                if not hit.any():
                    return hit, score
                score += sub_score
            score[~hit] = 0.0
        elif kind is wq.Not:
            # Whoosh's InverseMatcher scores every document it yields 1.0.
            hit = ~self.docsets._mask(q.query)
            score = hit.astype(np.float64)
        elif q is wq.NullQuery:
            return np.zeros(self.size, dtype=bool), np.zeros(self.size)
        elif kind is wq.Phrase and q.slop == 1 and not q.char_ranges and len(q.words) > 1 \
                and type(self.searcher.schema[q.fieldname].format) is Positions:
            hit, score = self._phrase(q)
        elif kind is wq.Every and not q.fieldname:
            hit = np.ones(self.size, dtype=bool)
            score = np.ones(self.size)
        elif isinstance(q, wq.ConstantScoreQuery):
            # Whoosh lists the child's documents with the one score, whatever the boost.
            hit = self.scores(q.child)[0]
            return hit, hit * float(q.score)
        elif kind is wq.NumericRange and q.constantscore and self.docsets._native(q):
            # Years from the facet arrays; Whoosh scores a constant-score range its boost.
            hit = self.docsets._mask(q)
            score = hit.astype(np.float64)
        else:
            return self._by_whoosh(q)
        if getattr(q, "boost", 1.0) != 1.0 and kind is not wq.Not:
            score = score * q.boost
        return hit, score

    def _estimate(self, q) -> int:
        """Whoosh's estimate of how many documents `q` matches; a NOT counts as many.
        Terms of a kept field (KEPT_FIELDS), and Or, And and Every of them, are counted
        as Whoosh counts them from the postings, read once for the scoring that follows
        rather than looked up twice."""
        if type(q) is wq.Not:
            return self.size
        kept = self._kept_estimate(q)
        return kept if kept is not None else q.estimate_size(self.searcher.reader())

    def _kept_estimate(self, q) -> int | None:
        kind = type(q)
        if kind is wq.Term:
            if q.fieldname not in KEPT_FIELDS:
                return None
            return sum(len(ids) for _leaf, _offset, ids, _tf, _vals in self._read(q.fieldname, q.text))
        if kind is wq.Every and not q.fieldname:
            return self.searcher.reader().doc_count()
        if kind in (wq.Or, wq.And) and q.subqueries:
            parts = []
            for sub in q.subqueries:
                part = self._kept_estimate(sub)
                if part is None:
                    return None
                parts.append(part)
            if kind is wq.And:
                return min(parts)
            return min(sum(parts), self.searcher.reader().doc_count())
        return None

    def _read(self, fieldname: str, text, values: bool = False, wanted: np.ndarray | None = None) -> list:
        """Per segment holding the term: (leaf, offset, ids, weights, values or None); with a
        `wanted` mask, of those documents only (each must hold the term), reading only the
        blocks of postings that hold them."""
        field = self.searcher.schema[fieldname] if fieldname in self.searcher.schema else None
        if field is None:
            return []
        try:
            btext = field.to_bytes(text)
        except ValueError:
            return []
        kept = fieldname in KEPT_FIELDS and not values and wanted is None
        out = []
        for leaf, offset in self.leaves:
            if wanted is not None:
                ids = np.flatnonzero(wanted[offset:offset + leaf.doc_count_all()])
                if not ids.size:
                    continue
            cache = _kept_postings(leaf, fieldname) if kept else None
            got = cache.get(btext, False) if kept else False
            if got is False:
                try:
                    matcher = leaf.postings(fieldname, btext)
                except TermNotFound:      # one look-up of the term index, not two
                    got = None
                else:
                    got = postings_of(matcher, values) if wanted is None else (ids, *postings_at(matcher, ids, values))
                if kept:
                    if len(cache) >= KEPT_TERMS:
                        cache.clear()
                    cache[btext] = got
            if got is not None:
                out.append((leaf, offset, *got))
        return out

    def _term_leaves(self, fieldname: str, text, values: bool = False, wanted: np.ndarray | None = None):
        """Per segment holding the term: (offset, ids, Whoosh's score of each, values or None);
        with a `wanted` mask, of those documents only (each must hold the term), reading
        only the blocks of postings that hold them."""
        read = self._read(fieldname, text, values, wanted)
        if not read:
            return []
        field = self.searcher.schema[fieldname]
        scorable = field.scorable
        if scorable:
            B = self.weighting._field_B.get(fieldname, self.weighting.B)
            K1 = self.weighting.K1
            if fieldname in KEPT_FIELDS and wanted is None:
                # Whoosh's idf (WeightingModel.idf), its document frequency being the
                # postings just read (deleted documents included, as Whoosh counts them)
                parent = self.searcher.get_parent()
                idf = log(parent.doc_count_all() / (sum(len(r[2]) for r in read) + 1)) + 1
            else:
                idf = self.searcher.idf(fieldname, field.to_bytes(text))
            avgfl = self.searcher.avg_field_length(fieldname) or 1
        out = []
        for leaf, offset, ids, tf, vals in read:
            if scorable:
                lengths = _length_bytes(leaf, fieldname)
                fl = _LENGTHS[lengths[ids]] if lengths is not None else np.ones(len(ids))
                # whoosh.scoring.bm25, term by term in the same order.
                part = idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))
            else:
                part = tf                          # Whoosh's WeightScorer
            out.append((offset, ids, part, vals))
        return out

    def _term(self, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        hit = np.zeros(self.size, dtype=bool)
        score = np.zeros(self.size)
        for offset, ids, part, _vals in self._term_leaves(fieldname, text):
            hit[ids + offset] = True
            score[ids + offset] = part
        return hit, score

    def _phrase(self, q) -> tuple[np.ndarray, np.ndarray]:
        """Whoosh's Phrase (slop 1), scored as Whoosh's SpanNear2 scores it, the sum of its
        words' scores: its documents from its word pairs (indexer.search.phrases), then
        its words' weights read in those documents only."""
        terms = phrases.pair_terms(self.searcher, q)
        if terms is None:
            return self._phrase_by_positions(q)
        hit = phrases.phrase_mask(self.docsets, q, terms)
        score = np.zeros(self.size)
        if hit.any():
            for word in q.words:
                for offset, ids, part, _vals in self._term_leaves(q.fieldname, word, wanted=hit):
                    score[ids + offset] += part
        return hit, score

    def _phrase_by_positions(self, q) -> tuple[np.ndarray, np.ndarray]:
        """A phrase of an index without word pairs: documents holding every word, then,
        among those only, the words' positions one after another."""
        hit = np.zeros(self.size, dtype=bool)
        score = np.zeros(self.size)
        words = [{offset: (ids, part, vals) for offset, ids, part, vals in
                  self._term_leaves(q.fieldname, word, values=True)} for word in q.words]
        for offset in set.intersection(*(set(w) for w in words)):
            per_word = [w[offset] for w in words]
            candidates = per_word[0][0]
            for ids, _part, _vals in per_word[1:]:
                candidates = np.intersect1d(candidates, ids, assume_unique=True)
            at = [np.searchsorted(ids, candidates) for ids, _part, _vals in per_word]
            keep = positions.phrase_found([[vals[n] for n in i.tolist()] for (_ids, _part, vals), i in zip(per_word, at)])
            docs = candidates[keep] + offset
            hit[docs] = True
            score[docs] = sum(part[i[keep]] for (_ids, part, _vals), i in zip(per_word, at))
        return hit, score

    def _by_whoosh(self, q) -> tuple[np.ndarray, np.ndarray]:
        """A part only Whoosh's matchers answer: its own scores, walked once."""
        hit = np.zeros(self.size, dtype=bool)
        score = np.zeros(self.size)
        results = self.searcher.search(q, limit=None, mask=self.dead)
        for value, docnum in results.top_n:
            hit[docnum] = True
            score[docnum] = value
        return hit, score


def top(scores: np.ndarray, allowed: np.ndarray, count: int) -> list[tuple[int, float]]:
    """The `count` best (document, score) of the allowed documents: highest score first,
    and among equal scores the lower document number first, as Whoosh ranks them."""
    docs = np.flatnonzero(allowed)
    values = scores[docs]
    if count <= 0:
        return []
    if len(docs) > count:
        kth = np.partition(-values, count - 1)[count - 1]
        keep = -values <= kth                      # every document tied at the cut stays in
        docs, values = docs[keep], values[keep]
    order = np.lexsort((docs, -values))[:count]
    return [(int(d), float(v)) for d, v in zip(docs[order], values[order])]
