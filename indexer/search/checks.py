"""What a query's name: values ask of one candidate document, in the query's own logic.

Whoosh finds candidates by name keys, which a person shares with others whose
names merely sound alike; each candidate is then checked against its people.
The check keeps the query's structure, so `name:A OR name:B` takes a document
naming either, `-name:A` one naming nobody called A, and `name:A singer`
one naming A that also says "singer". Everything but names is a `Doc` part,
answered by the mask of its own Whoosh query.

`evaluate(scope, mask, verify)` answers every document of the `scope` mask
at once: (the mask of those that pass, {document: the name matches that made
it pass}, a document absent from the dict when no name counted for it).
`mask(query)` is the mask of documents a Whoosh query matches, and
`verify(docnum, typed)` the best matches of one typed name among the
document's people, or None. Only a name's candidates within the scope are
verified, and an All narrows the scope part by part, so the Python work
grows with the candidates of each name, not with every document matched.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


class Check:
    def evaluate(self, scope, mask, verify):
        raise NotImplementedError


def _merge(into: dict, found: dict, keep) -> None:
    """Add each document's matches of `found` to `into`, for the documents `keep` allows."""
    for docnum, matches in found.items():
        if keep[docnum]:
            into.setdefault(docnum, []).extend(matches)


@dataclass(frozen=True, eq=False)
class Doc(Check):
    """A part of the query without names: true where its Whoosh query matches."""
    query: object

    def evaluate(self, scope, mask, verify):
        return scope & mask(self.query), {}


@dataclass(frozen=True, eq=False)
class Name(Check):
    """One name asked for: true where a person of the document is called so.

    Only Whoosh's candidates for its keys can be; others are not asked about.
    """
    typed: str
    candidates: object

    def evaluate(self, scope, mask, verify):
        out = np.zeros_like(scope)
        found = {}
        for docnum in np.flatnonzero(scope & mask(self.candidates)).tolist():
            got = verify(docnum, self.typed)
            if got is not None:
                out[docnum] = True
                found[docnum] = list(got)
        return out, found


@dataclass(frozen=True, eq=False)
class All(Check):
    parts: tuple

    def evaluate(self, scope, mask, verify):
        found_by_part = []
        for part in self.parts:
            scope, found = part.evaluate(scope, mask, verify)
            found_by_part.append(found)
        out: dict = {}
        for found in found_by_part:
            _merge(out, found, scope)
        return scope, out


@dataclass(frozen=True, eq=False)
class Any(Check):
    """True where one part is; the matches of every part that is true are kept (for ranking)."""
    parts: tuple

    def evaluate(self, scope, mask, verify):
        passed = np.zeros_like(scope)
        out: dict = {}
        for part in self.parts:
            part_passed, found = part.evaluate(scope, mask, verify)
            passed |= part_passed
            _merge(out, found, part_passed)
        return passed, out


@dataclass(frozen=True, eq=False)
class Not(Check):
    part: Check

    def evaluate(self, scope, mask, verify):
        passed, _found = self.part.evaluate(scope, mask, verify)
        return scope & ~passed, {}


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
