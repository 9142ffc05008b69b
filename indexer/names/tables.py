"""Loading of the YAML data tables in ``tables/`` (read once, cached).

Every bit of language knowledge of the package lives in those tables; the
Python modules only interpret them.  Each table names its source standard in
its ``source:`` key.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import yaml

TABLE_DIR = Path(__file__).with_name("tables")

TABLE_NAMES = (
    "kazakh_cyrillic",
    "russian_cyrillic",
    "latin_variants",
    "arabic_script",
    "chinese",
    "chinese_syllables",
    "suffixes",
    "phonetic",
)


@functools.cache
def load(name: str) -> dict:
    """The parsed table ``tables/<name>.yaml``."""
    with open(TABLE_DIR / f"{name}.yaml", encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=yaml.CSafeLoader)   # libyaml: the tables are large
    if not isinstance(data, dict):
        raise ValueError(f"names table {name}.yaml is not a mapping")
    return data


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def readings(value) -> tuple[str, ...]:
    """A table value (a string or a list of strings) as a tuple of readings."""
    if value is None:
        return ("",)
    if isinstance(value, (list, tuple)):
        out = tuple("" if v is None else str(v) for v in value)
        return out or ("",)
    return (str(value),)


def letter_map(mapping: dict | None) -> dict[str, tuple[str, ...]]:
    """Keys NFC-normalised and lower-cased; values as tuples of readings."""
    out: dict[str, tuple[str, ...]] = {}
    for k, v in (mapping or {}).items():
        out[nfc(str(k)).lower()] = tuple(nfc(r).lower() for r in readings(v))
    return out


#: A back reference in a pattern: such a pattern cannot be searched inside an alternation.
_BACKREF = re.compile(r"\\[1-9]|\(\?P=")


def rewriter(pairs) -> Callable[[str], str]:
    """A function applying a table's regular-expression rewrites ([pattern, replacement]
    pairs) in order.

    Most words meet none of a table's rewrites: each run of rewrites without a
    back reference is first searched for as one alternation, and skipped whole
    when nothing in the word matches it (a rewrite that matches nothing leaves
    the word as it is, so the next one sees the same word)."""
    rules = [(re.compile(str(a)), str(b)) for a, b in (pairs or [])]
    blocks: list[tuple[re.Pattern | None, list]] = []
    for pat, rep in rules:
        if _BACKREF.search(pat.pattern):
            blocks.append((None, [(pat, rep)]))
        elif blocks and blocks[-1][0] is not None:
            blocks[-1][1].append((pat, rep))
        else:
            blocks.append((pat, [(pat, rep)]))
    blocks = [(_any_of([p for p, _r in block]) if first is not None else None, block) for first, block in blocks]

    def rewrite(text: str) -> str:
        for any_of, block in blocks:
            if any_of is not None and any_of.search(text) is None:
                continue
            for pat, rep in block:
                text = pat.sub(rep, text)
        return text
    return rewrite


def _any_of(patterns: list[re.Pattern]) -> re.Pattern | None:
    """One alternation of `patterns`, or None (always applied) when they do not combine."""
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))
    except re.error:
        return None
