"""Compile what people type into Whoosh queries over the archive's schema.

A plain word is looked for everywhere a person would expect: in the text of
every language (each field applying its own analyzer), in titles, in names
(through the transliteration keys of indexer.names) and in place aliases.
"""
from __future__ import annotations

from whoosh import query as wq

from . import checks, names, querylang
from .analysis import TEXT_LANGUAGES, analyzer_for, plain_analyzer
from .errors import N_, QueryError
from .gazetteer import place_key
from .records import fold
from .request import parse_year_range

_TITLE = plain_analyzer()
_TEXT_ANALYZERS = {f"text_{lang}": analyzer_for(lang) for lang in TEXT_LANGUAGES}


def _tokens(analyzer, text: str) -> list[str]:
    return [t.text for t in analyzer(text)]


def _field_phrase(field: str, words: list[str]):
    if not words:
        return None
    return wq.Term(field, words[0]) if len(words) == 1 else wq.Phrase(field, words)


class Compiler:
    """Turns a query tree into a Whoosh query, noting what to highlight and verify.

    `vocabulary(field)` returns the indexed terms of a field, for bounded fuzzy
    expansion of name keys; `gazetteer` resolves place names and aliases.
    """

    def __init__(self, gazetteer=None, vocabulary=None):
        self.gazetteer = gazetteer
        self.vocabulary = vocabulary or (lambda field: ())
        self.highlight: list[str] = []   # words and phrases to mark in text
        self.names: list[str] = []       # name: values asked for (not those under NOT): marked
        self.check: checks.Check | None = None   # what the names ask of each candidate
        self.places: list[tuple[str, str, str]] = []  # (typed, canonical, how)

    # -- building blocks -------------------------------------------------
    def text_query(self, text: str):
        """`text` (a word or phrase) in any language's text or in the title."""
        parts = [_field_phrase(f, _tokens(a, text)) for f, a in _TEXT_ANALYZERS.items()]
        parts.append(_field_phrase("title", _tokens(_TITLE, text)))
        return [p for p in parts if p is not None]

    def name_query(self, text: str, fuzzy: bool = True):
        """Candidates for a person's name in any script: every word must meet a key."""
        groups = names.query_term_groups(text)
        if not groups:
            return None
        vocab = self.vocabulary("name_keys") if fuzzy else ()
        clauses = []
        for group in groups:
            terms = set(group)
            if vocab:
                for term in group:
                    terms.update(names.expand_fuzzy(term, vocab))
            clauses.append(wq.Or([wq.Term("name_keys", t) for t in sorted(terms)]))
        return clauses[0] if len(clauses) == 1 else wq.And(clauses)

    def resolve_place(self, text: str) -> str | None:
        """The canonical name of a gazetteer place named by any alias (noted for `matches`)."""
        place = self.gazetteer.resolve(text) if self.gazetteer else None
        if place is None:
            return None
        how = "exact" if fold(text) == fold(place.name) else "alias"
        self.places.append((text, place.name, how))
        return place.name

    def place_query(self, text: str):
        """A gazetteer place by any alias; failing that, by transliteration keys."""
        canonical = self.resolve_place(text)
        if canonical is not None:
            return wq.Term("place", canonical)
        clauses = [wq.Term("place_terms", place_key(text))]
        groups = names.query_term_groups(text)
        if groups:
            clauses.append(wq.And([wq.Or([wq.Term("place_terms", t) for t in sorted(g)]) for g in groups]))
        return wq.Or(clauses)

    @staticmethod
    def year_query(value: str, param: str = "year"):
        lo, hi = parse_year_range(value, param)
        return wq.NumericRange("years", lo, hi)

    # -- the tree ----------------------------------------------------------
    def compile(self, tree):
        """The Whoosh query of a tree; `self.check` then holds what its name: values
        ask of each candidate's people (None when it has none)."""
        query, check = self._compile(tree, True)
        if check is not None and not isinstance(check, checks.Doc):
            self.check = check if self.check is None else checks.All((self.check, check))
        return query

    def require_name(self, text: str):
        """A name every result must name (the `name` parameter): its candidates' query."""
        self.names.append(text)
        found = self.name_query(text) or wq.NullQuery
        check = checks.Name(text, found)
        self.check = check if self.check is None else checks.All((self.check, check))
        return found

    def _compile(self, tree, positive: bool):
        """(Whoosh query, check) of a subtree read in `positive` (or negated) sense.

        Name keys find a superset of the people a name: value means, so the
        query Whoosh runs keeps that superset where the name counts for a
        document (positive) and leaves it out where it counts against one
        (under NOT): Whoosh's candidates then hold every true result, and the
        check, which follows the tree (AND: all, OR: any, NOT: none), decides.
        """
        if isinstance(tree, querylang.FieldValue) and tree.field == "name":
            if positive:
                self.names.append(tree.value)
            found = self.name_query(tree.value) or wq.NullQuery
            return (found if positive else wq.NullQuery), checks.Name(tree.value, found)
        if isinstance(tree, querylang.Not):
            inner, check = self._compile(tree.node, not positive)
            if inner is None:
                return None, None
            query = wq.Every() if inner.normalize() is wq.NullQuery else wq.Not(inner)
            return query, (checks.Doc(query) if isinstance(check, checks.Doc) else checks.Not(check))
        if isinstance(tree, (querylang.And, querylang.Or)):
            compiled = [c for c in (self._compile(n, positive) for n in tree.nodes) if c[0] is not None]
            if not compiled:
                return None, None
            parts = [q for q, _check in compiled]
            if all(isinstance(p, wq.Not) for p in parts):
                parts.insert(0, wq.Every())
            both = isinstance(tree, querylang.And)
            query = parts[0] if len(parts) == 1 else wq.And(parts) if both else wq.Or(parts)
            if all(isinstance(c, checks.Doc) for _q, c in compiled):
                return query, checks.Doc(query)
            return query, (checks.All if both else checks.Any)(tuple(c for _q, c in compiled))
        query = self._leaf(tree)
        return query, (checks.Doc(query) if query is not None else None)

    def _leaf(self, tree):
        if isinstance(tree, querylang.Everything):
            return wq.Every()
        if isinstance(tree, querylang.Word):
            self.highlight.append(tree.text)
            return self._any_of(self.text_query(tree.text)
                                + [self.name_query(tree.text, fuzzy=False), self._place_word(tree.text),
                                   self._year_word(tree.text)])
        if isinstance(tree, querylang.Phrase):
            self.highlight.append(tree.text)
            return self._any_of(self.text_query(tree.text)
                                + [wq.Term("person", fold(tree.text)), self._place_word(tree.text)])
        if isinstance(tree, querylang.FieldValue):
            return self._field(tree.field, tree.value)
        return None

    def _field(self, field: str, value: str):
        if field == "place":
            return self.place_query(value)
        if field == "year":
            return self.year_query(value, "q")
        if field == "type":
            return wq.Term("type", value.lower())
        if field == "lang":
            return wq.Term("language", value)
        raise QueryError("q", N_("unknown field in %(param)s"))

    def _place_word(self, text: str):
        return wq.Term("place_terms", place_key(text))

    @staticmethod
    def _year_word(text: str):
        if text.isdigit() and len(text) == 4:
            return wq.NumericRange("years", int(text), int(text))
        return None

    @staticmethod
    def _any_of(parts):
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.Or(parts)
