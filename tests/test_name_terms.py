"""The index terms of a name stay exactly what they were while they are computed faster.

tests/data/name_terms_sample.json holds `index_terms(name)` for a fixed sample of
names in every script (synthetic people, the bundled corpus, the gazetteer's
aliases, the held-out spellings), written once by the code before the
computation was made faster: an index built now finds the same people and
places as one built then.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from indexer.names import index_terms

SAMPLE = json.loads((Path(__file__).parent / "data" / "name_terms_sample.json").read_text("utf-8"))["names"]


def test_sample_covers_every_script_and_source():
    scripts = Counter(e["script"] for e in SAMPLE)
    sources = Counter(e["source"] for e in SAMPLE)
    assert len(SAMPLE) >= 250
    assert all(scripts[s] >= 20 for s in ("latin", "cyrillic", "arabic", "han", "mixed")), scripts
    assert all(sources[s] >= 10 for s in ("synthetic people", "gazetteer", "bundled corpus", "held-out spellings"))
    assert all(e["terms"] for e in SAMPLE)


def test_index_terms_are_those_of_the_reference():
    differ = {e["name"]: (sorted(set(e["terms"]) - index_terms(e["name"])),
                          sorted(index_terms(e["name"]) - set(e["terms"])))
              for e in SAMPLE if index_terms(e["name"]) != set(e["terms"])}
    assert not differ, f"{len(differ)} names now give other terms (missing, extra): {list(differ.items())[:5]}"
