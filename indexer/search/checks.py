"""What a query's name: values ask of one candidate document, in the query's own logic.

Whoosh finds candidates by name keys, which a person shares with others whose
names merely sound alike; each candidate is then checked against its people.
The check keeps the query's structure, so `name:A OR name:B` takes a document
naming either, `-name:A` one naming nobody called A, and `name:A singer`
one naming A that also says "singer". Everything but names is a `Doc` part,
answered by the mask of its own Whoosh query.

`found(docnum, mask, verify)` returns the name matches that made a document
pass (a list, empty when no name counted for it), or None when it fails:
`mask(query)` is the mask of documents a Whoosh query matches, and
`verify(typed)` the best matches of one typed name among the document's
people, or None.
"""
from __future__ import annotations

from dataclasses import dataclass


class Check:
    def found(self, docnum: int, mask, verify):
        raise NotImplementedError


@dataclass(frozen=True, eq=False)
class Doc(Check):
    """A part of the query without names: true where its Whoosh query matches."""
    query: object

    def found(self, docnum, mask, verify):
        return [] if mask(self.query)[docnum] else None


@dataclass(frozen=True, eq=False)
class Name(Check):
    """One name asked for: true where a person of the document is called so.

    Only Whoosh's candidates for its keys can be; others are not asked about.
    """
    typed: str
    candidates: object

    def found(self, docnum, mask, verify):
        return verify(self.typed) if mask(self.candidates)[docnum] else None


@dataclass(frozen=True, eq=False)
class All(Check):
    parts: tuple

    def found(self, docnum, mask, verify):
        out = []
        for part in self.parts:
            got = part.found(docnum, mask, verify)
            if got is None:
                return None
            out += got
        return out


@dataclass(frozen=True, eq=False)
class Any(Check):
    """True where one part is; the matches of every part that is true are kept (for ranking)."""
    parts: tuple

    def found(self, docnum, mask, verify):
        out = None
        for part in self.parts:
            got = part.found(docnum, mask, verify)
            if got is not None:
                out = (out or []) + got
        return out


@dataclass(frozen=True, eq=False)
class Not(Check):
    part: Check

    def found(self, docnum, mask, verify):
        return None if self.part.found(docnum, mask, verify) is not None else []


class Masks:
    """Masks of Whoosh queries for one search, each computed once: `masks(query)`."""

    def __init__(self, compute):
        self.compute = compute
        self._masks: dict[int, tuple] = {}

    def __call__(self, query):
        kept = self._masks.get(id(query))
        if kept is None:
            kept = self._masks[id(query)] = (query, self.compute(query))  # the query kept alive with its id
        return kept[1]
