"""Where a snippet looks for a searched place's names: each place's own pattern meets the same
spellings as one pattern of all the chosen places' spellings."""
import random
from pathlib import Path

import pytest

from indexer.places.gazetteer import load_gazetteer
from indexer.search.places import PlaceMarks, _spelling_starts

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer(ROOT / "corpus" / "places.yaml")[0]


def test_each_places_pattern_meets_what_one_pattern_of_them_all_meets(gazetteer):
    rng = random.Random(7)
    places = [p for p in gazetteer.places if p.all_names()]
    marks = PlaceMarks(gazetteer)
    filler = ["в", "городе", "and", "then", "we", "went", "to", "the", "camp", "жылы", "de"]
    for _ in range(200):
        chosen = frozenset(p.name for p in rng.sample(places, rng.randint(1, 4)))
        names = [n for p in places if p.name in chosen for n in p.all_names()]
        others = [n for p in rng.sample(places, 5) for n in p.all_names()[:2]]
        words = [rng.choice(names + others + filler * 3) + rng.choice(["", "е", "да", "ға", "'s"])
                 for _ in range(60)]
        text = " ".join(words).lower()
        expected = [(m.start(), m.end()) for m in _spelling_starts(gazetteer, chosen).finditer(text)]
        assert expected, text          # the text names a chosen place
        assert list(marks._starts(text, chosen)) == expected
