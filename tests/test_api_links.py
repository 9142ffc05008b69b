"""The links an answer carries (toggles, pages) are the address of the request with one change."""
from urllib.parse import parse_qsl, urlsplit

import pytest

from indexer.search.answer import ApiLinks, api_link
from indexer.search.request import SearchRequest

REQUESTS = [
    {},
    {"q": "Урумчи & camp/x?", "place": ["Xinjiang", "Хоргос"], "year": ["2017-2018"], "page": "3",
     "per_page": "5", "sort": "year"},
    {"q": '"a b" name:x', "lang": ["en"], "person": ["A B"], "correct": "0"},
]
CHANGES = [{}, {"page": 1}, {"page": 2}, {"place": ()}, {"place": ("Aksu", "Қорғас")}, {"year": ("2005",)},
           {"lang": ["ru", "en"]}, {"page": None}, {"q": ""}, {"sort": "relevance"}, {"person": "Zz Yy"}]


@pytest.mark.parametrize("args", REQUESTS)
@pytest.mark.parametrize("changes", CHANGES)
def test_a_link_is_the_request_with_its_changes(args, changes):
    req = SearchRequest.from_args(args)
    link = ApiLinks(req, "/root")(**changes)
    assert link == api_link(req.params(**changes), "/root")
    assert link.startswith("/root/api/search")
    expected = {k: v for k, v in req.params(**changes).items()}
    got = {}
    for k, v in parse_qsl(urlsplit(link).query):
        got.setdefault(k, []).append(v)
    assert got == {k: [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in expected.items()}
