"""An answer says what else it searched for: the subjects' terms in other languages, and a
Chinese word in the other characters; the page says it in one line."""
from __future__ import annotations


def _expanded(client, q):
    return client.get("/api/search", query_string={"q": q}).get_json()["expanded"]


def test_json_lists_the_thesaurus_terms_a_word_was_expanded_to(client):
    [police] = [e for e in _expanded(client, "police") if e["how"] == "thesaurus"]
    assert police["typed"] == "police" and police["concept"] == "police"
    assert {"полиция", "警察"} <= set(police["terms"]) and "police" not in police["terms"]
    assert _expanded(client, "bread") == []


def test_a_chinese_word_is_also_searched_in_the_other_characters(client):
    assert {"typed": "工廠", "concept": None, "terms": ["工厂"], "how": "script"} in _expanded(client, "工廠")


def test_the_page_says_what_it_also_searched(client):
    page = client.get("/", query_string={"q": "police", "lang": "en"}).get_data(as_text=True)
    line = page[page.index('class="also-searched"'):]
    line = line[:line.index("</p>")]
    assert "Also searched:" in line and "полиция" in line and "警察" in line
    assert 'class="also-searched"' not in client.get("/", query_string={"q": "bread"}).get_data(as_text=True)
