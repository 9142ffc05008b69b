"""The places of the current results on a server-drawn map: a dot per place at its
coordinates, larger for more documents, a link narrowing to it, titled in the reader's language."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import gazetteer_client, make_doc

DOCS = {
    "a": make_doc("a", "Taken in Tacheng.", places=["Almaty"]),
    "b": make_doc("b", "Held in Tacheng, later in Urumqi.", places=["Almaty"]),
    "c": make_doc("c", "Held in Tacheng.", places=["Almaty"]),
}


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    return gazetteer_client(tmp_path_factory.mktemp("places-map"), DOCS)


def _map(page: str) -> str:
    start = page.index('<svg class="place-map"')
    return page[start:page.index("</svg>", start)]


def _dots(svg: str) -> dict[str, tuple[str, float, float, float]]:
    """name (its aria-label) -> (href, x, y, r) of each dot."""
    out = {}
    for href, title, x, y, r in re.findall(r'<a href="([^"]*)" class="place-link" aria-label="([^"]*)"[^>]*>'
                                           r'<circle class="dot[^"]*" '
                                           r'cx="([\d.-]+)" cy="([\d.-]+)" r="([\d.]+)"', svg):
        out[title] = (href.replace("&amp;", "&"), float(x), float(y), float(r))
    return out


def test_each_place_is_a_dot_sized_by_its_count_linking_to_it(web):
    svg = _map(web.get("/?lang=en").get_data(as_text=True))
    assert "<script" not in svg and "http" not in svg.replace('href="/', "")      # drawn here, nothing fetched
    dots = _dots(svg)
    tacheng, urumqi, almaty = dots["Tacheng: 3 documents"], dots["Urumqi: 1 document"], dots["Almaty: 3 documents"]
    assert urumqi[3] < tacheng[3] == almaty[3]
    # west is left, north is up: Almaty lies south-west of Tacheng, Urumqi south-east
    assert almaty[1] < tacheng[1] < urumqi[1] and tacheng[2] < almaty[2] and tacheng[2] < urumqi[2]
    assert parse_qs(urlparse(urumqi[0]).query)["place"] == ["Urumqi"]
    assert web.get(urumqi[0]).status_code == 200


def test_the_map_speaks_the_readers_language(web):
    svg = _map(web.get("/?lang=ru").get_data(as_text=True))
    assert "Места на карте" in svg and "Урумчи: 1 документ" in _dots(svg)


def test_no_place_with_coordinates_no_map(web):
    assert 'class="place-map"' not in web.get("/?q=nothingmatchesthis").get_data(as_text=True)
