"""A synthetic corpus: many testimonies like the archive's real ones, for load and ranking tests.

`synthesize(docs, seed, out)` writes a complete corpus directory (docs/corpus-format.md):

    out/places.yaml                               the gazetteer of the places used
    out/documents/000/000000-<slug>.md ...        one testimony per file, 1,000 per folder

The testimonies imitate the archive's real material -- ethnic Kazakh (and Uyghur)
families in Kazakhstan telling what happened to relatives detained in Xinjiang --
in English, Russian and Kazakh. They are assembled from the sentence templates
and word tables in data/ (see data.py).

The same seed always gives a byte-identical corpus: every document draws from its
own random.Random seeded from (seed, document number), never from the global
generator or the clock, which also lets large corpora be written by several
processes with the same result.

The parts, in the order a document is made:

    shape.py          proportions: languages, restricted shares, lengths, years
    data.py           the data files, loaded and compiled once per process
    names.py          identities and how names are written in each script
    grammar.py        Kazakh case endings, Russian plurals and place phrases
    events.py         what happened to a relative, with dates
    sentences.py      one document's shared state; saying a sentence
    cast.py           relatives, helpers and authors
    writer.py         the whole testimony and its front matter
    yaml_emitter.py   the front matter as YAML
"""
from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path

import yaml

from .data import DATA_DIR, _Data, _data
from .grammar import kk_case
from .names import _ov, english, kazakh_latin, kk_to_ru, passport
from .shape import (
    FIRST_PUBLISHED, FIRST_YEAR, LANGUAGE_SHARES, LAST_PUBLISHED, LAST_YEAR, MAX_WORDS, MIN_WORDS,
    PARALLEL_FROM, PUBLISHER, RESTRICTED_DOCUMENT_SHARE, RESTRICTED_MENTIONED_SHARE, SHARD_SIZE,
)
from .writer import _Writer
from .yaml_emitter import front_matter, yaml_scalar

__all__ = [
    "SynthSummary", "document", "synthesize", "DATA_DIR", "LANGUAGE_SHARES",
    "RESTRICTED_DOCUMENT_SHARE", "RESTRICTED_MENTIONED_SHARE", "MIN_WORDS", "MAX_WORDS",
    "FIRST_YEAR", "LAST_YEAR", "FIRST_PUBLISHED", "LAST_PUBLISHED", "SHARD_SIZE", "PARALLEL_FROM",
    "PUBLISHER", "kk_to_ru", "passport", "kazakh_latin", "english", "kk_case", "yaml_scalar",
    "front_matter",
]
# _data, _Data, _Writer and _ov are imported for the tests, which look inside the writer.


@dataclass
class SynthSummary:
    """What `synthesize` wrote."""

    documents: int
    people: int                             # person entries, narrators and unnamed relatives included
    places: int                             # entries in the written places.yaml
    seconds: float
    restricted: int = 0                     # restricted documents
    languages: dict[str, int] = field(default_factory=dict)
    out: Path | None = None

    def __str__(self) -> str:
        langs = ", ".join(f"{n} {lang}" for lang, n in sorted(self.languages.items()))
        return (f"wrote {self.documents} documents ({langs}; {self.restricted} restricted) naming "
                f"{self.people} people, {self.places} places, to {self.out} in {self.seconds:.1f}s")


def document(seed: int, number: int) -> tuple[str, str, dict]:
    """Document `number` of the corpus for `seed`: (file stem, file text, front matter)."""
    meta, body, stem = _Writer(_data(), seed, number).build()
    return stem, front_matter(meta) + body, meta


def _write_range(seed: int, start: int, stop: int, documents_dir: str) -> tuple[int, int, dict, set]:
    """Write documents start..stop-1; returns (people, restricted, languages, place ids used)."""
    data, places = _data(), _label_index()
    people = restricted = 0
    languages: dict[str, int] = {}
    used: set[str] = set()
    made: set[int] = set()
    root = Path(documents_dir)
    for number in range(start, stop):
        meta, body, stem = _Writer(data, seed, number).build()
        shard = number // SHARD_SIZE
        folder = root / f"{shard:03d}"
        if shard not in made:
            folder.mkdir(parents=True, exist_ok=True)
            made.add(shard)
        with open(folder / f"{stem}.md", "wb") as f:
            f.write((front_matter(meta) + body).encode("utf-8"))
        people += len(meta["people"])
        restricted += meta["access"] == "restricted"
        languages[meta["language"]] = languages.get(meta["language"], 0) + 1
        for p in meta["people"]:
            for e in p.get("events", ()):
                if "place" in e:
                    used.add(places[e["place"]])
        used.update(places[label] for label in meta["places"])
    return people, restricted, languages, used


@lru_cache(maxsize=None)
def _label_index() -> dict[str, str]:
    """Place id by every id, name and alias (the gazetteer has no spelling shared by two places)."""
    return {label: p.id for p in _data().places.values() for label in p.labels}


def _gazetteer(data: _Data, used: set[str]) -> str:
    keep = set(data.always) | used
    for place_id in list(keep):
        keep.update(data.ancestors(place_id))
    entries = [p.entry for p in data.places.values() if p.id in keep]
    return yaml.safe_dump({"places": entries}, allow_unicode=True, sort_keys=False,
                          default_flow_style=None, width=4096)


def synthesize(docs: int, seed: int, out: Path, workers: int | None = None) -> SynthSummary:
    """Write a synthetic corpus of `docs` testimonies to `out` (places.yaml and documents/).

    The same (docs, seed) always writes byte-identical files. `out/documents` must be
    absent or empty. `workers` processes share the writing (default: one per CPU, up to
    4, for corpora of PARALLEL_FROM documents or more).
    """
    if docs < 0:
        raise ValueError("docs must not be negative")
    started = time.perf_counter()
    out = Path(out)
    documents_dir = out / "documents"
    if documents_dir.is_dir() and any(documents_dir.iterdir()):
        raise FileExistsError(f"{documents_dir} is not empty: synthesize into a new directory")
    documents_dir.mkdir(parents=True, exist_ok=True)
    data = _data()
    _label_index()
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if docs >= PARALLEL_FROM else 1
    chunk = max(500, -(-docs // (workers * 4))) if workers > 1 else docs or 1
    ranges = [(a, min(docs, a + chunk)) for a in range(0, docs, chunk)]
    if workers > 1 and len(ranges) > 1:
        with ProcessPoolExecutor(workers, mp_context=_mp_context()) as pool:
            results = list(pool.map(_write_range, [seed] * len(ranges), [a for a, _ in ranges],
                                    [b for _, b in ranges], [str(documents_dir)] * len(ranges)))
    else:
        results = [_write_range(seed, a, b, str(documents_dir)) for a, b in ranges]
    people = restricted = 0
    languages: dict[str, int] = {}
    used: set[str] = set()
    for p, r, langs, u in results:
        people, restricted = people + p, restricted + r
        for lang, n in langs.items():
            languages[lang] = languages.get(lang, 0) + n
        used |= u
    gazetteer = _gazetteer(data, used)
    (out / "places.yaml").write_text(gazetteer, "utf-8")
    return SynthSummary(documents=docs, people=people, places=gazetteer.count("\n- id: "),
                        seconds=time.perf_counter() - started, restricted=restricted,
                        languages=languages, out=out)


def _mp_context():
    try:
        return get_context("fork")
    except ValueError:          # no fork on this platform: children load the data themselves
        return get_context("spawn")
