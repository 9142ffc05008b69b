"""`archive bench`: build synthetic archives and time them beside plain Whoosh and SQLite FTS5.

Prints a Markdown table per size. Every figure is measured in this run, on
this machine: the archive's own path (query layer with all facets, and the
JSON API through Flask's test client), the same terms as plain Whoosh
queries on the same index (`groupedby` for facets), and the same data in an
SQLite FTS5 table with GROUP BY facets.
"""
from __future__ import annotations

import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from whoosh import query as wq
from whoosh import sorting

from .. import names
from ..index import store
from ..search import archive as search, querylang, scoring
from ..search.archive import Archive
from ..search.request import MAX_QUERY_CHARS, SearchRequest
from ..text.analysis import fold
from ..text.thesaurus import concepts
from .evaluate import named_in


@dataclass
class Timing:
    median_ms: float
    p95_ms: float
    #: The slowest call's CPU time: what the call costs on an idle core, which
    #: other processes on a busy machine inflate far less than its wall-clock time.
    cpu_max_ms: float = 0.0
    #: The median and 95th percentile of the calls' CPU time, for the same reason.
    cpu_median_ms: float = 0.0
    cpu_p95_ms: float = 0.0

    def __str__(self) -> str:
        return f"{self.median_ms:.1f} / {self.p95_ms:.1f}"


def _p95(samples: list[float]) -> float:
    return sorted(samples)[min(len(samples) - 1, int(len(samples) * 0.95))]


def time_calls(fn, inputs) -> Timing:
    """Median and 95th percentile of fn(x) over the inputs, after one warm-up call,
    and the most CPU time one call took."""
    fn(inputs[0])
    samples, cpu = [], []
    for x in inputs:
        started, started_cpu = time.perf_counter(), time.thread_time()
        fn(x)
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    return Timing(statistics.median(samples), _p95(samples), max(cpu), statistics.median(cpu), _p95(cpu))


def ensure_corpus(workdir: Path, docs: int, seed: int) -> Path:
    from .synth import synthesize

    corpus = workdir / f"corpus-{docs}-{seed}"
    done = corpus / ".complete"
    if not done.exists():
        if corpus.exists():
            import shutil
            shutil.rmtree(corpus)
        synthesize(docs, seed, corpus)
        done.write_text("ok")
    return corpus


def build_in_subprocess(corpus: Path, index: Path) -> tuple[float, float]:
    """Seconds and peak memory (MB) of `archive index` run as its own process tree.

    The memory is the largest sum, over the build and its worker processes,
    of their proportional set sizes, sampled every second: pages the forked
    workers share with the indexer are counted once. Reading a process's
    proportional size walks its page tables (about 0.1 s a sample at 3 GB,
    CPU the build would otherwise have), so it is read only when the sum of
    the resident sizes, which bounds it from above and costs nothing to read,
    could beat the peak already seen: the same peak, for about half the walks.
    """
    import shutil
    shutil.rmtree(index, ignore_errors=True)
    started = time.perf_counter()
    build = subprocess.Popen([sys.executable, "-m", "indexer.cli", "index", "--corpus", str(corpus),
                              "--index", str(index), "--no-progress"], stdout=subprocess.DEVNULL)
    peak = 0.0
    while build.poll() is None:
        tree = _process_tree(build.pid)
        if _sum_mb(tree, _rss_kb) > peak:
            peak = max(peak, _sum_mb(tree, _pss_kb))
        time.sleep(1.0)
    if build.returncode:
        raise subprocess.CalledProcessError(build.returncode, build.args)
    return time.perf_counter() - started, peak


def _process_tree(root: int) -> set[int]:
    """A process and all its descendants."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return tree


_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _rss_kb(pid: int) -> int:
    """Resident size (KB), from the kernel's counters."""
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE_KB


def _pss_kb(pid: int) -> int:
    """Proportional set size (KB): each shared page counted as a share of the processes mapping it."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def _sum_mb(pids, size_kb) -> float:
    """The sum of `size_kb` over processes, in MB (a process that has exited counts 0)."""
    total = 0
    for pid in pids:
        try:
            total += size_kb(pid)
        except (OSError, ValueError, IndexError):
            continue
    return total / 1024


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1e6


class Workload:
    """Query inputs drawn from the index itself, so every query has hits to find."""

    def __init__(self, archive: Archive, n: int, seed: int):
        rng = random.Random(seed)
        snap = archive.snapshot()
        reader = snap.searcher().reader()
        total = reader.doc_count()
        common = [t.decode() if isinstance(t, bytes) else t
                  for t, ti in reader.iter_field("text_en") if 0.01 * total <= ti.doc_frequency() <= 0.3 * total]
        common = [w for w in common if w.isalpha() and len(w) > 3]
        #: Queries drawn and refused by the postings bound (a 400 naming q), by kind: the
        #: timings are of the queries an archive answers, and the refusals are counted.
        self.refused: dict[str, tuple[int, int]] = {}
        self.words = self._answered("words", snap, [rng.choice(common) for _ in range(n)])
        bodies = [reader.stored_fields(rng.randrange(reader.doc_count_all())) for _ in range(n * 3)]
        self.phrases = []
        for stored in bodies:
            if stored.get("language") == "en":
                words = [w for w in stored["body"].split() if w.isalpha() and len(w) > 3]
                if len(words) > 10:
                    i = rng.randrange(len(words) - 1)
                    phrase = f"{words[i]} {words[i + 1]}"
                    if len(list(archive_analyzer()(phrase))) == 2:  # two words a phrase can match
                        self.phrases.append(phrase)
        self.phrases = self._answered("phrases", snap, self.phrases[:n], lambda p: f'"{p}"')
        persons = [p for row in snap.facets.every_persons() for _, *p in row for p in [p[0]]]
        cyrillic = [p for p in persons if names.detect_script(p.split()[0]) == "cyrillic"]
        self.names = [(names.transliterate(p), p) for p in rng.sample(cyrillic, min(n, len(cyrillic)))]
        aliased = [p for p in snap.gazetteer.places if p.aliases.get("ru")]
        facet_places = {f["value"] for f in snap.facets.count(range(total), limit=10**6)["places"]}
        aliased = [p for p in aliased if p.name in facet_places]
        self.places = [(rng.choice(p.aliases["ru"]), p.name) for p in (rng.choice(aliased) for _ in range(n))]
        self.years = [(y, y + 3) for y in (rng.randrange(1990, 2022) for _ in range(n))]
        # English words that name a subject, whose terms in the other languages a search adds.
        indexed = set(common)
        subject_words = sorted({t for c in concepts() for t in c.terms.get("en", ()) if " " not in t
                                and any(tok.text in indexed for tok in archive_analyzer()(t))})
        self.subject_words = self._answered("subject words", snap,
                                            [rng.choice(subject_words) for _ in range(n)] if subject_words else [])
        # Regions the documents' places lie within: a filter that takes in every place under them.
        places = {p.name: p for p in snap.gazetteer.places}
        regions = sorted({a.name for name in facet_places if name in places
                          for a in snap.gazetteer.ancestors(places[name]) if a.name in facet_places})
        self.regions = [rng.choice(regions) for _ in range(n)] if regions else []

    def _answered(self, kind: str, snap, drawn: list, query=lambda x: x) -> list:
        """The drawn inputs whose query the archive answers; the others are counted under `kind`."""
        kept = [x for x in drawn if _within_bounds(snap, query(x))]
        self.refused[kind] = (len(drawn) - len(kept), len(drawn))
        return kept


def _within_bounds(snap, q: str) -> bool:
    """Whether the archive answers `q` rather than refusing it past scoring.MAX_POSTINGS."""
    from ..search.compiler import Compiler

    compiled = Compiler(snap.gazetteer, snap.vocabulary, snap.known_terms, snap.places_by_term).compile(querylang.parse(q))
    return compiled is None or scoring.postings_cost(snap.searcher(), compiled) <= scoring.MAX_POSTINGS


def _joined(parts: list[str], limit: int, sep: str = " OR ", fits=lambda q: True) -> str:
    """As many of `parts` joined by `sep` as fit in MAX_QUERY_CHARS, `limit` parts and `fits`."""
    out: list[str] = []
    for part in parts[:limit]:
        if len(sep.join(out + [part])) > MAX_QUERY_CHARS or not fits(sep.join(out + [part])):
            break
        out.append(part)
    return sep.join(out)


def worst_public_queries(archive: Archive) -> list[tuple[str, str]]:
    """The costliest queries a public user can send within the bounds, drawn from
    this index: its most named people and its most used words, as many as the
    bounds (querylang.MAX_CLAUSES, MAX_NAME_TERMS, request.MAX_QUERY_CHARS and
    the postings one search may read, scoring.MAX_POSTINGS) allow."""
    from collections import Counter

    snap = archive.snapshot()
    reader = snap.searcher().reader()

    def fits(q: str) -> bool:
        return _within_bounds(snap, q)
    people = Counter(name for row in snap.facets.every_persons() for _role, name, *_ in row
                     if len(name.split()) == 2)
    common = sorted(((ti.doc_frequency(), t.decode() if isinstance(t, bytes) else t)
                     for t, ti in reader.iter_field("text_en")), reverse=True)
    words = [w for _df, w in common if w.isalpha() and len(w) > 2][: 2 * querylang.MAX_CLAUSES]
    named = [f'name:"{n}"' for n, _count in people.most_common(querylang.MAX_NAME_TERMS)]
    phrases = [f'"{a} {b}"' for a, b in zip(words[::2], words[1::2])]
    first = named[0][len("name:"):] if named else "x"
    return [
        ("the most named people, OR", _joined(named, querylang.MAX_NAME_TERMS, fits=fits)),
        ("the most named people and the commonest words, OR",
         _joined(named + words, querylang.MAX_CLAUSES, fits=fits)),
        ("the commonest words, OR", _joined(words, querylang.MAX_CLAUSES, fits=fits)),
        ("phrases of the commonest words, OR", _joined(phrases, querylang.MAX_CLAUSES, fits=fits)),
        ("everyone but the most named person", f"-name:{first}"),
        ("the commonest words, AND", _joined(words, querylang.MAX_CLAUSES, " ", fits=fits)),
    ]


def time_worst_queries(client, queries: list[tuple[str, str]], repeat: int = 3) -> list[tuple[str, str, Timing]]:
    """Each query through /api/search `repeat` times; a query the API refuses fails the run."""
    out = []
    for label, q in queries:
        def ask(_i, q=q):
            response = client.get("/api/search", query_string={"q": q})
            if response.status_code != 200:
                raise RuntimeError(f"the worst-query benchmark asked {q!r}: {response.get_json()}")
        out.append((label, q, time_calls(ask, list(range(repeat)))))
    return out


def plain_whoosh(archive: Archive):
    """Plain Whoosh on the same index: one field, exact terms, groupedby facets."""
    searcher = archive.snapshot().searcher()
    facets = {"places": sorting.FieldFacet("place", allow_overlap=True),
              "years": sorting.FieldFacet("years", allow_overlap=True)}

    def run(q, grouped=False):
        results = searcher.search(q, limit=20, groupedby=facets if grouped else None)
        if grouped:
            for name in facets:
                results.groups(name)
        return len(results)
    return run


def fts5_database(archive: Archive, path: Path) -> sqlite3.Connection:
    """The same public documents in SQLite FTS5, with facet tables for GROUP BY."""
    if path.exists():
        path.unlink()
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE VIRTUAL TABLE docs USING fts5(body, people, tokenize='unicode61');
        CREATE TABLE doc_place(doc INTEGER, place TEXT);
        CREATE TABLE doc_year(doc INTEGER, year INTEGER);
        CREATE INDEX dp ON doc_place(doc); CREATE INDEX dy ON doc_year(doc);
    """)
    searcher = archive.snapshot().searcher()
    reader = searcher.reader()
    places, years = [], []

    def rows():
        # One document at a time: a million testimonies' texts would not fit in memory at once.
        for docnum, stored in reader.iter_docs():
            meta = json.loads(stored["meta"])
            places.extend((docnum, p) for p in meta["places"])
            years.extend((docnum, y) for y in meta["years"])
            yield docnum, stored["body"], " ".join(p.get("name") or "" for p in meta["people"])
    db.executemany("INSERT INTO docs(rowid, body, people) VALUES (?, ?, ?)", rows())
    db.executemany("INSERT INTO doc_place VALUES (?, ?)", places)
    db.executemany("INSERT INTO doc_year VALUES (?, ?)", years)
    db.commit()
    return db


def fts5_rows(db: sqlite3.Connection, sql: str, *params) -> int:
    return len(db.execute(sql, params).fetchall())


def fts5_query(db: sqlite3.Connection, match: str, faceted: bool) -> int:
    hits = db.execute("SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 20", (match,)).fetchall()
    if faceted:
        for table, col in (("doc_place", "place"), ("doc_year", "year")):
            db.execute(f"SELECT {col}, COUNT(*) FROM {table} WHERE doc IN "
                       f"(SELECT rowid FROM docs WHERE docs MATCH ?) GROUP BY {col} "
                       f"ORDER BY COUNT(*) DESC LIMIT 20", (match,)).fetchall()
    return len(hits)


_SERVE_PROBE = """
import sys
from webapp import create_app
client = create_app({"INDEX_DIR": sys.argv[1], "TESTING": True}).test_client()
for q in sys.argv[2:]:
    client.get("/api/search", query_string={"q": q})
    client.get("/api/search", query_string={"name": q})
with open("/proc/self/status") as fh:
    print(next(line.split()[1] for line in fh if line.startswith("VmRSS:")))
"""


def serving_rss_mb(index: Path, words: list[str]) -> float:
    """Resident memory of a fresh process that serves the API and has answered the queries."""
    out = subprocess.run([sys.executable, "-c", _SERVE_PROBE, str(index), *words],
                         check=True, capture_output=True, text=True).stdout
    return int(out.strip().splitlines()[-1]) / 1024


def bench_size(docs: int, seed: int, workdir: Path, n_queries: int, profile: bool, reuse: bool = False,
               progress=lambda line: None) -> str:
    """The report for one size; `progress` hears each step's figures as soon as they are known,
    so that a long run that fails later still leaves its build figures behind."""
    from webapp import create_app

    corpus = ensure_corpus(workdir, docs, seed)
    progress(f"{docs:,} documents: corpus ready in {corpus}")
    index = workdir / f"index-{docs}-{seed}"
    if reuse and store.current_generation(index) is not None:
        build_line = "- build: not measured in this run (index reused)"
    else:
        build_s, build_peak = build_in_subprocess(corpus, index)
        build_line = f"- build: {build_s:.0f} s, {docs / build_s:.0f} documents/s, peak memory {build_peak:.0f} MB (the indexer and its workers)"
    progress(build_line)
    snapshot = store.snapshot_path(index)
    archive = Archive(index, "public")
    opened = time.perf_counter()
    archive.snapshot()
    open_s = time.perf_counter() - opened
    progress(f"- open a snapshot: {open_s:.2f} s")
    work = Workload(archive, n_queries, seed)
    plain = plain_whoosh(archive)
    client = create_app({"INDEX_DIR": str(index), "TESTING": True}).test_client()

    def ours(**params):
        return archive.search(SearchRequest.from_args(params))

    db = fts5_database(archive, workdir / f"fts5-{docs}.sqlite3")
    progress("- FTS5 database ready; timing queries")
    rows = []
    # (label, inputs, the archive, plain Whoosh, FTS5 or None where it has no counterpart)
    cases = [
        ("free text (one word)", work.words, lambda w: ours(q=w), lambda w: plain(wq.Term("text_en", w)),
         lambda w: fts5_query(db, w, False)),
        ("phrase", work.phrases, lambda p: ours(q=f'"{p}"'),
         lambda p: plain(wq.Phrase("text_en", [t.text for t in archive_analyzer()(p)])),
         lambda p: fts5_query(db, f'"{p}"', False)),
        ("cross-script name", work.names, lambda n: ours(name=n[0]), lambda n: plain(wq.Term("person", fold(n[1]))),
         None),
        ("place alias", work.places, lambda p: ours(place=p[0]), lambda p: plain(wq.Term("place", p[1])),
         lambda p: fts5_rows(db, "SELECT doc FROM doc_place WHERE place = ? LIMIT 20", p[1])),
        ("year range", work.years, lambda y: ours(year=f"{y[0]}-{y[1]}"),
         lambda y: plain(wq.NumericRange("years", y[0], y[1])),
         lambda y: fts5_rows(db, "SELECT DISTINCT doc FROM doc_year WHERE year BETWEEN ? AND ? LIMIT 20", *y)),
        # Plain Whoosh searches the typed word only, not its subject's terms in every language.
        ("cross-language (a subject's terms)", work.subject_words, lambda w: ours(q=w),
         lambda w: plain(wq.Or([wq.Term("text_en", t.text) for t in archive_analyzer()(w)])), None),
        ("place with its region (place=region)", work.regions, lambda r: ours(place=r),
         lambda r: plain(wq.Term("place", r)), None),
        ("/api/search page, all facets", work.words,
         lambda w: client.get("/api/search", query_string={"q": w}).get_json(),
         lambda w: plain(wq.Term("text_en", w), grouped=True), lambda w: fts5_query(db, w, True)),
    ]
    profiler = None
    if profile:
        from pyinstrument import Profiler
        profiler = Profiler()
        profiler.start()
    for label, inputs, mine, theirs, fts in cases:
        if inputs:
            archive_t, plain_t = time_calls(mine, inputs), time_calls(theirs, inputs)
            fts_t = time_calls(fts, inputs) if fts else None
            rows.append((label, archive_t, plain_t, fts_t))
            progress(f"- {label}: archive {archive_t}, plain Whoosh {plain_t}" + (f", FTS5 {fts_t}" if fts_t else ""))
    if profiler:
        profiler.stop()
        (workdir / f"profile-{docs}.txt").write_text(profiler.output_text(unicode=True, show_all=False))
    worst = time_worst_queries(client, worst_public_queries(archive))
    fts_term = time_calls(lambda w: fts5_query(db, w, False), work.words)
    fts_facets = time_calls(lambda w: fts5_query(db, w, True), work.words)
    add_s = time_add(corpus, index)
    lines = [
        f"### {docs:,} documents (seed {seed})",
        "",
        build_line,
        f"- index on disk: {dir_mb(snapshot):.0f} MB (public and full scopes)",
        f"- open a snapshot (facet arrays, name vocabulary, caches): {open_s:.2f} s",
        f"- one serving process after {2 * len(work.words)} API queries: {serving_rss_mb(index, work.words):.0f} MB resident",
        f"- add one document to the live index: {add_s:.2f} s",
        "",
        "| query | archive median / p95 ms | plain Whoosh median / p95 ms | ratio (p95) "
        "| FTS5 median / p95 ms | FTS5 ratio (p95) | archive / plain Whoosh CPU median / p95 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, mine, theirs, fts in rows:
        fts_cells = f"{fts} | {fts.p95_ms / max(mine.p95_ms, 1e-9):.1f}×" if fts else "— | —"
        cpu = (f"{mine.cpu_median_ms:.1f} / {mine.cpu_p95_ms:.1f} vs "
               f"{theirs.cpu_median_ms:.1f} / {theirs.cpu_p95_ms:.1f}")
        lines.append(f"| {label} | {mine} | {theirs} | {theirs.p95_ms / max(mine.p95_ms, 1e-9):.1f}× | {fts_cells} "
                     f"| {cpu} |")
    refused = [f"{kind} {n} of {drawn}" for kind, (n, drawn) in work.refused.items() if n]
    if refused:
        lines += ["", f"Drawn queries refused by the postings bound (a 400 naming q): {', '.join(refused)}; "
                      "their rows time the others"]
    lines += ["", f"SQLite FTS5 on the same documents: one term {fts_term} ms; "
              f"one term with GROUP BY facets {fts_facets} ms (median / p95)", ""]
    slowest = max(worst, key=lambda w: w[2].p95_ms)
    costliest = max(worst, key=lambda w: w[2].cpu_max_ms)
    lines += [f"Worst public query within the bounds: {slowest[2].p95_ms:.1f} ms at most over "
              f"{len(worst)} kinds ({slowest[0]}), through /api/search with all facets; "
              f"at most {costliest[2].cpu_max_ms:.1f} ms of CPU ({costliest[0]}):", ""]
    lines += [f"- {label}: {timing} ms (median / p95), {timing.cpu_max_ms:.1f} ms of CPU at most, "
              f"{len(q)} characters" for label, q, timing in worst]
    lines.append("")
    return "\n".join(lines)


def archive_analyzer():
    from ..index.analyzers import analyzer_for
    return analyzer_for("en")


def time_add(corpus: Path, index: Path) -> float:
    """Seconds to re-index one existing corpus file into the live snapshot."""
    from ..index.build import add_documents

    first = next((corpus / "documents").rglob("*.md"))
    started = time.perf_counter()
    add_documents([first], corpus, index)
    return time.perf_counter() - started


def run(sizes: list[int], seed: int, workdir: Path, n_queries: int, profile: bool, echo=print,
        reuse: bool = False) -> None:
    workdir.mkdir(parents=True, exist_ok=True)
    # Every timed query is computed: a query asked twice would otherwise be
    # answered from the snapshot's cache of answers.
    with _every_answer_computed():
        echo(f"## Benchmark on {os.cpu_count()} cores, {n_queries} queries per kind "
             "(answer cache off)\n")
        for docs in sizes:
            echo(bench_size(docs, seed, workdir, n_queries, profile, reuse, progress=_to_stderr))


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@contextmanager
def _every_answer_computed():
    """Snapshots opened meanwhile keep no answers; afterwards, in the same process, they do again."""
    kept, search.ANSWERS_KEPT = search.ANSWERS_KEPT, 0
    try:
        yield
    finally:
        search.ANSWERS_KEPT = kept


def _people_documents(people: int, seed: int):
    """Small documents that together name `people` synthetic persons, in the
    spellings and scripts the synthetic corpus uses (bodies kept short: this
    measures name search, not text indexing)."""
    from ..corpus.model import Document, Person, Source
    from .synth import document

    count = number = 0
    while count < people:
        meta = document(seed, number)[2]
        persons = [Person(role=p.get("role", "mentioned"), name=p["name"], relation=p.get("relation"))
                   for p in meta["people"] if p.get("name")][: people - count]
        count += len(persons)
        yield Document(id=f"names-{number:07d}", type="testimony", title=persons[0].name if persons else "-",
                       language="en", access="public", source=Source(title="names"),
                       body=" ".join(p.name for p in persons), people=persons)
        number += 1


def build_people_index(people: int, seed: int, index: Path) -> float:
    """A public snapshot holding `people` persons; returns seconds taken."""
    import shutil

    from ..index.build import write_documents
    from ..index.parallel import cores

    shutil.rmtree(index, ignore_errors=True)
    index.mkdir(parents=True)
    started = time.perf_counter()
    build = store.new_build_dir(index)
    write_documents(build, list(_people_documents(people, seed)), {}, cores())
    (build / "places.yaml").write_text("places: []\n", "utf-8")
    (build / "manifest.json").write_text("{}", "utf-8")
    store.publish(index, build)
    return time.perf_counter() - started


def run_names(people: int, seed: int, workdir: Path, n_queries: int, echo=print) -> None:
    """Name queries typed in another script than the stored name, at `people` indexed persons."""
    with _every_answer_computed():   # every timed query computed, as in `run`
        _run_names(people, seed, workdir, n_queries, echo)


def _run_names(people: int, seed: int, workdir: Path, n_queries: int, echo) -> None:
    from .synth import kk_to_ru

    index = workdir / f"people-{people}-{seed}"
    built = build_people_index(people, seed, index)
    archive = Archive(index, "public")
    opened = time.perf_counter()
    snap = archive.snapshot()
    open_s = time.perf_counter() - opened
    rng = random.Random(seed)
    stored = [name for row in snap.facets.every_persons() for _role, name, *_ in row]
    kazakh_letters = set("әғқңөұүһі")
    queries = []
    for name in rng.sample(stored, min(len(stored), n_queries * 20)):
        script = names.detect_script(name.split()[0])
        if script == "cyrillic" and set(name.lower()) & kazakh_letters:
            queries.append((kk_to_ru(name), name))       # Kazakh Cyrillic stored, Russian typed
        elif script == "cyrillic":
            queries.append((names.transliterate(name).title(), name))  # Cyrillic stored, Latin typed
        if len(queries) >= n_queries:
            break
    def top3(pair) -> bool:
        result = archive.search(SearchRequest.from_args({"name": pair[0], "per_page": 3}))
        return any(pair[1] in named_in(r) for r in result["results"])

    timing = time_calls(top3, queries)
    found_in_top3 = sum(top3(pair) for pair in queries)
    echo(f"### Name search at {len(stored):,} indexed people (seed {seed})\n")
    echo(f"- index of names built in {built:.0f} s; snapshot opened in {open_s:.2f} s")
    echo(f"- {len(queries)} queries typed in another script or spelling than stored "
         f"(e.g. {queries[0][0]!r} for {queries[0][1]!r})")
    echo(f"- name query, expansion + search + verification: median {timing.median_ms:.1f} ms, "
         f"p95 {timing.p95_ms:.1f} ms")
    echo(f"- the same queries' CPU time (what load on the machine inflates least): median "
         f"{timing.cpu_median_ms:.1f} ms, p95 {timing.cpu_p95_ms:.1f} ms")
    echo(f"- stored person among the first 3 results: {found_in_top3}/{len(queries)}\n")
