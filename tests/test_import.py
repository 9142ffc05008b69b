"""archive import: drafts from text, Markdown, HTML, DOCX and PDF, never public, never over a file."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from archive_helpers import archive_cmd, archive_env
from conftest import ROOT, make_doc, write_corpus
from import_fixtures import write_docx, write_pdf
from indexer.corpus.reader import load_corpus, read_document
from indexer.importing.run import ImportFailed, Importer
from indexer.importing.writer import DraftExists
from indexer.index.build import build_index, check_corpus
from indexer.search.archive import Archive
from indexer.search.request import SearchRequest

TESTIMONY = """Aigerim Serikkyzy was born in China. She moved to Kazakhstan in 2015.

In 2018 my brother Erlan Nurlanov was detained in Urumqi. In March 2019 he was sentenced to 10 years.
My mother lives in Almaty.
"""


def _front(path: Path) -> dict:
    text = path.read_text("utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def _import(corpus: Path, *files, out=None):
    importer = Importer(corpus)
    return importer.write(importer.plan([Path(f) for f in files], out or corpus / "documents"))


@pytest.fixture()
def corpus(tmp_path):
    return write_corpus(tmp_path / "corpus", {"kept": make_doc("kept", "A kept testimony.\n")})


def _person(meta, **match):
    return [p for p in meta["people"] if all(p.get(k) == v for k, v in match.items())]


def test_a_text_file_is_drafted_restricted_with_what_its_text_says(corpus, tmp_path):
    src = tmp_path / "aigerim.txt"
    src.write_text(TESTIMONY, "utf-8")
    [path] = _import(corpus, src)
    meta = _front(path)
    assert path == corpus / "documents" / "aigerim.md"
    assert (meta["status"], meta["access"], meta["language"]) == ("draft", "restricted", "en")
    assert meta["places"] == ["China", "Kazakhstan", "Urumqi", "Almaty"]
    assert _person(meta, role="narrator")[0]["name"] == "Aigerim Serikkyzy"
    [brother] = _person(meta, relation="brother")
    assert brother["name"] == "Erlan Nurlanov"
    assert {"event": "sentenced", "when": "2019-03", "term_years": 10,
            "text": "In March 2019 he was sentenced to 10 years."} in brother["events"]
    assert any(e["event"] == "detained" and e["when"] == "2018" for e in brother["events"])
    assert _person(meta, relation="mother")
    assert {d["when"] for d in meta["dates"]} == {"2015", "2018", "2019-03"}
    doc, problems = read_document(path, None)
    assert problems == [] and doc.restricted and doc.status == "draft"


@pytest.mark.parametrize("name, text, language, relation, person, place", [
    ("ru.txt", "Мой брат Ерлан Нурланов был задержан в Урумчи в 2018 году. Его приговорили к 10 годам.",
     "ru", "brother", "Ерлан Нурланов", "Urumqi"),
    ("kk.txt", "Менің інім Ерлан Нұрланұлы 2018 жылы Үрімшіде ұсталды. Ол 10 жылға сотталды.",
     "kk", "younger brother", "Ерлан Нұрланұлы", "Urumqi"),
    ("zh.txt", "我的哥哥叶尔兰·努尔兰在2018年在乌鲁木齐被拘留。他被判处10年。", "zh", "elder brother", "叶尔兰·努尔兰",
     "Urumqi"),
])
def test_each_language_gives_its_relatives_people_places_and_sentences(corpus, tmp_path, name, text, language,
                                                                      relation, person, place):
    src = tmp_path / name
    src.write_text(text, "utf-8")
    [path] = _import(corpus, src)
    meta = _front(path)
    assert meta["language"] == language and place in meta["places"]
    [relative] = _person(meta, relation=relation)
    assert relative["name"] == person
    sentenced = [e for e in relative["events"] if e["event"] == "sentenced"]
    assert sentenced and sentenced[0]["term_years"] == 10
    assert any(e["event"] == "detained" and e["when"] == "2018" for e in relative["events"])


def test_capitalised_words_that_are_no_names_are_no_people(corpus, tmp_path):
    src = tmp_path / "report.txt"
    src.write_text("Amnesty International published a report. The Chinese Embassy and the European Union "
                   "did not answer. Atajurt Eriktileri (Volunteers of the Fatherland) raised awareness.", "utf-8")
    [path] = _import(corpus, src)
    assert [p for p in _front(path)["people"] if p.get("name")] == []


def test_markdown_without_front_matter_is_drafted(corpus, tmp_path):
    src = tmp_path / "note.md"
    src.write_text("# A note\n\nMy husband was detained in Urumqi in 2017.\n", "utf-8")
    [path] = _import(corpus, src)
    meta = _front(path)
    assert meta["title"] == "A note" and _person(meta, relation="husband")[0]["events"][0]["event"] == "detained"
    assert "# A note" not in path.read_text("utf-8").split("---\n", 2)[2]


def test_html_body_leaves_out_captions_asides_and_read_more(corpus, tmp_path):
    src = tmp_path / "page.html"
    src.write_text("""<html><head><title>Site</title><meta property="article:published_time" content="2021-12-06">
    </head><body><nav><a href="/">Home</a> Almaty news</nav>
    <article><h1>My brother</h1><p>My brother was detained in Urumqi in 2018.</p>
    <figure><img src="a.jpg"><figcaption>A photo of the brother in Almaty</figcaption></figure>
    <p>He was sentenced to 10 years.</p>
    <aside class="related"><h3>Read more</h3><ul><li>Letter from Khorgos</li></ul></aside></article>
    <footer>Copyright Shanghai</footer></body></html>""", "utf-8")
    [path] = _import(corpus, src)
    meta = _front(path)
    body = path.read_text("utf-8").split("---\n", 2)[2]
    assert "detained in Urumqi" in body and "sentenced to 10 years" in body
    for kept_out in ("A photo of", "Letter from Khorgos", "Home", "Copyright"):
        assert kept_out not in body
    assert meta["captions"] == ["A photo of the brother in Almaty"]
    assert meta["title"] == "My brother" and meta["source"]["published"].isoformat() == "2021-12-06"


def test_docx_and_pdf_with_a_text_layer_are_drafted(corpus, tmp_path):
    docx_file = write_docx(tmp_path / "letter.docx", "A letter", ["My husband was detained in Urumqi in 2017."])
    pdf_file = write_pdf(tmp_path / "statement.pdf", ["My brother was sentenced to 10 years in 2019."])
    written = _import(corpus, docx_file, pdf_file)
    docx_meta, pdf_meta = (_front(p) for p in written)
    assert docx_meta["title"] == "A letter" and _person(docx_meta, relation="husband")
    assert _person(pdf_meta, relation="brother")[0]["events"][0]["term_years"] == 10


@pytest.mark.parametrize("name, content, says", [
    ("broken.docx", b"PK\x03\x04 not really a zip", "cannot be read as DOCX"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj <<", "cannot be read as PDF"),
    ("scan.pdf", None, "no text layer"),
])
def test_an_unreadable_file_is_named_and_nothing_is_written(corpus, tmp_path, name, content, says):
    good = tmp_path / "good.txt"
    good.write_text(TESTIMONY, "utf-8")
    bad = tmp_path / name
    if content is None:
        write_pdf(bad, [])
    else:
        bad.write_bytes(content)
    before = sorted(p.name for p in (corpus / "documents").iterdir())
    with pytest.raises(ImportFailed) as caught:
        _import(corpus, good, bad)
    [problem] = caught.value.problems
    assert problem.path == bad and says in problem.message
    assert sorted(p.name for p in (corpus / "documents").iterdir()) == before


def test_an_existing_file_is_never_overwritten(corpus, tmp_path):
    src = tmp_path / "kept.txt"
    src.write_text(TESTIMONY, "utf-8")
    kept = corpus / "documents" / "kept.md"
    before = kept.read_bytes()
    with pytest.raises(DraftExists) as caught:
        _import(corpus, src)
    assert str(kept) in str(caught.value) and kept.read_bytes() == before
    result = subprocess.run(archive_cmd("import", src, "--corpus", corpus), env=archive_env(), cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and f"{kept} already exists" in result.stderr
    assert kept.read_bytes() == before


def test_out_folder_takes_the_drafts(corpus, tmp_path):
    src = tmp_path / "aigerim.txt"
    src.write_text(TESTIMONY, "utf-8")
    result = subprocess.run(archive_cmd("import", src, "--corpus", corpus, "--out", tmp_path / "review"),
                            env=archive_env(), cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "review" / "aigerim.md").is_file() and not (corpus / "documents" / "aigerim.md").exists()


def test_a_draft_never_reaches_a_public_search(corpus, tmp_path):
    src = tmp_path / "aigerim.txt"
    src.write_text(TESTIMONY, "utf-8")
    [path] = _import(corpus, src)
    # A draft someone marked public is a problem of the check, and stays out of the public index.
    (corpus / "documents" / "public-draft.md").write_text(
        make_doc("public-draft", "Nurlanov public draft text.\n", status="draft"), "utf-8")
    assert _front(corpus / "documents" / "public-draft.md")["access"] == "public"
    load = load_corpus(corpus)
    assert any(p.path.name == "public-draft.md" and "a draft is restricted until it is published" in p.message
               for p in load.problems)
    index = tmp_path / "index"
    report = build_index(corpus, index, skip_bad=True, workers=1)
    assert report.indexed == 2 and report.public == 1
    request = SearchRequest.from_args({"q": "Nurlanov"})
    assert Archive(index, "public").search(request)["total"] == 0
    assert {r["id"] for r in Archive(index, "full").search(request)["results"]} == {"aigerim"}


def test_an_unknown_status_is_a_problem(corpus):
    (corpus / "documents" / "odd.md").write_text(make_doc("odd", "Text.\n", status="drafted"), "utf-8")
    load = load_corpus(corpus)
    assert any("unknown status 'drafted'" in p.message for p in load.problems)


def test_a_plain_text_file_in_the_corpus_is_reported_not_ignored(corpus):
    stray = corpus / "documents" / "new-testimony.txt"
    stray.write_text(TESTIMONY, "utf-8")
    for load in (check_corpus(corpus), load_corpus(corpus)):
        [problem] = [p for p in load.problems if p.path == stray]
        assert "archive import" in problem.message and stray in load.skipped
    result = subprocess.run(archive_cmd("check", "--corpus", corpus), env=archive_env(), cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and f"{stray}: a .txt file is not a corpus document" in result.stderr


def test_add_and_import_find_the_index_corpus_from_any_directory(corpus, tmp_path):
    index = tmp_path / "index"
    build_index(corpus, index, workers=1)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    src = elsewhere / "aigerim.txt"
    src.write_text(TESTIMONY, "utf-8")
    imported = subprocess.run(archive_cmd("import", src, "--index", index), env=archive_env(), cwd=elsewhere,
                              capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, imported.stderr
    draft = corpus / "documents" / "aigerim.md"
    assert draft.is_file()
    added = subprocess.run(archive_cmd("add", draft, "--index", index), env=archive_env(), cwd=elsewhere,
                           capture_output=True, text=True, timeout=120)
    assert added.returncode == 0, added.stderr
    assert Archive(index, "full").search(SearchRequest.from_args({"q": "Nurlanov"}))["total"] == 1


def test_a_file_outside_the_corpus_names_the_corpus_and_the_option(corpus, tmp_path):
    index = tmp_path / "index"
    build_index(corpus, index, workers=1)
    outside = tmp_path / "outside.md"
    outside.write_text(make_doc("outside", "Text.\n"), "utf-8")
    result = subprocess.run(archive_cmd("add", outside, "--index", index, "--corpus", "corpus"),
                            env=archive_env(), cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"outside the corpus directory {(tmp_path / 'corpus').resolve()}" in result.stderr
    assert "--corpus DIR" in result.stderr and "the corpus corpus" not in result.stderr


def test_an_import_killed_half_way_loses_nothing_stored(corpus, tmp_path):
    """The import is killed while it writes its second draft: the stored documents are intact, the
    first draft is whole, no half-written document is left, and the next import goes ahead."""
    sources = []
    for i in range(3):
        src = tmp_path / f"t{i}.txt"
        src.write_text(TESTIMONY, "utf-8")
        sources.append(src)
    kept = corpus / "documents" / "kept.md"
    before = kept.read_bytes()
    slow = ("import os, sys, time\n"
            "import indexer.importing.writer as w\n"
            "real, calls = w.os.fsync, []\n"
            "def fsync(fd):\n"
            "    calls.append(fd)\n"
            "    if len(calls) == 2:\n"
            "        print('writing', flush=True); time.sleep(60)\n"
            "    real(fd)\n"
            "w.os.fsync = fsync\n"
            "from indexer.cli import main\n"
            "main()\n")
    process = subprocess.Popen([sys.executable, "-c", slow, "import", *sources, "--corpus", corpus],
                               env=archive_env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        assert process.stdout.readline().strip() == "writing"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    documents = corpus / "documents"
    assert kept.read_bytes() == before
    drafts = sorted(p.name for p in documents.glob("*.md"))
    assert drafts == ["kept.md", "t0.md"]
    assert read_document(documents / "t0.md", None)[1] == []
    load = check_corpus(corpus)
    assert load.problems == [] and {d.id for d in load.documents} == {"kept", "t0"}
    (documents / "t0.md").unlink()
    assert [p.name for p in _import(corpus, *sources)] == ["t0.md", "t1.md", "t2.md"]
    assert list(documents.glob(".import-*")) == []


CSV = """Entry,Name,Gender,Age,Place,Status,Source
101,Erlan Nurlanuly,male,45,Urumqi,detained,Xinjiang Victims Database
102,Gulnar Serikkyzy,female,30,Nowhereville,sentenced to 10 years,Xinjiang Victims Database
103,,female,abc,Almaty,missing,Xinjiang Victims Database
"""
MAPPING = """rows: person
id_prefix: xjvd
columns: {id: Entry, name: Name, gender: Gender, age: Age, place: Place, status: Status, source: Source}
source: {publisher: shahit.biz}
"""


def _csv(tmp_path, rows=CSV, mapping=MAPPING):
    (tmp_path / "victims.csv").write_text(rows, "utf-8")
    (tmp_path / "map.yaml").write_text(mapping, "utf-8")
    return tmp_path / "victims.csv", tmp_path / "map.yaml"


def test_spreadsheet_problems_name_row_and_column_and_nothing_is_written(corpus, tmp_path):
    rows, mapping = _csv(tmp_path)
    before = sorted(p.name for p in (corpus / "documents").iterdir())
    result = subprocess.run(archive_cmd("import", "--csv", rows, "--mapping", mapping, "--corpus", corpus),
                            env=archive_env(), cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"{rows}:3: row 3, column 'Place': unknown place 'Nowhereville'" in result.stderr
    assert f"{rows}:4: row 4, column 'Name': empty" in result.stderr
    assert f"{rows}:4: row 4, column 'Age': 'abc' is not a whole number" in result.stderr
    assert "nothing was written" in result.stderr
    assert sorted(p.name for p in (corpus / "documents").iterdir()) == before


def test_spreadsheet_rows_become_restricted_drafts(corpus, tmp_path):
    rows, mapping = _csv(tmp_path, CSV.replace("Nowhereville", "Almaty").rsplit("\n", 2)[0] + "\n")
    result = subprocess.run(archive_cmd("import", "--csv", rows, "--mapping", mapping, "--corpus", corpus),
                            env=archive_env(), cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    meta = _front(corpus / "documents" / "xjvd-102.md")
    assert (meta["status"], meta["access"], meta["places"]) == ("draft", "restricted", ["Almaty"])
    [person] = meta["people"]
    assert person["name"] == "Gulnar Serikkyzy" and person["note"] == "gender: female; age: 30"
    assert person["events"] == [{"event": "sentenced", "place": "Almaty", "term_years": 10,
                                 "text": "sentenced to 10 years"}]
    assert meta["source"]["title"] == "Xinjiang Victims Database" and meta["source"]["publisher"] == "shahit.biz"
    assert check_corpus(corpus).problems == []


def test_a_mapping_naming_a_missing_column_or_unknown_field_is_refused(corpus, tmp_path):
    rows, mapping = _csv(tmp_path, mapping=MAPPING.replace("gender: Gender", "gender: Sex, colour: Colour"))
    with pytest.raises(ImportFailed) as caught:
        from indexer.importing.spreadsheet import drafts_of_csv
        drafts_of_csv(rows, mapping, corpus / "documents", Importer(corpus))
    assert any("unknown field 'colour'" in p.message and p.path == mapping for p in caught.value.problems)


def test_a_list_of_relations_shares_its_possessive(corpus, tmp_path):
    src = tmp_path / "family.txt"
    src.write_text("Aigerim Serikkyzy was born in China. In 2018, her husband, mother-in-law and two children "
                   "moved to Kazakhstan.\n\nMy uncle and cousin were detained in 2019.", "utf-8")
    [path] = _import(corpus, src)
    relations = [p["relation"] for p in _front(path)["people"] if p.get("relation")]
    assert relations == ["husband", "mother-in-law", "children", "uncle", "cousin"]


def test_an_import_is_in_the_audit_log(corpus, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from indexer.cli import main

    monkeypatch.setenv("ARCHIVE_USER", "aigerim")
    src = tmp_path / "aigerim.txt"
    src.write_text(TESTIMONY, "utf-8")
    index = tmp_path / "index"
    runner = CliRunner()
    imported = runner.invoke(main, ["import", str(src), "--corpus", str(corpus), "--index", str(index)])
    assert imported.exit_code == 0, imported.output
    [draft] = [Path(line.split(" ", 1)[1]) for line in imported.output.splitlines() if line.startswith("drafted ")]
    logged = runner.invoke(main, ["log", "--index", str(index)]).output.strip().splitlines()
    assert [line.split()[1:4] for line in logged] == [["aigerim", "imported", draft.stem]]
