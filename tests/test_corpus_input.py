"""Bad corpus files: each reported with file and line; bad input never harms the served index."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import make_doc, write_corpus
from indexer.index import store
from indexer.cli import main
from indexer.search.request import SearchRequest
from indexer.search.archive import Archive

GOOD = {f"good-{i}": make_doc(f"good-{i}", f"Testimony number {i} about the orchard in 2017.\n",
                              people=[{"name": f"Person Number{i}", "role": "narrator"}], places=["Almaty"])
        for i in range(3)}


def bad_files(corpus: Path, outside: Path) -> dict[str, tuple[str, int | None, str]]:
    """Write one file of each kind of trouble; returns name → (file, line, words the message has)."""
    docs = corpus / "documents"
    (docs / "broken-yaml.md").write_text(
        "---\nid: broken-yaml\ntype: testimony\ntitle: \"never closed\n  language: en\n---\nBody\n", "utf-8")
    (docs / "wrong-type.md").write_text(make_doc("wrong-type", "Body\n").replace(
        "people: []", "people: just a string"), "utf-8")
    with open(docs / "huge.md", "w", encoding="utf-8") as fh:
        fh.write(make_doc("huge", ""))
        block = "All work and no play. " * 4096
        for _ in range(50 * 2**20 // len(block) + 1):
            fh.write(block)
    (docs / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(512))
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.md").write_text(make_doc("outside-secret", "Not part of the corpus.\n"), "utf-8")
    (docs / "escape.md").symlink_to(outside / "secret.md")
    (docs / "zz-duplicate.md").write_text(make_doc("good-1", "Same id as good-1.\n"), "utf-8")
    wrong_type_line = 1 + make_doc("wrong-type").split("\n").index("people: []")
    return {
        "broken-yaml": ("broken-yaml.md", (4, 5), "YAML|quot|scan|found"),
        "wrong-type": ("wrong-type.md", wrong_type_line, "people.*list"),
        "huge": ("huge.md", 1, "MB|limit|bytes"),
        "binary": ("binary.md", None, "binary|UTF-8"),
        "escape": ("escape.md", 1, "outside the corpus"),
        "duplicate": ("zz-duplicate.md", 2, "duplicate id"),
    }


@pytest.fixture()
def corpus(tmp_path):
    return write_corpus(tmp_path / "corpus", GOOD)


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_check_reports_every_bad_file_with_file_and_line(tmp_path, corpus):
    expected = bad_files(corpus, tmp_path / "elsewhere")
    code, out, err = run("check", "--corpus", corpus)
    assert code != 0
    for name, (filename, line, words) in expected.items():
        lines = [l for l in err.splitlines() if filename in l]
        assert lines, f"{name}: nothing about {filename} in\n{err}"
        where = re.compile(rf"{re.escape(filename)}:(\d+): ")
        located = [l for l in lines if where.search(l)]
        assert located, f"{name}: no line number in {lines}"
        if line is not None:
            lines_ok = line if isinstance(line, tuple) else (line,)
            assert any(int(where.search(l).group(1)) in lines_ok for l in located), (name, located)
        assert any(re.search(words, l, re.IGNORECASE) for l in lines), (name, lines)
    assert "good-0.md" not in err and "good-2.md" not in err


def test_index_refuses_a_bad_corpus_and_the_served_index_stays(tmp_path, corpus):
    index = tmp_path / "index"
    code, out, err = run("index", "--corpus", corpus, "--index", index)
    assert code == 0, err
    generation = store.current_generation(index)
    served = Archive(index, "public")
    assert served.search(SearchRequest())["total"] == 3
    before = sorted(p.name for p in index.iterdir())

    bad_files(corpus, tmp_path / "elsewhere")
    code, out, err = run("index", "--corpus", corpus, "--index", index)
    assert code != 0
    assert "nothing was indexed" in err and "--skip-bad" in err
    assert store.current_generation(index) == generation
    assert sorted(p.name for p in index.iterdir()) == before
    assert served.search(SearchRequest())["total"] == 3
    assert Archive(index, "public").search(SearchRequest())["total"] == 3

    # `add` of a bad file is refused the same way.
    code, out, err = run("add", corpus / "documents" / "wrong-type.md", "--corpus", corpus, "--index", index)
    assert code != 0 and "wrong-type.md" in err
    assert store.current_generation(index) == generation
    assert Archive(index, "public").search(SearchRequest())["total"] == 3


def test_skip_bad_indexes_the_good_files_and_lists_the_rest(tmp_path, corpus):
    expected = bad_files(corpus, tmp_path / "elsewhere")
    index = tmp_path / "index"
    code, out, err = run("index", "--corpus", corpus, "--index", index, "--skip-bad")
    assert code == 0, err
    assert "indexed 3 documents" in out
    skipped = next(l for l in err.splitlines() if l.startswith("skipped:"))
    for filename, _line, _words in expected.values():
        assert filename in skipped, (filename, skipped)
    data = Archive(index, "full").search(SearchRequest.from_args({"per_page": "100"}))
    assert sorted(r["id"] for r in data["results"]) == ["good-0", "good-1", "good-2"]
    assert "Same id" not in Archive(index, "full").document("good-1")["body"]
    assert Archive(index, "public").search(SearchRequest.from_args({"q": "corpus"}))["total"] == 0


def test_a_broken_gazetteer_is_refused_even_with_skip_bad(tmp_path, corpus):
    index = tmp_path / "index"
    assert run("index", "--corpus", corpus, "--index", index)[0] == 0
    generation = store.current_generation(index)
    (corpus / "places.yaml").write_text("places:\n  - id: almaty\n    name: [unclosed\n", "utf-8")
    code, out, err = run("index", "--corpus", corpus, "--index", index, "--skip-bad")
    assert code != 0 and "places.yaml" in err
    assert store.current_generation(index) == generation
    assert Archive(index, "public").search(SearchRequest())["total"] == 3


def test_a_corpus_that_is_not_there(tmp_path):
    code, out, err = run("index", "--corpus", tmp_path / "missing", "--index", tmp_path / "index")
    assert code != 0 and "missing" in err
    assert store.current_generation(tmp_path / "index") is None
