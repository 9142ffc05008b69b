"""Real names as public sources print them (../shared/dev-eval/real-names.yaml).

Run the way the file's header says (indexer/tools/names_eval.py): the bundled corpus
plus one testimony per person, named in one form; every other sourced form
must bring it into the top 3 of /api/search?name=, and no confusable pair of
different people may meet.
"""
from __future__ import annotations

import pytest

from conftest import BUNDLED_CORPUS
from indexer.tools.names_eval import default_cases, evaluate, load_cases, report

CASES = default_cases()


@pytest.fixture(scope="module")
def score(tmp_path_factory):
    if not CASES.is_file():
        pytest.skip(f"the shared real-names cases are absent ({CASES}): nothing to score")
    return evaluate(load_cases(CASES), BUNDLED_CORPUS, tmp_path_factory.mktemp("real-names"))


def test_real_names_found_in_top_3(score):
    assert score.total >= 100
    assert score.rate >= 0.90, report(score, 0)


def test_confusable_real_people_stay_apart(score):
    assert score.merged == []


def test_chinese_and_pinyin_forms_are_found(score):
    for script in ("han", "pinyin"):
        assert score.asked.get(script), script
        assert score.found[script] / score.asked[script] >= 0.85, report(score, 0)


def test_a_bad_cases_file_is_named(tmp_path):
    bad = tmp_path / "cases.yaml"
    bad.write_text("people:\n- id: x\n  forms:\n  - script: latin\n", "utf-8")
    with pytest.raises(ValueError, match=r"cases\.yaml: people\[0\] \(x\) forms\[0\] needs a 'text'"):
        load_cases(bad)


SMALL = """\
people:
- id: rebiya-kadeer
  forms:
  - {text: Rebiya Kadeer, script: latin}
  - {text: Rabiya Qadir, script: latin}
  - {text: Ребия Кадир, script: cyrillic}
  - {text: 热比娅·卡德尔, script: han}
  - {text: Nobody Else, script: latin, uncertain: true}
confusable_pairs:
- [Rebiya Kadeer, Rebiya Tohti, same given name]
"""


def test_eval_names_command_prints_each_script_and_every_miss(tmp_path):
    from click.testing import CliRunner

    from indexer.cli import main

    cases = tmp_path / "cases.yaml"
    cases.write_text(SMALL, "utf-8")
    result = CliRunner().invoke(main, ["eval-names", "--cases", str(cases), "--corpus", str(BUNDLED_CORPUS)])
    out = result.output
    # round 1 asks the three other forms, round 2 (indexed in Cyrillic) the three others
    assert "| all |" in out and "| 6 |" in out, out
    for script in ("latin", "cyrillic", "han"):
        assert f"| {script} |" in out
    assert "confusable pairs kept apart: 1 of 1" in out
    assert result.exit_code == (1 if "MISS" in out else 0)


def test_eval_names_command_names_a_missing_cases_file(tmp_path):
    from click.testing import CliRunner

    from indexer.cli import main

    result = CliRunner().invoke(main, ["eval-names", "--cases", str(tmp_path / "none.yaml")])
    assert result.exit_code != 0
    assert "--cases" in result.output and "none.yaml" in result.output
