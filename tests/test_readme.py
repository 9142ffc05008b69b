"""What the README promises a new user: its worked example runs as written without
touching the tracked corpus, the JSON API's parameters are those of the pages
except where it says so, and the package metadata installs without warnings."""
from __future__ import annotations

import re
import shutil
import textwrap
import tomllib

import pytest
from click.testing import CliRunner

from indexer.cli import main

from conftest import BUNDLED_CORPUS, ROOT

README = (ROOT / "README.md").read_text("utf-8")


def _section(title: str) -> str:
    start = README.index(f"## {title}")
    end = README.find("\n## ", start + 1)
    return README[start:end if end != -1 else None]


def _blocks(text: str, lang: str) -> list[str]:
    return [textwrap.dedent(b) for b in re.findall(rf"```{lang}\n(.*?)```", text, re.S)]


def test_worked_example_works_on_a_copy_and_leaves_the_bundled_corpus_alone(tmp_path, monkeypatch):
    example = _section("Adding a document (a worked example)")
    shell = _blocks(example, "sh")[0]
    copy = re.search(r"^cp -r corpus (\S+)$", shell, re.M)
    assert copy, "the example starts from a copy of the bundled corpus"
    copy_dir = copy.group(1)
    written = re.findall(r"`([\w./-]+\.md)`", example)
    assert written, "the example names the file it writes"
    for path in written:
        if path.startswith("docs/"):
            continue  # a link to the format, not a file written
        assert path.startswith(copy_dir + "/"), f"the example writes {path}, outside its copy {copy_dir}/"
        assert not path.startswith("corpus/"), f"the example writes into the tracked corpus: {path}"
    # Run it as written, in a scratch directory.
    monkeypatch.chdir(tmp_path)
    shutil.copytree(BUNDLED_CORPUS, tmp_path / copy_dir)
    env = dict(re.findall(r"(ARCHIVE_\w+)=\$PWD/(\S+)", shell))
    assert set(env) == {"ARCHIVE_CORPUS", "ARCHIVE_INDEX"}
    for name, value in env.items():
        monkeypatch.setenv(name, str(tmp_path / value))
    doc_path = next(p for p in written if not p.startswith("docs/"))
    (tmp_path / doc_path).write_text(_blocks(example, "markdown")[0], "utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["index", "--no-progress", "--workers", "1"]).exit_code == 0
    checked = runner.invoke(main, ["check"])
    assert checked.exit_code == 0, checked.output
    added = runner.invoke(main, ["add", doc_path])
    assert added.exit_code == 0, added.output
    found = runner.invoke(main, ["search", "--name", "Aigerim Serikkyzy", "--json"])
    assert '"my-new-testimony"' in found.output
    assert not list(BUNDLED_CORPUS.rglob("my-new-testimony*")), "the bundled corpus was written to"


@pytest.mark.parametrize("params", [
    {"q": "brother"}, {"name": "Гүлпия Қазыбек"}, {"place": "Urumqi"}, {"year": "2005-2011"},
    {"type": "article"}, {"language": "en"}, {"person": "Kumyskhan Baban"}, {"q": "*", "per_page": "3", "page": "2"},
])
def test_the_json_twin_takes_the_same_parameters(client, params):
    page = client.get("/", query_string=params)
    api = client.get("/api/search", query_string=params).get_json()
    shown = re.search(r'id="results-h">(\d+)', page.get_data(as_text=True))
    assert int(shown.group(1)) == api["total"]


def test_readme_says_where_the_parameters_differ():
    api = _section("JSON API")
    for param in ("`language=`", "`ui`", "`year_from`"):
        assert param in api


def test_license_is_an_spdx_expression_setuptools_reads_without_warning():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert isinstance(project["project"]["license"], str), "a table is deprecated (PEP 639)"
    assert re.fullmatch(r"[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*", project["project"]["license"])
    for path in project["project"].get("license-files", []):
        assert list(ROOT.glob(path)), f"license-files names {path}, which is missing"
    requires = " ".join(project["build-system"]["requires"])
    minimum = re.search(r"setuptools>=(\d+)", requires)
    assert minimum and int(minimum.group(1)) >= 77, "setuptools reads SPDX `license` strings from 77 on"
