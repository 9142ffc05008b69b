"""The query layer: open the live snapshot of one scope and answer searches.

`Archive(index_dir, scope)` follows the index directory's CURRENT pointer and
reopens when the indexer publishes a new snapshot, so a long-running web
worker never needs a restart. The public scope opens an index that holds
public material only; nothing here filters by access.
"""
from __future__ import annotations

import copy
import gc
from dataclasses import replace
import dataclasses
import json
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from whoosh import query as wq
from whoosh.reading import MultiReader
from whoosh.searching import Searcher

from . import checks, querylang, scoring
from .. import names
from ..index import store, whoosh_fixes  # noqa: F401  (applies the fixes)
from .docsets import Docsets
from .facets import FACET_PARAMS, FacetTable
from .ordering import Orders
from ..places.gazetteer import load_gazetteer
from .compiler import Compiler, name_is_bounded
from ..text.analysis import fold
from .request import MAX_RESULT_WINDOW, SearchRequest
from .snippets import mark_text, snippet
from .places import PlaceMarks, place_tree, resolved
from .spelling import corrections
from ..index.vocabulary import Vocabularies, places_by_term

_log = logging.getLogger(__name__)
_NARRATOR_BONUS = 0.5
#: Answers each snapshot keeps, the least recently asked for dropped first.
ANSWERS_KEPT = 512
#: The most results one export holds: as deep as the pages of a search reach.
EXPORT_LIMIT = MAX_RESULT_WINDOW


class AnswerCache:
    """The most recently asked answers of one snapshot; every caller gets its own copy."""

    def __init__(self, size: int):
        self.size = size
        self.hits = 0
        self._answers: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key, make) -> dict:
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
                self.hits += 1
        if answer is None:
            answer = make()
            if self.size <= 0:      # kept by no one else: the caller may have it as made
                return answer
            with self._lock:
                self._answers[key] = answer
                if len(self._answers) > self.size:
                    self._answers.popitem(last=False)
        # Callers decorate answers (links, labels): the cached one stays as made.
        return _copied(answer)


def _copied(value):
    """A copy of JSON-like data (dicts, lists, tuples, scalars) several times faster than
    copy.deepcopy, which was a tenth of the time of a search; anything else is deep-copied."""
    kind = type(value)
    if kind is dict:
        return {k: _copied(v) for k, v in value.items()}
    if kind is list:
        return [_copied(v) for v in value]
    if kind is tuple:
        return tuple(_copied(v) for v in value)
    if value is None or kind in (str, int, float, bool):
        return value
    return copy.deepcopy(value)


def _undeleted(reader) -> np.ndarray:
    """Whether each document number is not deleted, asked only of the segments that have
    deletions: a freshly built index has none, and asking each of a million documents takes
    seconds of an open."""
    mask = np.ones(reader.doc_count_all(), dtype=bool)
    for leaf, base in reader.leaf_readers():
        if leaf.has_deletions():
            gone = [d for d in range(leaf.doc_count_all()) if leaf.is_deleted(d)]
            mask[np.asarray(gone, dtype=np.int64) + base] = False
    return mask


class Snapshot:
    """One opened snapshot scope: the Whoosh indexes plus caches that live as long as it.

    The public scope reads the `public` index alone. The full scope reads it
    together with the `restricted` overlay, which holds the restricted
    documents and the unredacted versions of public ones; the public versions
    that the overlay replaces are `hidden` and never match.
    """

    def __init__(self, gen_path: Path, generation: str, scope: str, newer: dict | None = None):
        self.generation = generation
        self.path = gen_path
        self.scope = scope
        manifest = store.read_manifest(gen_path)
        #: The generation answers show: for the public, a counter of the public
        #: index's own changes, which says nothing of restricted material.
        self.shown_generation = generation
        if scope == "public" and "public_count" in manifest:
            self.shown_generation = f"gen-{int(manifest['public_count']):08d}"
        self.indexes = [store.open_index(gen_path / "public")]
        if scope == "full":
            self.indexes.append(store.open_index(gen_path / store.OVERLAY))
        self._local = threading.local()
        searcher = self.searcher()
        self.hidden: set[int] = self._replaced(searcher) if scope == "full" else set()
        reader = searcher.reader()
        self.live_mask = _undeleted(reader)
        self.live_mask[list(self.hidden)] = False
        if newer is not None:
            self.live_mask[list(self._changed_since(searcher, manifest, newer, scope))] = False
        #: Document numbers Whoosh's own matchers must never yield: deleted by
        #: `add` or replaced by the overlay. Whoosh's Not and Every walk every
        #: document number, deleted ones included, so each search is masked.
        self.dead = set(np.flatnonzero(~self.live_mask).tolist())
        #: Every document number this scope shows, in index order: what browsing pages through.
        self.live = self.live_where(None)
        self.facets = FacetTable(reader, [ix.storage.folder for ix in self.indexes])
        self.facets.remember_whole(self.live_mask)
        #: Results in orders other than relevance (year, published, title), made on first use.
        self.orders = Orders(self.facets)
        language = self.facets.columns["language"]
        #: The languages of the documents this scope shows: what `lang=` may name.
        self.languages = sorted(str(language.values[i]) for i in np.flatnonzero(language.count(self.live_mask)))
        self.gazetteer, _ = load_gazetteer(gen_path / "places.yaml")
        #: Where a text names a searched place (built on first use).
        self.place_marks = PlaceMarks(self.gazetteer)
        #: This scope's words and name keys (the overlay's only for the full scope).
        self.vocabularies = Vocabularies.read(gen_path / "public")
        if scope == "full":
            self.vocabularies = self.vocabularies + Vocabularies.read(gen_path / store.OVERLAY)
        #: Answers of this snapshot, by request: a snapshot never changes, so
        #: they stay true for as long as it is the one served.
        self.answers = AnswerCache(ANSWERS_KEPT)
        #: The gazetteer places this scope's documents name, by each of their search terms.
        self.places_by_term = places_by_term(self.vocabularies["place_keys"])
        # Pay for the name vocabulary and its fuzzy index when the snapshot
        # opens, not in the first name search that happens to need them.
        name_keys = self.vocabulary("name_keys")
        self._name_terms = frozenset(name_keys)
        names.expand_fuzzy("warm", name_keys)
        # So too for what the first search of any word would load: the analyzers of every
        # language, the subjects' thesaurus, the transliteration tables (most of a second).
        self.compiler().compile(querylang.parse("warm"))
        self.may_name_someone("warm")

    def compiler(self) -> Compiler:
        """A query compiler over this snapshot's gazetteer, vocabularies and languages."""
        return Compiler(self.gazetteer, self.vocabulary, self.known_terms, self.places_by_term, self.languages)

    def _replaced(self, searcher) -> set[int]:
        """Document numbers of public versions that the overlay replaces: the public documents
        whose id a live overlay document has, read from the `id` postings (a search per overlay
        document took most of a full scope's open)."""
        reader = searcher.reader()
        public_docs = self.indexes[0].doc_count_all()
        ids = {i for leaf, base in reader.leaf_readers() if base >= public_docs for i in leaf.field_terms("id")}
        hidden = set()
        for doc_id in ids:
            numbers = list(reader.postings("id", doc_id).all_ids())     # live documents only
            if any(n >= public_docs for n in numbers):
                hidden.update(n for n in numbers if n < public_docs)
        return hidden

    @staticmethod
    def _changed_since(searcher, manifest: dict, newer: dict, scope: str) -> set[int]:
        """Documents of an older snapshot served in place of a damaged newer one that the
        newer one shows otherwise or not at all: those are withheld, since one may
        have been restricted since."""
        mine, theirs = manifest["documents"], newer.get("documents", {})
        if scope == "public":
            changed = [i for i, e in mine.items() if e.get("public") and (
                not theirs.get(i, {}).get("public") or theirs[i].get("digest") != e.get("digest")
                or e.get("digest") is None)]
        else:
            changed = [i for i in mine if i not in theirs]
        return {n for i in changed for n in searcher.document_numbers(id=i)}

    def searcher(self):
        """A searcher for this thread: Whoosh searchers are not shared across threads."""
        s = getattr(self._local, "searcher", None)
        if s is None:
            if len(self.indexes) == 1:
                s = self.indexes[0].searcher()
            else:
                leaves = [r for ix in self.indexes for r, _offset in ix.reader().leaf_readers()]
                s = Searcher(MultiReader(leaves))
            self._local.searcher = s
        return s

    def may_name_someone(self, text: str) -> bool:
        """Whether every word of `text` has a name key some person in this scope has.

        Words like "brother" do not, so their results skip name verification;
        nor does text too long to be a name (query.name_is_bounded).
        """
        groups = names.query_term_groups(text) if text and name_is_bounded(text) else []
        return bool(groups) and all(group & self._name_terms for group in groups)

    def docsets(self, searcher) -> Docsets:
        return Docsets(searcher, self.years_between, self.live_mask)

    def whoosh_search(self, searcher, q, **kwargs):
        """Whoosh's search of `q` over the live documents of this scope only.

        An empty `filter` allows nothing; Whoosh would take it for no filter.
        """
        if kwargs.get("filter") is not None and not kwargs["filter"]:
            q = wq.NullQuery
        return searcher.search(q, mask=self.dead or None, **kwargs)

    def scorer(self, searcher) -> scoring.Scorer:
        """Whoosh's scores of this scope's queries, with NumPy (indexer.scoring); one per search."""
        return scoring.Scorer(searcher, self.docsets(searcher), self.dead)

    def matching_mask(self, searcher, q, allowed=None) -> np.ndarray:
        """A mask of every document the query matches in this scope (and the `allowed` mask)."""
        found = self.docsets(searcher).mask(q)
        if allowed is not None:
            found &= allowed
        return found

    def matching(self, searcher, q, allowed=None) -> list[int]:
        """Every document number the query matches in this scope (and `allowed` mask), in order."""
        return np.flatnonzero(self.matching_mask(searcher, q, allowed)).tolist()

    def years_between(self, lo: int | None, hi: int | None) -> np.ndarray:
        """A mask of the documents with a year from `lo` to `hi` (either open when None)."""
        return self.facets.docs_where("years", lambda y: (lo is None or lo <= y) and (hi is None or y <= hi))

    def live_where(self, allowed) -> list[int]:
        """The live documents the mask allows (all of them for None), in index order."""
        mask = self.live_mask if allowed is None else allowed & self.live_mask
        return np.flatnonzero(mask).tolist()

    def document_number(self, searcher, doc_id: str) -> int | None:
        """The document with this id in this scope (the overlay's version wins)."""
        found = [n for n in searcher.document_numbers(id=doc_id) if n not in self.dead]
        return max(found) if found else None

    def vocabulary(self, field: str) -> list[str]:
        """Every indexed term of a field this snapshot keeps a vocabulary of (name keys), sorted."""
        return self.vocabularies[field].terms()

    def known_terms(self, field: str) -> frozenset[str] | None:
        """The same terms as a set (name keys only: the one kept as a set); None when
        the index keeps no vocabulary (then every key is looked up)."""
        if field != "name_keys":
            raise KeyError(field)
        return self._name_terms or None


class _Settling:
    """Every SETTLE_EVERY searches, what the process holds then (the caches searches
    fill: analysed words, names compared) joins the frozen objects, so that full
    collections keep walking only what is new. What is frozen is still freed when
    nothing refers to it."""

    SETTLE_EVERY = 16

    def __init__(self):
        self.count = 0

    def tick(self) -> None:
        self.count += 1
        if self.count % self.SETTLE_EVERY == 0:
            gc.collect(1)        # the young garbage, not frozen with the rest
            gc.freeze()


_settled_searches = _Settling()


@contextmanager
def _out_of_collections():
    """Open a snapshot, then keep what the process holds out of the cyclic collector.

    A snapshot's arrays, vocabularies and tables (and the analysis caches) live as
    long as it does; every full collection walked them all, 0.1-0.4 s at 10,000
    documents, a pause in whichever request it fell on. Frozen objects are still
    freed when nothing refers to them; before the next snapshot opens they are
    thawed, so that the one it replaces can be collected whole.
    """
    gc.unfreeze()
    try:
        yield
    finally:
        gc.freeze()


class Archive:
    """Search and read one scope ('public' or 'full') of an index directory."""

    def __init__(self, index_dir: Path, scope: str = "public"):
        if scope not in store.SCOPES:
            raise ValueError(f"unknown scope {scope!r}")
        self.index_dir = Path(index_dir)
        self.scope = scope
        self._snapshot: Snapshot | None = None
        self._stamp = None
        self._lock = threading.Lock()

    # -- following the live snapshot ----------------------------------------
    def snapshot(self) -> Snapshot:
        try:
            st = os.stat(self.index_dir / store.CURRENT)
            stamp = (st.st_ino, st.st_mtime_ns)
        except OSError:
            stamp = None
        if self._snapshot is not None and stamp == self._stamp:
            return self._snapshot
        with self._lock:
            if self._snapshot is None or stamp != self._stamp:
                generation = store.current_generation(self.index_dir)
                if self._snapshot is None or self._snapshot.generation != generation:
                    with _out_of_collections():
                        self._snapshot = self._open(generation)
                self._stamp = stamp
            return self._snapshot

    def _open(self, generation: str | None) -> Snapshot:
        """The live snapshot, or, when it (or CURRENT) is damaged, the newest older one that opens.

        A reader never fails on a damaged index when a complete snapshot is
        there: it serves that one and says so in the log. Snapshots newer
        than a readable CURRENT were never published and are not served.
        """
        candidates = ([generation] if generation else []) + store.generations(self.index_dir, generation)
        first, newer = None, None
        for name in candidates:
            try:
                snap = Snapshot(self.index_dir / name, name, self.scope, newer)
            except Exception as exc:   # whatever Whoosh raises on a damaged file
                first = first or exc
                if newer is None:
                    try:
                        newer = store.read_manifest(self.index_dir / name)
                    except (OSError, ValueError):
                        pass
                _log.warning("index %s: snapshot %s cannot be opened (%s: %s)",
                             self.index_dir, name, type(exc).__name__, exc)
                continue
            if name != generation:
                _log.warning("index %s: %s; serving %s, the newest complete snapshot; run `archive check "
                             "--index %s`, then `archive index` to rebuild", self.index_dir,
                             f"CURRENT names {generation}" if generation else "CURRENT is missing or damaged",
                             name, self.index_dir)
            return snap
        if isinstance(first, store.NoIndex):
            raise first
        if first is not None:
            raise store.DamagedIndex(f"the index in {self.index_dir} is damaged ({type(first).__name__}): "
                                     f"run `archive index` to rebuild it") from first
        raise store.NoIndex(f"no index in {self.index_dir}: run `archive index` first")

    # -- searching ------------------------------------------------------------
    def search(self, req: SearchRequest) -> dict:
        """The answer to a request: a page of results, the total, facets, suggestions."""
        snap = self.snapshot()
        answer = snap.answers.get_or_make(req, lambda: self._corrected(snap, req))
        _settled_searches.tick()
        return answer

    def languages(self) -> list[str]:
        """The languages of the documents this scope shows: what `lang=` may name."""
        return self.snapshot().languages

    def _corrected(self, snap: Snapshot, req: SearchRequest) -> dict:
        """The answer; when nothing matches and a suggested spelling does, the answer to
        that spelling, with `corrected_from` the query as typed (unless `correct=0`).

        Only a suggestion that finds something in this scope is offered: a word
        held only by documents the scope does not show (restricted, or withheld
        while an older snapshot stands in for a damaged one) finds nothing here,
        so it is never suggested."""
        answer = self._search(snap, req)
        answer["corrected_from"] = answer["corrected_to"] = None
        if answer["total"]:
            return answer
        finding = []
        for suggestion in answer["suggestions"]:
            corrected = self._search(snap, dataclasses.replace(req, q=suggestion))
            if corrected["total"]:
                finding.append((suggestion, corrected))
        answer["suggestions"] = [suggestion for suggestion, _ in finding]
        if finding and req.correct:
            suggestion, corrected = finding[0]
            corrected.update(suggestions=answer["suggestions"], corrected_from=req.q, corrected_to=suggestion)
            return corrected
        return answer

    def _search(self, snap: Snapshot, req: SearchRequest) -> dict:
        searcher = snap.searcher()
        found = self._find(snap, req, searcher, scored=True)
        page = self._window(snap, req, found, searcher, (req.page - 1) * req.per_page, req.per_page)
        plain_words = self._plain_words(snap, req, found)
        total = int(found.mask.sum())
        return {
            "total": total,
            "page": req.page,
            "per_page": req.per_page,
            "sort": req.sort,
            "results": [self._result_of(snap, searcher, found, plain_words, docnum, score) for docnum, score in page],
            "facets": self._facet_counts(snap, req, searcher, found),
            "suggestions": self._suggest(snap, found.tree, req) if not total else [],
            "expanded": found.comp.expanded,
            "generation": snap.shown_generation,
        }

    def results(self, req: SearchRequest, limit: int = EXPORT_LIMIT,
                snippets: bool = True) -> tuple[int, Iterator[dict]]:
        """(the total, every result of the request in its order up to `limit`), whatever its page.

        What exports stream: the ranking is made at once on the live snapshot,
        and each result, the same as a page of `search` shows it, only when it
        is read, from that same snapshot even if a newer one is published meanwhile.
        Without `snippets` the results have none: marking the words found is
        most of a result's cost, and a table of results does not show it.
        """
        snap = self.snapshot()
        searcher = snap.searcher()
        found = self._find(snap, req, searcher, scored=True)
        page = self._window(snap, req, found, searcher, 0, limit)
        plain_words = self._plain_words(snap, req, found)
        return int(found.mask.sum()), (self._result_of(snap, searcher, found, plain_words, docnum, score, snippets)
                                       for docnum, score in page)

    @staticmethod
    def _window(snap: Snapshot, req: SearchRequest, found: "_Found", searcher, start: int, count: int) -> list:
        """(document number, score) of the `count` results from `start` on, in the request's order."""
        if req.sort == "relevance":
            return found.ranked(start, count)
        docs = snap.orders.page(req.sort, found.mask, start, count, searcher.reader())
        return [(d, found.score(d)) for d in docs]

    @staticmethod
    def _plain_words(snap: Snapshot, req: SearchRequest, found: "_Found") -> list[str]:
        """The query's plain words when they may name someone: each result says whom they matched."""
        return _plain_words(found.tree) if snap.may_name_someone(req.q) else []

    def _result_of(self, snap: Snapshot, searcher, found: "_Found", plain_words, docnum: int, score: float,
                   snippets: bool = True) -> dict:
        """One document of the results, with how the names asked for matched it."""
        matched = found.name_matches.get(docnum, [])
        if not matched and plain_words:
            matched = self._verify_names([" ".join(plain_words)], snap.facets.persons(docnum)) or []
        return self._result(searcher.stored_fields(docnum), score, found.comp, matched, snap.place_marks, snippets)

    def _facet_counts(self, snap: Snapshot, req: SearchRequest, searcher, found: "_Found") -> dict:
        """Counts of every facet, a facet with values selected counted without its own
        selection (and with every other one): its other values then say how many
        documents choosing them as well would add, as Algolia's disjunctive facets do.
        A search that finds nothing counts nothing: its chips say what to remove."""
        mask = found.mask
        tally = snap.facets.tally(mask)
        counts = snap.facets.count(mask, tally=tally)
        places = tally
        for facet, param in FACET_PARAMS.items():
            if getattr(req, param) and mask.any():
                wider = snap.facets.tally(self._without(snap, req, searcher, found, param))
                counts.update(snap.facets.count(None, only=(facet,), tally=wider))
                places = wider if param == "place" else places
        # The place tree is the places facet in its hierarchy: counted the same way.
        counts["place_tree"] = place_tree(snap.facets.places_within(None, tally=places), snap.gazetteer)
        return counts

    def _without(self, snap: Snapshot, req: SearchRequest, searcher, found: "_Found", param: str) -> np.ndarray:
        """The documents the request matches without its `param` filter. When the query
        alone was matched (no names to verify, every filter a mask), that match and the
        other filters' masks give them; otherwise the request is asked again without it."""
        if found.alone is None or param not in found.masks:
            return self._find(snap, replace(req, **{param: ()}), searcher, scored=False).mask
        wider = found.alone.copy()
        for other, mask in found.masks.items():
            if other != param:
                wider &= mask
        return wider

    def _find(self, snap: Snapshot, req: SearchRequest, searcher, scored: bool) -> "_Found":
        """Every document the request matches, and (when `scored`) how to rank them."""
        comp = snap.compiler()
        tree = querylang.parse(req.q)
        main = comp.compile(tree) or wq.NullQuery
        scoring.check_cost(searcher, main)
        filters, masks = self._filters(req, comp, snap, searcher)
        allowed = None
        for mask in masks.values():
            allowed = mask if allowed is None else allowed & mask
        full = wq.And([main, *filters]) if filters else main
        found = _Found(comp, tree)
        alone = not filters and comp.check is None     # the query's match, then the masks
        if alone:
            found.masks = masks

        def within(hit):
            hit = hit & snap.live_mask
            return hit if allowed is None else hit & allowed
        scorer = snap.scorer(searcher)
        if comp.check is not None:
            hit, scores = scorer.scores(full)
            masks = checks.Masks(lambda q: scorer.hits(q) & snap.live_mask)
            docset, name_matches = comp.check.evaluate(
                within(hit), masks, lambda docnum, typed: self._verify_names([typed], snap.facets.persons(docnum)))
            found.mask, found.name_matches = docset, name_matches

            def name_rank(docnum):
                return _name_rank(name_matches.get(docnum, []))
            if isinstance(main, wq.Every):
                # Only names (and filters) asked: the name match is the ranking.
                found.score = name_rank
                found.ranked = lambda start, n: [(d, name_rank(d)) for d in sorted(
                    np.flatnonzero(docset).tolist(), key=lambda d: (-name_rank(d), d))[start:start + n]]
            else:
                # Among equal keys the lower document number first, as Whoosh ranks.
                found.score = lambda d: float(scores[d])
                found.ranked = lambda start, n: [(d, float(scores[d])) for d in sorted(
                    np.flatnonzero(docset).tolist(), key=lambda d: (name_rank(d), scores[d]),
                    reverse=True)[start:start + n]]
        elif isinstance(full, wq.Every):
            # Browsing, or only filters the facet arrays answer: nothing to
            # score, the page is a slice in index order.
            found.mask = within(np.ones(len(snap.live_mask), dtype=bool))
            found.alone = snap.live_mask if alone else None
            found.score = lambda d: 1.0
            found.ranked = lambda start, n: [(d, 1.0) for d in np.flatnonzero(found.mask)[start:start + n].tolist()]
        elif not scored:
            hit = snap.docsets(searcher).mask(full)
            found.mask = within(hit)
            found.alone = hit & snap.live_mask if alone else None
        else:
            # Every match scored at once with NumPy, Whoosh's own BM25F
            # (indexer.scoring); a phrase from its word pairs (indexer.search.phrases).
            hit, scores = scorer.scores(full)
            found.mask = within(hit)
            found.alone = hit & snap.live_mask if alone else None
            found.score = lambda d: float(scores[d])
            found.ranked = lambda start, n: scoring.top(scores, found.mask, start + n)[start:]
        return found

    def _filters(self, req: SearchRequest, comp: Compiler, snap: Snapshot, searcher):
        """(Whoosh filter queries, {parameter: mask of the documents its values allow}).

        Years, gazetteer places, people, type and language are answered from the
        in-memory facet arrays, which costs the same whatever the number of
        matching documents; names and free-form places go through Whoosh.
        Several values of one parameter take a document having any of them.
        """
        filters, masks = [], {}
        if req.name:
            filters.append(comp.require_name(req.name))
        if req.place:
            resolved = {p: comp.resolve_place(p) for p in req.place}
            known = {place for place in resolved.values() if place is not None}
            free = [comp.place_query(p) for p, place in resolved.items() if place is None]
            places = snap.facets.docs_where("places", lambda v: v in known) if known else None
            if free and places is None:
                filters.append(free[0] if len(free) == 1 else wq.Or(free))
            elif free:
                masks["place"] = places | snap.docsets(searcher).mask(wq.Or(free))
            else:
                masks["place"] = places
        if req.year:
            ranges = req.year_ranges
            masks["year"] = (snap.facets.docs_where(
                "years", lambda y: any(lo <= y <= hi for lo, hi in ranges)))
        if req.type:
            kinds = {t.lower() for t in req.type}
            masks["type"] = snap.facets.docs_where("type", lambda v: v in kinds)
        if req.lang:
            langs = set(req.lang)
            masks["lang"] = snap.facets.docs_where("language", lambda v: v in langs)
        if req.person:
            # The people facet's own values, so that choosing one gives its count.
            masks["person"] = snap.facets.docs_with("people", {fold(p) for p in req.person}, fold)
        if req.subject:
            subjects = set(req.subject)
            masks["subject"] = snap.facets.docs_where("subjects", lambda v: v in subjects)
        return filters, masks

    @staticmethod
    def _verify_names(queries: list[str], persons: list[list[str]]):
        """Best person match for every name asked for, or None if one finds nobody."""
        found = []
        for typed in queries:
            best, best_role = None, None
            for role, *person_names in persons:
                m = names.match_person(typed, person_names)
                if m is not None and (best is None or m.score > best.score):
                    best, best_role = m, role
            if best is None:
                return None
            found.append((best, best_role))
        return found

    def _result(self, hit: dict, score: float, comp: Compiler, matched, marks: PlaceMarks,
                snippets: bool = True) -> dict:
        """One result from a document's stored fields."""
        meta = json.loads(hit["meta"])
        searched_places = [canonical for _t, canonical, _how in comp.places]
        doc_id = hit["id"]
        matches = [_match_json(m, role) for m, role in matched]
        # `how` is the one word for how a value matched; `via` stays for the clients that read it.
        matches += [{"field": "places", "typed": t, "matched": c, "how": how, "via": how}
                    for t, c, how in comp.places]
        words = comp.highlight + [w for m, _ in matched for w in m.matched.split()]
        return {
            "id": doc_id,
            "title": meta["title"],
            "type": meta["type"],
            "language": meta["language"],
            "people": _people_names(meta),
            "people_names": _people_names(meta),
            "credits": credits_of(meta),
            "part_of": meta.get("part_of"),
            "places": meta["places"],
            "years": meta["years"],
            "subjects": meta.get("subjects", []),
            "snippet": snippet(hit["body"], meta["language"], words,
                               extra=marks.spans(hit["body"], meta["language"], meta, searched_places))
            if snippets else None,
            "url": f"/doc/{doc_id}",
            "score": round(float(score or 0.0), 4),
            "matches": matches,
            "published": meta["source"].get("published"),
            "source": meta["source"],
        }

    @staticmethod
    def _suggest(snap: Snapshot, tree, req: SearchRequest) -> list[str]:
        """Other spellings of unknown words, drawn from this scope's own vocabulary:
        the nearest first, and among equally near ones the most used."""
        if not req.q:
            return []
        suggestions = []
        words = snap.vocabularies["words"]
        for word in querylang.words_of(tree):
            key = fold(word)
            if key not in words:
                suggestions += [req.q.replace(word, alt) for alt in corrections(key, words, limit=3)]
        return list(dict.fromkeys(suggestions))[:5]

    # -- one document -------------------------------------------------------------
    def document(self, doc_id: str, req: SearchRequest | None = None) -> dict | None:
        """A document by id (looked up in the index only), its text marked for `req`."""
        snap = self.snapshot()
        searcher = snap.searcher()
        docnum = snap.document_number(searcher, doc_id)
        if docnum is None:
            return None
        stored = searcher.stored_fields(docnum)
        meta = json.loads(stored["meta"])
        words, matches, searched_places = [], [], []
        if req is not None:
            comp = snap.compiler()
            tree = querylang.parse(req.q)
            comp.compile(tree)
            for place in req.place:
                comp.resolve_place(place)
            searched_places = [canonical for _t, canonical, _how in comp.places]
            asked = [*comp.names, *([req.name] if req.name else [])]
            plain = " ".join(_plain_words(tree))
            if plain and name_is_bounded(plain):
                asked.append(plain)
            for typed in asked:
                found = self._verify_names([typed], snap.facets.persons(docnum))
                if found:
                    matches.append(_match_json(*found[0]))
                    words += found[0][0].matched.split()
            words += comp.highlight
        body = stored["body"]
        return document_page(doc_id, meta, body, words, matches,
                             place_spans=snap.place_marks.spans(body, meta["language"], meta, searched_places),
                             gazetteer=snap.gazetteer)

    def count(self) -> int:
        return len(self.snapshot().live)


def document_page(doc_id: str, meta: dict, body: str, words=(), matches=(), place_spans=(),
                  gazetteer=None) -> dict:
    """What a document page and /api/doc show: the stored metadata, the text escaped and marked
    (the searched words, and the `place_spans` where it names a searched place); with the
    `gazetteer`, which entry each of its places was taken for."""
    page = {
        "id": doc_id,
        **meta,
        "people_names": _people_names(meta),
        "credits": credits_of(meta),
        "published": meta["source"].get("published"),
        "body": body,
        "body_html": mark_text(body, meta["language"], list(words), place_spans),
        "matches": list(matches),
        "url": f"/doc/{doc_id}",
    }
    if gazetteer is not None:
        page["places_resolved"] = resolved(gazetteer, meta)
    return page


class _Found:
    """What `_find` found: the mask of matching documents, the query as compiled
    (for marking words on the page), and `ranked(start, n)`, `score(docnum)`."""

    def __init__(self, comp, tree):
        self.comp, self.tree = comp, tree
        self.mask = None
        self.name_matches: dict[int, list] = {}
        #: When the request is its query and mask filters only: the query's own live
        #: matches, and each filter's mask by parameter (what counting a facet without
        #: its own selection needs); else None and {}.
        self.alone: np.ndarray | None = None
        self.masks: dict[str, np.ndarray] = {}
        self.ranked = self.score = None


def _name_rank(found) -> float:
    return sum(m.score + (_NARRATOR_BONUS if role == "narrator" else 0.0) for m, role in found)


def _match_json(m, role: str | None = None) -> dict:
    """A name match; one of a credited author's names is a match in `credits`, not `people`."""
    return {"field": "credits" if role == "author" else "people", "typed": m.typed, "matched": m.matched,
            "how": m.how}


def _people_names(meta: dict) -> list[str]:
    """The people a document is about, narrators first, each once; credited authors
    are the document's credits (`credits_of`), not its people."""
    people = [p for p in meta["people"] if p.get("name") and p.get("role") != "author"]
    people.sort(key=lambda p: p.get("role") != "narrator")
    return list(dict.fromkeys(p["name"] for p in people))


def credits_of(meta: dict) -> list[dict]:
    """Who made the document, each once: its credits ({name, role}), then its people
    of role `author` that no credit names (role "author")."""
    credits = [c for c in meta.get("credits") or [] if c.get("name")]
    named = {c["name"] for c in credits}
    authors = dict.fromkeys(p["name"] for p in meta["people"]
                            if p.get("role") == "author" and p.get("name") and p["name"] not in named)
    return credits + [{"name": name, "role": "author"} for name in authors]


def _plain_words(tree) -> list[str]:
    """The words of a query made only of plain words (a name typed into the box)."""
    if isinstance(tree, querylang.Word):
        return [tree.text]
    if isinstance(tree, querylang.And) and all(isinstance(n, querylang.Word) for n in tree.nodes):
        return [n.text for n in tree.nodes]
    return []
