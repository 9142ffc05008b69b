"""The words for how a searched value matched, one vocabulary for the API, the page and the CLI.

A match's `how` is one of MATCH_KINDS: a name `exact` (a curated variant
included), by `transliteration`, `phonetic` or `fuzzy` (indexer.names), and a
place `exact` by its own name or by an `alias`, another of its names. The
web app translates each word for the page (webapp.i18n.MATCH_KINDS).
"""
from __future__ import annotations

from ..names.match import LEVELS

MATCH_KINDS = ("exact", "alias", *(k for k in LEVELS if k != "exact"))
