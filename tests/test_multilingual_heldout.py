"""The held-out multilingual cases (tests/data/multilingual-heldout.yaml), run as `archive
eval-text --cases` runs them: other testimonies, words and places than the development cases,
in every language and script of the archive. The issue's targets: 0.9 overall, every tier at
0.8 or better, and no false hit from expansion (every negative case holds)."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.cli import PROJECT_ROOT
from indexer.tools.multilingual_eval import load_cases, run

CASES_FILE = Path(__file__).resolve().parent / "data" / "multilingual-heldout.yaml"
TIERS = ["morphology", "chinese", "robustness", "cross-script", "places-in-text", "years-in-text",
         "cross-language", "negatives"]


@pytest.fixture(scope="module")
def tiers(tmp_path_factory):
    return run(CASES_FILE, PROJECT_ROOT / "corpus", tmp_path_factory.mktemp("eval-heldout"))


def test_the_file_is_a_real_held_out_set():
    cases = load_cases(CASES_FILE)
    assert len(cases["documents"]) >= 12 and len(cases["cases"]) >= 40
    assert {c["tier"] for c in cases["cases"]} == set(TIERS)
    languages = {d["language"] for d in cases["documents"]}
    assert {"kk", "kk-Latn", "kk-Arab", "ug", "ug-Latn", "zh", "zh-Hant", "ru", "en"} <= languages


@pytest.mark.parametrize("tier", TIERS)
def test_every_tier_scores_at_least_0_8(tiers, tier):
    assert tiers[tier].rate >= 0.8, "\n".join(tiers[tier].misses)


def test_overall_score_is_at_least_0_9(tiers):
    scores = [s for t in tiers.values() for s in t.scores]
    assert sum(scores) / len(scores) >= 0.9, "\n".join(m for t in tiers.values() for m in t.misses)


def test_no_false_hit_from_expansion(tiers):
    assert tiers["negatives"].rate == 1.0, "\n".join(tiers["negatives"].misses)
