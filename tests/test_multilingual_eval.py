"""The shared multilingual development cases, run as `archive eval-text` runs them."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.cli import PROJECT_ROOT, default_text_cases
from indexer.tools.multilingual_eval import document_file, evaluate, load_cases, run

CASES_FILE = default_text_cases()
#: Every tier of the file, places found in the text included.
PASSING_TIERS = ["morphology", "chinese", "robustness", "cross-script", "places-in-text", "years-in-text",
                 "cross-language", "negatives"]


@pytest.fixture(scope="module")
def tiers(tmp_path_factory):
    if not CASES_FILE.is_file():
        pytest.skip(f"the shared multilingual cases are not here ({CASES_FILE})")
    return run(CASES_FILE, PROJECT_ROOT / "corpus", tmp_path_factory.mktemp("eval-text"))


@pytest.mark.parametrize("tier", PASSING_TIERS)
def test_tier_scores_at_least_0_9(tiers, tier):
    assert tier in tiers, f"no case of tier {tier!r} in {CASES_FILE}"
    assert tiers[tier].rate >= 0.9, "\n".join(tiers[tier].misses)


def test_a_case_scores_the_share_of_its_documents_found():
    cases = {"cases": [{"tier": "t", "q": "x", "includes": ["a", "b"]},
                       {"tier": "t", "q": "y", "includes": ["a"]},
                       {"tier": "n", "q": "z", "none": True}]}
    found = {"x": ["a", "c"], "y": [], "z": ["a"]}
    tiers = evaluate(cases, lambda params: {"results": [{"id": i} for i in found[params["q"]]]})
    assert tiers["t"].rate == pytest.approx(0.25)
    assert tiers["n"].rate == 0
    assert any("'b'" in m for m in tiers["t"].misses) and tiers["n"].misses


def test_a_case_fails_on_a_document_it_excludes():
    cases = {"cases": [{"tier": "n", "q": "x", "excludes": ["b"]},
                       {"tier": "n", "q": "y", "excludes": ["b"]}]}
    found = {"x": ["a"], "y": ["a", "b"]}
    tiers = evaluate(cases, lambda params: {"results": [{"id": i} for i in found[params["q"]]]})
    assert tiers["n"].scores == [1.0, 0.0]
    assert tiers["n"].misses == ["n: q=y: false hits ['b']"]


def test_a_document_brings_only_its_id_language_narrator_and_kazakhstan():
    text = document_file({"id": "d1", "language": "kk", "narrator": "Гүлнар", "text": "Мәтін 2017 жылы."})
    front = text.split("---\n")[1]
    assert "places:\n- Kazakhstan" in front and "language: kk" in front and "Гүлнар" in front
    assert "2017" not in front and "dates" not in front


def test_a_malformed_cases_file_is_named(tmp_path):
    bad = tmp_path / "cases.yaml"
    bad.write_text("cases:\n  - {tier: x}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="cases.yaml: case 1"):
        load_cases(bad)


def test_eval_text_names_a_cases_file_it_cannot_read(tmp_path):
    from click.testing import CliRunner

    from indexer.cli import main

    bad = tmp_path / "cases.yaml"
    bad.write_text("cases: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval-text", "--cases", str(bad)])
    assert result.exit_code != 0 and "cases.yaml" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["eval-text", "--cases", str(tmp_path / "none.yaml")])
    assert result.exit_code != 0 and "none.yaml" in result.output
