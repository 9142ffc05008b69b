"""Chinese text: words found inside unsegmented text, simplified and traditional as one, full width folded."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.index.analyzers import analyzer_for
from indexer.text.chinese import fold_chinese

SIMPLIFIED = "我的丈夫2019年在塔城被警察带走，后来被关进了看守所。"
TRADITIONAL = "我的父親在二〇一八年於和田的工廠裡被強迫勞動。"


def terms(text):
    return [t.text for t in analyzer_for("zh")(text)]


def contains(text, query):
    """Whether the query's terms stand one after another in the text's, as a phrase query asks."""
    found, asked = terms(text), terms(query)
    return bool(asked) and any(found[i:i + len(asked)] == asked for i in range(len(found)))


@pytest.mark.parametrize("text, word", [
    (SIMPLIFIED, "警察"), (SIMPLIFIED, "看守所"), (SIMPLIFIED, "丈夫"), (SIMPLIFIED, "塔城"),
    (TRADITIONAL, "工厂"), (TRADITIONAL, "强迫劳动"), (TRADITIONAL, "和田"), (TRADITIONAL, "父亲"),
    (TRADITIONAL, "工廠"), (SIMPLIFIED, "警察帶走"),
])
def test_a_word_is_found_inside_a_run_of_characters_in_either_script(text, word):
    assert contains(text, word)


def test_a_word_not_in_the_text_is_not_found():
    assert not contains(SIMPLIFIED, "法院")
    assert not contains(SIMPLIFIED, "警卫")


def test_full_width_letters_and_digits_meet_ascii():
    assert terms("ＡＢＣ１２３") == terms("abc123") == ["abc123"]


def test_offsets_point_at_the_written_characters():
    tokens = list(analyzer_for("zh")(TRADITIONAL, chars=True))
    for t in tokens:
        assert fold_chinese(TRADITIONAL[t.startchar:t.endchar]).lower() == t.text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("警察带走工廠强迫勞動ＡＢ１a 2019年，〇")), max_size=30))
def test_analysis_never_raises_and_is_stable_under_normalisation(text):
    assert terms(text) == terms(unicodedata.normalize("NFC", text))
    assert terms(text.upper()) == terms(text.lower())
