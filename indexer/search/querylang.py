"""The search box's little language, parsed without ever failing.

    word  "a phrase"  a OR b  NOT a  -a  (a OR b) c  name:…  place:…  year:2017
    year:2005-2006  year:[2005 TO 2006]  type:…  lang:…

Words join with AND. Anything unbalanced (a lone quote, a stray bracket, a
dangling OR) is read as leniently as possible instead of being rejected,
because the people typing here are searching, not programming.

What one query may expand to is bounded, so that a short string cannot cost
the server seconds: past a bound the query is refused with a QueryError that
names `q` and the bound (a 400 on the web), never parsed halfway.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import N_, QueryError

#: How deep brackets and NOTs may nest. People group a few alternatives, and
#: rarely nest a group in a group; eight levels is far past that and keeps
#: the parser's and the compiler's recursion short whatever is typed.
MAX_DEPTH = 8
#: Words, phrases and field values in one query. Each word is looked for in
#: every language's text, the title, names and places (about ten index
#: terms), so 32 of them already make a paragraph of a query.
MAX_CLAUSES = 32
#: `name:` values in one query. Each is found by its name keys and then
#: verified against every candidate's people, the costliest step of a
#: search; eight people at once is more than any family's search needs.
MAX_NAME_TERMS = 8

FIELDS = ("name", "place", "year", "type", "lang")
_TOKEN = re.compile(
    r"""
    (?P<lparen>\()|(?P<rparen>\))
    |(?P<field>(?:name|place|year|type|lang)):(?:"(?P<fphrase>[^"]*)"?|\[(?P<frange>[^\]]*)\]?|(?P<fword>[^\s()"]+))
    |"(?P<phrase>[^"]*)"?
    |(?P<neg>-)(?=[^\s-])
    |(?P<word>[^\s()"]+)
    """,
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class FieldValue:
    field: str
    value: str


@dataclass(frozen=True)
class Not:
    node: object


@dataclass(frozen=True)
class And:
    nodes: tuple


@dataclass(frozen=True)
class Or:
    nodes: tuple


@dataclass(frozen=True)
class Everything:
    pass


def tokenize(text: str) -> list[tuple[str, str]]:
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if m.group("field"):
            field = m.group("field").lower()
            value = m.group("fphrase") or m.group("frange") or m.group("fword") or ""
            if m.group("frange") is not None:
                value = re.sub(r"\s+to\s+", "-", m.group("frange").strip(), flags=re.IGNORECASE)
            out.append(("field", f"{field}\x00{value.strip()}"))
        elif kind == "phrase":
            out.append(("phrase", m.group("phrase")))
        elif kind == "word":
            word = m.group("word")
            upper = word.upper()
            out.append((upper.lower(), word) if upper in ("AND", "OR", "NOT") and word.isupper() else ("word", word))
        else:
            out.append((kind, m.group(0)))
    return out


class _Parser:
    """Recursive descent whose recursion `_enter` keeps within MAX_DEPTH levels."""

    def __init__(self, tokens):
        self.tokens = tokens
        self.pos = 0
        self.level = 0        # brackets and NOTs open around the current token
        self.clauses = 0      # words, phrases and field values so far
        self.name_terms = 0

    def _enter(self):
        self.level += 1
        if self.level > MAX_DEPTH:
            raise QueryError("q", N_("%(param)s nests brackets or NOT too deeply: at most %(limit)d levels"),
                             limit=MAX_DEPTH)

    def _leaf(self, node):
        """Count a word, phrase or field value against MAX_CLAUSES and MAX_NAME_TERMS."""
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            raise QueryError("q", N_("%(param)s has too many words and terms: at most %(limit)d"),
                             limit=MAX_CLAUSES)
        if isinstance(node, FieldValue) and node.field == "name":
            self.name_terms += 1
            if self.name_terms > MAX_NAME_TERMS:
                raise QueryError("q", N_("%(param)s asks for too many names: at most %(limit)d name: terms"),
                                 limit=MAX_NAME_TERMS)
        return node

    def peek(self):
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def take(self):
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def parse_or(self, depth=0):
        nodes = [self.parse_and(depth)]
        while self.peek() == "or":
            self.take()
            nodes.append(self.parse_and(depth))
        nodes = [n for n in nodes if n is not None]
        if not nodes:
            return None
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def parse_and(self, depth):
        nodes = []
        while self.peek() not in (None, "or") and not (self.peek() == "rparen" and depth > 0):
            if self.peek() in ("and", "rparen"):
                self.take()
                continue
            node = self.parse_unary(depth)
            if node is not None:
                nodes.append(node)
        if not nodes:
            return None
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def parse_unary(self, depth):
        kind = self.peek()
        if kind in ("not", "neg"):
            self.take()
            if self.peek() in (None, "or", "rparen", "and"):
                return None
            self._enter()
            inner = self.parse_unary(depth)
            self.level -= 1
            return Not(inner) if inner is not None else None
        kind, value = self.take()
        if kind == "lparen":
            self._enter()
            inner = self.parse_or(depth + 1)
            self.level -= 1
            if self.peek() == "rparen":
                self.take()
            return inner
        if kind == "phrase":
            words = value.split()
            if not words:
                return None
            return self._leaf(Phrase(" ".join(words)) if len(words) > 1 else Word(words[0]))
        if kind == "field":
            field, val = value.split("\x00", 1)
            return self._leaf(FieldValue(field, val)) if val else None
        return self._leaf(Word(value))


def parse(text: str):
    """Parse a query string into a tree of Word/Phrase/FieldValue/Not/And/Or.

    Empty input and a lone `*` mean everything; a query made only of NOT
    clauses means everything except them. Raises QueryError (naming `q`)
    only for a query past MAX_DEPTH, MAX_CLAUSES or MAX_NAME_TERMS.
    """
    text = (text or "").strip()
    if text in ("", "*"):
        return Everything()
    tree = _Parser(tokenize(text)).parse_or()
    if tree is None:
        return Everything()
    return tree


def words_of(tree) -> list[str]:
    """The plain positive words of a query, in order: what spelling suggestions look at."""
    if isinstance(tree, Word):
        return [tree.text]
    if isinstance(tree, Phrase):
        return tree.text.split()
    if isinstance(tree, (And, Or)):
        return [w for n in tree.nodes for w in words_of(n)]
    return []
