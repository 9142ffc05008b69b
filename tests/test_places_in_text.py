"""Places named in a testimony's text, in any script and case ending, and the region they lie in.

The `places-in-text` tier of the shared multilingual development cases, run as
its header says: each document is added to a copy of the bundled corpus with
only its id, language, narrator and `places: [Kazakhstan]`, so the places must
come from the text; each case asks /api/search and must find all it includes.
"""
from __future__ import annotations


import pytest
import yaml

from conftest import BUNDLED_CORPUS, app_for
from indexer.index.build import build_index
from indexer.tools.multilingual_eval import write_corpus as write_cases_corpus
from indexer.tools.shared_cases import dev_eval_file

#: The shared cases beside the project.
CASES_FILE = dev_eval_file("multilingual.yaml")
SHARED = CASES_FILE if CASES_FILE.is_file() else None
TIER = "places-in-text"


def _tier() -> tuple[list[dict], list[dict]]:
    if SHARED is None:
        return [], []
    data = yaml.safe_load(SHARED.read_text(encoding="utf-8"))
    return data["documents"], [c for c in data["cases"] if c["tier"] == TIER]


DOCUMENTS, CASES = _tier()
pytestmark = pytest.mark.skipif(SHARED is None, reason="the shared dev-eval/multilingual.yaml is not "
                                f"beside the project (looked at {CASES_FILE})")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("places-in-text")
    corpus = write_cases_corpus({"documents": DOCUMENTS}, BUNDLED_CORPUS, root / "corpus")
    build_index(corpus, root / "index")
    return app_for(root / "index").test_client()


def _params(case: dict) -> dict:
    return {k: case[k] for k in ("q", "place", "year") if k in case} | {"per_page": 100}


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{'place' if 'place' in c else 'q'}={c.get('place', c.get('q'))}")
def test_places_in_text_tier(client, case):
    got = {r["id"] for r in client.get("/api/search", query_string=_params(case)).get_json()["results"]}
    missing = [d for d in case["includes"] if d not in got]
    assert not missing, f"{_params(case)} misses {missing}"


def test_listed_and_mentioned_places_stay_apart(client):
    """JSON `places` stays what the archivist listed; the places found in the text are beside it."""
    doc = client.get("/api/doc/dev-ru-1").get_json()
    assert doc["places"] == ["Kazakhstan"]
    assert "Horgos" in doc["places_mentioned"]


def test_a_region_finds_the_documents_of_every_place_within_it(bundled_app):
    """The bundled corpus lists Urumqi, which lies within Xinjiang: place=Xinjiang finds those documents."""
    web = bundled_app.test_client()
    ids = lambda **params: {r["id"] for r in web.get("/api/search", query_string={**params, "per_page": 100})
                            .get_json()["results"]}
    urumqi = ids(place="Urumqi")
    assert urumqi and urumqi <= ids(place="Xinjiang") <= ids(place="China")
    assert urumqi <= ids(q="place:Синьцзян")
