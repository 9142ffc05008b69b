"""indexer.names: recall on held-out spellings among thousands of similar names.

tests/data/names_heldout.yaml holds other spellings of the 13 persons of the
seed article (every script and quirk: swapped order, initials, slips, capitals,
mixed scripts, joined/split compounds, Chinese with and without the dot) and
names of nobody among them.  It was written before the tables were tuned.

A spelling is found when (1) retrieval meets the person: every query term group,
widened by expand_fuzzy over the whole vocabulary, meets the person's index
terms, and (2) match_person ranks the true person in the top 3 among the 13
persons and 2,000 generated decoys (rank = 1 + number of persons scoring
strictly higher).
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from indexer.names import expand_fuzzy, index_terms, match_person, query_term_groups

DATA = yaml.safe_load((Path(__file__).parent / "data" / "names_heldout.yaml").read_text("utf-8"))
PERSONS: list[str] = DATA["persons"]

# --- decoys: names that look like the archive's -------------------------------
GIVEN = """Aigerim Aigul Aizhan Akmaral Aliya Almagul Almira Altynai Anar Ainur Ardak Asel Assel Ayagoz Bakhyt
Balzhan Botagoz Dana Dariga Dinara Elmira Gaukhar Gulbanu Gulbarshyn Gulmira Gulnar Gulnara Gulzhan Gulsara
Gulsim Gulshat Gulzira Indira Kamila Karlygash Kulpash Kuralai Laura Madina Makpal Meruyert Moldir Nazira Nurgul
Nursulu Raushan Saltanat Sandugash Saule Sholpan Symbat Togzhan Tolkyn Ulbosyn Zhanar Zhanna Zhuldyz Zaure
Abai Adil Aibek Aidos Akhmet Alibek Almas Amanbek Arman Arystan Askar Asylbek Aydar Azamat Baurzhan Bakytzhan
Bolat Daniyar Dauren Daulet Dulat Erbol Erlan Ermek Ersain Galym Kairat Kanat Kuanysh Marat Mukhtar Murat
Nurbol Nurlan Nurzhan Olzhas Rustem Sabit Samat Serik Serikbay Talgat Timur Tursyn Yerzhan Zhandos Zhanibek
Kumys Almakhanbet Baibol Bolatbek Kassymkhan Omirbek Sauyt Nursultanbek Tokhtar Ofelbek Kirillbek
Ivan Dmitry Sergey Aleksandr Andrei Pavel Kirill Nikolai Oleg Viktor Irina Olga Natalya Svetlana Tatyana Elena
Гүлнар Айгүл Серік Нұрлан Бауыржан Жанар Сәуле Ерлан Қайрат Гүлмира Алмагүл Мұрат""".split()

ROOTS = """Kazybay Kazykhan Kazbek Kazykenov Bapan Baban Babakhan Omaral Omar Omirbek Omirzak Myrzakhmet Myrzakhan
Myrza Makhan Maken Makenbay Nurakhmet Nurak Nurbek Kunanbay Kunbol Kunbolatbek Baibol Bilal Bilashbek Serik Serikbol
Sauyt Sauytbek Saut Nazar Nazarbek Tokhtar Token Tokay Tokbergen Zhakup Zhakyp Zhaksylyk Kargin Karpov Kargapolsk
Abdrakhman Abish Akhmet Amanzhol Baimukhan Beisen Dauletbay Ermek Iskak Kaliyev Kenzhebay Momysh Mukan Nurpeis
Sadyk Saparbay Sarsen Seitkali Shaimerden Suleimen Tolegen Tursyn Tursynbay Utegen Zhumabay Zhunus Kassymbek""".split()

ENDINGS_M = ["", "ov", "ev", "uly", "bekov", "bayev"]
ENDINGS_F = ["", "ova", "eva", "kyzy", "bekova", "bayeva"]


def decoys(n: int = 2000, seed: int = 7, exclude=()) -> list[str]:
    """`n` distinct seeded decoy names, none equal (case-insensitively) to one in `exclude`."""
    rng = random.Random(seed)
    seen = {e.casefold() for e in exclude}
    out: list[str] = []
    while len(out) < n:
        given = rng.choice(GIVEN)
        feminine = given[-1] in "aiyа" or given.lower().startswith(("gul", "гүл"))
        root = rng.choice(ROOTS)
        end = rng.choice(ENDINGS_F if feminine else ENDINGS_M)
        if end in ("ev", "eva") and root[-1] in "aeiouy":
            end = "y" + end
        surname = root + end
        name = f"{surname} {given}" if rng.random() < 0.15 else f"{given} {surname}"
        if name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


@pytest.fixture(scope="module")
def population():
    people = PERSONS + decoys(2000, exclude=PERSONS)
    terms = {p: index_terms(p) for p in people}
    vocabulary = sorted(set().union(*terms.values()))
    return people, terms, vocabulary


def _found(case, people, terms, vocabulary) -> tuple[bool, str]:
    q, person = case["q"], case["person"]
    groups = query_term_groups(q)
    widened = [g | {t for x in g for t in expand_fuzzy(x, vocabulary)} for g in groups]
    if not groups or not all(g & terms[person] for g in widened):
        return False, "not retrieved"
    m = match_person(q, [person])
    if m is None:
        return False, "no match"
    better = sum(1 for p in people if p != person
                 and (o := match_person(q, [p])) is not None and o.score > m.score)
    if better >= 3:
        return False, f"rank {better + 1}"
    return True, m.how


def test_heldout_list_is_large_enough():
    assert len(DATA["found"]) >= 120
    assert len(DATA["absent"]) >= 40
    assert {c["person"] for c in DATA["found"]} == set(PERSONS)


def test_recall_on_heldout_spellings_in_top_3_among_decoys(population):
    people, terms, vocabulary = population
    misses = []
    for case in DATA["found"]:
        ok, why = _found(case, people, terms, vocabulary)
        if not ok:
            misses.append((case["kind"], case["q"], why))
    recall = 1 - len(misses) / len(DATA["found"])
    assert recall >= 0.95, (recall, misses)


def test_absent_names_match_none_of_the_persons():
    hits = [(a, p, m.how) for a in DATA["absent"] for p in PERSONS
            if (m := match_person(a, [p])) is not None]
    assert hits == []


def test_every_person_is_first_for_its_own_name(population):
    people, _terms, _vocabulary = population
    for person in PERSONS:
        scores = sorted(((m.score, p) for p in people if (m := match_person(person, [p]))), reverse=True)
        assert scores[0][1] == person
