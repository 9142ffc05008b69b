"""The corpus reader: good files become Documents; every fault is reported with its file and line."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.corpus import reader as corpus_module
from indexer.corpus.reader import MAX_BYTES, load_corpus, read_document, read_documents
from indexer.places.gazetteer import Gazetteer, load_gazetteer

PLACES = """\
places:
  - id: kazakhstan
    name: Kazakhstan
    kind: country
    aliases:
      ru: [Казахстан]
  - id: china
    name: China
    kind: country
  - id: almaty
    name: Almaty
    kind: city
    within: kazakhstan
    aliases:
      en: [Alma-Ata]
      ru: [Алматы]
"""

# Line numbers matter: the problem tests below replace single lines of this document.
DOC = """\
---
id: doc-one
type: testimony
title: Kumyskhan Baban
language: en
access: public
source:
  title: The Kazakh families searching for loved ones
  publisher: New East Digital Archive
  published: 2021-12-06
people:
  - name: Kumyskhan Baban
    role: narrator
  - role: mentioned
    relation: brother
    events:
      - {event: detained, when: "2018", place: alma ata, text: taken away}
places: [China, kazakhstan, Казахстан]
dates:
  - {text: "In 2018", when: "2018"}
captions:
  - Her brother, photographed in 2016
---
In March 2019 he sang a song. At the beginning of 2017, my husband left.
In February of this year, I was detained. For over 300 days, 60 songs, 12 years.
"""


def make_doc(replace: dict[int, str] | None = None, base: str = DOC) -> str:
    """DOC with some 1-based lines replaced (a value of None deletes the line)."""
    lines = base.split("\n")
    for number, text in sorted((replace or {}).items(), reverse=True):
        if text is None:
            del lines[number - 1]
        else:
            lines[number - 1] = text
    return "\n".join(lines)


def make_corpus(root: Path, docs: dict[str, str | bytes], places: str | None = PLACES) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if places is not None:
        (root / "places.yaml").write_text(places, "utf-8")
    for name, content in docs.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    return root


@pytest.fixture
def gazetteer(tmp_path):
    gaz, problems = load_gazetteer(make_corpus(tmp_path / "g", {}) / "places.yaml")
    assert problems == []
    return gaz


def read_one(tmp_path, content, gazetteer, name="doc.md"):
    root = make_corpus(tmp_path / "c", {name: content})
    return read_document(root / name, gazetteer, corpus_root=root)


# -- a good document --------------------------------------------------------

def test_good_document(tmp_path, gazetteer):
    doc, problems = read_one(tmp_path, DOC, gazetteer)
    assert problems == []
    assert doc.id == "doc-one" and doc.type == "testimony" and doc.language == "en"
    assert doc.source.published.isoformat() == "2021-12-06"
    assert doc.places == ["China", "Kazakhstan"]              # canonical, deduplicated, in order
    assert [p.name for p in doc.people] == ["Kumyskhan Baban", None]
    assert doc.people[1].relation == "brother"
    assert doc.people[1].events[0].place == "Almaty"
    assert doc.people[1].events[0].when == "2018"
    assert doc.captions == ["Her brother, photographed in 2016"]
    assert doc.body.startswith("In March 2019")
    # dates, event whens, body and captions; not the publication date, not 300/60/12
    assert doc.years == [2016, 2017, 2018, 2019, 2021]
    assert doc.year_months == ["2019-03", "2021-02"]


def test_years_do_not_include_the_publication_date(tmp_path, gazetteer):
    doc, _ = read_one(tmp_path, make_doc({17: "      - {event: detained}", 20: "  - {text: x, when: '2010'}",
                                           22: "  - caption", 24: "Nothing dated.", 25: ""}), gazetteer)
    assert doc.years == [2010] and doc.year_months == []


def test_russian_and_kazakh_bodies(tmp_path, gazetteer):
    ru = make_doc({5: "language: ru", 24: "Брата задержали в марте 2019 года.", 25: ""})
    kk = make_doc({5: "language: kk", 24: "2019 жылғы наурызда ұсталды. 2019 жылы наурызда.", 25: ""})
    for text in (ru, kk):
        doc, problems = read_one(tmp_path, text, gazetteer)
        assert problems == []
        assert "2019-03" in doc.year_months and 2019 in doc.years


def test_optional_fields(tmp_path, gazetteer):
    text = make_doc({18: None, 19: None, 20: None, 21: None, 22: None})
    text = text.replace("people:", "part_of: kazakh-families-2021\ncredits:\n  - {name: Ofeliya Zhakayeva, "
                                   "role: photos}\nnotes: checked\npeople:")
    doc, problems = read_one(tmp_path, text, gazetteer)
    assert problems == []
    assert doc.part_of == "kazakh-families-2021" and doc.notes == "checked"
    assert doc.credits == [{"name": "Ofeliya Zhakayeva", "role": "photos"}]
    assert doc.places == [] and doc.dates == [] and doc.captions == []


def test_restricted_person_and_document(tmp_path, gazetteer):
    doc, problems = read_one(tmp_path, make_doc({6: "access: restricted", 15: "    access: restricted"}),
                             gazetteer)
    assert problems == []
    assert doc.restricted and doc.people[1].restricted and not doc.people[0].restricted


def test_empty_people_list_is_fine(tmp_path, gazetteer):
    doc, problems = read_one(tmp_path, make_doc({11: "people: []", **{n: None for n in range(12, 18)}}),
                             gazetteer)
    assert problems == [] and doc.people == []


# -- keys the format does not define ------------------------------------------

@pytest.mark.parametrize("replace, line, fragment", [
    # a restricted person misspelt: it must never pass as public
    ({15: "    acess: restricted"}, 15, "unknown key 'acess' in a person — did you mean 'access'?"),
    ({15: "    Access: restricted"}, 15, "unknown key 'Access' in a person — did you mean 'access'?"),
    ({15: "    restricted: true"}, 15, "unknown key 'restricted' in a person — did you mean 'access: restricted'?"),
    ({6: "acess: restricted"}, 6, "unknown key 'acess' — did you mean 'access'?"),
    ({12: "  - naem: Kumyskhan Baban"}, 12, "unknown key 'naem' in a person — did you mean 'name'?"),
    ({18: "plcaes: [China]"}, 18, "unknown key 'plcaes' — did you mean 'places'?"),
    ({8: "  titel: The Kazakh families"}, 8, "unknown key 'titel' in 'source' — did you mean 'title'?"),
    ({17: "      - {event: detained, wen: '2018'}"}, 17, "unknown key 'wen' in an event — did you mean 'when'?"),
    ({20: "  - {text: In 2018, when: '2018', wehn: x}"}, 20, "unknown key 'wehn' in a date"),
    ({18: "future_field: {anything: [1, 2]}"}, 18, "unknown key 'future_field' (expected id, type"),
    ({18: "true: 1"}, 18, "unknown key 'True'"),
    # access takes exactly public or restricted, and is never left empty
    ({15: "    access:"}, 15, "'access' is empty (expected public | restricted)"),
    ({15: "    access: Restricted"}, 15, "unknown access 'Restricted'"),
    ({15: "    access: true"}, 15, "'access' must be a string, not true/false"),
])
def test_unknown_keys_are_problems_with_a_suggestion(tmp_path, gazetteer, replace, line, fragment):
    doc, problems = read_one(tmp_path, make_doc(replace), gazetteer)
    assert doc is None
    assert any(p.line == line and fragment in p.message for p in problems), problems


def test_misspelt_title_is_named_besides_the_missing_one(tmp_path, gazetteer):
    _doc, problems = read_one(tmp_path, make_doc({4: "titel: Kumyskhan Baban"}), gazetteer)
    assert {(p.line, p.message) for p in problems} == {
        (4, "unknown key 'titel' — did you mean 'title'?"), (2, "missing required field 'title'")}


def test_unknown_key_in_a_credit(tmp_path, gazetteer):
    text = make_doc().replace("people:", "credits:\n  - {name: Ofeliya Zhakayeva, rolle: photos}\npeople:")
    _doc, problems = read_one(tmp_path, text, gazetteer)
    assert [p.message for p in problems] == ["unknown key 'rolle' in a credit — did you mean 'role'?"]


def test_a_misspelt_restricted_person_is_never_indexed(tmp_path):
    from conftest import make_doc as corpus_doc, write_corpus
    from indexer.index.build import CorpusHasErrors, build_index

    text = corpus_doc("misspelt", "Her cousin Quorvin Blenmar was there.\n",
                      people=[{"name": "Quorvin Blenmar", "role": "mentioned", "acess": "restricted"}])
    corpus = write_corpus(tmp_path / "corpus", {"misspelt": text})
    with pytest.raises(CorpusHasErrors) as caught:
        build_index(corpus, tmp_path / "index")
    assert ["did you mean 'access'" in p.message for p in caught.value.problems] == [True]


# -- one problem per kind, at the right line ---------------------------------

@pytest.mark.parametrize("replace, line, fragment", [
    # YAML errors: the parser's line, offset by the front matter's start
    ({4: "title: [unclosed"}, 5, "invalid YAML"),
    ({9: "  publisher: New East: Digital"}, 9, "invalid YAML"),
    ({4: "title: Kumyskhan", 5: "title: again"}, 5, "first at line 4"),
    # missing fields: the line of the mapping that lacks them
    ({2: None}, 2, "missing required field 'id'"),
    ({4: None}, 2, "missing required field 'title'"),
    ({4: "title:"}, 4, "missing required field 'title'"),
    ({4: "title: ''"}, 4, "'title' must not be empty"),
    ({8: None}, 8, "missing required field 'source.title'"),
    ({10: None}, 8, "missing required field 'source.published'"),
    ({11: "people:", **{n: None for n in range(12, 18)}}, 11, "missing required field 'people'"),
    ({13: None}, 12, "missing required field 'role'"),
    ({17: "      - {when: '2018'}"}, 17, "missing required field 'event'"),
    ({20: "  - {text: In 2018}"}, 20, "missing required field 'when'"),
    # wrong types
    ({11: "people: Kumyskhan", **{n: None for n in range(12, 18)}}, 11, "'people' must be a list"),
    ({4: "title: [a, b]"}, 4, "'title' must be a string, not a list"),
    ({4: "title: 1984"}, 4, "'title' must be a string, not a number"),
    ({2: "id: Doc One"}, 2, "is not a slug"),
    ({2: "id: -doc"}, 2, "is not a slug"),
    ({2: "id: 2021"}, 2, "'id' must be a string"),
    ({5: "language: English language"}, 5, "not a BCP 47 tag"),
    ({7: "source: New East", 8: None, 9: None, 10: None}, 7, "'source' must be a mapping"),
    ({12: "  - Kumyskhan Baban", 13: None}, 12, "each of 'people' must be a mapping"),
    ({17: "      - {event: sentenced, term_years: ten}"}, 17, "'term_years' must be a whole number"),
    ({22: "  - [a caption]"}, 22, "each of 'captions' must be a string"),
    ({18: "places: China"}, 18, "'places' must be a list"),
    # values outside the model's vocabularies
    ({3: "type: interview"}, 3, "unknown type 'interview'"),
    ({6: "access: secret"}, 6, "unknown access 'secret'"),
    ({13: "    role: witness"}, 13, "unknown role 'witness'"),
    ({17: "      - {event: kidnapped}"}, 17, "unknown event 'kidnapped'"),
    # places not in the gazetteer
    ({18: "places: [China, Atlantis]"}, 18, "unknown place 'Atlantis'"),
    ({17: "      - {event: detained, place: Gotham}"}, 17, "unknown place 'Gotham'"),
    # dates
    ({20: "  - {text: x, when: March 2019}"}, 20, "is not YYYY, YYYY-MM"),
    ({20: "  - {text: x, when: '2019-3'}"}, 20, "is not YYYY, YYYY-MM"),
    ({20: "  - {text: x, when: '2009-2010'}"}, 20, "is not YYYY, YYYY-MM"),
    ({20: "  - {text: x, when: '1899'}"}, 20, "outside 1900"),
    ({20: "  - {text: x, when: '2999/3000'}"}, 20, "outside 1900"),
    ({20: "  - {text: x, when: '2019-13'}"}, 20, "not a real month"),
    ({17: "      - {event: detained, when: '2019-02-30'}"}, 17, "not a real day"),
    ({10: "  published: 6 December 2021"}, 10, "'source.published' must be a date YYYY-MM-DD"),
    ({10: "  published: 2021-02-30"}, 10, "'source.published' must be a date YYYY-MM-DD"),
    ({10: "  published: 2021-12"}, 10, "'source.published' must be a date YYYY-MM-DD"),
])
def test_field_problems(tmp_path, gazetteer, replace, line, fragment):
    doc, problems = read_one(tmp_path, make_doc(replace), gazetteer)
    assert doc is None
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.path.name == "doc.md"
    assert (problem.line, fragment) == (line, fragment) and fragment in problem.message, problem
    assert str(problem).startswith(f"{problem.path}:{line}: ")


def test_every_field_problem_is_reported_at_once(tmp_path, gazetteer):
    doc, problems = read_one(tmp_path, make_doc({3: "type: interview", 6: "access: secret",
                                                 18: "places: [Atlantis]"}), gazetteer)
    assert doc is None and [p.line for p in problems] == [3, 6, 18]


def test_unquoted_dates_are_accepted(tmp_path, gazetteer):
    doc, problems = read_one(tmp_path, make_doc({20: "  - {text: In 2018, when: 2018}",
                                                 17: "      - {event: detained, when: 2019-03-05}"}), gazetteer)
    assert problems == []
    assert doc.dates[0].when == "2018" and doc.people[1].events[0].when == "2019-03-05"


# -- problems with the file itself --------------------------------------------

def test_missing_front_matter(tmp_path, gazetteer):
    _, problems = read_one(tmp_path, "# Just markdown\n", gazetteer)
    assert [(p.line, "no front matter" in p.message) for p in problems] == [(1, True)]


def test_unclosed_front_matter(tmp_path, gazetteer):
    _, problems = read_one(tmp_path, "---\nid: x\n", gazetteer)
    assert problems[0].line == 1 and "never closed" in problems[0].message


def test_empty_front_matter(tmp_path, gazetteer):
    _, problems = read_one(tmp_path, "---\n---\nbody\n", gazetteer)
    assert problems[0].line == 2 and "empty" in problems[0].message


def test_front_matter_not_a_mapping(tmp_path, gazetteer):
    _, problems = read_one(tmp_path, "---\n- a\n- b\n---\nbody\n", gazetteer)
    assert problems[0].line == 2 and "not a mapping" in problems[0].message


def test_not_utf8_gives_the_line_of_the_bad_byte(tmp_path, gazetteer):
    data = make_doc().encode("utf-8").replace(b"Kumyskhan Baban\n", "Kumyskhan Bab\u00e1n\n".encode("cp1252"), 1)
    doc, problems = read_one(tmp_path, data, gazetteer)
    assert doc is None and len(problems) == 1
    assert problems[0].line == 4 and "not UTF-8" in problems[0].message


def test_binary_file(tmp_path, gazetteer):
    _, problems = read_one(tmp_path, b"---\nid: x\n\x00\x01\x02", gazetteer)
    assert problems[0].line == 3 and "binary" in problems[0].message


def test_file_over_the_size_limit(tmp_path, gazetteer):
    text = make_doc() + "x" * (MAX_BYTES + 1)
    _, problems = read_one(tmp_path, text, gazetteer)
    assert len(problems) == 1
    assert "over the 5 MB limit" in problems[0].message and f"{len(text.encode()):,} bytes" in problems[0].message


def test_symlink_outside_the_corpus(tmp_path, gazetteer):
    outside = tmp_path / "elsewhere.md"
    outside.write_text(DOC, "utf-8")
    root = make_corpus(tmp_path / "c", {"inside.md": DOC.replace("doc-one", "doc-two")})
    (root / "link.md").symlink_to(outside)
    (root / "ok-link.md").symlink_to(root / "inside.md")
    (root / "broken.md").symlink_to(root / "missing.md")
    _, problems = read_document(root / "link.md", gazetteer, corpus_root=root)
    assert "outside the corpus" in problems[0].message and problems[0].path == root / "link.md"
    _, problems = read_document(root / "broken.md", gazetteer, corpus_root=root)
    assert "broken symlink" in problems[0].message
    doc, problems = read_document(root / "ok-link.md", gazetteer, corpus_root=root)
    assert problems == [] and doc.id == "doc-two"
    doc, problems = read_document(root / "link.md", gazetteer)           # no corpus root: no check
    assert problems == []


def test_byte_order_mark_and_crlf_are_tolerated(tmp_path, gazetteer):
    data = b"\xef\xbb\xbf" + make_doc().replace("\n", "\r\n").encode("utf-8")
    doc, problems = read_one(tmp_path, data, gazetteer)
    assert problems == [] and doc.title == "Kumyskhan Baban"


def test_without_a_gazetteer_places_are_kept_as_written(tmp_path):
    doc, problems = read_one(tmp_path, DOC, None)
    assert problems == [] and doc.places == ["China", "kazakhstan", "Казахстан"]


# -- the whole corpus -----------------------------------------------------------

def test_load_corpus_reads_everything_recursively(tmp_path):
    root = make_corpus(tmp_path / "c", {
        "documents/b.md": make_doc({2: "id: b"}),
        "documents/a.md": make_doc({2: "id: a"}),
        "documents/deep/er/c.md": make_doc({2: "id: c"}),
        "documents/README.md": "# About these documents\n",
        "README.md": "no front matter here",
        "documents/notes.json": "not a document",
        "documents/notes.txt": "received text, never passed over in silence",
        ".git/x.md": "not a document either",
        ".git/y.txt": "in a hidden folder",
    })
    load = load_corpus(root)
    assert [(p.path, "archive import" in p.message) for p in load.problems] == [(root / "documents/notes.txt", True)]
    assert load.skipped == [root / "documents/notes.txt"]
    assert [d.id for d in load.documents] == ["a", "b", "c"]
    assert load.documents[0].path == root / "documents/a.md"
    assert load.gazetteer is not None and load.gazetteer.resolve("Alma-Ata").name == "Almaty"


def test_load_corpus_collects_all_problems_of_all_files(tmp_path):
    root = make_corpus(tmp_path / "c", {
        "1-good.md": make_doc({2: "id: good"}),
        "2-types.md": make_doc({2: "id: types", 3: "type: interview", 18: "places: [Atlantis]"}),
        "3-yaml.md": make_doc({2: "id: [broken"}),
        "4-binary.md": b"\x00\x00",
        "5-latin1.md": "---\nid: x\ntitle: caf\u00e9\n---\n".encode("latin-1"),
        "6-nofm.md": "just text",
    })
    load = load_corpus(root)
    assert [d.id for d in load.documents] == ["good"]
    assert [p.name for p in load.skipped] == ["2-types.md", "3-yaml.md", "4-binary.md", "5-latin1.md", "6-nofm.md"]
    located = [(p.path.name, p.line) for p in load.problems]
    assert located == [("2-types.md", 3), ("2-types.md", 18), ("3-yaml.md", 3), ("4-binary.md", 1),
                       ("5-latin1.md", 3), ("6-nofm.md", 1)]
    # YAML reports where parsing stopped, and names the line of the unclosed "[".
    assert "flow sequence (line 2)" in load.problems[2].message


def test_duplicate_ids_name_the_first_file_and_line(tmp_path):
    root = make_corpus(tmp_path / "c", {
        "a.md": make_doc(),
        "b.md": make_doc({2: "title: Another", 3: "id: doc-one", 4: "type: article"}),
    })
    load = load_corpus(root)
    assert [d.path.name for d in load.documents] == ["a.md"]
    assert load.skipped == [root / "b.md"]
    [problem] = load.problems
    assert problem.path == root / "b.md" and problem.line == 3
    assert "duplicate id 'doc-one'" in problem.message and f"{root / 'a.md'}:2" in problem.message


def test_duplicate_id_of_a_broken_file_still_counts(tmp_path):
    root = make_corpus(tmp_path / "c", {"a.md": make_doc({3: "type: interview"}), "b.md": make_doc()})
    load = load_corpus(root)
    assert load.documents == []
    assert [(p.path.name, p.line) for p in load.problems] == [("a.md", 3), ("b.md", 2)]


def test_missing_gazetteer(tmp_path):
    root = make_corpus(tmp_path / "c", {"a.md": make_doc()}, places=None)
    load = load_corpus(root)
    assert load.gazetteer is None
    assert [(p.path.name, p.line) for p in load.problems] == [("places.yaml", None)]
    assert "not found" in load.problems[0].message
    assert [d.id for d in load.documents] == ["doc-one"]            # documents are still checked


def test_broken_gazetteer(tmp_path):
    root = make_corpus(tmp_path / "c", {"a.md": make_doc()}, places="places: [\n")
    load = load_corpus(root)
    assert load.gazetteer is None
    assert load.problems[0].path.name == "places.yaml" and "invalid YAML" in load.problems[0].message


def test_partly_broken_gazetteer_still_checks_places(tmp_path):
    places = PLACES + "  - id: china\n    name: China again\n    kind: country\n"
    root = make_corpus(tmp_path / "c", {"a.md": make_doc({18: "places: [China, Atlantis]"})}, places=places)
    load = load_corpus(root)
    assert load.gazetteer is None                                     # a build must not go ahead
    assert [(p.path.name, p.line) for p in load.problems] == [("places.yaml", 17), ("a.md", 18)]


def test_a_given_gazetteer_is_used(tmp_path, gazetteer):
    root = make_corpus(tmp_path / "c", {"a.md": make_doc()}, places=None)
    load = load_corpus(root, gazetteer)
    assert load.problems == [] and load.gazetteer is gazetteer


def test_missing_corpus_dir_is_a_problem(tmp_path):
    load = load_corpus(tmp_path / "nope")
    assert load.documents == [] and "not found" in load.problems[0].message


def test_symlinked_file_leaving_the_corpus_is_skipped(tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text(make_doc({2: "id: outside"}), "utf-8")
    root = make_corpus(tmp_path / "c", {"a.md": make_doc()})
    (root / "b.md").symlink_to(outside)
    (root / "loop").symlink_to(root, target_is_directory=True)      # folders are not followed
    load = load_corpus(root)
    assert [d.id for d in load.documents] == ["doc-one"]
    assert load.skipped == [root / "b.md"] and "outside the corpus" in load.problems[0].message


# -- a subset, as `archive add` reads it -----------------------------------------

def test_read_documents_checks_ids_against_the_whole_corpus(tmp_path):
    root = make_corpus(tmp_path / "c", {
        "documents/a.md": make_doc(),
        "documents/b.md": make_doc({2: "id: b"}),
        "documents/new.md": make_doc({2: "id: new"}),
        "documents/clash.md": make_doc(),
        "documents/broken.md": make_doc({2: "id: broken", 3: "type: x"}),
    })
    load = read_documents([root / "documents/new.md", root / "documents/b.md"], root)
    assert load.problems == [] and [d.id for d in load.documents] == ["new", "b"]
    assert load.gazetteer is not None

    load = read_documents([root / "documents/clash.md"], root)
    assert load.documents == [] and load.skipped == [root / "documents/clash.md"]
    [problem] = load.problems
    assert problem.line == 2 and f"{root / 'documents/a.md'}:2" in problem.message

    load = read_documents([root / "documents/broken.md"], root)
    assert [(p.path.name, p.line) for p in load.problems] == [("broken.md", 3)]


def test_read_documents_refuses_files_outside_the_corpus(tmp_path):
    root = make_corpus(tmp_path / "c", {"a.md": make_doc()})
    stray = tmp_path / "stray.md"
    stray.write_text(make_doc({2: "id: stray"}), "utf-8")
    load = read_documents([stray], root)
    assert load.documents == [] and "outside the corpus" in load.problems[0].message


def test_read_documents_same_file_twice_is_read_once(tmp_path, monkeypatch):
    root = make_corpus(tmp_path / "c", {"a.md": make_doc()})
    monkeypatch.chdir(root)
    load = read_documents([Path("a.md"), root / "a.md"], root)
    assert load.problems == [] and len(load.documents) == 1


# -- never raises ----------------------------------------------------------------

@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """A module-scoped folder: Hypothesis reruns a test many times within one function-scoped fixture."""
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000))
def test_read_document_never_raises_on_arbitrary_bytes(scratch, data):
    path = scratch / "fuzz.md"
    path.write_bytes(data)
    doc, problems = read_document(path, None, corpus_root=scratch)
    assert (doc is None) == bool(problems)


_yaml_bits = st.sampled_from([
    "id: x", "id: [", "type: article", "title: t", "language: en", "access: public", "people: []",
    "people:", "  - role: narrator", "  - {event: x, when: '2019'}", "source:", "  published: 2021-02-30",
    "  title: t", "places: [China]", "dates: [{when: 1899}]", "&a [*a]", "!!python/object:os.system x",
    "? [a]\n: b", "key: {", "- -", "\t", "'", "\"\\x\"", "a: &x 1\nb: *x", "<<: {a: 1}", "[[[[[[[[[[",
])


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.one_of(_yaml_bits, st.text(max_size=30)), max_size=15), body=st.text(max_size=200))
def test_read_document_never_raises_on_odd_front_matter(scratch, lines, body):
    path = scratch / "fuzz-fm.md"
    path.write_text("---\n" + "\n".join(lines) + "\n---\n" + body, "utf-8", errors="surrogatepass")
    doc, problems = read_document(path, Gazetteer(), corpus_root=scratch)
    assert (doc is None) == bool(problems)
    assert all(p.line is None or p.line >= 1 for p in problems)


def test_deep_nesting_is_a_problem_not_a_crash(tmp_path, gazetteer):
    _, problems = read_one(tmp_path, "---\nid: " + "[" * 5000 + "\n---\n", gazetteer)
    assert problems and problems[0].line == 2


def test_reader_bug_becomes_a_problem(tmp_path, gazetteer, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("boom")
    monkeypatch.setattr(corpus_module, "extract_dates", boom)
    doc, problems = read_one(tmp_path, DOC, gazetteer)
    assert doc is None and "boom" in problems[0].message


# -- links and withholding -----------------------------------------------------

@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", " javascript:x",
                                 "data:text/html,<script>x</script>", "//evil.example/x", "ftp://example.org/x",
                                 "https://", "https://example.org/a b", "vbscript:msgbox"])
def test_source_url_must_be_a_web_address(tmp_path, gazetteer, url):
    doc, problems = read_one(tmp_path, make_doc({10: f"  published: 2021-12-06\n  url: {url!r}"}), gazetteer)
    assert doc is None
    assert [(p.line, "only http:// and https://" in p.message) for p in problems] == [(11, True)], problems


@pytest.mark.parametrize("url", ["https://example.org/a?b=1#c", "http://EXAMPLE.org", "HTTPS://x.org/%20"])
def test_web_addresses_are_kept(tmp_path, gazetteer, url):
    doc, problems = read_one(tmp_path, make_doc({10: f"  published: 2021-12-06\n  url: {url!r}"}), gazetteer)
    assert problems == [] and doc.source.url == url


@pytest.mark.parametrize("lines, line, fragment", [
    ({15: "    withhold: sentence"}, 15, "'withhold' is for a restricted person"),
    ({15: "    access: restricted\n    withhold: paragraph"}, 16, "unknown withhold 'paragraph'"),
])
def test_withhold_problems(tmp_path, gazetteer, lines, line, fragment):
    doc, problems = read_one(tmp_path, make_doc(lines), gazetteer)
    assert doc is None and [(p.line, fragment in p.message) for p in problems] == [(line, True)], problems


def test_withhold_sentence_on_a_restricted_person(tmp_path, gazetteer):
    doc, problems = read_one(tmp_path, make_doc({15: "    access: restricted\n    withhold: sentence"}), gazetteer)
    assert problems == [] and doc.people[1].withhold == "sentence"
    doc, _ = read_one(tmp_path, make_doc({15: "    access: restricted"}), gazetteer)
    assert doc.people[1].withhold is None
