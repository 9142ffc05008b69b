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
weight, 1.0), a year range its boost. A phrase is found as Whoosh finds it
(its words' documents intersected first, then their positions checked among
those only) and scored as Whoosh scores it, the sum of its words' scores.
What this module does not know is scored by Whoosh itself, once per such
part, and added in like any other part, so a score is always Whoosh's score
(tests/test_scoring.py compares them).
"""
from __future__ import annotations

import zlib
from math import log
from itertools import accumulate
from pickle import loads

import numpy as np
from whoosh import query as wq
from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions
from whoosh.matching import ListMatcher
from whoosh.reading import TermNotFound
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from .errors import N_, QueryError

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


def postings_cost(searcher, q) -> int:
    """How many postings scoring `q` reads, a phrase's weighted by PHRASE_COST and a name
    key's by NAME_KEY_COST: what the bound holds is the work, not the count."""
    kind = type(q)
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


def check_cost(searcher, q, param: str = "q") -> None:
    """Refuse, naming `param`, a query whose words would read more than MAX_POSTINGS postings."""
    cost = postings_cost(searcher, q)
    if cost > MAX_POSTINGS:
        raise QueryError(param, N_("%(param)s has too many common words to search at once: they occur in "
                                   "%(cost)d places of the archive, at most %(limit)d; leave out the "
                                   "commonest words"), cost=cost, limit=MAX_POSTINGS)


#: Whoosh's field length of each length byte (0 is "no length": never a scored posting).
_LENGTHS = np.array([byte_to_length(b) if b else 1 for b in range(256)], dtype=np.float64)


#: Where a block's pickled values begin: protocol 2 writes each value (bytes) as a call
#: of this function, which is what makes unpickling a whole block slow.
_VALUES_BEGIN = b"c_codecs\nencode\n"


def _ids_and_weights(matcher) -> tuple | None:
    """A block's (ids, weights, None) without its values: a block is one pickled tuple
    (ids, weights, values), so the pickle is cut where the values begin and closed
    there. None when the cut does not give a block's ids and weights (Whoosh then
    reads the block as it does)."""
    raw = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
    if matcher._compression:
        raw = zlib.decompress(raw)
    cut = raw.find(_VALUES_BEGIN)
    if cut < 1 or raw[cut - 1:cut] != b"(":
        return None
    try:
        ids, weights = loads(raw[:cut - 1] + b"\x86.")    # TUPLE2 of what is on the stack, STOP
    except Exception:
        return None
    count = matcher._blocklength
    if len(ids) != count or not (weights is None or isinstance(weights, float) or len(weights) == count):
        return None
    return ids, weights, None


def _postings(matcher, values: bool = False) -> tuple[np.ndarray, np.ndarray, list | None]:
    """(document numbers, weights, encoded values if asked) of one term's postings in one
    segment, deleted ones included."""
    while isinstance(matcher, FilterMatcher):   # Whoosh's filter of deleted documents
        matcher = matcher.child
    if isinstance(matcher, ListMatcher):         # short lists live inline in the term index
        ids = np.asarray(matcher._ids, dtype=np.int64)
        weights = [matcher._all_weights] * len(ids) if matcher._all_weights else matcher._weights
        weights = np.asarray(weights if weights else [1.0] * len(ids), dtype=np.float64)
        return ids, weights, (list(matcher._values) if values else None)
    if not isinstance(matcher, W3LeafMatcher):
        ids, weights, vals = [], [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            if values:
                vals.append(matcher.value())
            matcher.next()
        return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64), (vals if values else None)
    id_blocks, weight_blocks, vals = [], [], []
    while True:
        if matcher._data is None:
            matcher._data = None if values else _ids_and_weights(matcher)
            if matcher._data is None:
                matcher._read_data()
        ids = np.asarray(matcher._data[0], dtype=np.int64)
        # Block ids are stored as gaps unless the term index says they are bytes.
        id_blocks.append(ids if matcher._byteids else np.cumsum(ids))
        matcher._read_weights()                 # Whoosh's own reading: None, one float, or an array
        weight_blocks.append(np.asarray(matcher._weights, dtype=np.float64))
        if values:
            matcher._read_values()
            vals.extend(matcher._values)
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    return np.concatenate(id_blocks), np.concatenate(weight_blocks), (vals if values else None)


def _positions(value: bytes):
    """The positions of one posting of Whoosh's Positions format (whoosh.formats.Positions.
    decode_positions): a 4-byte count, then the pickled gaps between positions."""
    return accumulate(loads(value[4:] if value.endswith(b".") else value[4:] + b"."))


def _adjacent(values: list[bytes]) -> bool:
    """Whether the words (their postings' values) occur one right after another somewhere:
    Whoosh's Phrase with slop 1."""
    starts = set(_positions(values[0]))
    for k, value in enumerate(values[1:], 1):
        # The starts whose k-th word is k places on.
        starts = set(map((-k).__add__, set(_positions(value)).intersection(map(k.__add__, starts))))
        if not starts:
            return False
    return True


#: How pickle (protocol 2) writes a list of gaps: this header, a MARK when
#: there are several, then one opcode per gap: K a byte, M two, J four.
_HEADER = np.frombuffer(b"\x80\x02]q\x00", dtype=np.uint8)
_WIDTH = np.zeros(256, dtype=np.int64)
_WIDTH[[ord("K"), ord("M"), ord("J")]] = [1, 2, 4]
_BATCH = 1000   # pickle breaks longer lists into batches: left to pickle itself


def _positions_together(values: list[bytes]) -> tuple[np.ndarray, np.ndarray] | None:
    """(index of the value, position) of every position in the values, decoded by NumPy
    one gap of every value at a time; None when a value is not written as expected
    (then `_adjacent` reads them with pickle)."""
    count = len(values)
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=count)
    buf = np.frombuffer(b"".join(values), dtype=np.uint8)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    if (lengths < 11).any():
        return None
    counts = (buf[starts].astype(np.int64) << 24) | (buf[starts + 1].astype(np.int64) << 16) \
        | (buf[starts + 2].astype(np.int64) << 8) | buf[starts + 3]
    if counts.min() < 1 or counts.max() > _BATCH \
            or not (buf[starts[:, None] + 4 + np.arange(len(_HEADER))] == _HEADER).all():
        return None
    several = counts > 1
    if not (buf[starts[several] + 9] == ord("(")).all():
        return None
    at = starts + 9 + several
    offsets = np.concatenate(([0], np.cumsum(counts)[:-1]))
    gaps = np.empty(int(counts.sum()), dtype=np.int64)
    last = len(buf) - 1
    active = np.arange(count)
    j = 0
    while active.size:
        here = at[active]
        width = _WIDTH[buf[here]]
        if not width.all():
            return None
        gap = np.zeros(len(here), dtype=np.int64)
        for byte in range(4):        # little-endian payload of 1, 2 or 4 bytes
            has = width > byte
            gap[has] |= buf[np.minimum(here[has] + 1 + byte, last)].astype(np.int64) << (8 * byte)
        gaps[offsets[active] + j] = gap
        at[active] = here + 1 + width
        j += 1
        active = active[counts[active] > j]
    end = np.where(several, ord("e"), ord("a"))
    if not (buf[np.minimum(at, last)] == end).all():
        return None
    owner = np.repeat(np.arange(count), counts)
    total = np.cumsum(gaps)
    before = total[offsets] - gaps[offsets]       # what the cumulative sum carries in from earlier values
    return owner, total - before[owner]


def _phrase_found(per_word_values: list[list[bytes]]) -> np.ndarray:
    """For each candidate (the n-th value of every word), whether the words are adjacent there."""
    n = len(per_word_values[0])
    decoded = [_positions_together(values) for values in per_word_values] if n else []
    if any(d is None for d in decoded):
        return np.fromiter((_adjacent(list(v)) for v in zip(*per_word_values)), dtype=bool, count=n)
    keys = [(owner << 32) | positions for owner, positions in decoded]
    starts = keys[0] if n else np.empty(0, dtype=np.int64)
    for k, key in enumerate(keys[1:], 1):
        # Keys are sorted (values in order, positions rising within each): a binary search.
        wanted = starts + k
        at = np.minimum(np.searchsorted(key, wanted), len(key) - 1)
        starts = starts[key[at] == wanted]
    found = np.zeros(n, dtype=bool)
    found[starts >> 32] = True
    return found


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

    def _read(self, fieldname: str, text, values: bool = False) -> list:
        """Per segment holding the term: (leaf, offset, ids, weights, values or None)."""
        field = self.searcher.schema[fieldname] if fieldname in self.searcher.schema else None
        if field is None:
            return []
        try:
            btext = field.to_bytes(text)
        except ValueError:
            return []
        kept = fieldname in KEPT_FIELDS and not values
        out = []
        for leaf, offset in self.leaves:
            cache = _kept_postings(leaf, fieldname) if kept else None
            got = cache.get(btext, False) if kept else False
            if got is False:
                try:
                    matcher = leaf.postings(fieldname, btext)
                except TermNotFound:      # one look-up of the term index, not two
                    got = None
                else:
                    got = _postings(matcher, values)
                if kept:
                    if len(cache) >= KEPT_TERMS:
                        cache.clear()
                    cache[btext] = got
            if got is not None:
                out.append((leaf, offset, *got))
        return out

    def _term_leaves(self, fieldname: str, text, values: bool = False):
        """Per segment holding the term: (offset, ids, Whoosh's score of each, values or None)."""
        read = self._read(fieldname, text, values)
        if not read:
            return []
        field = self.searcher.schema[fieldname]
        scorable = field.scorable
        if scorable:
            B = self.weighting._field_B.get(fieldname, self.weighting.B)
            K1 = self.weighting.K1
            if fieldname in KEPT_FIELDS:
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
        """Whoosh's Phrase (slop 1): documents holding every word, then, among those
        only, the words' positions one after another; scored as Whoosh's SpanNear2,
        the sum of its words' scores."""
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
            keep = _phrase_found([[vals[n] for n in i.tolist()] for (_ids, _part, vals), i in zip(per_word, at)])
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
