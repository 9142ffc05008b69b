"""Arabic-script testimonies (Kazakh in the Xinjiang Kazakh alphabet, Uyghur) get their people
proposed as the Cyrillic and Latin ones do: the narrator, the relatives by their relation words
(ٴىنىم, اعام, ۇلىم, ئىنىم…) with the name written after them, and nobody made of ordinary words.
The script has no capitals: the name tables' marks (patronymic and surname endings, the particle
ۇلى written apart, Turkic name elements) and the relation words find the names, so the cases
below use names no table or test lists."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import make_doc, write_corpus
from indexer.importing.run import Importer


@pytest.fixture()
def corpus(tmp_path):
    return write_corpus(tmp_path / "corpus", {"kept": make_doc("kept", "A kept testimony.\n")})


def _draft(corpus: Path, tmp_path: Path, name: str, text: str) -> dict:
    src = tmp_path / name
    src.write_text(text, "utf-8")
    importer = Importer(corpus)
    [path] = importer.write(importer.plan([src], corpus / "documents"))
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


def _named(meta) -> dict[str, str | None]:
    return {p["name"]: p.get("relation") for p in meta["people"] if p.get("name")}


#: (narrator, younger brother with the particle apart, son with the patronymic joined, elder brother
#: with a Russian-style surname): two sets of names, one rule.
KAZAKH = [("ايگەرىم سەرىكقىزى", "نۇرلان سەرىك ۇلى", "قايرات بايبولات ۇلى", "ەرلان جاقسىلىقوۆ"),
          ("گۇلنار ومارقىزى", "اسقار ومار ۇلى", "ساۋلەبەك اسقارۇلى", "مۇرات قاسىموۆ")]


@pytest.mark.parametrize("narrator, younger, son, elder", KAZAKH)
def test_a_kazakh_arabic_testimony_proposes_its_narrator_and_named_relatives(corpus, tmp_path, narrator, younger,
                                                                           son, elder):
    text = (f"{narrator}\n\n"
            f"مەنىڭ اتىم {narrator}. مەن الماتىدا تۇرامىن. مەنىڭ ٴىنىم {younger} 2018 جىلى ۇرىمجىدە ۇستالدى. "
            "ول سوتتا جەتى جىلعا سوتتالدى.\n\n"
            f"ۇلىم {son} دا حابارسىز كەتتى. اعام {elder} قازىر الماتىدا. ول تۋعان اۋىلىنا ورالمادى.\n")
    meta = _draft(corpus, tmp_path, "testimony.txt", text)
    assert meta["language"] == "kk-Arab"
    assert meta["people"][0] == {"name": narrator, "role": "narrator"}
    assert _named(meta) == {narrator: None, younger: "younger brother", son: "son", elder: "elder brother"}


UYGHUR = [("مەھرىبان ئابلىمىت", "ئابدۇرېھىم تۇرسۇن"), ("گۈلنىسا ئەخمەت", "نۇرمۇھەممەت ياقۇپ")]


@pytest.mark.parametrize("narrator, brother", UYGHUR)
def test_a_uyghur_testimony_proposes_its_narrator_and_relatives(corpus, tmp_path, narrator, brother):
    text = (f"{narrator}\n\n"
            f"مېنىڭ ئىسمىم {narrator}. ئانام 2019-يىلى خوتەندە تۇتقۇن قىلىندى. ئىنىم {brother} مەكتەپتە "
            "ئوقۇتقۇچى ئىدى. بىز ئۇنىڭ بىلەن تېلېفوندا سۆزلىشەلمەيمىز.\n")
    meta = _draft(corpus, tmp_path, "guvahliq.txt", text)
    assert meta["language"] == "ug"
    assert meta["people"][0] == {"name": narrator, "role": "narrator"}
    assert _named(meta) == {narrator: None, brother: "younger brother"}
    [mother] = [p for p in meta["people"] if p.get("relation") == "mother"]
    assert "name" not in mother
    assert [(e["event"], e["when"]) for e in mother["events"]] == [("detained", "2019")]


@pytest.mark.parametrize("text", [
    "اكەم 2018 جىلى قورعاس شەكاراسىندا ۇستالدى. ول سوتتا جەتى جىلعا سوتتالدى.",
    "كۇيەۋىم 2017 جىلى شاۋەشەكتە ۇستالدى. ول تۋعان اۋىلىنا ورالمادى. بالالارىم مەكتەپكە بارا المايدى، ٴبىز "
    "قاتتى قورقامىز. ساقشىلار ٴۇيىمىزدى تىنتىپ، كىتاپتارىمىزدى الىپ كەتتى. مەن كونسۋلدىققا حات جازدىم.",
    "ئانام 2019-يىلى خوتەندە تۇتقۇن قىلىندى. ئۇ مەكتەپتە ئوقۇتقۇچى ئىدى. بىز ئۇنىڭ بىلەن تېلېفوندا سۆزلىشەلمەيمىز.",
    "ئىنىم مەكتەپتە ئوقۇتقۇچى ئىدى. ئاكام دېھقان ئىدى. ئوغلۇم ئۇنىۋېرسىتېتتا ئوقۇيتتى. ئانام كېسەل بولۇپ قالدى.",
    "ٴىنىمدى ساقشىلار الىپ كەتتى. اكەم بۇرىن مۇعالىم ەدى. ۇلىم ۋنيۆەرسيتەتتە وقيدى. انام ناۋقاستانىپ قالدى.",
])
def test_ordinary_arabic_script_words_are_nobody(corpus, tmp_path, text):
    meta = _draft(corpus, tmp_path, "plain.txt", text)
    assert _named(meta) == {}
    assert [p["relation"] for p in meta["people"]]      # the relatives are there, unnamed
