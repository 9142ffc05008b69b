"""Adjacent word pairs of each text field, indexed as terms of a companion field.

A phrase is the slowest search Whoosh makes: it reads the positions of every
posting of each of its words, and a phrase of common words reads most of the
archive. Here each positional text field `f` has a companion `pairs_f`
holding, without positions or frequencies, every two words the field's own
analyzer put one position apart ("picket line" as the term `picket line`).
A phrase of two words is then one posting list, and a longer one the AND of
its pairs: a small set of candidates whose positions are checked
(indexer.search.phrases).

The pairs come from the same tokens as the field's terms, so stemming,
folding, Chinese segmentation and Turkic word forms hold, and they follow
the positions exactly as Whoosh's Phrase does: words one position apart,
whatever gaps stop words or dropped tokens leave, and every token at a
position (a hyphenated word's joined form stands where its last part does)
paired with every token at the next.
"""
from __future__ import annotations

from whoosh import formats
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import FieldType

#: Between the two words of a pair term: never part of an analysed word.
SEPARATOR = " "
PREFIX = "pairs_"


def pair_field(fieldname: str) -> str:
    """The companion field holding the word pairs of `fieldname`."""
    return PREFIX + fieldname


def pair_term(first: str, second: str) -> str:
    return first + SEPARATOR + second


def pairs_of(tokens) -> set[str]:
    """The pair terms of (text, position) tokens in position order (as analyzers yield
    them): each word with each word one position on."""
    out = set()
    before: list[str] = []          # the words of the position before `pos`
    here: list[str] = []
    pos = None
    for text, at in tokens:
        if at != pos:
            before = here if pos is not None and at == pos + 1 else []
            here, pos = [], at
        here.append(text)
        for first in before:
            out.add(pair_term(first, text))
    return out


class PairAnalyzer(Tokenizer):
    """The pair terms of a text as `inner` (the text field's analyzer) reads it."""

    def __init__(self, inner):
        self.inner = inner

    def __eq__(self, other):
        return isinstance(other, PairAnalyzer) and self.inner == other.inner

    def __hash__(self):
        return hash(("pairs", self.inner))

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        tokens = ((t.text, t.pos) for t in self.inner(value, positions=True, mode=mode))
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for n, text in enumerate(sorted(pairs_of(tokens))):
            t.text, t.boost, t.stopped = text, 1.0, False
            if positions:
                t.pos = start_pos + n
            yield t


class PAIRS(FieldType):
    """A field of word pairs: which documents hold a pair, nothing more (no positions,
    frequencies or lengths), so that it costs the index as little as it can."""

    def __init__(self, inner):
        self.analyzer = PairAnalyzer(inner)
        self.format = formats.Existence()
        self.scorable = False
        self.stored = False
        self.unique = False
        self.column_type = None
        self.vector = None

    def terms(self, value) -> list[bytes]:
        """The pair terms of a text, encoded, without handing every pair through a token."""
        inner = self.analyzer.inner
        tokens = inner.positions(value) if hasattr(inner, "positions") else \
            [(t.text, t.pos) for t in inner(value, positions=True)]
        return [term.encode("utf-8") for term in pairs_of(tokens)]

    def index(self, value, **kwargs):
        """(term, frequency, weight, value) of each pair, as Whoosh's Existence format gives them."""
        return [(term, 1, 1.0, b"") for term in self.terms(value)]


def pair_fields(schema) -> dict[str, str]:
    """{text field: its pair field} of the fields of `schema` that have one."""
    return {name[len(PREFIX):]: name for name in schema.names()
            if name.startswith(PREFIX) and name[len(PREFIX):] in schema}


def with_pairs(fields: dict, schema) -> dict:
    """A document's field values with each text also given to its pair field, where the
    schema has one (an index written before pairs has none, and is written as it was)."""
    companions = pair_fields(schema)
    extra = {companions[name]: value for name, value in fields.items() if name in companions}
    return {**fields, **extra} if extra else fields
