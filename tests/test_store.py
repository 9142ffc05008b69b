"""Snapshots: published whole or not at all; one writer at a time; nothing stale survives."""
import multiprocessing
import os
import time

import pytest

from indexer.index import store


def _publish_dir(index_dir, text):
    build = store.new_build_dir(index_dir)
    (build / "payload").write_text(text)
    return store.publish(index_dir, build)


def test_publish_switches_current_and_keeps_a_few_generations(tmp_path):
    index = tmp_path / "ix"
    index.mkdir()
    assert store.current_generation(index) is None
    names = [_publish_dir(index, str(i)) for i in range(5)]
    assert store.current_generation(index) == names[-1]
    assert (store.snapshot_path(index) / "payload").read_text() == "4"
    kept = sorted(p.name for p in index.iterdir() if p.name.startswith("gen-"))
    assert kept == names[-store.KEEP_GENERATIONS:]


def test_a_dangling_current_counts_as_no_index(tmp_path):
    (tmp_path / store.CURRENT).write_text("gen-00000009\n")
    assert store.current_generation(tmp_path) is None
    with pytest.raises(store.NoIndex):
        store.snapshot_path(tmp_path)


def _hold_lock(index_dir, ready, release):
    with store.writer_lock(index_dir):
        ready.set()
        release.wait(10)


def test_second_writer_is_refused_with_a_clear_message(tmp_path):
    ready, release = multiprocessing.Event(), multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold_lock, args=(tmp_path, ready, release))
    holder.start()
    try:
        assert ready.wait(10)
        with pytest.raises(store.IndexBusy, match="another indexer"):
            with store.writer_lock(tmp_path, wait=0.2):
                pass
    finally:
        release.set()
        holder.join(10)
    with store.writer_lock(tmp_path, wait=1):
        pass


def test_a_killed_writer_leaves_no_stale_lock_and_its_tmp_dir_is_cleared(tmp_path):
    ready, release = multiprocessing.Event(), multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold_lock, args=(tmp_path, ready, release))
    holder.start()
    assert ready.wait(10)
    stale = store.new_build_dir(tmp_path)
    os.kill(holder.pid, 9)
    holder.join(10)
    started = time.monotonic()
    with store.writer_lock(tmp_path):
        assert not stale.exists()
    assert time.monotonic() - started < 2


def test_snapshots_are_readable_by_a_server_running_as_another_user(tmp_path):
    """A web server in the indexer's group (or any user) must read every snapshot."""
    from conftest import make_doc, write_corpus
    from indexer.index.build import add_documents, build_index

    corpus = write_corpus(tmp_path / "c", {"a": make_doc("doc-a", "A camp.\n")})
    index = tmp_path / "ix"
    old = os.umask(0o022)
    try:
        build_index(corpus, index, workers=1)
        add_documents([corpus / "documents" / "a.md"], corpus, index)
    finally:
        os.umask(old)
    for gen in index.glob("gen-*"):
        for path in [gen, *gen.rglob("*")]:
            wanted = 0o055 if path.is_dir() else 0o044
            assert path.stat().st_mode & wanted == wanted, path
