"""The importer on the seed article's raw text, against the hand-made corpus made from it."""
import pytest

from conftest import BUNDLED_CORPUS
from indexer.tools.import_eval import TARGET, compare, default_seed, report

SEED = default_seed()
pytestmark = pytest.mark.skipif(not SEED.is_file(), reason="the shared seed article is not beside the project")


@pytest.fixture(scope="module")
def result():
    return compare(SEED, BUNDLED_CORPUS)


def test_every_hand_made_document_has_its_draft(result):
    assert result.unpaired == [] and len(result.rows) == 8


@pytest.mark.parametrize("what", ["people", "places", "years"])
def test_drafts_recover_the_hand_made_people_places_and_years(result, what):
    assert result.share(what) >= TARGET, report(result)


def test_no_invented_person(result):
    assert [(r.document, r.invented) for r in result.rows if r.invented] == []
    assert "meets the target" in report(result)
