"""Loading of the YAML data tables in ``tables/`` (read once, cached).

Every bit of language knowledge of the package lives in those tables; the
Python modules only interpret them.  Each table names its source standard in
its ``source:`` key.
"""
from __future__ import annotations

import functools
import unicodedata
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
