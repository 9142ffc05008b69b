"""`archive export --opensearch DIR`: a mapping and a bulk file per scope, from the records
the Whoosh index gets; the public file holds nothing restricted."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive_helpers import CANARY_ID, CANARY_LATIN, MENTIONS_ID, PUBLIC_IDS, SECRETS, write_canary_corpus
from conftest import make_doc, write_corpus
from indexer.cli import main
from indexer.index.build import build_index
from indexer.index.pairs import pair_fields
from indexer.index.schema import build_schema
from indexer.index.store import open_index, snapshot_path


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("opensearch")
    corpus = write_canary_corpus(root / "corpus")
    result = CliRunner().invoke(main, ["export", "--opensearch", str(root / "out"), "--corpus", str(corpus)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"exported {len(PUBLIC_IDS)} public, {len(PUBLIC_IDS) + 1} restricted documents" in result.output
    return corpus, root / "out"


def bulk(path: Path) -> list[tuple[dict, dict]]:
    """(action, source) pairs of a bulk file, checking that every action line has its source line."""
    lines = path.read_text("utf-8").splitlines()
    assert lines and len(lines) % 2 == 0
    pairs = [(json.loads(a), json.loads(s)) for a, s in zip(lines[::2], lines[1::2])]
    for action, source in pairs:
        assert list(action) == ["index"] and set(action["index"]) == {"_index", "_id"}
        assert "index" not in source and action["index"]["_id"] == source["id"]
    return pairs


@pytest.mark.parametrize("scope", ["public", "restricted"])
def test_every_action_has_its_source_and_ids_are_unique(exported, scope):
    _corpus, out = exported
    pairs = bulk(out / f"archive-{scope}.ndjson")
    ids = [a["index"]["_id"] for a, _ in pairs]
    assert len(ids) == len(set(ids))
    assert {a["index"]["_index"] for a, _ in pairs} == {f"archive-{scope}"}
    expected = PUBLIC_IDS if scope == "public" else PUBLIC_IDS + [CANARY_ID]
    assert sorted(ids) == sorted(expected)


def test_the_public_file_holds_nothing_restricted(exported):
    _corpus, out = exported
    text = (out / "archive-public.ndjson").read_text("utf-8")
    for shown in (text, json.dumps([s for _, s in bulk(out / "archive-public.ndjson")], ensure_ascii=True)):
        assert not [s for s in SECRETS if s.casefold() in shown.casefold()]
    # The control: the restricted file has the canary and the unredacted mention.
    restricted = dict((a["index"]["_id"], s) for a, s in bulk(out / "archive-restricted.ndjson"))
    assert CANARY_LATIN in restricted[CANARY_ID]["title"]
    assert CANARY_LATIN in restricted[MENTIONS_ID]["body"]


@pytest.mark.parametrize("scope", ["public", "restricted"])
def test_the_mapping_covers_every_field(exported, scope):
    _corpus, out = exported
    spec = json.loads((out / f"archive-{scope}.mapping.json").read_text("utf-8"))
    properties = spec["mappings"]["properties"]
    assert spec["mappings"]["dynamic"] == "strict"
    # Every field but the word pairs Whoosh keeps for phrases (OpenSearch has positions for them).
    assert set(properties) == set(build_schema().names()) - set(pair_fields(build_schema()).values())
    for _, source in bulk(out / f"archive-{scope}.ndjson"):
        assert set(source) <= set(properties), set(source) - set(properties)
    assert properties["name_keys"]["type"] == "keyword" and properties["person"]["type"] == "keyword"
    assert properties["text_en"]["analyzer"] == "english" and properties["years"]["type"] == "integer"


def test_records_are_the_ones_the_whoosh_index_gets(exported, tmp_path):
    """Every keyword field holds exactly the terms the public Whoosh index has for the document,
    and the stored text and metadata are the index's own."""
    corpus, out = exported
    build_index(corpus, tmp_path / "index", workers=1)
    pairs = {a["index"]["_id"]: s for a, s in bulk(out / "archive-public.ndjson")}
    with open_index(snapshot_path(tmp_path / "index", "public")).searcher() as searcher:
        reader = searcher.reader()
        for doc_id, source in pairs.items():
            docnum = next(iter(searcher.document_numbers(id=doc_id)))
            stored = searcher.stored_fields(docnum)
            assert source["body"] == stored["body"] and source["meta"] == json.loads(stored["meta"])
            for field in ("name_keys", "person", "place", "place_terms", "year_months"):
                indexed = {t for t in reader.field_terms(field)
                           if docnum in set(searcher.postings(field, t).all_ids())}
                assert set(source.get(field, [])) == indexed, (doc_id, field)
            assert source["years"] == list(json.loads(stored["meta"])["years"])


def test_a_corpus_with_problems_is_refused_and_nothing_written(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"good": make_doc("good", "Text."),
                                                "bad": make_doc("bad", "Text.", places=["Atlantis"])})
    result = CliRunner().invoke(main, ["export", "--opensearch", str(tmp_path / "out"), "--corpus", str(corpus)])
    assert result.exit_code != 0 and "bad.md" in result.output and "Atlantis" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    result = CliRunner().invoke(main, ["export", "--opensearch", str(tmp_path / "out"), "--corpus", str(corpus),
                                       "--skip-bad"])
    assert result.exit_code == 0, result.output
    assert [a["index"]["_id"] for a, _ in bulk(tmp_path / "out" / "archive-public.ndjson")] == ["good"]
