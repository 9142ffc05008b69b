"""Never lose, never corrupt: killed indexers, two indexers, reindexing under load, gunicorn.

The indexer is SIGKILLed at random moments of full builds and of `add`; after
each kill the served index is the last complete one and answers with the
expected total, both through a fresh Archive and through one opened before;
the next run clears what the killed one left and completes. Two indexers at
once: the second waits or refuses. While the web app serves concurrent
requests, the index is rebuilt again and again and every answer comes whole
from one snapshot, old or new. Finally gunicorn with two workers picks up a
snapshot published by `archive add` without a restart.
"""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from archive_helpers import (ROOT, ServerThread, archive_cmd, archive_env, free_port, generated_docs, public_count,
                             run_archive)
from conftest import app_for, make_doc, write_corpus
from indexer.index import store
from indexer.index.build import build_index
from indexer.search.request import SearchRequest
from indexer.search.archive import Archive

N_DOCS = 200
KILLS_PER_KIND = int(os.environ.get("ARCHIVE_TEST_KILLS", "12"))
REPORT: dict[str, object] = {}


def total(index: Path, scope: str = "public", archive: Archive | None = None, **params) -> int:
    arch = archive or Archive(index, scope)
    # As asked: a marker word of a document not served must not be answered with another's.
    return arch.search(SearchRequest.from_args({"correct": "0", **params}))["total"]


def assert_whole(index: Path) -> str:
    """The live snapshot is complete: both scopes open, manifest agrees with the public index."""
    gen = store.current_generation(index)
    assert gen is not None, "no live snapshot"
    snap = index / gen
    manifest = store.read_manifest(snap)
    public_ids = [i for i, e in manifest["documents"].items() if e["public"]]
    assert Archive(index, "public").count() == len(public_ids)
    assert Archive(index, "full").count() == len(manifest["documents"])
    assert (snap / "places.yaml").is_file()
    return gen


def leftovers(index: Path) -> list[str]:
    return sorted(p.name for p in index.iterdir() if p.name.startswith("tmp-") or p.name.endswith(".tmp"))


def lock_is_free(index: Path) -> bool:
    try:
        with store.writer_lock(index, wait=0):
            return True
    except store.IndexBusy:
        return False


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    docs = generated_docs(N_DOCS)
    return write_corpus(tmp_path_factory.mktemp("robust") / "corpus", docs), docs


def _phase(index: Path, published: bool) -> str:
    """Where a kill struck, from what it left (looked at before the next indexer clears it)."""
    if published:
        return "after publishing"
    if any(p.name.startswith("tmp-") for p in index.iterdir()):
        return "while building"
    return "before building"


@pytest.fixture(scope="module")
def startup() -> float:
    """Seconds the `archive` command takes to start (imports): kills before that are less telling."""
    started = time.monotonic()
    assert run_archive("--help").returncode == 0
    return time.monotonic() - started


def _moment(rnd: random.Random, startup: float, duration: float) -> float:
    """A random moment of a run: half the time anywhere, half the time in its last 40 %."""
    lo, hi = min(startup, duration / 2) * 0.8, duration * 0.98
    return rnd.uniform(lo, hi) if rnd.random() < 0.5 else rnd.uniform(lo + 0.6 * (hi - lo), hi)


def _kill_at(cmd: list[str], delay: float) -> tuple[bool, float]:
    """Start the command, SIGKILL it after `delay` seconds; (finished before the kill, when)."""
    proc = subprocess.Popen(cmd, cwd=ROOT, env=archive_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    started = time.monotonic()
    try:
        proc.wait(timeout=delay)
        assert proc.returncode == 0, proc.stderr.read().decode("utf-8", "replace")
        return True, time.monotonic() - started
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        return False, delay
    finally:
        if proc.stderr:
            proc.stderr.close()


@pytest.mark.slow
def test_killed_full_builds_never_harm_the_served_index(tmp_path, corpus, startup):
    corpus_dir, docs = corpus
    index = tmp_path / "index"
    expected = public_count(docs)
    started = time.monotonic()
    result = run_archive("index", "--corpus", corpus_dir, "--index", index)
    duration = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    opened_before = Archive(index, "public")
    assert total(index, archive=opened_before) == expected

    rnd = random.Random(20240611)
    kills = attempts = 0
    phases = Counter()
    last_gen = store.current_generation(index)
    while kills < KILLS_PER_KIND and attempts < 3 * KILLS_PER_KIND:
        attempts += 1
        finished, when = _kill_at(archive_cmd("index", "--corpus", corpus_dir, "--index", index),
                                  _moment(rnd, startup, duration))
        if finished:   # it beat the kill: aim earlier next time
            duration = max(startup, min(duration, when))
        kills += not finished
        gen = assert_whole(index)
        assert gen >= last_gen
        if not finished:
            phases[_phase(index, gen != last_gen)] += 1
        last_gen = gen
        assert total(index) == expected
        assert total(index, archive=opened_before) == expected
        assert lock_is_free(index), "a killed indexer left its lock behind"

    result = run_archive("index", "--corpus", corpus_dir, "--index", index)
    assert result.returncode == 0, result.stderr
    assert leftovers(index) == []
    gens = sorted(p.name for p in index.iterdir() if p.name.startswith("gen-"))
    assert len(gens) <= store.KEEP_GENERATIONS and gens[-1] == store.current_generation(index)
    assert total(index) == expected and total(index, archive=opened_before) == expected
    assert total(index, "full") == N_DOCS
    assert kills == KILLS_PER_KIND
    REPORT["full build kills"] = kills
    REPORT["full build phases"] = dict(phases)
    print(f"\nfull builds: {kills} kills survived {dict(phases)}, "
          f"build {duration:.2f}s, start-up {startup:.2f}s")


def _processes_mentioning(text: str) -> list[int]:
    """Processes whose command line contains `text` (the workers of a build share its command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text in (entry / "cmdline").read_bytes().decode("utf-8", "replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.slow
def test_a_killed_parallel_build_takes_its_workers_with_it(tmp_path):
    docs = generated_docs(3000, prefix="par")
    corpus_dir = write_corpus(tmp_path / "corpus", docs)
    index = tmp_path / "index"
    result = run_archive("index", "--corpus", corpus_dir, "--index", index, "--workers", "1")
    assert result.returncode == 0, result.stderr
    expected = public_count(docs)
    rnd = random.Random(5)
    for _ in range(2):
        proc = subprocess.Popen(archive_cmd("index", "--corpus", corpus_dir, "--index", index, "--workers", "2"),
                                cwd=ROOT, env=archive_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Killed while its workers write the segments (each is one long task).
        deadline = time.monotonic() + 60
        while not list(index.glob("tmp-*/public")) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(rnd.uniform(0.2, 0.5))
        assert proc.poll() is None and len(_processes_mentioning(str(index))) == 3, "no workers at work"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 0.3
        while _processes_mentioning(str(index)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _processes_mentioning(str(index)) == [], "workers outlived the killed build"
        assert_whole(index)
        assert total(index) == expected
        assert lock_is_free(index)
    result = run_archive("index", "--corpus", corpus_dir, "--index", index, "--workers", "2")
    assert result.returncode == 0, result.stderr
    assert leftovers(index) == [] and total(index) == expected


@pytest.mark.slow
def test_killed_adds_never_harm_the_served_index(tmp_path, corpus, startup):
    _corpus_dir, docs = corpus
    own = tmp_path / "corpus"
    write_corpus(own, docs)
    index = tmp_path / "index"
    build_index(own, index)
    base = public_count(docs)
    opened_before = Archive(index, "public")

    def timed_add(path: Path) -> float:
        started = time.monotonic()
        result = run_archive("add", path, "--corpus", own, "--index", index)
        assert result.returncode == 0, result.stderr
        return time.monotonic() - started

    (own / "documents" / "warmup.md").write_text(make_doc("warmup", "warm up the pipes\n"), "utf-8")
    duration = timed_add(own / "documents" / "warmup.md")
    base += 1
    assert total(index) == base

    rnd = random.Random(99)
    kills = k = 0
    phases = Counter()
    last_gen = store.current_generation(index)
    while kills < KILLS_PER_KIND and k < 3 * KILLS_PER_KIND:
        doc_id = f"added-{k:02d}"
        path = own / "documents" / f"{doc_id}.md"
        path.write_text(make_doc(doc_id, f"marker{k}x was added while the indexer was killed.\n"), "utf-8")
        finished, when = _kill_at(archive_cmd("add", path, "--corpus", own, "--index", index),
                                  _moment(rnd, startup, duration))
        if finished:
            duration = max(startup, min(duration, when))
        kills += not finished
        before = last_gen
        last_gen = assert_whole(index)
        if not finished:
            phases[_phase(index, last_gen != before)] += 1
        present = set(store.read_manifest(store.snapshot_path(index))["documents"])
        added = [d for d in (f"added-{i:02d}" for i in range(k + 1)) if d in present]
        assert total(index) == base + len(added)
        assert total(index, archive=opened_before) == base + len(added)
        assert total(index, q=f"marker{k}x") == (1 if doc_id in present else 0)
        assert lock_is_free(index)
        k += 1

    paths = sorted((own / "documents").glob("added-*.md"))
    result = run_archive("add", *paths, "--corpus", own, "--index", index)
    assert result.returncode == 0, result.stderr
    assert leftovers(index) == []
    assert total(index) == base + k
    assert total(index, archive=opened_before) == base + k
    assert total(index, "full") == N_DOCS + 1 + k
    assert kills == KILLS_PER_KIND
    REPORT["add kills"] = kills
    REPORT["add phases"] = dict(phases)
    print(f"\nadd: {kills} kills survived {dict(phases)}, add {duration:.2f}s, start-up {startup:.2f}s")


HOLD_LOCK = """
import sys
from indexer.index import store
with store.writer_lock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""


@pytest.mark.slow
def test_two_indexers_at_once(tmp_path, corpus):
    corpus_dir, docs = corpus
    index = tmp_path / "index"
    build_index(corpus_dir, index)
    first_gen = store.current_generation(index)
    # An indexer at work, held at work for as long as the test needs.
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(index)], cwd=ROOT, env=archive_env(),
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    waiting = None
    try:
        assert holder.stdout.readline().strip() == "held"
        refused = run_archive("index", "--corpus", corpus_dir, "--index", index)
        assert refused.returncode != 0
        assert "another indexer is working on" in refused.stderr and f"pid {holder.pid}" in refused.stderr
        assert "--wait" in refused.stderr and "Traceback" not in refused.stderr
        added = run_archive("add", corpus_dir / "documents" / "gen-0000.md", "--corpus", corpus_dir,
                            "--index", index)
        assert added.returncode != 0 and "another indexer" in added.stderr
        short_wait = run_archive("index", "--corpus", corpus_dir, "--index", index, "--wait", "0.5")
        assert short_wait.returncode != 0 and "another indexer" in short_wait.stderr
        assert store.current_generation(index) == first_gen
        waiting = subprocess.Popen(archive_cmd("index", "--corpus", corpus_dir, "--index", index, "--wait", "120"),
                                   cwd=ROOT, env=archive_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
        time.sleep(1.5)
        assert waiting.poll() is None, "the second indexer did not wait"
        assert store.current_generation(index) == first_gen
    finally:
        holder.stdin.close()
        holder.wait(30)
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert store.current_generation(index) == f"gen-{int(first_gen[4:]) + 1:08d}"
    assert_whole(index)

    # Two real indexers started together: both wait their turn, both publish, one after the other.
    both = [subprocess.Popen(archive_cmd("index", "--corpus", corpus_dir, "--index", index, "--wait", "120"),
                             cwd=ROOT, env=archive_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outs = [p.communicate(timeout=180) for p in both]
    assert [p.returncode for p in both] == [0, 0], outs
    gens = sorted(int(re.search(r"as gen-(\d+)", o).group(1)) for o, _ in outs)
    assert gens == [int(first_gen[4:]) + 2, int(first_gen[4:]) + 3]
    # ... and without --wait, the one that finds the other at work refuses; the index stays whole.
    both = [subprocess.Popen(archive_cmd("index", "--corpus", corpus_dir, "--index", index),
                             cwd=ROOT, env=archive_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outs = [p.communicate(timeout=180) for p in both]
    assert 0 in [p.returncode for p in both], outs
    for p, (_out, err) in zip(both, outs):
        assert p.returncode == 0 or "another indexer is working on" in err, err
    assert_whole(index)
    assert total(index) == public_count(docs)
    assert leftovers(index) == []


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200
        return json.loads(response.read().decode("utf-8"))


@pytest.mark.slow
def test_reindexing_while_serving_concurrent_requests(tmp_path, corpus):
    corpus_dir, docs = corpus
    small = write_corpus(tmp_path / "small", {k: v for k, v in docs.items() if k < "gen-0100"})
    big = corpus_dir
    totals = {small: public_count({k: v for k, v in docs.items() if k < "gen-0100"}), big: public_count(docs)}
    index = tmp_path / "index"
    build_index(small, index)
    app = app_for(index)
    seen: list[tuple[str, int]] = []
    failures: list[str] = []
    stop = threading.Event()
    lock = threading.Lock()
    max_requests, deadline = 4000, time.monotonic() + 60

    with ServerThread(app) as server:
        def client(worker: int):
            rnd = random.Random(worker)
            while not stop.is_set() and time.monotonic() < deadline:
                with lock:
                    if len(seen) + len(failures) >= max_requests:
                        return
                try:
                    kind = rnd.random()
                    if kind < 0.6:
                        data = _get_json(f"{server.url}/api/search?per_page=5&page={rnd.randint(1, 3)}")
                        with lock:
                            seen.append((data["generation"], data["total"]))
                    elif kind < 0.8:
                        data = _get_json(f"{server.url}/api/search?q=market&year=2000-2020")
                        with lock:
                            seen.append((data["generation"], -1))
                    else:
                        with urllib.request.urlopen(f"{server.url}/doc/gen-0001", timeout=30) as r:
                            assert r.status == 200 and b"gen-0001" in r.read()
                        with lock:
                            seen.append(("doc", 0))
                except Exception as exc:  # noqa: BLE001 - every failure is reported
                    with lock:
                        failures.append(f"{type(exc).__name__}: {exc}")

        threads = [threading.Thread(target=client, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        built: dict[str, int] = {store.current_generation(index): totals[small]}
        try:
            for source in [big, small, big, small, big]:
                result = run_archive("index", "--corpus", source, "--index", index)
                assert result.returncode == 0, result.stderr
                gen = re.search(r"as (gen-\d+)", result.stdout).group(1)
                built[gen] = totals[source]
                time.sleep(0.3)
        finally:
            stop.set()
            for t in threads:
                t.join(60)
    assert not failures, failures[:5]
    searches = [(g, t) for g, t in seen if g != "doc"]
    assert len(seen) > 100 and len(searches) > 50
    for gen, count in searches:
        assert gen in built, gen
        if count >= 0:
            assert count == built[gen], (gen, count, built[gen])
    answered_by = {g for g, _ in searches}
    assert len(answered_by) >= 3, answered_by
    REPORT["requests during reindex"] = len(seen)
    print(f"\nreindex under load: {len(seen)} requests served, 0 failed, "
          f"{len(built)} snapshots, answered by {len(answered_by)}")


@pytest.mark.slow
def test_gunicorn_workers_pick_up_a_new_snapshot_without_restart(tmp_path, corpus):
    corpus_dir, docs = corpus
    own = write_corpus(tmp_path / "corpus", {k: v for k, v in docs.items() if k < "gen-0040"})
    index = tmp_path / "index"
    build_index(own, index)
    expected = total(index)
    port = free_port()
    env = archive_env(ARCHIVE_INDEX=str(index), ARCHIVE_SECRET_KEY="x" * 64, ARCHIVE_BIND=f"127.0.0.1:{port}",
                      ARCHIVE_WORKERS="2")
    log = open(tmp_path / "gunicorn.log", "w+")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "webapp:create_app()"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                data = _get_json(f"{base}/api/search")
                break
            except Exception:
                assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        assert data["total"] == expected
        first_gen = data["generation"]
        for _ in range(10):   # warm up both workers on the old snapshot
            assert _get_json(f"{base}/api/search")["generation"] == first_gen

        path = own / "documents" / "late-arrival.md"
        path.write_text(make_doc("late-arrival", "The zephyrquill testimony arrived late.\n"), "utf-8")
        result = run_archive("add", path, "--corpus", own, "--index", index)
        assert result.returncode == 0, result.stderr
        for _ in range(20):
            data = _get_json(f"{base}/api/search?q=zephyrquill")
            assert data["total"] == 1 and data["results"][0]["id"] == "late-arrival"
            assert data["generation"] != first_gen
            assert _get_json(f"{base}/api/search")["total"] == expected + 1
        with urllib.request.urlopen(f"{base}/doc/late-arrival", timeout=30) as r:
            assert r.status == 200
        assert server.poll() is None, "gunicorn restarted or died"
        workers = re.findall(r"Booting worker with pid: (\d+)", (tmp_path / "gunicorn.log").read_text())
        assert len(workers) == 2, workers
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _tree_digest(path: Path) -> dict[str, str]:
    import hashlib

    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


def test_add_never_writes_to_the_live_snapshot(tmp_path):
    docs = generated_docs(30, prefix="live")
    corpus_dir = write_corpus(tmp_path / "corpus", docs)
    index = tmp_path / "index"
    build_index(corpus_dir, index)
    live = store.snapshot_path(index)
    digest = _tree_digest(live)
    from indexer.index.build import add_documents

    path = corpus_dir / "documents" / "live-0003.md"
    path.write_text(path.read_text("utf-8").replace("remembers", "recalls vividly"), "utf-8")
    (corpus_dir / "documents" / "new-one.md").write_text(make_doc("new-one", "A new one.\n"), "utf-8")
    add_documents([path, corpus_dir / "documents" / "new-one.md"], corpus_dir, index)
    assert store.snapshot_path(index) != live
    assert _tree_digest(live) == digest
    assert total(index, q="vividly") == (1 if "access: public" in docs["live-0003"] else 0)
    assert total(index, "full", q="vividly") == 1


def test_what_a_kill_in_the_middle_of_publishing_leaves_is_cleared(tmp_path):
    docs = generated_docs(10, prefix="pub")
    corpus_dir = write_corpus(tmp_path / "corpus", docs)
    index = tmp_path / "index"
    build_index(corpus_dir, index)
    live = store.current_generation(index)
    # Killed after renaming its build into place but before switching CURRENT:
    orphan = index / f"gen-{int(live[4:]) + 1:08d}"
    orphan.mkdir()
    (orphan / "half").write_text("unpublished")
    (index / "CURRENT.tmp").write_text("gen-000")
    (index / "tmp-killed").mkdir()
    assert store.current_generation(index) == live
    assert total(index) == public_count(docs)
    report = build_index(corpus_dir, index)
    assert not orphan.exists() or (orphan / "half").exists() is False
    assert report.generation == store.current_generation(index) != live
    assert leftovers(index) == []
    assert_whole(index)


def test_a_garbled_current_file_falls_back_to_the_complete_snapshot_not_a_crash(tmp_path):
    docs = generated_docs(5, prefix="garble")
    corpus_dir = write_corpus(tmp_path / "corpus", docs)
    index = tmp_path / "index"
    build_index(corpus_dir, index)
    app = app_for(index)
    for garbage in (b"", b"gen-\n", b"../../etc\n", b"\xff\xfe", b"gen-99999999\n"):
        (index / "CURRENT").write_bytes(garbage)
        response = app.test_client().get("/api/search")
        assert response.status_code == 200 and response.get_json()["total"] == public_count(docs)
    for snapshot in index.glob("gen-*"):
        shutil.rmtree(snapshot)
    response = app_for(index).test_client().get("/api/search")
    assert response.status_code == 503 and response.get_json()["ok"] is False
    build_index(corpus_dir, index)
    assert app.test_client().get("/api/search").get_json()["total"] == public_count(docs)
