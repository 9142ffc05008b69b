"""Shared fixtures: the bundled corpus's index, small corpora written per test, apps and clients."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from indexer.index.build import add_documents, build_index
from webapp import create_app

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = ROOT / "corpus"

PLACES = {
    "places": [
        {"id": "kazakhstan", "name": "Kazakhstan", "kind": "country",
         "aliases": {"ru": ["Казахстан"], "kk": ["Қазақстан"], "zh": ["哈萨克斯坦"]}},
        {"id": "china", "name": "China", "kind": "country",
         "aliases": {"ru": ["Китай"], "kk": ["Қытай"], "zh": ["中国"]}},
        {"id": "almaty", "name": "Almaty", "kind": "city", "within": "kazakhstan",
         "aliases": {"en": ["Alma-Ata"], "ru": ["Алматы", "Алма-Ата"], "zh": ["阿拉木图"]}},
        {"id": "urumqi", "name": "Urumqi", "kind": "city", "within": "china",
         "aliases": {"en": ["Ürümqi", "Urumchi"], "ru": ["Урумчи"], "kk": ["Үрімші"], "zh": ["乌鲁木齐"]}},
    ]
}


def make_doc(doc_id: str, body: str = "", **front) -> str:
    """Text of a corpus file with sensible defaults for every required field."""
    meta = {
        "id": doc_id, "type": "testimony", "title": doc_id.replace("-", " ").title(),
        "language": "en", "access": "public",
        "source": {"title": "Fixture source", "publisher": "Fixture", "published": "2021-12-06"},
        "people": [], "places": [],
    }
    meta.update(front)
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + textwrap.dedent(body)


def write_corpus(root: Path, docs: dict[str, str], places: dict | None = None) -> Path:
    """Write places.yaml and documents/<name>.md files; returns the corpus dir."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "places.yaml").write_text(yaml.safe_dump(places or PLACES, allow_unicode=True), "utf-8")
    (root / "documents").mkdir(exist_ok=True)
    for name, text in docs.items():
        (root / "documents" / f"{name}.md").write_text(text, "utf-8")
    return root


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory) -> Path:
    index = tmp_path_factory.mktemp("bundled") / "index"
    build_index(BUNDLED_CORPUS, index)
    return index


def synthetic_index_with_deletions(root: Path, seed: int, readded: int) -> Path:
    """300 synthetic documents in one segment, the first `readded` of them added again:
    the re-added documents leave deleted versions behind in the older segment."""
    from indexer.tools import synth

    corpus = root / "corpus"
    synth.synthesize(300, seed, corpus)
    index = root / "index"
    build_index(corpus, index, workers=1)
    add_documents(sorted((corpus / "documents").rglob("*.md"))[:readded], corpus, index)
    return index


def result_ids(root: Path, docs: dict[str, str]):
    """Index `docs` under `root` and return a function: query → the ids /api/search ranks, in order."""
    build_index(write_corpus(root / "corpus", docs), root / "index", show_progress=False, workers=1)
    client = app_for(root / "index").test_client()

    def ids(q: str) -> list[str]:
        answer = client.get("/api/search", query_string={"q": q, "per_page": 100}).get_json()
        return [r["id"] for r in answer["results"]]
    return ids


def gazetteer_client(root: Path, docs: dict[str, str]):
    """A test client over `docs` indexed with the bundled gazetteer (every place the archive
    knows, not the small test list), for what the text's places and their hierarchy show."""
    import shutil

    corpus = write_corpus(root / "corpus", docs)
    shutil.copy(BUNDLED_CORPUS / "places.yaml", corpus / "places.yaml")
    build_index(corpus, root / "index")
    return app_for(root / "index").test_client()


def app_for(index: Path, **config):
    settings = {"INDEX_DIR": str(index), "TESTING": True, "SECRET_KEY": "test",
                "SESSION_COOKIE_SECURE": False, "USERS_DB": str(index.parent / "users.sqlite3")}
    settings.update(config)
    return create_app(settings)


@pytest.fixture(scope="session")
def bundled_app(bundled_index):
    return app_for(bundled_index)


@pytest.fixture()
def client(bundled_app):
    return bundled_app.test_client()
