"""The `archive` command: help everywhere, exit codes, and the index/add/check/search cycle."""
import json

import pytest
from click.testing import CliRunner

from indexer.index import store
from indexer.cli import main

from conftest import make_doc, write_corpus


def all_commands(group=main, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if hasattr(command, "commands"):
            yield from all_commands(command, prefix + (name,))


@pytest.mark.parametrize("path, command", list(all_commands()), ids=lambda x: " ".join(x) if isinstance(x, tuple) else "")
def test_every_command_has_help(path, command):
    assert command.help and command.help.strip(), f"`archive {' '.join(path)}` has no help text"
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


@pytest.fixture()
def corpus(tmp_path):
    return write_corpus(tmp_path / "corpus", {
        "a": make_doc("doc-a", "My brother, a singer, was detained in March 2019.",
                      people=[{"name": "Kumyskhan Baban", "role": "narrator"}], places=["Urumqi"]),
        "b": make_doc("doc-b", "At the beginning of 2017 my husband went to Almaty.",
                      people=[{"name": "Jamilya Maken", "role": "narrator"}], places=["Almaty"]),
    })


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_index_add_remove_cycle(tmp_path, corpus):
    index = tmp_path / "index"
    result = run("index", "--corpus", corpus, "--index", index)
    assert result.exit_code == 0, result.stderr
    assert "indexed 2 documents" in result.output
    first = store.current_generation(index)

    new = corpus / "documents" / "c.md"
    new.write_text(make_doc("doc-c", "The imam was sentenced to 14 years.",
                            people=[{"name": "Almakhan Myrzan", "role": "narrator"}]), "utf-8")
    result = run("add", new, "--corpus", corpus, "--index", index)
    assert result.exit_code == 0, result.stderr
    assert store.current_generation(index) != first
    found = json.loads(run("search", "imam", "--json", "--index", index).output)
    assert [r["id"] for r in found["results"]] == ["doc-c"]

    (corpus / "documents" / "a.md").unlink()
    result = run("index", "--corpus", corpus, "--index", index)
    assert result.exit_code == 0
    assert "removed 1" in result.output
    assert json.loads(run("search", "--json", "--index", index).output)["total"] == 2


def test_search_options_and_bad_year(tmp_path, corpus):
    index = tmp_path / "index"
    run("index", "--corpus", corpus, "--index", index)
    result = run("search", "--name", "Кумысхан", "--index", index)
    assert result.exit_code == 0 and "doc-a" in result.output
    assert "Kumyskhan" in result.output
    result = run("search", "--year", "3000-1000", "--index", index)
    assert result.exit_code != 0
    assert "year" in result.stderr


def test_check_names_file_and_line_and_exits_non_zero(tmp_path, corpus):
    (corpus / "documents" / "bad.md").write_text("---\nid: bad-doc\ntype: poem\n---\n", "utf-8")
    result = run("check", "--corpus", corpus)
    assert result.exit_code != 0
    assert "bad.md:3" in result.stderr


def test_check_applies_the_same_rules_as_index(tmp_path, corpus):
    # An id made of a restricted person's name would show it in every URL.
    (corpus / "documents" / "c.md").write_text(make_doc(
        "zhanargul-tleukhanova", "Text.",
        people=[{"name": "Aigerim Sapar", "role": "narrator"},
                {"name": "Zhanargul Tleukhanova", "role": "mentioned", "access": "restricted"}]), "utf-8")
    result = run("check", "--corpus", corpus)
    assert result.exit_code != 0
    assert "c.md" in result.stderr and "restricted" in result.stderr


def test_search_without_an_index_says_so(tmp_path):
    result = run("search", "x", "--index", tmp_path / "none")
    assert result.exit_code != 0
    assert "archive index" in result.stderr


def test_user_add_reads_the_password_from_stdin(tmp_path):
    db = tmp_path / "users.sqlite3"
    runner = CliRunner()
    result = runner.invoke(main, ["user", "add", "archivist", "--db", str(db), "--password-stdin"],
                           input="a long enough password\n")
    assert result.exit_code == 0, result.stderr
    again = runner.invoke(main, ["user", "add", "archivist", "--db", str(db), "--password-stdin"],
                          input="a long enough password\n")
    assert again.exit_code != 0 and "exists" in again.stderr


def test_serve_builds_a_missing_index_then_serves_it(tmp_path, corpus, monkeypatch):
    import flask

    served = {}
    monkeypatch.setattr(flask.Flask, "run", lambda app, host, port, **kw: served.update(
        host=host, port=port, total=app.test_client().get("/api/search").get_json()["total"]))
    index = tmp_path / "fresh" / "index"
    result = run("serve", "--corpus", corpus, "--index", index, "--port", 5999)
    assert result.exit_code == 0, result.output
    assert store.current_generation(index) is not None
    assert served == {"host": "127.0.0.1", "port": 5999, "total": 2}


def test_progress_bar_shows_rate_and_time_left_only_on_a_terminal():
    import io

    from indexer.index.progress import Progress

    shown = io.StringIO()
    bar = Progress(200, stream=shown, enabled=True)
    for _ in range(200):
        bar.advance()
    bar.close()
    assert "200/200" in shown.getvalue() and "docs/s" in shown.getvalue() and "left" in shown.getvalue()
    quiet = io.StringIO()  # a StringIO is not a terminal
    Progress(10, stream=quiet).advance(10)
    assert quiet.getvalue() == ""


def test_add_refuses_an_id_another_indexed_file_uses(tmp_path, corpus):
    index = tmp_path / "index"
    run("index", "--corpus", corpus, "--index", index)
    before = store.current_generation(index)
    twin = corpus / "documents" / "twin.md"
    twin.write_text(make_doc("doc-a", "Another text under a used id."), "utf-8")
    result = run("add", twin, "--corpus", corpus, "--index", index)
    assert result.exit_code != 0
    assert "duplicate id 'doc-a'" in result.stderr and "a.md" in result.stderr
    assert store.current_generation(index) == before


def test_index_takes_a_number_of_workers_and_refuses_a_bad_one(tmp_path, corpus):
    index = tmp_path / "index"
    result = run("index", "--corpus", corpus, "--index", index, "--workers", "0")
    assert result.exit_code == 2 and "--workers" in result.output
    assert store.current_generation(index) is None
    result = run("index", "--corpus", corpus, "--index", index, "--workers", "2")
    assert result.exit_code == 0, result.output
    assert "indexed 2 documents" in result.output


def test_eval_without_an_index_says_so(tmp_path):
    result = run("eval", "--index", tmp_path / "none")
    assert result.exit_code == 1 and "run `archive index` first" in result.output


def _index_from_another_version(tmp_path, corpus, monkeypatch):
    """An index whose pickled schema names an analyzer class this version lacks."""
    import sys

    from indexer.index import schema

    module = tmp_path / "gone_analysis.py"
    module.write_text("from whoosh.analysis import RegexTokenizer\n"
                      "class GoneTokenizer(RegexTokenizer):\n    pass\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    import gone_analysis

    built = schema.build_schema
    def old_schema():
        s = built()
        s["title"].analyzer = gone_analysis.GoneTokenizer()
        return s
    monkeypatch.setattr("indexer.index.build.build_schema", old_schema)
    index = tmp_path / "index"
    assert run("index", "--corpus", corpus, "--index", index).exit_code == 0
    monkeypatch.undo()
    sys.modules.pop("gone_analysis")
    module.unlink()
    return index


def test_an_index_from_another_version_asks_for_a_rebuild(tmp_path, corpus, monkeypatch):
    """The schema is stored pickled: an analyzer class this version lacks must not crash the app."""
    from conftest import app_for

    index = _index_from_another_version(tmp_path, corpus, monkeypatch)
    result = run("search", "camp", "--index", index)
    assert result.exit_code == 1 and "rebuild it with `archive index`" in result.output
    response = app_for(index).test_client().get("/api/search?q=camp")
    assert response.status_code == 503 and response.get_json()["ok"] is False
    live = store.current_generation(index)
    result = run("add", corpus / "documents" / "a.md", "--corpus", corpus, "--index", index)
    assert result.exit_code == 1 and "rebuild it with `archive index`" in result.output
    assert store.current_generation(index) == live and not list(index.glob("tmp-*"))
    result = run("index", "--corpus", corpus, "--index", index)
    assert result.exit_code == 0 and run("search", "singer", "--index", index).exit_code == 0


def test_serve_rebuilds_an_index_this_version_cannot_read(tmp_path, corpus, monkeypatch):
    """After an update, `make serve` serves the corpus again instead of a page of 503s."""
    import flask

    index = _index_from_another_version(tmp_path, corpus, monkeypatch)
    old = store.current_generation(index)
    served = []
    monkeypatch.setattr(flask.Flask, "run", lambda app, **kw: served.append(app))
    result = run("serve", "--corpus", corpus, "--index", index)
    assert result.exit_code == 0 and "another version" in result.output
    assert store.current_generation(index) != old
    assert served and served[0].test_client().get("/api/search?q=singer").get_json()["total"] == 1


def test_check_prints_a_namesake_public_here_and_restricted_there(tmp_path):
    corpus_dir = write_corpus(tmp_path / "corpus", {
        "a": make_doc("doc-a", "My cousin was taken.", people=[
            {"name": "Kumyskhan Baban", "role": "narrator"},
            {"name": "Serik Nurlanuly", "role": "mentioned", "access": "restricted"}]),
        "b": make_doc("doc-b", "Serik Nurlanuly spoke at the consulate.",
                      people=[{"name": "Serik Nurlanuly", "role": "narrator"}]),
    })
    result = run("check", "--corpus", corpus_dir)
    assert result.exit_code == 0
    assert "1 warning(s) above" in result.output
    assert "'Serik Nurlanuly' is restricted here, but a namesake is public 1 time(s)" in result.output
