"""Name matching across scripts for the testimony archive.

Pure functions, no index or web code.  All language knowledge lives in the
YAML tables of ``tables/`` (each naming its source standard):

- ``detect_script(word)`` -> 'latin' | 'cyrillic' | 'arabic' | 'han' | 'other'
- ``transliterate(text)`` -> canonical lowercase Latin, any script, never raises
- ``name_words(text)`` -> canonical Latin words of a name
- ``phonetic_key(word)`` -> the key transliteration variants fold to
- ``strip_suffix(word)`` -> surname stem (Kazybekova -> kazybek)
- ``index_terms(name)`` / ``query_term_groups(query)`` -> candidate retrieval
- ``expand_fuzzy(term, vocabulary, limit)`` -> bounded fuzzy expansion of a key
- ``match_person(query, names)`` -> ``NameMatch`` or None
- ``spellings(name)`` -> the name written in every script the tables know
"""
from __future__ import annotations

from .fuzzy import expand_fuzzy, max_edits
from .match import LEVELS, NameMatch, index_terms, match_person, name_words, query_term_groups
from .phonetic import phonetic_key, strip_suffix
from .script import SCRIPTS, detect_script
from .spellings import spellings
from .transliterate import readings, transliterate

__all__ = [
    "LEVELS",
    "NameMatch",
    "SCRIPTS",
    "detect_script",
    "expand_fuzzy",
    "index_terms",
    "match_person",
    "max_edits",
    "name_words",
    "phonetic_key",
    "query_term_groups",
    "readings",
    "spellings",
    "strip_suffix",
    "transliterate",
]
