"""`archive backup OUT` writes the corpus and its gazetteer as one file with a manifest of
digests; extracted (or `archive restore`d), it gives back the same files, byte for byte."""
from __future__ import annotations

import hashlib
import io
import tarfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import BUNDLED_CORPUS, make_doc, write_corpus
from indexer.cli import main
from indexer.corpus.backup import MANIFEST, TOP, manifest_problems


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below a folder, by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    write_corpus(root, {"aigerim": make_doc("aigerim", "Её брат был задержан в Урумчи в 2018 году.")})
    (root / "documents" / "2017").mkdir()
    (root / "documents" / "2017" / "li-ming.md").write_text(make_doc("li-ming", "他的哥哥在2017年被拘留。",
                                                                      language="zh"), "utf-8")
    (root / "withdrawn").mkdir()
    (root / "withdrawn" / "old-one.md").write_text(make_doc("old-one", "Withdrawn at the family's wish."), "utf-8")
    (root / "places-curated.yaml").write_bytes(b"places: []\n")
    return root


def extract(backup: Path, into: Path) -> Path:
    if backup.name.endswith(".zip"):
        with zipfile.ZipFile(backup) as z:
            z.extractall(into)
    else:
        with tarfile.open(backup) as t:
            t.extractall(into, filter="data")
    return into / TOP


@pytest.mark.parametrize("name", ["backup.tar.gz", "backup.zip"])
def test_backup_then_extract_gives_identical_files(corpus, tmp_path, name):
    out = tmp_path / "out" / name
    out.parent.mkdir()
    result = run("backup", out, "--corpus", corpus)
    assert result.exit_code == 0, result.output
    files = tree(corpus)
    assert {"places.yaml", "documents/aigerim.md", "documents/2017/li-ming.md", "withdrawn/old-one.md",
            "places-curated.yaml"} <= set(files)
    assert f"{len(files)} files" in result.output
    restored = extract(out, tmp_path / "x")
    got = tree(restored)
    manifest = got.pop(MANIFEST).decode("utf-8")
    assert got == files
    assert manifest_problems(restored) == []
    # The manifest is what `sha256sum -c` reads: one "digest  path" line a file.
    assert sorted(manifest.splitlines()) == sorted(f"{hashlib.sha256(b).hexdigest()}  {p}" for p, b in files.items())
    assert list(out.parent.iterdir()) == [out]          # nothing half-written left beside it


def test_the_bundled_corpus_backs_up_and_restores(tmp_path):
    out = tmp_path / "bundled.tgz"
    assert run("backup", out, "--corpus", BUNDLED_CORPUS).exit_code == 0
    result = run("restore", out, tmp_path / "restored")
    assert result.exit_code == 0, result.output
    assert tree(tmp_path / "restored") == {**tree(BUNDLED_CORPUS),
                                           MANIFEST: (tmp_path / "restored" / MANIFEST).read_bytes()}


def test_a_restored_file_that_changed_is_reported(corpus, tmp_path):
    out = tmp_path / "b.tar.gz"
    run("backup", out, "--corpus", corpus)
    restored = extract(out, tmp_path / "x")
    (restored / "documents" / "aigerim.md").write_text("changed", "utf-8")
    (restored / "documents" / "stray.md").write_text("new", "utf-8")
    problems = manifest_problems(restored)
    assert any("documents/aigerim.md differs" in p for p in problems)
    assert any("documents/stray.md: not in" in p for p in problems)


@pytest.mark.parametrize("make_out, says", [
    (lambda t: t / "missing-folder" / "b.tar.gz", "does not exist"),
    (lambda t: t, "is a folder"),
    (lambda t: t / "backup.rar", "must end in .tar.gz, .tgz or .zip"),
    (lambda t: t / "corpus" / "inside.tar.gz", "inside the corpus"),
])
def test_a_bad_out_path_is_refused_with_what_to_change(corpus, tmp_path, make_out, says):
    out = make_out(tmp_path)
    before = tree(tmp_path)
    result = CliRunner().invoke(main, ["backup", str(out), "--corpus", str(corpus)])
    assert result.exit_code != 0
    assert says in result.output and str(out) in result.output and "no backup written" in result.output
    assert tree(tmp_path) == before


def test_an_existing_backup_is_never_replaced(corpus, tmp_path):
    out = tmp_path / "b.zip"
    out.write_bytes(b"last week's backup")
    result = CliRunner().invoke(main, ["backup", str(out), "--corpus", str(corpus)])
    assert result.exit_code != 0 and "exists already" in result.output
    assert out.read_bytes() == b"last week's backup"


def test_a_folder_that_is_no_corpus_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["backup", str(tmp_path / "b.tar.gz"), "--corpus", str(tmp_path / "empty")])
    assert result.exit_code != 0 and "places.yaml" in result.output


def test_restore_refuses_a_full_folder_and_a_file_that_is_no_backup(corpus, tmp_path):
    out = tmp_path / "b.tar.gz"
    run("backup", out, "--corpus", corpus)
    result = CliRunner().invoke(main, ["restore", str(out), str(corpus)])
    assert result.exit_code != 0 and "not an empty folder" in result.output
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not a tar")
    result = CliRunner().invoke(main, ["restore", str(bogus), str(tmp_path / "new")])
    assert result.exit_code != 0 and "cannot be read" in result.output


def test_restore_refuses_an_entry_that_would_leave_the_folder(tmp_path):
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as t:
        for name, data in ((f"{TOP}/{MANIFEST}", b""), (f"{TOP}/../escaped.md", b"x")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    result = CliRunner().invoke(main, ["restore", str(evil), str(tmp_path / "new")])
    assert result.exit_code != 0 and "outside" in result.output
    assert not (tmp_path / "escaped.md").exists()
