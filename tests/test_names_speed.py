"""Name search does the same work once, and only the work that can find someone.

What a user checks is the answer, which stays the same; what these tests check
is the work behind it, counted (no timings): how much of the name vocabulary a
fuzzy expansion scans, which name keys are looked up in Whoosh's term index,
and that a key read for one search is not read again for the next.
"""
from __future__ import annotations

import random

import pytest
from whoosh.reading import SegmentReader

from conftest import synthetic_index_with_deletions
from indexer.names import fuzzy, index_terms
from indexer.names.fuzzy import expand_fuzzy, fuzzy_distance, max_edits
from indexer.search.archive import Archive
from indexer.search.request import SearchRequest
from indexer.tools.synth import document


@pytest.fixture(scope="module")
def vocabulary() -> list[str]:
    """The name keys of a few thousand synthetic people, as a snapshot lists them."""
    keys: set[str] = set()
    for number in range(1500):
        for person in document(3, number)[2]["people"]:
            if person.get("name"):
                keys |= index_terms(person["name"])
    return sorted(keys)


def _scan_all(term: str, vocabulary: list[str], limit: int = 20) -> list[str]:
    """What expand_fuzzy must give: every key within fuzzy_distance, closest first."""
    found = sorted((d, k) for k in vocabulary
                   if not k.startswith(fuzzy.SKELETON_MARK) and (d := fuzzy_distance(term, k)) is not None)
    return [k for _d, k in found[:limit]]


def _terms(vocabulary: list[str], n: int = 300) -> list[str]:
    rng = random.Random(11)
    picked = rng.sample([k for k in vocabulary if max_edits(len(k)) and not k.startswith("qq")], n)
    slipped = []
    for t in picked[: n // 2]:   # and typing slips of them, which are no key
        i = rng.randrange(len(t))
        slipped.append(t[:i] + rng.choice("aeiklnrstuz") + t[i + 1:])
    return picked + slipped


def test_fuzzy_expansion_finds_what_a_scan_of_every_key_finds(vocabulary):
    assert len(vocabulary) > 2000   # large enough to be indexed by fuzzy.py
    for term in _terms(vocabulary):
        assert expand_fuzzy(term, vocabulary) == _scan_all(term, vocabulary), term


def test_fuzzy_expansion_compares_few_of_the_keys(vocabulary):
    """A key is compared only with keys of similar length that begin and end as it
    does; other first or last letters are exact look-ups. Before, every key of
    similar length with the same first letter was compared (a few per cent of
    the vocabulary; at 100,000 people thousands of keys for every spelling)."""
    index = fuzzy._index_for(vocabulary)
    terms = _terms(vocabulary)
    compared = sum(len(index.candidates(t, max_edits(len(t)))) for t in terms) / len(terms)
    assert compared < 0.015 * len(vocabulary), compared


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return Archive(synthetic_index_with_deletions(tmp_path_factory.mktemp("speed"), seed=5, readded=3))


def _name_keys_read(monkeypatch) -> list[bytes]:
    read: list[bytes] = []
    postings = SegmentReader.postings

    def counted(self, fieldname, text, *args, **kwargs):
        if fieldname == "name_keys":
            read.append(text)
        return postings(self, fieldname, text, *args, **kwargs)
    monkeypatch.setattr(SegmentReader, "postings", counted)
    return read


def _people(archive, name: str, per_page: int = 100) -> list[str]:
    answer = archive.search(SearchRequest.from_args({"name": name, "per_page": str(per_page)}))
    return sorted(r["id"] for r in answer["results"])


def _someone(archive) -> str:
    """A two-word name of someone in the archive (synthetic, in Latin letters)."""
    for row in archive.snapshot().facets.every_persons():
        for _role, name, *_ in row:
            if len(name.split()) == 2 and name.isascii():
                return name
    raise AssertionError("no two-word Latin name")


def test_a_name_looks_up_only_keys_someone_has(archive, monkeypatch):
    known = archive.snapshot().known_terms("name_keys")
    read = _name_keys_read(monkeypatch)
    found = _people(archive, _someone(archive))
    assert found
    assert read, "the name keys were looked up"
    assert {t.decode() for t in read} <= known


def test_a_name_key_is_read_once_per_snapshot(archive, monkeypatch):
    name = _someone(archive)
    first = _people(archive, name)
    read = _name_keys_read(monkeypatch)
    again = _people(archive, name, per_page=99)    # another request: computed, not a kept answer
    assert again == first
    assert read == []
