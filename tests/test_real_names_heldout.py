"""Real people the name rules were never tuned on (tests/data/real-names-heldout.yaml).

Other Uyghur and Kazakh public figures than ../shared/dev-eval/real-names.yaml,
each form as Wikipedia and the press print it, run the same way
(indexer/tools/names_eval.py: two rounds, top 3, confusable pairs). It checks
that the rules (tables/*.yaml) generalise: a rule is fixed by a standard or a
convention, never by adding one of these names.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BUNDLED_CORPUS
from indexer.tools.names_eval import evaluate, load_cases, report

CASES = Path(__file__).parent / "data" / "real-names-heldout.yaml"


@pytest.fixture(scope="module")
def score(tmp_path_factory):
    return evaluate(load_cases(CASES), BUNDLED_CORPUS, tmp_path_factory.mktemp("real-names-heldout"))


def test_held_out_real_names_found_in_top_3(score):
    assert score.total >= 100
    assert score.rate >= 0.90, report(score, 0)


def test_held_out_chinese_and_pinyin_forms_are_mostly_found(score):
    for script in ("han", "pinyin"):
        assert score.asked.get(script), script
        assert score.found[script] / score.asked[script] >= 0.85, report(score, 0)


def test_held_out_confusable_people_stay_apart(score):
    assert score.merged == [], report(score, 0)
