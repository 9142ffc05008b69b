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

from indexer.names import index_terms, match_person

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


def test_indexing_a_name_builds_one_form_per_word(monkeypatch):
    """The comparison forms of pairs of words are a search's business: indexing a
    three-word name builds the forms of its three words and no other."""
    from indexer.names import match
    for cached in (match._index_terms, match._analyze_name, match._atom, match._joined):
        cached.cache_clear()
    built = []
    init = match._Form.__init__

    def counting(self, raw, *args, **kwargs):
        built.append(raw)
        init(self, raw, *args, **kwargs)
    monkeypatch.setattr(match._Form, "__init__", counting)
    terms = index_terms("Zhanargul Tursynbekova Serikkyzy")
    assert sorted(built) == ["Serikkyzy", "Tursynbekova", "Zhanargul"]
    assert match._joined_keys("Zhanargul", "Tursynbekova") <= terms
    # a search still compares the pairs, built then
    assert match_person("Zhanargul Tursynbekova", ["Zhanargul Tursynbekova Serikkyzy"]).how == "exact"


def test_pair_keys_are_those_of_the_whole_pair_form():
    from indexer.names import match
    for e in SAMPLE[::7]:
        atoms = [a.raw for a in match._analyze_name(e["name"]).atoms]
        for a, b in zip(atoms, atoms[1:]):
            assert match._joined_keys(a, b) == match._join(match._atom(a), match._atom(b), "").allkeys, (a, b)


def test_rewrites_skipped_together_give_what_each_in_turn_gives():
    import re
    from indexer.names.tables import rewriter
    pairs = [["^ie", "e"], ["([aeiou])ie", "\\1e"], ["ou", "u"], ["(.)\\1+", "\\1"], ["ow$", "ov"], ["(?i)x", "h"]]
    rewrite = rewriter(pairs)
    for word in ("ierlan", "tokaiev", "nourlan", "kassym", "tokajow", "plain", "aaoux", "", "ieouoww"):
        expected = word
        for pat, rep in pairs:
            expected = re.sub(pat, rep, expected)
        assert rewrite(word) == expected, word


def test_every_process_gives_a_name_the_same_terms():
    """The index is written by worker processes and searched by others, each with its own
    string hashing: a name's terms (and a query's) must not depend on it."""
    import json
    import os
    import subprocess
    import sys

    names = ["古丽娜扎尔·迪力木拉提", "伊力哈木·土赫提", "迪恩穆罕默德·库达依别尔艮", "穆赫塔尔·奥伊佐夫",
             "شاۋەشەك ئابدۇراخمان", "Ыбырайымұлы Ерсайын"]
    code = ("import json, sys; from indexer import names; "
            "print(json.dumps([[sorted(names.index_terms(n)), [sorted(g) for g in names.query_term_groups(n)]] "
            "for n in json.loads(sys.argv[1])]))")
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", code, json.dumps(names)], env=env, capture_output=True,
                              text=True, check=True, cwd=Path(__file__).resolve().parent.parent)
        outputs.add(done.stdout)
    assert len(outputs) == 1
