"""The archive's one Whoosh schema.

Display data travels in two compact places: `meta` (stored JSON, read only for
the hits on a page) and `facets` (a per-document column, read once per index
generation into memory so facet counts never touch stored fields).
"""
from __future__ import annotations

from functools import cache

from whoosh import columns
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from ..text.analysis import TEXT_LANGUAGES
from .analyzers import analyzer_for, plain_analyzer
from .pairs import PAIRS, PREFIX as PAIRS_PREFIX, pair_field



def build_schema() -> Schema:
    fields = dict(
        id=ID(stored=True, unique=True),
        type=ID(stored=True),
        language=ID(stored=True),
        access=ID(stored=True),
        part_of=ID(stored=True),
        title=TEXT(analyzer=plain_analyzer(), field_boost=2.0),
        # Person names: exact folded full names, and the transliteration /
        # phonetic terms of indexer.names for cross-script name search.
        person=KEYWORD(lowercase=True, commas=True),
        name_keys=KEYWORD(scorable=True),
        # Places: canonical names (and the regions they lie within) for filters;
        # the terms of places the gazetteer does not know, for search.
        place=KEYWORD(commas=True),
        # The gazetteer places the document itself names (listed or in its text),
        # without the regions they lie in: what a place word in free text meets.
        place_named=KEYWORD(commas=True, scorable=True),
        place_terms=KEYWORD(commas=True, scorable=True),
        years=NUMERIC(int, bits=32),
        year_months=KEYWORD(commas=True),
        published=DATETIME(stored=True, sortable=True),
        body=STORED(),
        meta=STORED(),
        facets=COLUMN(columns.VarBytesColumn()),
    )
    for lang in TEXT_LANGUAGES:
        fields[f"text_{lang}"] = TEXT(analyzer=analyzer_for(lang))
    # The word pairs of each text field and of titles, for phrases (indexer.index.pairs).
    for name in [f"text_{lang}" for lang in TEXT_LANGUAGES] + ["title"]:
        fields[pair_field(name)] = PAIRS(fields[name].analyzer)
    return Schema(**fields)


@cache
def field_names() -> frozenset[str]:
    """The fields an index must have to be searched by this version; without one of them
    it must be rebuilt. The word pairs may be missing: an index written before them
    answers phrases from positions, as Whoosh does."""
    return frozenset(name for name in build_schema().names() if not name.startswith(PAIRS_PREFIX))
