"""The shared development queries, run through /api/search on the bundled corpus."""
import pytest

from indexer.cli import default_queries
from indexer.tools.evaluate import evaluate, load_cases

CASES = load_cases(default_queries())


@pytest.fixture(scope="module")
def scores(bundled_app):
    client = bundled_app.test_client()
    return evaluate(CASES, lambda params: client.get("/api/search", query_string=params).get_json())


@pytest.mark.parametrize("section", ["places", "years", "text", "names", "negatives"])
def test_every_dev_case_passes(scores, section):
    score = scores[section]
    assert score.total > 0
    assert score.failures == []
