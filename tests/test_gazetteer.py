"""The gazetteer: every spelling of a place finds it, and every fault in places.yaml is located."""
from __future__ import annotations

import textwrap
import unicodedata

import pytest

from indexer.places.gazetteer import Gazetteer, load_gazetteer, parse_yaml
from indexer.places.gazetteer import Place

GOOD = """\
places:
  - id: kazakhstan
    name: Kazakhstan
    kind: country
    aliases:
      ru: [Казахстан]
      kk: [Қазақстан]
  - id: almaty
    name: Almaty
    kind: city
    within: kazakhstan
    aliases:
      en: [Alma-Ata, Almaty City]
      ru: [Алматы, Алма-Ата]
      kk: [Алматы]
      zh: [阿拉木图]
  - id: urumqi
    name: Ürümqi
    kind: city
    aliases:
      en: Urumqi
"""


def write(tmp_path, text: str):
    path = tmp_path / "places.yaml"
    path.write_text(textwrap.dedent(text), "utf-8")
    return path


@pytest.fixture
def gazetteer(tmp_path) -> Gazetteer:
    gaz, problems = load_gazetteer(write(tmp_path, GOOD))
    assert problems == []
    return gaz


@pytest.mark.parametrize("spelling", [
    "almaty", "Almaty", "ALMATY", "Alma-Ata", "alma-ata", "Alma Ata", "almaata", "Alma–Ata",
    "АЛМАТЫ", "алматы", "Алма Ата", "almaty city", "Almaty-City", "阿拉木图", "  Almaty  ",
])
def test_every_spelling_resolves(gazetteer, spelling):
    assert gazetteer.resolve(spelling).id == "almaty"


def test_folding_covers_unicode_normalisation_and_apostrophes(gazetteer):
    assert gazetteer.resolve(unicodedata.normalize("NFD", "Қазақстан")).id == "kazakhstan"
    assert gazetteer.resolve(unicodedata.normalize("NFD", "ürümqi")).id == "urumqi"
    assert gazetteer.resolve("Urumqi").id == "urumqi"          # a single alias string is accepted
    gaz = Gazetteer([Place(id="shymkent", name="Shymkent", kind="city", aliases={"en": ["Chimkent"]}),
                     Place(id="kyzylorda", name="Kyzylorda", kind="city", aliases={"en": ["Qyzyl'orda"]})])
    assert gaz.resolve("Qyzyl’orda").id == "kyzylorda"
    assert gaz.resolve("qyzyl orda").id == "kyzylorda"


def test_unknown_names_do_not_resolve(gazetteer):
    for name in ("Astana", "", "   ", "-", None, 42):
        assert gazetteer.resolve(name) is None


def test_places_and_get(gazetteer):
    assert [p.id for p in gazetteer.places] == ["kazakhstan", "almaty", "urumqi"]
    almaty = gazetteer.get("almaty")
    assert almaty.name == "Almaty" and almaty.kind == "city" and almaty.within == "kazakhstan"
    assert almaty.aliases["ru"] == ["Алматы", "Алма-Ата"]
    assert gazetteer.get("Almaty") is None                      # get is by id only
    assert gazetteer.get("nowhere") is None


def lines_and_messages(problems):
    return [(p.line, p.message) for p in problems]


def test_bad_yaml_is_located(tmp_path):
    path = write(tmp_path, "places:\n  - id: almaty\n    name: [Almaty\n    kind: city\n")
    gaz, problems = load_gazetteer(path)
    assert len(problems) == 1 and problems[0].path == path
    assert problems[0].line in (3, 4) and "invalid YAML" in problems[0].message
    assert gaz.places == []


def test_missing_file_is_a_problem(tmp_path):
    gaz, problems = load_gazetteer(tmp_path / "places.yaml")
    assert gaz.places == [] and "not found" in problems[0].message


def test_wrong_shape_is_a_problem(tmp_path):
    _, problems = load_gazetteer(write(tmp_path, "- id: almaty\n"))
    assert "'places' list" in problems[0].message


def test_entry_without_id_name_or_kind(tmp_path):
    gaz, problems = load_gazetteer(write(tmp_path, """\
        places:
          - id: almaty
            name: Almaty
          - name: Nowhere
            kind: city
          - id: astana
            kind: city
          - just a string
          - id: shymkent
            name: Shymkent
            kind: city
        """))
    assert lines_and_messages(problems) == [
        (2, "place has no 'kind'"),
        (4, "place has no 'id'"),
        (6, "place has no 'name'"),
        (8, "a place must be a mapping with id, name and kind"),
    ]
    assert [p.id for p in gaz.places] == ["shymkent"]           # the valid entries are kept


def test_duplicate_id(tmp_path):
    gaz, problems = load_gazetteer(write(tmp_path, """\
        places:
          - id: almaty
            name: Almaty
            kind: city
          - id: almaty
            name: Almaty again
            kind: city
        """))
    assert len(problems) == 1
    assert problems[0].line == 5
    assert "duplicate place id 'almaty'" in problems[0].message and "line 2" in problems[0].message
    assert [p.name for p in gaz.places] == ["Almaty"]


def test_alias_claimed_by_two_places(tmp_path):
    gaz, problems = load_gazetteer(write(tmp_path, """\
        places:
          - id: almaty
            name: Almaty
            kind: city
            aliases:
              ru: [Алма-Ата]
          - id: almaty-region
            name: Almaty Region
            kind: region
            aliases:
              en: [Almaty Oblast]
              ru: [Алматинская область, алма ата]
        """))
    assert len(problems) == 1
    assert problems[0].line == 12
    assert "'алма ата'" in problems[0].message and "'almaty'" in problems[0].message
    assert gaz.resolve("Алма-Ата").id == "almaty"               # the first claim wins
    assert gaz.resolve("Almaty Oblast").id == "almaty-region"


def test_canonical_name_of_one_place_as_alias_of_another(tmp_path):
    _, problems = load_gazetteer(write(tmp_path, """\
        places:
          - id: almaty
            name: Almaty
            kind: city
          - id: almaty-region
            name: Almaty Region
            kind: region
            aliases:
              en: [ALMATY]
        """))
    assert [p.line for p in problems] == [9]


def test_within_unknown_id(tmp_path):
    gaz, problems = load_gazetteer(write(tmp_path, """\
        places:
          - id: almaty
            name: Almaty
            kind: city
            within: kazakstan
        """))
    assert lines_and_messages(problems) == [(5, "'within' names unknown place id 'kazakstan'")]
    assert gaz.get("almaty") is not None


def test_repeated_key_is_a_yaml_problem(tmp_path):
    _, problems = load_gazetteer(write(tmp_path, """\
        places:
          - id: almaty
            name: Almaty
            name: Alma-Ata
            kind: city
        """))
    assert problems[0].line == 4 and "first at line 3" in problems[0].message


def test_parse_yaml_keeps_lines_with_offset():
    data = parse_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n", first_line=10)
    assert data.line_of("a") == 10 and data.line_of("b") == 11
    assert data["b"].line_of(0) == 12 and data["b"].line_of(1) == 13
    assert data["b"][1].line_of("c") == 13


def test_parse_yaml_builds_a_node_met_through_aliases_once():
    """Nested aliases (a "billion laughs") are one value shared, not copied at every use:
    nine levels of nine references would otherwise be 387 million strings."""
    levels = "abcdefghij"
    text = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{new}: &{new} [{', '.join(['*' + old] * 9)}]\n" for old, new in zip(levels, levels[1:]))
    data = parse_yaml(text)
    assert data["j"][0] is data["j"][8] is data["i"]
    assert data.key_lines["j"] == 10
    looped = parse_yaml("a: &x [1, *x]\n")
    assert looped["a"][1] is looped["a"]
