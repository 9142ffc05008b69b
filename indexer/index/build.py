"""Build and update the index from the corpus, always into a new snapshot.

A full build writes the public index (public material, redacted where a
person is restricted) and the restricted overlay (restricted documents and
the unredacted versions of the redacted ones) into a fresh directory and
publishes it; archivists search both together, so no document is analysed
twice. `add` clones the live snapshot and updates only the named documents.
Either way the live snapshot is never written to.
"""
from __future__ import annotations

import gc
import hashlib
import json
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as whoosh_query

from . import facet_arrays, parallel, segments, store, whoosh_fixes  # noqa: F401  (applies the fixes)
from .kept import KeptDocuments
from ..corpus.access import (NAMESAKES_LISTED, Namesakes, exposure_problems, find_namesakes, joined_namesakes,
                             namesake_problems, public_view)
from ..corpus.reader import (corpus_files, gather, named_people, note_stray_files, read_documents, read_file,
                             start_load)
from ..places.gazetteer import load_gazetteer
from ..corpus.model import Document
from ..problems import Problem
from .progress import Progress
from .records import document_fields, document_vocabularies, stored_vocabularies
from .pairs import with_pairs
from .schema import build_schema
from .vocabulary import Vocabularies

#: Segments an index may collect from `add` before they are merged.
MAX_SEGMENTS = 12


class CorpusHasErrors(RuntimeError):
    """The corpus has problems and the caller did not ask to skip bad files."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the corpus")
        self.problems = problems


@dataclass
class BuildReport:
    generation: str
    indexed: int
    public: int
    removed: list[str] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    ids: list[str] = field(default_factory=list)        # what `add` indexed


def _fields(doc: Document, places) -> dict:
    return {k: v for k, v in document_fields(doc, places).items() if v is not None}


@dataclass
class _Held:
    """What the indexer needs of a document a worker read and keeps: where it
    goes and whether it may be built at all, without its text."""

    id: str
    path: Path | None
    access: str
    part_of: str | None
    number: int                          # its place in the corpus's list of files
    exposure: list[str] = field(default_factory=list)

    @property
    def restricted(self) -> bool:
        return self.access == "restricted"


def _held(doc: Document, number: int) -> _Held:
    return _Held(doc.id, doc.path, doc.access, doc.part_of, number, exposure_problems(doc))


def _shares(count: int, workers: int) -> list[range]:
    """Contiguous, nearly equal ranges of `count` numbers, one per worker."""
    return [range(count * i // workers, count * (i + 1) // workers) for i in range(workers)]


def _read_share(state: dict, shared, numbers: range) -> list:
    """A worker's first step: read its files and keep their documents if asked; answer with stand-ins."""
    paths, gazetteer, corpus_dir, keep_in = shared
    if keep_in is not None:
        kept = state.setdefault("docs", KeptDocuments(keep_in))
    people = state.setdefault("people", {})
    results = []
    for number in numbers:
        result = read_file(paths[number], gazetteer, corpus_dir)
        people[number] = result.people
        # The public people stay here for `_share_namesakes`; the indexer needs only the
        # restricted ones, and a large corpus's people would be most of what it holds.
        result.people = [p for p in result.people if p.restricted]
        if result.document is not None:
            if keep_in is not None:
                kept.put(number, result.document)
            result.document = _held(result.document, number)
        results.append(result)
        parallel.done()
    return results


def _share_namesakes(state: dict, _shared, step) -> list[Namesakes]:
    """A worker's step between reading and indexing: the restricted people whom public people
    of the files it read (those the corpus keeps) may be."""
    restricted, left_out, listed = step
    kept = [p for number, found in state.pop("people").items() if number not in left_out for p in found]
    return find_namesakes(kept, restricted, listed)


def _namesakes_in_crew(crew: parallel.Crew, listed: int | None):
    """`gather`'s namesake check spread over the crew that read the files: it compares every
    public person with every restricted one, the one step of reading a large corpus that
    would otherwise run in this process alone."""
    def namesakes(results: list) -> list[Problem]:
        left_out = {n for n, r in enumerate(results) if r.document is None or r.problems}
        restricted = [p for p in named_people(results) if p.restricted]
        # Run even with nobody restricted: the step is where the workers let go of their people.
        parts = crew.run(_share_namesakes, [(restricted, left_out, listed)] * crew.workers)
        return namesake_problems(restricted, joined_namesakes(parts, listed))
    return namesakes


def _hold_share(state: dict, docs, numbers: range) -> None:
    """A worker's first step when the documents are already in memory (inherited at fork)."""
    kept = state["docs"] = KeptDocuments()
    for number in numbers:
        kept.put(number, docs[number])


def _write(build_dir: Path, held: list[_Held], restricted_ids: set[str], places,
           progress: Progress | None, crew: parallel.Crew, shares: list[range]) -> set[str]:
    """Create the public index and the restricted overlay with their vocabularies; the public ids.

    Worker i holds the documents numbered in `shares[i]` and writes those of
    them in `held` as its own segments of each index, so index order is
    corpus order whatever the number of workers.
    """
    paths = {}
    for name in store.INDEX_DIRS:
        paths[name] = build_dir / name
        paths[name].mkdir()
        whoosh_index.create_in(paths[name], build_schema())
    limit_mb = segments.segment_mb(crew.workers)
    steps = [(paths, [h.number for h in held if h.number in share], restricted_ids, places, limit_mb)
             for share in shares]
    written = crew.run(_write_share, steps, progress.advance if progress else None)
    for name, path in paths.items():
        ix = store.open_index(path, readonly=False)
        segments.commit_segments(ix, [seg for share in written for seg in share[name][0]])
        facet_arrays.save_missing(ix)
        found = Vocabularies()
        for share in written:
            found = found + share[name][1]
        found.write(path)
    return {doc_id: digest for share in written for doc_id, digest in share["ids"]}


def _write_share(state: dict, _shared, step) -> dict:
    """A worker's second step: its kept documents as segments of each index.

    Gives, per index, (segments, vocabularies), and under "ids" (id, digest)
    of the documents the public index holds.
    """
    paths, numbers, restricted_ids, places, limit_mb = step
    docs = state.pop("docs")
    new = {name: segments.NewSegments(store.open_index(path, readonly=False), limit_mb)
           for name, path in paths.items()}
    found = {name: Vocabularies() for name in paths}
    public_ids = []
    try:
        for number in numbers:
            doc = docs.take(number)
            view, in_overlay = _placement(doc, restricted_ids)
            for name, version in (("public", view), (store.OVERLAY, doc if in_overlay else None)):
                if version is not None:
                    fields = _fields(version, places)
                    new[name].add(fields)
                    found[name].add(document_vocabularies(version, places))
                    if name == "public":
                        public_ids.append((doc.id, version_digest(fields)))
            parallel.done()
        written = {name: (segment.finish(), found[name]) for name, segment in new.items()}
    except BaseException:
        for segment in new.values():
            segment.abandon()
        raise
    finally:
        docs.close()
    return {**written, "ids": public_ids}


def write_documents(build_dir: Path, docs: list[Document], places, workers: int = 1) -> set[str]:
    """Index documents already in memory into a build directory (the benchmarks' synthetic people)."""
    shares = _shares(len(docs), parallel.workers_for(len(docs), workers))
    with parallel.Crew(len(shares), shared=docs) as crew:
        crew.run(_hold_share, shares)
        return set(_write(build_dir, [_held(d, n) for n, d in enumerate(docs)], set(), places, None,
                          crew, shares))


def version_digest(fields: dict) -> str:
    """A digest of what the index holds of one version of a document."""
    text = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _entry(doc, public: dict[str, str], previous: dict, now: str) -> dict:
    """A document's manifest entry; `public` maps the public ids to their versions' digests.

    A public entry says when its public version last `changed` (UTC, to the
    second): kept from the `previous` manifest's entries while the digest is
    the same, else `now`. Harvesters (OAI-PMH) ask for what changed since a
    date; a change only restricted material saw moves no public date.
    """
    entry = {"path": str(doc.path) if doc.path else None, "public": doc.id in public}
    if doc.id in public:
        entry["digest"] = public[doc.id]
        before = previous.get(doc.id) or {}
        same = before.get("public") and before.get("digest") == entry["digest"] and before.get("changed")
        entry["changed"] = before["changed"] if same else now
    return entry


def _utc_now() -> str:
    """Now in UTC to the second, as OAI-PMH writes datestamps: 2024-05-02T10:20:30Z."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _manifest(build_dir: Path, docs: list[Document], public_ids: dict[str, str], corpus_dir: Path,
              previous: dict) -> None:
    manifest = {
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "corpus": str(corpus_dir.resolve()),   # absolute: `add` and `import` find it from any directory
        "documents": {d.id: _entry(d, public_ids, previous.get("documents", {}), _utc_now()) for d in docs},
    }
    _write_manifest(build_dir, _count_public(_record_deletions(manifest, previous, _utc_now()), previous))


def _record_deletions(manifest: dict, previous: dict, now: str) -> dict:
    """The manifest with `deleted`: when each document that was public left the public scope.

    OAI-PMH harvesters keep copies of public records; a record withdrawn, made
    restricted or given another id must be deleted there too, so the id and
    the moment it left are kept (and carried from snapshot to snapshot) until
    it is public again. A document the public never saw is never listed: its
    id is not told to anyone.
    """
    deleted = dict(previous.get("deleted") or {})
    public_now = {i for i, e in manifest["documents"].items() if e.get("public")}
    for doc_id, entry in (previous.get("documents") or {}).items():
        if entry.get("public") and doc_id not in public_now:
            deleted[doc_id] = now
    manifest["deleted"] = {i: stamp for i, stamp in sorted(deleted.items()) if i not in public_now}
    return manifest


def _count_public(manifest: dict, previous: dict) -> dict:
    """The manifest with its public generation: the previous one's, unless the public index changed.

    The public sees this counter, never the snapshot's name, which also
    moves when only restricted material changed.
    """
    public = sorted((i, e.get("digest", "")) for i, e in manifest["documents"].items() if e.get("public"))
    digest = hashlib.sha256(json.dumps(public).encode("utf-8")).hexdigest()
    count = int(previous.get("public_count", 0))
    manifest["public_digest"] = digest
    manifest["public_count"] = count if previous.get("public_digest") == digest else count + 1
    return manifest


def _id_line(path: Path | None) -> int | None:
    try:
        for number, line in enumerate(Path(path).read_text("utf-8-sig").split("\n")[:200], start=1):
            if line.startswith("id:"):
                return number
    except (OSError, TypeError, UnicodeDecodeError):
        pass
    return None


def _check_exposure(load, problems_of=exposure_problems) -> None:
    """Move documents that would expose a restricted person from `load.documents` to its problems."""
    keep = []
    for doc in load.documents:
        found = problems_of(doc)
        if found:
            load.problems += [Problem(doc.path, _id_line(doc.path), message) for message in found]
            if doc.path is not None:
                load.skipped.append(doc.path)
        else:
            keep.append(doc)
    load.documents = keep


@contextmanager
def _reading(corpus_dir: Path, workers: int, show_progress: bool | None,
             namesakes_listed: int | None = NAMESAKES_LISTED, keep_in: Path | None = None):
    """Read the corpus with every check `archive index` applies: (load, crew, shares).

    Each of the crew's workers reads a contiguous share of the files and,
    given `keep_in`, keeps their documents in a temporary file there for an
    indexing step; `load.documents` holds stand-ins (`_Held`) without the
    text, and `load.problems` every problem.
    """
    corpus_dir, load, gazetteer = start_load(corpus_dir)
    paths = corpus_files(corpus_dir) if corpus_dir.is_dir() else []
    shares = _shares(len(paths), parallel.workers_for(len(paths), workers))
    with parallel.Crew(len(shares), shared=(paths, gazetteer, corpus_dir, keep_in)) as crew:
        progress = Progress(len(paths), label="reading", enabled=show_progress)
        results = [r for share in crew.run(_read_share, shares, progress.advance) for r in share]
        progress.close()
        gather(load, paths, results, namesakes=_namesakes_in_crew(crew, namesakes_listed))
        del results        # what the build keeps of them is in `load`, while the index is written
        if corpus_dir.is_dir():
            note_stray_files(corpus_dir, load)
        _check_exposure(load, problems_of=lambda held: held.exposure)
        yield load, crew, shares


@contextmanager
def _few_full_collections():
    """Python's cyclic collector, made to run rarely while a build (and the workers it forks)
    runs: each full collection walks every posting the writers hold, and a build makes
    almost no cycles (a few dozen objects in a thousand documents)."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], 50_000), before[1], max(before[2], 1_000))
    try:
        yield
    finally:
        gc.set_threshold(*before)


def check_corpus(corpus_dir: Path, workers: int = 1, show_progress: bool | None = False,
                 namesakes_listed: int | None = NAMESAKES_LISTED):
    """Read the whole corpus with every check `archive index` applies; problems in `.problems`,
    and in `.documents` stand-ins (id, path, access) of the documents that would be indexed.

    A namesake warning names the first `namesakes_listed` public namesakes (None: every one)."""
    with _reading(Path(corpus_dir), workers, show_progress, namesakes_listed) as (load, _crew, _shares):
        return load


def _placement(doc: Document, restricted_ids: set[str]) -> tuple[Document | None, bool]:
    """(the version the public index holds or None, whether the restricted overlay holds the document).

    The overlay takes every document whose public view is not the document
    itself: restricted ones, and those with something withheld.
    """
    view = public_view(doc, restricted_ids)
    return view, view is None or (view is not doc and _without_notes(view) != _without_notes(doc))


def _split_by_access(docs: list[Document], restricted_ids: set[str]) -> tuple[list, list]:
    """(what the public index holds, what the restricted overlay holds)."""
    public, overlay = [], []
    for doc in docs:
        view, in_overlay = _placement(doc, restricted_ids)
        if view is not None:
            public.append(view)
        if in_overlay:
            overlay.append(doc)
    return public, overlay


def _without_notes(doc: Document) -> Document:
    """The document as indexed: notes are never indexed, so they make no difference."""
    return replace(doc, notes=None, people=[replace(p, note=None) for p in doc.people])


def _unshowable_parents(docs, public_ids: set[str]) -> set[str]:
    """The `part_of` ids the public may not see: restricted, skipped as bad, or unknown."""
    return {d.part_of for d in docs if d.part_of and d.part_of not in public_ids}


def _write_manifest(build_dir: Path, manifest: dict) -> None:
    """Compact JSON: the manifest of a large archive is rewritten on every `add`."""
    (build_dir / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, separators=(",", ":")), "utf-8")


def _place_index(gazetteer) -> dict:
    """Gazetteer entries by canonical name (empty without a gazetteer)."""
    return {p.name: p for p in gazetteer.places} if gazetteer else {}


def build_index(corpus_dir: Path, index_dir: Path, skip_bad: bool = False,
                show_progress: bool | None = None, wait: float = 0.0,
                workers: int | None = None) -> BuildReport:
    """Rebuild everything from the corpus and publish it as the new live snapshot.

    `workers` processes (every core by default) read the corpus and write
    the index; a small corpus is done in this process.
    """
    started = time.monotonic()
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    workers = parallel.cores() if workers is None else max(1, workers)
    # The workers that read the files keep the documents and index them:
    # only stand-ins without the text come to this process.
    with _few_full_collections(), _reading(corpus_dir, workers, show_progress,
                                           keep_in=_nearest_directory(index_dir)) as (load, crew, shares):
        if load.problems and (not skip_bad or load.gazetteer is None):
            raise CorpusHasErrors(load.problems)
        held = load.documents
        places = _place_index(load.gazetteer)
        with store.writer_lock(index_dir, wait=wait):
            build_dir = store.new_build_dir(index_dir)
            try:
                restricted_ids = _unshowable_parents(held, {h.id for h in held if not h.restricted})
                progress = Progress(len(held), enabled=show_progress)
                public_ids = _write(build_dir, held, restricted_ids, places, progress, crew, shares)
                progress.close()
                shutil.copy2(corpus_dir / "places.yaml", build_dir / "places.yaml")
                previous = _previous_manifest(index_dir)
                _manifest(build_dir, held, public_ids, corpus_dir, previous)
                generation = store.publish(index_dir, build_dir)
            except BaseException:
                shutil.rmtree(build_dir, ignore_errors=True)
                raise
    return BuildReport(
        generation=generation, indexed=len(held), public=len(public_ids),
        removed=sorted(set(previous.get("documents", ())) - {h.id for h in held}), skipped=load.skipped,
        problems=load.problems, seconds=time.monotonic() - started,
    )


def _nearest_directory(path: Path) -> Path:
    """`path` or its nearest existing ancestor: where a build's workers keep what they read, on
    the index's disk, without creating an index directory for a corpus that may yet be refused."""
    path = path.absolute()
    while not path.is_dir() and path != path.parent:
        path = path.parent
    return path


def _previous_manifest(index_dir: Path) -> dict:
    """The live snapshot's manifest, or {} when there is none to read."""
    try:
        manifest = store.read_manifest(store.snapshot_path(index_dir))
    except (store.NoIndex, OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def _children_of(index_dir_scope: Path, parent_ids: set[str]) -> set[str]:
    """Ids of the documents of one scope that are `part_of` one of the given documents."""
    if not parent_ids:
        return set()
    with store.open_index(index_dir_scope).searcher() as searcher:
        found = searcher.search(whoosh_query.Or([whoosh_query.Term("part_of", p) for p in parent_ids]),
                                limit=None)
        return {hit["id"] for hit in found}


def _forget(ix, doc_ids: list[str], vocabularies: Vocabularies, places) -> None:
    """Take the indexed versions of these documents out of a scope's vocabularies."""
    with ix.searcher() as searcher:
        for doc_id in doc_ids:
            for docnum in searcher.document_numbers(id=doc_id):
                vocabularies.remove(stored_vocabularies(searcher.stored_fields(docnum), places))


def add_documents(paths: list[Path], corpus_dir: Path, index_dir: Path, wait: float = 0.0) -> BuildReport:
    """Re-index only the given corpus files (by id) into a new snapshot.

    A document that turns restricted also takes its name out of the public view
    of the documents that are `part_of` it: those are re-read from the corpus too.
    """
    store.snapshot_path(index_dir)   # NoIndex before anything is created
    # Everything is read under the lock: a second `add` waiting for this one
    # must see the manifest this one publishes, not the one before it.
    with store.writer_lock(index_dir, wait=wait):
        return update_locked(paths, corpus_dir, index_dir)


def live_manifest_locked(index_dir: Path) -> tuple[Path, dict]:
    """(the live snapshot, its manifest), refusing a damaged one; only called under the writer lock."""
    live = store.snapshot_path(index_dir)
    damage = store.verify_snapshot(live, thorough=False)
    if damage:
        # Cloning would link the damaged files into every later snapshot.
        raise store.DamagedIndex(f"the live snapshot {live} is damaged ({damage[0]}); nothing was "
                                 "changed: run `archive index` to rebuild the index from the corpus")
    return live, store.read_manifest(live)


def update_locked(paths: list[Path], corpus_dir: Path, index_dir: Path, remove=()) -> BuildReport:
    """`add_documents` under a writer lock the caller holds; `remove` names ids that leave
    both scopes in the same publish (`archive remove`)."""
    started = time.monotonic()
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    live, live_manifest = live_manifest_locked(index_dir)
    known = {i: entry.get("path") for i, entry in live_manifest["documents"].items()}
    load = read_documents([Path(p) for p in paths], corpus_dir, known=known)
    _check_exposure(load)
    if load.problems:
        raise CorpusHasErrors(load.problems)
    places = _place_index(load.gazetteer)
    live_places = _place_index(load_gazetteer(live / "places.yaml")[0])
    build_dir = store.new_build_dir(index_dir)
    try:
        store.clone_snapshot(live, build_dir)
        manifest = store.read_manifest(build_dir)
        given = {d.id for d in load.documents}
        # A file whose id changed: its old id goes in the same publish.
        renamed = (_old_ids(manifest["documents"], load.documents) - given) | (set(remove) - given)
        for old in renamed & set(manifest["documents"]):
            del manifest["documents"][old]
        known_public = {i for i, entry in manifest["documents"].items()
                        if entry.get("public") and i not in given}
        known_public |= {d.id for d in load.documents if not d.restricted}
        newly = {d.id for d in load.documents if d.restricted} | renamed
        children = _children_of(build_dir / "public", newly) - given - set(remove)
        documents = list(load.documents)
        child_paths = [manifest["documents"][c]["path"] for c in sorted(children)
                       if manifest["documents"].get(c, {}).get("path")]
        if child_paths:
            more = read_documents(child_paths, corpus_dir, known=known)
            _check_exposure(more)
            if more.problems:
                raise CorpusHasErrors(more.problems)
            documents += more.documents
        restricted_ids = _unshowable_parents(documents, known_public)
        public, overlay = _split_by_access(documents, restricted_ids)
        digests: dict[str, str] = {}
        for name, scope_docs in (("public", public), (store.OVERLAY, overlay)):
            ix = store.open_index(build_dir / name, readonly=False)
            found = Vocabularies.read(build_dir / name)
            gone = [d.id for d in documents] + sorted(renamed)
            _forget(ix, gone, found, live_places)
            writer = ix.writer()
            try:
                for doc_id in gone:
                    writer.delete_by_term("id", doc_id)
                for doc in scope_docs:
                    fields = _fields(doc, places)
                    writer.add_document(**with_pairs(fields, writer.schema))
                    if name == "public":
                        digests[doc.id] = version_digest(fields)
                    found.add(document_vocabularies(doc, places))
                # A new small segment, merged only once they pile up: merging
                # on every add would rewrite the big segments each time.
                writer.commit(merge=len(ix._segments()) >= MAX_SEGMENTS)
                facet_arrays.save_missing(ix)
            except BaseException:
                writer.cancel()
                raise
            found.write(build_dir / name)
        public_ids = digests
        now = _utc_now()
        for doc in documents:
            manifest["documents"][doc.id] = _entry(doc, digests, live_manifest["documents"], now)
        manifest["built_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        _write_manifest(build_dir, _count_public(_record_deletions(manifest, live_manifest, now), live_manifest))
        shutil.copy2(corpus_dir / "places.yaml", build_dir / "places.yaml")
        generation = store.publish(index_dir, build_dir)
    except BaseException:
        shutil.rmtree(build_dir, ignore_errors=True)
        raise
    return BuildReport(generation=generation, indexed=len(load.documents),
                       public=sum(1 for d in load.documents if d.id in public_ids),
                       removed=sorted(renamed), seconds=time.monotonic() - started,
                       ids=[d.id for d in load.documents])


def _old_ids(entries: dict, docs: list[Document]) -> set[str]:
    """Ids the manifest gives to the files of `docs` (other than their ids now).

    Paths are compared as written first; only entries of a file of the same
    name are resolved, so a large manifest costs no file system calls.
    """
    by_name: dict[str, list[Path]] = {}
    for doc in docs:
        if doc.path is not None:
            by_name.setdefault(Path(doc.path).name, []).append(Path(doc.path))
    old = set()
    for doc_id, entry in entries.items():
        path = entry.get("path")
        if not path or Path(path).name not in by_name:
            continue
        mine = by_name[Path(path).name]
        if any(str(p) == path for p in mine) or any(p.resolve() == Path(path).resolve() for p in mine):
            old.add(doc_id)
    return old - {d.id for d in docs}
