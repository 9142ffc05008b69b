"""Snippets and marked text: escaped, with only <mark> added, around the searched words."""
from indexer.search.snippets import find_matches, mark_text, snippet


def test_stemmed_forms_are_marked_in_english():
    html = mark_text("The singers sang; a singer was detained.", "en", ["singer"])
    assert html.count("<mark>") == 2
    assert "<mark>singers</mark>" in html and "<mark>singer</mark>" in html


def test_russian_forms_are_marked():
    html = mark_text("В марте его задержали. Задержание длилось год.", "ru", ["задержали"])
    assert "<mark>задержали</mark>" in html


def test_a_word_whose_stem_is_shorter_than_three_letters_is_marked_in_every_form():
    # Russian stems этих to эт and Усен to ус: each form must be marked, not only the bare stem.
    html = mark_text("Этих людей увезли; Усена и Усен-ага тоже. Это было в марте.", "ru", ["этих", "Усен"])
    assert "<mark>Этих</mark>" in html and "<mark>Усена</mark>" in html and "<mark>Усен</mark>" in html


def test_only_whole_words_are_marked_not_letters_inside_another_word():
    html = mark_text("Someone's son, the sons of 'Family' and O'Brien's family.", "en", ["son", "family", "brien"])
    assert html.count("<mark>") == 4
    assert "<mark>son</mark>" in html and "<mark>sons</mark>" in html and "Someone" in html
    assert "&#39;<mark>Family</mark>&#39;" in html and "<mark>family</mark>" in html and "O&#39;Brien" in html


def test_markup_in_text_is_escaped_and_only_mark_is_added():
    html = mark_text("<script>alert('singer')</script> singer", "en", ["singer"])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert html.count("<mark>") == 2


def test_snippet_is_a_window_around_the_densest_matches():
    text = ("filler " * 200) + "the brother was a singer and the brother sang " + ("more " * 200)
    html = snippet(text, "en", ["brother", "singer"])
    assert html.startswith("…") and html.endswith("…")
    assert html.count("<mark>") == 3
    assert len(html) < 400


def test_snippet_without_matches_is_the_escaped_opening():
    assert snippet("a <b> c", "en", ["zzz"]) == "a &lt;b&gt; c"


def test_words_that_analyze_to_nothing_mark_nothing():
    assert find_matches("the and of", "en", ["the"]) == []


import pytest  # noqa: E402


@pytest.mark.parametrize("text, language, typed, marked", [
    ("Менің күйеуім полицияға шақырылды, содан зауытта жұмыс істеді.", "kk", ["полиция", "зауыт"],
     ["полицияға", "зауытта"]),
    ("Ūlym mektepten qaityp kelmedi.", "kk-Latn", ["мектеп"], ["mektepten"]),
    ("ول سوتتالدى", "kk-Arab", ["сотталды"], ["سوتتالدى"]),
    ("ئۇ مەكتەپتە ئوقۇيدۇ، ئاندىن زاۋۇتتا ئىشلىدى", "ug", ["مەكتەپ"], ["مەكتەپتە"]),
    ("Ol zawutta ishlewatidu. Saqchilar keldi.", "ug-Latn", ["zawut", "saqchi"], ["zawutta", "Saqchilar"]),
])
def test_inflected_kazakh_and_uyghur_forms_are_marked_in_any_script(text, language, typed, marked):
    html = mark_text(text, language, typed)
    assert [html[a + 6:html.index("</mark>", a)] for a in _marks(html)] == marked


@pytest.mark.parametrize("text, language, typed, marked", [
    ("我的丈夫2019年在塔城被警察带走，后来被关进了看守所", "zh", ["警察", "看守所"], ["警察", "看守所"]),
    ("我的丈夫被带走了", "zh", ["丈夫"], ["丈夫"]),
    ("他在和田的工廠工作", "zh-Hant", ["工厂"], ["工廠"]),
])
def test_a_chinese_word_is_marked_inside_its_run_of_characters(text, language, typed, marked):
    html = snippet(text, language, typed)
    assert [html[a + 6:html.index("</mark>", a)] for a in _marks(html)] == marked


def _marks(html: str) -> list[int]:
    out, at = [], html.find("<mark>")
    while at >= 0:
        out.append(at)
        at = html.find("<mark>", at + 1)
    return out
