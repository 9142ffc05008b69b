"""Uyghur spellings: Uyghur Latin (ULY), the New Script (UYY), Uyghur Cyrillic
(UKY) and the Arabic script's variants all meet one name."""
from __future__ import annotations

import pytest

from indexer.names import match_person, phonetic_key, readings


@pytest.mark.parametrize("typed, stored", [
    ("Xərip", "Sharip"),          # UYY x = sh, ə = ä
    ("Ⱨəmit", "Hamit"),           # UYY ⱨ = h
    ("Ⱪasim", "Kasym"),           # UYY ⱪ = q
    ("Ⱨəmit Ⱪasim", "Хамит Касым"),
])
def test_new_script_letters_read_as_uyghur(typed, stored):
    assert match_person(typed, [stored]) is not None


def test_new_script_reads_x_and_q_its_own_way():
    # in the New Script x is sh and q is ch; in Uyghur Latin x is kh and q is k
    assert readings("Xərip")[0] == "sharip"
    assert readings("Xarip")[0] == "kharip"


@pytest.mark.parametrize("typed, stored", [
    ("Җүмә", "Juma"),             # UKY җ
    ("Җевһәр", "Jewher"),
    ("Ейса", "Isa"),              # Uyghur Cyrillic Ей for Arabic ʿĪ
    ("ئەيسا", "Isa"),             # Uyghur Arabic ئەي, the same
    ("Eysa", "Isa"),
])
def test_uyghur_cyrillic_and_arabic_spellings(typed, stored):
    assert match_person(typed, [stored]) is not None


def test_an_initial_ey_folds_only_before_a_consonant():
    assert phonetic_key("Eysa") == phonetic_key("Isa")
    assert phonetic_key("Eyüp") != phonetic_key("Yüp")
    assert match_person("Eysa", ["Aysa"]) is None


@pytest.mark.parametrize("typed, stored", [
    ("Gulnezer", "Gulnazar"),            # ULY e for ə, Kazakh/English a
    ("Gul Nazar", "Gulnezer Bextiyar"),
    ("Rabiye Qadir", "Rebiya Kadeer"),
])
def test_uyghur_latin_e_meets_a(typed, stored):
    m = match_person(typed, [stored])
    assert m is not None and m.how == "fuzzy"     # below every closer spelling


def test_e_for_a_only_after_the_first_letter():
    assert match_person("Erlan", ["Arlan"]) is None     # Erlan and Arlan are two names


@pytest.mark.parametrize("typed, stored", [
    ("Yüsüp", "Yusuf"),                  # Uyghur p for Arabic and Persian f
    ("Perhat", "Farhat"),                # ... with ə written e
    ("Nizamidin", "Nizamuddin"),         # ad-Din written -idin in Uyghur, -uddin in Arabic spellings
    ("Nurdin", "Nuriddin"),
])
def test_uyghur_spellings_of_arabic_names_meet(typed, stored):
    m = match_person(typed, [stored])
    assert m is not None and m.how == "fuzzy"


def test_a_first_e_reads_a_only_in_a_name_in_uyghur_spelling():
    # Perhat is in Uyghur spelling (p for f, e for ə): Erkin's first e is ə too
    assert match_person("Erkin Perhat", ["Arkin Farhat"]) is not None
    # nothing shows Erkin, or Erlan Abenov, is Uyghur: Erlan and Arlan stay two names
    assert match_person("Erkin", ["Arkin"]) is None
    assert match_person("Erlan Abenov", ["Arlan Abenov"]) is None


def test_a_first_e_reads_a_in_a_word_with_a_later_e_for_a():
    # Ekrem writes both its ə as e (Uyghur Latin); Akram is the Arabic-based spelling
    m = match_person("Ekrem", ["Akram"])
    assert m is not None and m.how == "fuzzy"
    assert match_person("Rejep", ["Rajab"]) is not None    # and a final b said p
