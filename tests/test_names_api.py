"""Name search end to end: the held-out spellings through /api/search?name= on the bundled corpus.

The matcher's own tests score it alone; this runs the same list through the
index (retrieval terms, fuzzy expansion, verification, ranking) as users meet it.
"""
from pathlib import Path

import pytest
import yaml

HELDOUT = yaml.safe_load((Path(__file__).parent / "data" / "names_heldout.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def name_search(bundled_app):
    client = bundled_app.test_client()

    def search(q):
        response = client.get("/api/search", query_string={"name": q, "per_page": 3})
        assert response.status_code == 200
        return response.get_json()
    return search


def test_heldout_spellings_find_the_person_in_the_first_three(name_search):
    missed = []
    for case in HELDOUT["found"]:
        top = name_search(case["q"])["results"]
        # A credited author is found by name too, and shown among the credits.
        if not any(case["person"] in r["people"] + [c["name"] for c in r["credits"]] for r in top):
            missed.append(f"{case['q']} → {case['person']}")
    recall = 1 - len(missed) / len(HELDOUT["found"])
    assert recall >= 0.95, f"recall {recall:.1%}; missed: {missed}"


def test_absent_names_find_nobody(name_search):
    hits = {q: [r["people"][0] for r in name_search(q)["results"]] for q in HELDOUT["absent"]}
    assert {q: h for q, h in hits.items() if h} == {}


def test_every_result_says_how_the_name_matched(name_search):
    data = name_search("Qazybek")
    match = data["results"][0]["matches"][0]
    assert match == {"field": "people", "typed": "Qazybek", "matched": "Kazybek", "how": "transliteration"}
