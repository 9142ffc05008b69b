"""Arabic- and Persian-press spellings of Turkic names: short vowels unwritten,
long ones written or not, ة, ک ی گ ژ; they reach the same person, ranked below
the native (Uyghur or Kazakh) Arabic-script spelling."""
from __future__ import annotations

import pytest

from indexer.names import index_terms, match_person, query_term_groups


@pytest.mark.parametrize("typed, stored", [
    ("ربيعة قدير", "Rebiya Kadeer"),     # Arabic: ة, unwritten short vowels
    ("عبد الرحيم", "Abdurehim"),         # ʿayn silent, the article written apart
    ("گلنار", "Gulnar"),                 # Persian گ
    ("ژانار", "Zhanar"),                 # Persian ژ
    ("کریم", "Kerim"),                   # Persian ک ی
    ("تورسون", "Tursun"),                # long vowels written
])
def test_arabic_and_persian_orthography_reach_the_name(typed, stored):
    assert match_person(typed, [stored]) is not None
    terms = index_terms(stored)
    assert all(g & terms for g in query_term_groups(typed)), (typed, stored)


def test_ranked_below_the_native_spelling():
    arabic = match_person("كريم", ["Kerim"])
    native = match_person("كېرىم", ["Kerim"])      # Uyghur Arabic, vowels written
    assert arabic is not None and native is not None
    assert arabic.score < native.score


@pytest.mark.parametrize("typed, other", [("كريم", "Karlygash"), ("ژانار", "Zhanbota"), ("گلنار", "Gulzhan Serikova")])
def test_other_names_stay_apart(typed, other):
    assert match_person(typed, [other]) is None


@pytest.mark.parametrize("typed, stored", [
    ("عبدالرحیم", "Abdurahim"),     # the article written inside the name, before a sun letter
    ("عبدالكريم", "Abdulkarim"),    # ... and before a moon letter, its l read
])
def test_the_article_inside_a_name(typed, stored):
    assert match_person(typed, [stored]) is not None
