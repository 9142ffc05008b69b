"""The synthetic corpus: deterministic, valid by docs/corpus-format.md, and shaped like the real one."""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import yaml

from indexer.tools import synth
from indexer.places.gazetteer import load_gazetteer
from indexer.corpus.model import ACCESS_LEVELS, DOC_TYPES, EVENT_KINDS, ROLES

WHEN = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?:/(\d{4}))?")
YEAR_IN_TEXT = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def split(path: Path) -> tuple[dict, str]:
    text = path.read_text("utf-8")
    assert text.startswith("---\n"), path
    front, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(front), body


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, synth.SynthSummary]:
    out = tmp_path_factory.mktemp("synth") / "corpus"
    return out, synth.synthesize(500, 20240601, out)


@pytest.fixture(scope="module")
def documents(corpus) -> list[tuple[Path, dict, str]]:
    out, _ = corpus
    return [(p, *split(p)) for p in sorted((out / "documents").rglob("*.md"))]


@pytest.fixture(scope="module")
def gazetteer(corpus):
    gaz, problems = load_gazetteer(corpus[0] / "places.yaml")
    assert problems == []
    return gaz


# ---------------------------------------------------------------------------
# Determinism
# ---------------------------------------------------------------------------

def test_same_seed_writes_byte_identical_corpus(tmp_path):
    synth.synthesize(60, 7, tmp_path / "a")
    synth.synthesize(60, 7, tmp_path / "b")
    assert tree_hash(tmp_path / "a") == tree_hash(tmp_path / "b")


def test_different_seeds_differ(tmp_path):
    synth.synthesize(30, 7, tmp_path / "a")
    synth.synthesize(30, 8, tmp_path / "b")
    assert tree_hash(tmp_path / "a") != tree_hash(tmp_path / "b")
    a = {p.name: p.read_bytes() for p in (tmp_path / "a").rglob("*.md")}
    b = {p.name: p.read_bytes() for p in (tmp_path / "b").rglob("*.md")}
    assert not set(a.values()) & set(b.values())


def test_several_processes_write_the_same_corpus(tmp_path):
    serial = synth.synthesize(1200, 3, tmp_path / "serial", workers=1)
    parallel = synth.synthesize(1200, 3, tmp_path / "parallel", workers=2)
    assert tree_hash(tmp_path / "serial") == tree_hash(tmp_path / "parallel")
    assert (serial.documents, serial.people, serial.places, serial.restricted, serial.languages) == \
        (parallel.documents, parallel.people, parallel.places, parallel.restricted, parallel.languages)


def test_a_document_does_not_depend_on_corpus_size(tmp_path):
    synth.synthesize(5, 9, tmp_path / "small")
    synth.synthesize(12, 9, tmp_path / "big")
    for path in (tmp_path / "small").rglob("*.md"):
        assert path.read_bytes() == (tmp_path / "big" / path.relative_to(tmp_path / "small")).read_bytes()


def test_refuses_to_write_over_an_existing_corpus(tmp_path):
    synth.synthesize(3, 1, tmp_path)
    with pytest.raises(FileExistsError):
        synth.synthesize(3, 2, tmp_path)


# ---------------------------------------------------------------------------
# Layout and summary
# ---------------------------------------------------------------------------

def test_layout_and_summary(corpus, documents):
    out, summary = corpus
    assert summary.documents == len(documents) == 500
    assert summary.people == sum(len(meta["people"]) for _, meta, _ in documents)
    assert summary.restricted == sum(meta["access"] == "restricted" for _, meta, _ in documents)
    assert sum(summary.languages.values()) == 500
    assert summary.seconds > 0 and summary.out == out
    assert "500 documents" in str(summary)
    for path, meta, _ in documents:
        assert path.parent.parent == out / "documents"
        number = int(path.name[:6])
        assert path.parent.name == f"{number // 1000:03d}"
        assert re.fullmatch(r"\d{6}-[a-z0-9-]+\.md", path.name)
        assert meta["id"] == "synth-" + path.name[:6]
    assert sorted(int(p.name[:6]) for p, _, _ in documents) == list(range(500))


def test_shards_hold_a_thousand_files(tmp_path):
    synth.synthesize(1001, 5, tmp_path)
    assert sorted(p.name for p in (tmp_path / "documents").iterdir()) == ["000", "001"]
    assert len(list((tmp_path / "documents" / "001").iterdir())) == 1


# ---------------------------------------------------------------------------
# Every document is valid
# ---------------------------------------------------------------------------

def check_when(when: str) -> list[int]:
    m = WHEN.fullmatch(when)
    assert m, when
    year, month, day, end = m.groups()
    if month:
        date(int(year), int(month), int(day or 1))
    if end:
        assert int(end) > int(year)
    years = [int(year)] + ([int(end)] if end else [])
    assert all(synth.FIRST_YEAR <= y <= synth.LAST_YEAR for y in years), when
    return years


def test_required_fields_and_values(documents, gazetteer):
    ids = set()
    for path, meta, body in documents:
        assert isinstance(meta["id"], str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", meta["id"])
        assert meta["id"] not in ids
        ids.add(meta["id"])
        assert meta["type"] in DOC_TYPES
        assert isinstance(meta["title"], str) and meta["title"]
        assert meta["language"] in ("en", "ru", "kk")
        assert meta["access"] in ACCESS_LEVELS
        source = meta["source"]
        assert isinstance(source["title"], str) and isinstance(source["publisher"], str)
        assert isinstance(source["published"], date)
        assert date(2018, 1, 1) <= source["published"] <= date(2026, 11, 1)
        assert isinstance(source["url"], str)
        assert isinstance(meta["notes"], str)
        for credit in meta.get("credits", []):
            assert isinstance(credit["name"], str) and isinstance(credit["role"], str)
        for caption in meta.get("captions", []):
            assert isinstance(caption, str) and caption

        people = meta["people"]
        assert 1 <= len(people) <= 6
        assert people[0]["role"] == "narrator" and people[0]["name"] in body
        years = []
        for person in people:
            assert person["role"] in ROLES
            assert person.get("access", "public") in ACCESS_LEVELS
            if "name" in person:
                assert isinstance(person["name"], str) and person["name"] in body, (path, person["name"])
            else:
                assert person["relation"]
            for variant in person.get("variants", []):
                assert isinstance(variant, str) and variant != person["name"]
            for event in person.get("events", []):
                assert event["event"] in EVENT_KINDS
                assert isinstance(event["text"], str) and event["text"] in body
                if "when" in event:
                    years += check_when(event["when"])
                if "place" in event:
                    assert gazetteer.resolve(event["place"]).name == event["place"]
                if "term_years" in event:
                    assert isinstance(event["term_years"], int) and event["term_years"] > 0
        roles = [p["role"] for p in people]
        assert roles == sorted(roles, key=("narrator", "mentioned", "author").index)

        assert 1 <= len(meta["places"]) <= 4
        for label in meta["places"]:
            assert gazetteer.resolve(label) is not None, (path, label)
        event_places = {e["place"] for p in people for e in p.get("events", []) if "place" in e}
        assert event_places <= {gazetteer.resolve(label).name for label in meta["places"]}

        for mention in meta["dates"]:
            assert mention["text"] in body
            years += check_when(mention["when"])
        assert years and max(years) < source["published"].year


def test_every_year_in_the_text_is_an_event_year(documents):
    for path, meta, body in documents:
        said = {y for d in meta["dates"] for y in check_when(d["when"])}
        for year in YEAR_IN_TEXT.findall(body):
            assert int(year) in said, (path, year)


def test_word_counts(documents):
    counts = [len(body.split()) for _, _, body in documents]
    assert min(counts) >= synth.MIN_WORDS and max(counts) <= synth.MAX_WORDS
    assert max(counts) > 1000          # some long testimonies, not only short ones
    assert sum(counts) / len(counts) > 450


def test_three_languages_in_proportion(corpus, documents):
    languages = Counter(meta["language"] for _, meta, _ in documents)
    assert set(languages) == {"en", "ru", "kk"}
    assert 0.50 <= languages["en"] / 500 <= 0.70
    assert 0.17 <= languages["ru"] / 500 <= 0.33
    assert 0.08 <= languages["kk"] / 500 <= 0.22
    cyrillic = re.compile(r"[а-яё]", re.I)
    for _, meta, body in documents:
        share = len(cyrillic.findall(body)) / len(body)
        assert share > 0.5 if meta["language"] != "en" else share < 0.05
        if meta["language"] == "kk":
            assert re.search(r"[әғқңөұүһі]", body)


def test_restricted_documents_and_people_at_the_requested_rates(documents):
    restricted = sum(meta["access"] == "restricted" for _, meta, _ in documents)
    assert 5 <= restricted <= 30                       # 3% of 500 is 15
    public_people = [p for _, meta, _ in documents if meta["access"] == "public" for p in meta["people"]]
    hidden = sum(p.get("access") == "restricted" for p in public_people)
    assert 0.008 <= hidden / len(public_people) <= 0.035   # about 2%
    assert all(p["role"] != "narrator" for p in public_people if p.get("access") == "restricted")


def test_names_in_many_scripts_and_spellings(documents):
    names = [n for _, meta, _ in documents for p in meta["people"] for n in [p.get("name"), *p.get("variants", [])]
             if n]
    assert any(re.search(r"[әғқңөұүһі]", n) for n in names)            # Kazakh Cyrillic
    assert any(re.search(r"ль", n) for n in names)                     # Russian Cyrillic (Гульжан)
    assert any(re.search(r"[äğñöūüşıç]", n) for n in names)            # Kazakh Latin
    assert any(re.search(r"(?:ov|ev|ova|eva)\b", n) for n in names)    # Russian-style surnames
    assert any(re.search(r"(?:uly|kyzy|ұлы|қызы|ūly|qyzy)\b", n) for n in names)  # patronymic surnames
    assert len(set(names)) > 1200
    # relatives often share the narrator's surname stem in another form
    assert sum(len(p.get("variants", [])) for _, meta, _ in documents for p in meta["people"]) > 300


def test_people_per_document(documents):
    sizes = Counter(len(meta["people"]) for _, meta, _ in documents)
    assert min(sizes) >= 1 and max(sizes) <= 6 and len(sizes) >= 4
    unnamed = sum(1 for _, meta, _ in documents for p in meta["people"] if "name" not in p)
    assert unnamed > 0


# ---------------------------------------------------------------------------
# The written gazetteer
# ---------------------------------------------------------------------------

def test_written_places_yaml(corpus, documents, gazetteer):
    out, summary = corpus
    raw = yaml.safe_load((out / "places.yaml").read_text("utf-8"))
    ids = [p["id"] for p in raw["places"]]
    assert len(ids) == len(set(ids)) == summary.places == len(gazetteer)
    for always in ("china", "kazakhstan", "xinjiang", "almaty", "urumqi", "astana"):
        assert always in ids
    for place in raw["places"]:
        assert place["kind"] in ("country", "region", "city", "town", "village", "county")
        if place.get("within"):
            assert place["within"] in ids
    used = {gazetteer.resolve(label).id for _, meta, _ in documents for label in meta["places"]}
    assert used <= set(ids)


def test_the_source_gazetteer_is_large_real_and_consistent():
    gaz, problems = load_gazetteer(synth.DATA_DIR / "synth_places.yaml")
    assert problems == []                       # no spelling names two places
    assert len(gaz) >= 200
    kinds = Counter(p.kind for p in gaz.places)
    assert kinds["county"] >= 40 and kinds["region"] >= 20
    for spelling, place_id in [("Ghulja", "ghulja"), ("伊宁市", "ghulja"), ("Құлжа", "ghulja"),
                               ("Chöchek", "tacheng"), ("Шәуешек", "tacheng"), ("Koktokay", "fuyun"),
                               ("Алтай аймағы", "altay-prefecture"), ("Burqin", "burqin"),
                               ("Усть-Каменогорск", "oskemen"), ("Жетісу облысы", "jetisu-region"),
                               ("喀什", "kashgar"), ("ئۈرۈمچى", "urumqi"), ("Қонаев", "konaev")]:
        assert gaz.resolve(spelling).id == place_id, spelling


# ---------------------------------------------------------------------------
# Front matter writing
# ---------------------------------------------------------------------------

TRICKY = ["a: b", "#hash", "x #y", '"quoted"', "it's", "'single'", "yes", "No", "null", "~", "true", "on",
          "- dash", "[list]", "{map}", "2019", "2019-03-05", "12:30", "1e3", "0x1f", "tab\there", "line\nbreak",
          " leading", "trailing ", "a  b", "@at", "`tick", "!bang", "%pct", "&amp", "*star", "|pipe", ">gt",
          "?q", "Құмысхан Бабан", "ئۈرۈمچى", "中国", "«Атажұрт»", "“The Sadness of the Kazakhs”", "back\\slash",
          "Kazybayeva, Gulzhan", "a, b: c", "end:", "ok!", "—dash", "Ürümqi", "", "-", "."]


@pytest.mark.parametrize("value", TRICKY)
def test_scalars_read_back_unchanged(value):
    meta = {"title": value, "people": [{"name": value, "variants": [value, "x"], "events": [{"text": value}]}]}
    assert yaml.safe_load(synth.front_matter(meta)[4:-4]) == meta


def test_generated_front_matter_reads_back_as_written():
    for number in range(120):
        _, text, meta = synth.document(42, number)
        front = text[4:text.index("\n---\n", 4)]
        assert yaml.safe_load(front) == meta


def test_front_matter_is_block_style_with_dates_unquoted():
    _, text, meta = synth.document(1, 0)
    assert f"  published: {meta['source']['published'].isoformat()}\n" in text
    assert "\npeople:\n  - name: " in text
    assert all(f'when: "{d["when"]}"' in text for d in meta["dates"])


# ---------------------------------------------------------------------------
# Data files and spelling rules
# ---------------------------------------------------------------------------

def test_templates_are_varied_and_all_render():
    data = synth._data()
    for lang in ("en", "ru", "kk"):
        tables, categories = data.lang[lang]
        stories = {k: v for k, v in categories.items() if k not in ("filler", "story", "title", "caption", "credit")}
        assert sum(len(c.all) for c in stories.values()) >= 100, lang
        assert len(categories["filler"].all) + len(categories["story"].all) >= 55, lang
        ctx = _full_context(lang, tables)
        for name, category in categories.items():
            for template in category.all:
                for variant in template.variants:
                    text = variant.format_map(ctx)
                    assert "[" not in text and "<" not in text and "{" not in text, (lang, name, text)


class _Context(dict):
    def __missing__(self, key):
        raise KeyError(key)


def _full_context(lang: str, tables: dict) -> dict:
    writer = synth._Writer(synth._data(), 0, 0)
    writer.lang, writer.tables = lang, tables
    place = synth._data().places["ghulja"]
    ctx = writer._base_context("Gulzhan Kazybayeva", "f", "kazakh", place, synth._data().almaty)
    ctx.update(writer._relation_context(synth._data().relations["younger brother"], "f"))
    ctx.update(writer._place_context(place))
    ctx.update(writer._place_context(place, "home"))
    ctx.update(R="Nurlan Kazybayev", H="Sergei Ivanov", A="Aigul Omarova", hrole="a lawyer", Hrole="A lawyer",
               job="a teacher", term=12, term_y="12 лет", term_dat="12 годам", months=3, months_y="3 месяца",
               When="In 2018", when="in 2018", Since="Since 2018", since="since 2018")
    return _Context(ctx)


def test_name_population():
    names = synth._data().names
    for group in ("kazakh", "uyghur", "russian"):
        assert len(names[group]["m"]) >= 40 and len(names[group]["f"]) >= 40 and len(names[group]["stems"]) >= 30
    assert sum(len(names[g][k]) for g in names for k in ("m", "f")) >= 500
    kazakh = {n.kk for k in ("m", "f", "stems") for n in names["kazakh"][k]}
    for similar in ("Гүлжан", "Гүлнар", "Гүлнара", "Болат", "Нұрлан", "Қазыбай", "Қазыбек", "Бапан", "Омарәлі"):
        assert similar in kazakh


@pytest.mark.parametrize("function, cyrillic, latin", [
    (synth.passport, "Гүлпия Қазыбек", "Gulpiia Kazybek"),
    (synth.passport, "Сайрагүл Сауытбай", "Sairagul Sauytbai"),
    (synth.kazakh_latin, "Серікжан Біләш", "Serıkjan Bıläş"),
    (synth.kazakh_latin, "Құмысхан Ілияс", "Qūmyshan Iliias"),
    (synth.english, "Гульжан Казыбаева", "Gulzhan Kazybayeva"),
    (synth.english, "Ерлан Омаралиев", "Yerlan Omaraliyev"),
    (synth.english, "Ильяс Назарбаев", "Ilyas Nazarbayev"),
])
def test_transliteration(function, cyrillic, latin):
    assert function(cyrillic) == latin


@pytest.mark.parametrize("kazakh, russian", [
    ("Гүлжан", "Гульжан"), ("Айгүл", "Айгуль"), ("Әсел", "Асель"), ("Мөлдір", "Мольдир"),
    ("Күләш", "Кулаш"), ("Әбілов", "Абилов"), ("Нұрлан", "Нурлан"), ("Қазыбаева", "Казыбаева"),
])
def test_russian_spelling_of_kazakh_names(kazakh, russian):
    assert synth.kk_to_ru(kazakh) == russian


@pytest.mark.parametrize("stem, surname", [
    ("Қазыбай", "Қазыбаев"), ("Қазыбек", "Қазыбеков"), ("Бапан", "Бапанов"), ("Омарәлі", "Омарәлиев"),
    ("Жұма", "Жұмаев"), ("Қуаныш", "Қуанышев"),
])
def test_russian_style_surnames(stem, surname):
    assert synth._ov(stem) == surname


@pytest.mark.parametrize("word, loc, dat", [
    ("Алматы", "Алматыда", "Алматыға"), ("Үрімжі", "Үрімжіде", "Үрімжіге"),
    ("Шәуешек", "Шәуешекте", "Шәуешекке"), ("Тұрпан", "Тұрпанда", "Тұрпанға"),
])
def test_kazakh_place_endings(word, loc, dat):
    assert synth.kk_case(word, "loc") == loc and synth.kk_case(word, "dat") == dat


# ---------------------------------------------------------------------------
# The corpus reader accepts it
# ---------------------------------------------------------------------------

def test_corpus_reader_finds_no_problems(tmp_path):
    corpus_module = pytest.importorskip("indexer.corpus.reader")
    synth.synthesize(200, 99, tmp_path)
    load = corpus_module.load_corpus(tmp_path)
    assert [str(p) for p in load.problems] == []
    assert len(load.documents) == 200
    assert {d.language for d in load.documents} == {"en", "ru", "kk"}
    for doc in load.documents:
        assert doc.years and min(doc.years) >= synth.FIRST_YEAR and max(doc.years) <= synth.LAST_YEAR
