"""Compile what people type into Whoosh queries over the archive's schema.

A plain word is looked for everywhere a person would expect: in the text of
every language (each field applying its own analyzer), in titles, in names
(through the transliteration keys of indexer.names) and in place aliases.
"""
from __future__ import annotations

import functools

from whoosh import query as wq

from . import checks, querylang
from .. import names
from ..index.analyzers import analyzer_for, plain_analyzer
from ..text.analysis import TEXT_LANGUAGES
from .errors import N_, QueryError
from ..places.gazetteer import place_key
from ..names.script import char_script
from ..names.transliterate import split_text
from ..text.analysis import fold
from ..text.thesaurus import Thesaurus
from ..corpus.model import DOC_TYPES
from .request import one_of, parse_year_range

#: Words of one name (a name: value or the name parameter). People's names
#: have two to four; eight leaves room for patronymics and particles.
MAX_NAME_WORDS = 8
#: Chinese characters in one word of a name, and in all the names of one
#: request. Name analysis reads them syllable by syllable in every way they
#: split, a cost that grows fast with length (a few ms for 5, about 100 ms
#: for 12, seconds for 30); a Kazakh name in Chinese characters has parts of
#: 4 to 7, and 10 to 12 when written without the dot between them.
MAX_HAN_CHARS = 12
MAX_HAN_CHARS_PER_REQUEST = 24
#: Name keys one request may look up: every spelling of every word of its
#: names, the similar spellings fuzzy expansion adds (up to 20 a key), and
#: one for each expansion (a search of the vocabulary). Among synthetic
#: names over 13,000 people the costliest needs 57, so eight such names
#: about 460; a larger vocabulary has more neighbours, hence 1000. Each key
#: is a posting list read, its documents then verified against their people.
MAX_NAME_KEYS = 1000

_TITLE = plain_analyzer()
_TEXT_ANALYZERS = {f"text_{lang}": analyzer_for(lang) for lang in TEXT_LANGUAGES}


def _tokens(analyzer, text: str) -> list[str]:
    return [t.text for t in analyzer(text)]


#: The most words a subject's term has that an unquoted query is looked up for.
MAX_SUBJECT_WORDS = 3
#: The score a concept's terms in other languages add: below any word typed.
EXPANSION_SCORE = 0.001


class _ConstantScore(wq.ConstantScoreQuery):
    """Whoosh's constant-score wrapper with the boost Or.normalize multiplies in every child."""
    boost = 1.0


@functools.cache
def _thesaurus() -> Thesaurus:
    """The subjects' thesaurus, its terms read by the text fields' own analyzers."""
    return Thesaurus(lambda lang, text: tuple(_tokens(_TEXT_ANALYZERS[f"text_{lang}"], text)))


def _han_chars(word: str) -> int:
    return sum(char_script(c) == "han" for c in word)


def name_is_bounded(text: str) -> bool:
    """Whether `text` is short enough to be analysed as a name (MAX_NAME_WORDS,
    MAX_HAN_CHARS, MAX_HAN_CHARS_PER_REQUEST): longer text is not a name, and
    costs too much to try."""
    han = [_han_chars(word) for word in split_text(text)]
    return len(han) <= MAX_NAME_WORDS and max(han, default=0) <= MAX_HAN_CHARS \
        and sum(han) <= MAX_HAN_CHARS_PER_REQUEST


def _is_stop_word(node) -> bool:
    """A plain word that the text of some language drops as a stop word (to, a, в):
    kept, it would be required in the fields that do not drop it."""
    return (isinstance(node, querylang.Word) and not _han_chars(node.text)
            and any(not _tokens(a, node.text) for a in _TEXT_ANALYZERS.values()))


def _as_typed(field: str, value: str) -> str:
    """A field value of the search box as an error names it, with the parameter it
    was typed in: `year:abc (q)`, the value cut short if long."""
    typed = f"{field}:{value}"
    return (typed if len(typed) <= 40 else typed[:39] + "…") + " (q)"


def _phrase_words(analyzer, text: str) -> list[str]:
    """The words of `text` a phrase looks for one position after another: a token at
    the position of the one before (the joined form of a hyphenated word, standing
    where its last part stands) is left out, since no text holds it one place on."""
    words, last = [], None
    for token in analyzer(text, positions=True):
        if token.pos != last:
            words.append(token.text)
        last = token.pos
    return words


def _field_phrase(field: str, words: list[str]):
    if not words:
        return None
    return wq.Term(field, words[0]) if len(words) == 1 else wq.Phrase(field, words)


class Compiler:
    """Turns a query tree into a Whoosh query, noting what to highlight and verify.

    `vocabulary(field)` returns the indexed terms of a field, for bounded fuzzy
    expansion of name keys; `known(field)`, when given, the same terms as a set:
    a name key nobody in the scope has is then not looked up (each look-up is a
    search of every segment's term index); `gazetteer` resolves place names and
    aliases; `places_by_term` maps a place's search terms to the canonical names
    of the gazetteer places the index's documents name (`vocabulary.places_by_term`);
    `languages`, when given, the languages the scope's documents are in: what `lang:` may
    name, as `lang=` may (any other value would answer an empty page, as if nothing matched).
    """

    def __init__(self, gazetteer=None, vocabulary=None, known=None, places_by_term=None, languages=None):
        self.gazetteer = gazetteer
        self.languages = languages
        self.vocabulary = vocabulary or (lambda field: ())
        self.known = known
        self.places_by_term = places_by_term or {}
        self.highlight: list[str] = []   # words and phrases to mark in text
        self.names: list[str] = []       # name: values asked for (not those under NOT): marked
        self.check: checks.Check | None = None   # what the names ask of each candidate
        self.places: list[tuple[str, str, str]] = []  # (typed, canonical, how)
        self.name_keys = 0               # name keys looked up so far (MAX_NAME_KEYS)
        self.han_chars = 0               # Chinese characters analysed as names so far
        self.expanded: list[dict] = []   # {"typed", "concept", "terms"} the thesaurus added

    # -- building blocks -------------------------------------------------
    def text_query(self, text: str, language: str | None = None):
        """`text` (a word or phrase) in any language's text or in the title; a
        hyphenated word also as one word (re-education meets reeducation). A
        `language`'s word is looked for in that language's text, the title and
        the text of languages without a field of their own."""
        spellings = [text]
        if "-" in text.strip("-"):
            spellings.append(text.replace("-", ""))
        fields = _TEXT_ANALYZERS
        if language is not None and f"text_{language}" in _TEXT_ANALYZERS:
            fields = {f: a for f, a in _TEXT_ANALYZERS.items() if f in (f"text_{language}", "text_xx")}
        parts = []
        for spelling in spellings:
            parts += [_field_phrase(f, _phrase_words(a, spelling)) for f, a in fields.items()]
            parts.append(_field_phrase("title", _phrase_words(_TITLE, spelling)))
        return [p for p in parts if p is not None]

    def expansion_query(self, text: str):
        """The terms, in every language, of the concepts `text` names (police: полиция, 警察…)."""
        parts = []
        for concept in _thesaurus().concepts_of(text):
            terms = [t for t in concept.all_terms() if fold(t) != fold(text)]
            self.expanded.append({"typed": text, "concept": concept.id, "terms": terms, "how": "thesaurus"})
            self.highlight.extend(terms)
            # Each term in its own language's text: a Chinese term is no word of an English text,
            # and every field asked costs a look-up in every segment.
            parts += [q for lang, lang_terms in concept.terms.items() for term in lang_terms
                      if fold(term) != fold(text) for q in self.text_query(term, lang)]
        # One small constant score, whatever the terms' own: BM25 would rank a short
        # document that meets a term above a long one with the word typed.
        return _ConstantScore(wq.Or(list(dict.fromkeys(parts))), EXPANSION_SCORE) if parts else None

    def name_query(self, text: str, fuzzy: bool = True, param: str = "q"):
        """Candidates for a person's name in any script: every word must meet a key.

        Asked for (fuzzy), a name past MAX_NAME_WORDS or MAX_HAN_CHARS, or one
        that takes the request past MAX_NAME_KEYS, is refused naming `param`;
        a plain word that cannot be a name (or no longer fits the request's
        MAX_HAN_CHARS_PER_REQUEST) is simply not looked up as one.
        """
        han = _han_chars(text)
        if not name_is_bounded(text) or self.han_chars + han > MAX_HAN_CHARS_PER_REQUEST:
            if not fuzzy:
                return None
            raise QueryError(param, N_("%(param)s: a name has at most %(words)d words of at most %(han)d "
                                       "Chinese characters, and a search at most %(total)d of them"),
                             words=MAX_NAME_WORDS, han=MAX_HAN_CHARS, total=MAX_HAN_CHARS_PER_REQUEST)
        self.han_chars += han
        groups = names.query_term_groups(text)
        if not groups:
            return None
        vocab = self.vocabulary("name_keys") if fuzzy else ()
        clauses = []
        for group in groups:
            terms = set(group)
            if vocab:
                for term in group:
                    self._count_keys(1, param)   # each expansion is a search of the vocabulary
                    terms.update(names.expand_fuzzy(term, vocab))
            self._count_keys(len(terms), param)
            known = self.known("name_keys") if self.known is not None else None
            if known is not None:
                # counted all the same: the bound is on what a name asks, not on the index
                terms &= known
            clauses.append(wq.Or([wq.Term("name_keys", t) for t in sorted(terms)]))
        return clauses[0] if len(clauses) == 1 else wq.And(clauses)

    def _count_keys(self, count: int, param: str) -> None:
        self.name_keys += count
        if self.name_keys > MAX_NAME_KEYS:
            raise QueryError(param, N_("%(param)s asks for too many names or spellings at once: "
                                       "at most %(limit)d name keys; ask for fewer names"),
                             limit=MAX_NAME_KEYS)

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
        clauses = [self._place_word(text)]
        groups = names.query_term_groups(text) if name_is_bounded(text) else []
        if groups:
            clauses.append(wq.And([wq.Or([wq.Term("place_terms", t) for t in sorted(g)]) for g in groups]))
            # A gazetteer place is meant when one place has a term of every word's group.
            meant = set.intersection(*(set().union(*(self.places_by_term.get(t, ()) for t in g))
                                       for g in groups))
            clauses += [wq.Term("place_named", name) for name in sorted(meant)]
        return wq.Or(clauses)

    @staticmethod
    def year_query(value: str, param: str = "year", shown: str | None = None):
        lo, hi = parse_year_range(value, param, shown)
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
        found = self.name_query(text, param="name") or wq.NullQuery
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
            nodes = tree.nodes
            if isinstance(tree, querylang.And):   # a stop word never makes an AND fail
                nodes = tuple(n for n in nodes if not _is_stop_word(n)) or nodes
            if isinstance(tree, querylang.And) and positive:
                compiled = [c for c in self._compile_words(nodes) if c[0] is not None]
            else:
                compiled = [c for c in (self._compile(n, positive) for n in nodes) if c[0] is not None]
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

    def _compile_words(self, nodes):
        """The words of an AND, where neighbouring words name a subject of several words
        (boarding school, police station) each compiled as ever, or-ed with that subject's
        terms in every language: an expansion is looked up per typed word, and the terms
        of such a subject are none of its words'."""
        out, i = [], 0
        while i < len(nodes):
            for width in range(min(MAX_SUBJECT_WORDS, len(nodes) - i), 1, -1):
                group = nodes[i:i + width]
                if not all(isinstance(n, querylang.Word) for n in group):
                    continue
                text = " ".join(n.text for n in group)
                if not _thesaurus().concepts_of(text):
                    continue
                words = [self._compile(n, True) for n in group]
                if any(q is None or not isinstance(c, checks.Doc) for q, c in words):
                    continue
                query = wq.Or([wq.And([q for q, _c in words]), self.expansion_query(text)])
                out.append((query, checks.Doc(query)))
                i += width
                break
            else:
                out.append(self._compile(nodes[i], True))
                i += 1
        return out

    def _leaf(self, tree):
        if isinstance(tree, querylang.Everything):
            return wq.Every()
        if isinstance(tree, querylang.Word):
            self.highlight.append(tree.text)
            self._note_script(tree.text)
            return self._any_of(self.text_query(tree.text)
                                + [self.name_query(tree.text, fuzzy=False), self._place_word(tree.text),
                                   self._year_word(tree.text), self.expansion_query(tree.text)])
        if isinstance(tree, querylang.Phrase):
            self.highlight.append(tree.text)
            return self._any_of(self.text_query(tree.text)
                                + [wq.Term("person", fold(tree.text)), self._place_word(tree.text),
                                   self.expansion_query(tree.text)])
        if isinstance(tree, querylang.FieldValue):
            return self._field(tree.field, tree.value)
        return None

    def _field(self, field: str, value: str):
        if field == "place":
            return self.place_query(value)
        if field == "year":
            return self.year_query(value, "q", shown=_as_typed(field, value))
        if field == "type":
            return wq.Term("type", one_of(value, DOC_TYPES, "q", shown=_as_typed(field, value)))
        if field == "lang":
            if self.languages is not None:
                value = one_of(value, sorted(self.languages), "q", shown=_as_typed(field, value))
            return wq.Term("language", value)
        raise QueryError("q", N_("unknown field in %(param)s"))

    def _note_script(self, text: str) -> None:
        """Note a Chinese word the text is also searched for in the other characters (工廠: 工厂)."""
        if not _han_chars(text):
            return
        other = "".join(_tokens(_TEXT_ANALYZERS["text_zh"], text))
        if other and other != text:
            self.expanded.append({"typed": text, "concept": None, "terms": [other], "how": "script"})

    def _place_word(self, text: str):
        """Documents naming a place spelt `text`: a gazetteer place by its canonical name, any other by its terms."""
        key = place_key(text)
        named = [wq.Term("place_named", name) for name in sorted(self.places_by_term.get(key, ()))]
        return wq.Or([wq.Term("place_terms", key), *named]) if named else wq.Term("place_terms", key)

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
