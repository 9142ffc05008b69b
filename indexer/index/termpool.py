"""A segment's postings kept as numbers as documents arrive, and written a term at a time.

Whoosh's SegmentWriter keeps every posting as its own tuple (field, term,
document, weight, value) in a pool, sorts all of them when the segment is
finished and hands them one by one to its codec. A testimony has some 770
postings (its words, word pairs, names and places): the tuples were most of
a build's memory (about 200 bytes a posting), their sort and the per-posting
calls a quarter of its time. Here a field's postings are numbers in a few
typed arrays as they arrive (a term number, a document, a weight: 12 bytes a
posting besides a word's positions); finishing the segment sorts the terms,
groups the postings by term with one stable NumPy sort, and fills the
codec's blocks a block at a time. What is written is what Whoosh writes: the
same W3 codec blocks, term infos and lengths (`tests/test_termpool.py`
compares every term's postings and statistics with Whoosh's own writer).
"""
from __future__ import annotations

import zlib
from array import array
from itertools import repeat
from pickle import dumps

import numpy as np
from whoosh import formats
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter
from whoosh.system import emptybytes, pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numlists import delta_encode

from .pairs import PAIRS

#: Blocks of fewer postings are written uncompressed (the codec records per block whether
#: it is): zlib gains nothing on a few dozen bytes and was a fifth of writing a segment.
COMPRESS_FROM = 16
#: The codec's term info (W3TermInfo): flags, weight, documents, lengths, top weight, ids.
_TERM_INFO = W3TermInfo._struct
#: Bytes a new term and a posting cost here (a dict entry and the term's bytes; a
#: document number, a term number and a weight in typed arrays), for the segment size limit.
_TERM_BYTES = 100
_POSTING_BYTES = 14
#: Terms whose postings are turned into Python lists at a time when a field is written.
_TERMS_AT_A_TIME = 20_000


class _FieldPostings:
    """One field's postings in the order they arrived: parallel typed arrays of term
    number, document and weight (and a list of values where the field has them).
    Appending to a few arrays that stay in the CPU's cache, rather than to each term's
    own arrays spread over the heap, is what makes a posting cheap in a large segment."""

    __slots__ = ("numbers", "term_of", "docs", "weights", "values")

    def __init__(self):
        self.numbers: dict[bytes, int] = {}
        self.term_of = array("I")
        self.docs = array("I")
        self.weights = array("f")
        self.values: list | None = None

    def by_term(self):
        """(term bytes, ids, weights, values or None) of every term in byte order, each
        term's postings in the order they came (document order)."""
        numbers = self.numbers
        terms = sorted(numbers)
        rank = np.empty(len(terms), dtype=np.uint32)
        rank[np.fromiter((numbers[t] for t in terms), dtype=np.int64, count=len(terms))] = \
            np.arange(len(terms), dtype=np.uint32)
        # Each array is let go once its sorted copy exists: a segment's largest field is
        # written at the build's peak of memory.
        ranks = rank[np.frombuffer(self.term_of, dtype=np.uint32)]
        self.term_of = array("I")
        order = np.argsort(ranks, kind="stable")
        ends = np.cumsum(np.bincount(ranks, minlength=len(terms))).tolist()
        del ranks, rank
        docs = np.frombuffer(self.docs, dtype=np.uint32)[order]
        self.docs = array("I")
        weights = np.frombuffer(self.weights, dtype=np.float32)[order]
        self.weights = array("f")
        values, self.values = self.values, None
        for first in range(0, len(terms), _TERMS_AT_A_TIME):
            last = min(first + _TERMS_AT_A_TIME, len(terms))
            base = ends[first - 1] if first else 0
            span = slice(base, ends[last - 1])
            block_docs, block_weights = docs[span].tolist(), weights[span].tolist()
            block_values = [values[i] for i in order[span].tolist()] if values is not None else None
            start = 0
            for n in range(first, last):
                end = ends[n] - base
                found = block_values[start:end] if block_values is not None else None
                yield (terms[n], block_docs[start:end], block_weights[start:end],
                       found if found and found[0] else None)
                start = end


class TermPool:
    """Postings by field: {field: _FieldPostings}, and field lengths by document."""

    def __init__(self):
        self.fields: dict[str, _FieldPostings] = {}
        self.lengths: dict[str, dict[int, int]] = {}   # {field: {docnum: length as the codec reads it}}
        self.currentsize = 0

    def _postings(self, fieldname: str) -> _FieldPostings:
        found = self.fields.get(fieldname)
        if found is None:
            found = self.fields[fieldname] = _FieldPostings()
        return found

    def add_field(self, fieldname: str, docnum: int, items, boost: float, scorable: bool) -> int:
        """Add one document's (term, frequency, weight, value) of a field; its length."""
        postings = self._postings(fieldname)
        numbers, term_of, weights = postings.numbers, postings.term_of, postings.weights
        values = postings.values
        length = 0
        size = 0
        count = 0
        for tbytes, freq, weight, vbytes in items:
            if scorable:
                length += freq
            number = numbers.get(tbytes)
            if number is None:
                number = numbers[tbytes] = len(numbers)
                size += _TERM_BYTES + len(tbytes)
            term_of.append(number)
            weights.append(weight * boost)
            if vbytes:
                if values is None:
                    values = postings.values = [None] * (len(term_of) - 1)
                size += 41 + len(vbytes)
            if values is not None:
                values.append(vbytes or None)
            count += 1
        postings.docs.extend(repeat(docnum, count))
        if length:
            self.lengths.setdefault(fieldname, {})[docnum] = byte_to_length(length_to_byte(length))
        self.currentsize += size + _POSTING_BYTES * count
        return length

    def add_terms(self, fieldname: str, docnum: int, terms: list[bytes], weight: float) -> None:
        """Add one document's terms of a field that keeps neither values nor lengths (word pairs)."""
        postings = self._postings(fieldname)
        numbers, term_of = postings.numbers, postings.term_of
        size = _POSTING_BYTES * len(terms)
        for tbytes in terms:
            number = numbers.get(tbytes)
            if number is None:
                number = numbers[tbytes] = len(numbers)
                size += _TERM_BYTES + len(tbytes)
            term_of.append(number)
        postings.docs.extend(repeat(docnum, len(terms)))
        postings.weights.extend(repeat(weight, len(terms)))
        if postings.values is not None:
            postings.values.extend(repeat(None, len(terms)))
        self.currentsize += size

    def add(self, item) -> None:
        """Whoosh's one-posting interface (field, term, document, weight, value)."""
        fieldname, tbytes, docnum, weight, vbytes = item
        self.add_field(fieldname, docnum, [(tbytes, 1, weight, vbytes)], 1.0, False)

    def cleanup(self) -> None:
        self.fields, self.lengths = {}, {}

    def write(self, fieldwriter, schema) -> None:
        """Every term of every field, in Whoosh's order, through `fieldwriter` (W3FieldWriter)."""
        for fieldname in sorted(self.fields):
            postings = self.fields[fieldname]
            if not postings.numbers:   # only empty values: Whoosh's writer never names the field
                continue
            fieldwriter.start_field(fieldname, schema[fieldname])
            postwriter = fieldwriter._postwriter
            level = postwriter._compression
            fmt = schema[fieldname].format
            lengths = self.lengths.get(fieldname)
            one_block = _OneBlockTerms(fieldwriter, fmt, lengths, level)
            for tbytes, ids, weights, values in postings.by_term():
                if len(ids) <= postwriter._blocklimit:
                    one_block.write(tbytes, ids, weights, values)
                    continue
                fieldwriter._btext = tbytes
                _write_term(postwriter, fmt, ids, weights, values, lengths, level)
                fieldwriter.finish_term()
            fieldwriter.finish_field()
            self.fields[fieldname] = _FieldPostings()


def _write_term(postwriter, fmt, ids, weights, values, lengths, level: int) -> None:
    """Fill the codec's posting blocks for one term, `blocklimit` postings at a time,
    with what its `add_posting` would have gathered one posting at a time."""
    postwriter.start_postings(fmt, W3TermInfo())
    limit = postwriter._blocklimit
    for start in range(0, len(ids), limit):
        if start:
            postwriter._write_block()
        end = start + limit
        block_ids = ids[start:end]
        block_weights = weights[start:end]
        postwriter._compression = level if len(block_ids) >= COMPRESS_FROM else 0
        postwriter._ids = block_ids
        postwriter._weights = block_weights
        postwriter._maxweight = max(0, max(block_weights))
        if values is not None:
            postwriter._values = values[start:end]
        if lengths is not None:
            postwriter._minlength, postwriter._maxlength = _length_range(lengths, block_ids)


def _length_range(lengths: dict[int, int] | None, ids) -> tuple[int | None, int]:
    """(shortest, longest) field length of the documents `ids` as the codec's block records
    them: only documents with a length count; (None, 0) when none has one."""
    found = [n for n in map(lengths.get, ids) if n] if lengths is not None else None
    return (min(found), max(found)) if found else (None, 0)


class _OneBlockTerms:
    """A term whose postings fit one block (nearly every term of a segment: most word
    pairs are in a few documents), written as the codec's postings writer and term
    info would write it, without their per-block bookkeeping: the block's header and
    pickled data, then its term info (the equivalence test reads both back)."""

    def __init__(self, fieldwriter, fmt, lengths, level: int):
        self.postfile = fieldwriter._postfile
        self.tindex = fieldwriter._tindex
        self.prefix = pack_ushort(fieldwriter._fieldid)
        self.fixedsize = fmt.fixed_value_size()
        self.lengths = lengths
        self.level = level

    def _values(self, values):
        fixedsize = self.fixedsize
        if fixedsize is None or fixedsize < 0:
            return tuple(values or ())
        if fixedsize == 0:
            return None
        return emptybytes.join(values or ())

    def write(self, tbytes: bytes, ids, weights, values) -> None:
        postfile = self.postfile
        count = len(ids)
        minlength, maxlength = _length_range(self.lengths, ids)
        maxweight = max(0, max(weights))
        first = weights[0]
        if first == 1.0 and weights.count(1.0) == count:
            mini_weights = None
        elif weights.count(first) == count:
            mini_weights = first
        else:
            mini_weights = tuple(weights)
        mini_ids = (ids[0],) if count == 1 else tuple(delta_encode(ids))
        data = dumps((mini_ids, mini_weights, self._values(values)), 2)
        comp = self.level if count >= COMPRESS_FROM else 0
        if comp:
            data = zlib.compress(data, comp)
        info = dumps((count, ids[-1], maxweight, comp, length_to_byte(minlength), length_to_byte(maxlength)), 2)
        start = postfile.tell()
        postfile.write(WHOOSH3_HEADER_MAGIC)
        postfile.write_int(-(len(info) + len(data)))        # negative: the term's last block
        postfile.write(info)
        postfile.write(data)
        terminfo = _TERM_INFO.pack(False, sum(weights), count, 0 if minlength is None else length_to_byte(minlength),
                                   length_to_byte(maxlength), maxweight, ids[0], ids[-1])
        self.tindex.add(self.prefix + tbytes,
                        terminfo + pack_long(start) + pack_int(postfile.tell() - start))


def positions_items(field, tokens) -> list:
    """(term bytes, frequency, weight, value) of a Positions field from its (word, position)
    tokens, the value encoded by Whoosh's Positions format."""
    poses: dict[str, list[int]] = {}
    for text, pos in tokens:
        found = poses.get(text)
        if found is None:
            poses[text] = [pos]
        else:
            found.append(pos)
    boost = field.format.field_boost
    return [(text.encode("utf-8"), len(positions), len(positions) * boost, _encoded_positions(positions))
            for text, positions in poses.items()]


#: The encoded value of a word met once, by its position (most words of a text): positions
#: below this are remembered, which bounds the memo to a few megabytes.
_ONE_POSITION_MEMO = 1 << 16
_one_position: dict[int, bytes] = {}


def _encoded_positions(positions: list[int]) -> bytes:
    """What Whoosh's Positions format encodes a word's positions as: their count, then the
    pickled gaps between them."""
    if len(positions) == 1:
        pos = positions[0]
        found = _one_position.get(pos)
        if found is None:
            found = pack_uint(1) + dumps([pos], 2)
            if pos < _ONE_POSITION_MEMO:
                _one_position[pos] = found
        return found
    return pack_uint(len(positions)) + dumps(list(delta_encode(positions)), 2)


def _field_items(field, value):
    """A field's postings for one value: through its analyzer's kept word positions where it
    has them (the text fields), else as Whoosh's field gives them."""
    positions = getattr(field.analyzer, "positions", None) if field.format is not None else None
    if positions is not None and type(field.format) is formats.Positions and isinstance(value, str):
        return positions_items(field, positions(value))
    return field.index(value)


class GroupedSegmentWriter(SegmentWriter):
    """Whoosh's SegmentWriter with its postings in a `TermPool` (no vectors, no separate
    spelling: the archive's schema has neither)."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool = TermPool()

    def add_document(self, **fields):
        self._check_state()
        perdocwriter, schema, docnum, pool = self.perdocwriter, self.schema, self.docnum, self.pool
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                if field.vector or field.separate_spelling():
                    raise ValueError(f"field {fieldname!r}: vectors and separate spelling are not written here")
                length = 0
                if isinstance(field, PAIRS):
                    pool.add_terms(fieldname, docnum, field.terms(value), self._field_boost(fields, fieldname, docboost))
                elif field.indexed:
                    length = pool.add_field(fieldname, docnum, _field_items(field, value),
                                            self._field_boost(fields, fieldname, docboost), field.scorable)
                stored = fields.get("_stored_%s" % fieldname, value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdocwriter.add_column_value(fieldname, field.column_type, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        self.perdocwriter.close()
        self.pool.write(self.fieldwriter, self.schema)
        self.fieldwriter.close()
