"""archive import: a testimony in Uyghur or Kazakh Latin letters is tagged ug-Latn or kk-Latn,
not English, so its years are read the way the language writes them (2017-yili, 2018 jyly)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import make_doc, write_corpus
from indexer.importing.run import Importer
from indexer.text.language import guess_tag


@pytest.fixture()
def corpus(tmp_path):
    return write_corpus(tmp_path / "corpus", {"kept": make_doc("kept", "A kept testimony.\n")})


def _draft(corpus: Path, tmp_path: Path, text: str) -> dict:
    src = tmp_path / "received.txt"
    src.write_text(text, "utf-8")
    importer = Importer(corpus)
    [path] = importer.write(importer.plan([src], corpus / "documents"))
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


@pytest.mark.parametrize("text, tag, year", [
    ("Inim 2017-yili Qeshqerde tutqun qilindi. Hazir u lagérda, biz uning xewirini alalmiduq.", "ug-Latn", "2017"),
    ("Ağam 2018 jyly Şäueşekte ūstaldy. Qazır onyñ qaida ekenın bılmeimız.", "kk-Latn", "2018"),
])
def test_a_latin_turkic_testimony_is_tagged_so_and_its_years_are_read(corpus, tmp_path, text, tag, year):
    meta = _draft(corpus, tmp_path, text)
    assert meta["language"] == tag
    assert year in [d["when"] for d in meta.get("dates", [])]


def test_an_english_paragraph_quoting_a_uyghur_one_reads_each_in_its_language(corpus, tmp_path):
    text = ("Her brother was taken away in 2016 and she has heard nothing from him since then.\n\n"
            "U menge mundaq dédi: akam 2019-yili Ürümchide qolgha élindi, andin lagérgha yötkeldi.")
    whens = [d["when"] for d in _draft(corpus, tmp_path, text).get("dates", [])]
    assert {"2016", "2019"} <= set(whens)


@pytest.mark.parametrize("text", [
    "Sayragul Sauytbay, an ethnic Kazakh, fled to Kazakhstan in 2018 after working in a camp.",
    "In 2020 she was moved to a café in Ürümqi, the résumé of the company said.",
    "Serikzhan Bilash was detained in Almaty; his lawyer Aiman Umarova said he was innocent.",
])
def test_english_with_turkic_names_and_letters_stays_english(text):
    assert guess_tag(text) == "en"


@pytest.mark.parametrize("text, tag", [
    ("Qyzymdy 2018 jyly Ürımjıde internatqa jıberdı. Onyñ telefonyn tekserıp, suretterın öşırdı.", "kk-Latn"),
    ("Äkemdı şekaradan ötkende ūstap aldy, qazır anam ekeuımız Jarkentte tūramyz.", "kk-Latn"),
    ("Anam Mongghulküre nahiyeside turatti. Kéyin u doxturxanida wapat boldi.", "ug-Latn"),
    ("Akam 2016-yili Ghuljidiki türmide öldi. Jesitini bizge bermidi.", "ug-Latn"),
])
def test_the_letters_and_words_of_latin_kazakh_and_uyghur_suggest_their_tag(text, tag):
    assert guess_tag(text) == tag
