"""The places of the current results on a map: inline SVG made on the server, one link per place.

No tiles and no script from the internet: each place the results list or
name is a dot at its gazetteer coordinates (an equirectangular view of the
area the dots span), its size by the number of documents, its title the
place's name in the reader's language and its count; a click narrows the
results to that place (or, on the chosen place, removes the filter again).
"""
from __future__ import annotations

import math

from flask_babel import gettext, ngettext
from markupsafe import Markup, escape

from indexer.search.places import entry

from .i18n import place_name

#: Drawing units (the SVG scales to its box, keeping its proportions).
WIDTH, HEIGHT, PAD = 270, 170, 14
#: Dot radius for one document and for the most counted place.
R_MIN, R_MAX = 3.0, 11.0
#: The smallest span drawn, in degrees, so that one town is not a whole map.
MIN_SPAN = 6.0
#: Places labelled with their name (the most counted).
LABELS = 5


def _points(places: list[dict], gazetteer) -> list[tuple[dict, float, float]]:
    out = []
    for item in places:
        place = entry(gazetteer, str(item["value"])) if gazetteer is not None else None
        if place is not None and place.lat is not None and place.lon is not None and item.get("count"):
            out.append((item, place.lat, place.lon))
    return out


def place_map_svg(places: list[dict], gazetteer) -> Markup:
    """The map of the places facet `places` ([{"value", "count", "toggle_url", "selected"}]);
    empty when no place of the results has coordinates."""
    points = _points(places, gazetteer)
    if not points:
        return Markup("")
    lats = [lat for _i, lat, _lon in points]
    lons = [lon for _i, _lat, lon in points]
    mid_lat = (min(lats) + max(lats)) / 2
    squeeze = max(math.cos(math.radians(mid_lat)), 0.2)        # a degree of longitude is shorter up north
    span_x = max((max(lons) - min(lons)) * squeeze, MIN_SPAN)
    span_y = max(max(lats) - min(lats), MIN_SPAN * (HEIGHT - 2 * PAD) / (WIDTH - 2 * PAD))
    scale = min((WIDTH - 2 * PAD) / span_x, (HEIGHT - 2 * PAD) / span_y)
    cx, cy = (min(lons) + max(lons)) / 2, mid_lat

    def xy(lat, lon):
        return WIDTH / 2 + (lon - cx) * squeeze * scale, HEIGHT / 2 - (lat - cy) * scale

    top = max(int(item["count"]) for item, _lat, _lon in points)
    title = gettext("Places on a map")
    desc = gettext("Each dot is a place of these results, larger for more documents; choose one to narrow "
                   "the results to it.")
    parts = [f'<svg class="place-map" viewBox="0 0 {WIDTH} {HEIGHT}" role="group" '
             f'aria-labelledby="map-title map-desc">',
             f'<title>{escape(title)}</title><desc id="map-desc">{escape(desc)}</desc>',
             f'<rect class="frame" x="0.5" y="0.5" width="{WIDTH - 1}" height="{HEIGHT - 1}"></rect>']
    ranked = sorted(points, key=lambda p: (-int(p[0]["count"]), str(p[0]["value"])))
    labelled = {id(p[0]) for p in ranked[:LABELS]}
    for item, lat, lon in sorted(points, key=lambda p: -int(p[0]["count"])):   # small dots drawn on top
        x, y = xy(lat, lon)
        count = int(item["count"])
        r = R_MIN + (R_MAX - R_MIN) * math.sqrt(count / top)
        shown = place_name(item["value"])
        label = ngettext("%(place)s: %(num)d document", "%(place)s: %(num)d documents", count, place=shown)
        cls = "dot selected" if item.get("selected") else "dot"
        pressed = ' aria-current="true"' if item.get("selected") else ""
        text = ""
        if id(item) in labelled:
            anchor = "end" if x > WIDTH * 0.7 else "start"
            dx = -(r + 2) if anchor == "end" else r + 2
            text = (f'<text class="name" x="{x + dx:.1f}" y="{y + 3:.1f}" text-anchor="{anchor}">'
                    f'{escape(shown)}</text>')
        # No <title> inside: its text would join the link's visible text, which must lie
        # within the name (WCAG 2.5.3); the name begins with the place's name drawn beside it.
        parts.append(f'<a href="{escape(item.get("toggle_url", ""))}" class="place-link" aria-label="{escape(label)}"'
                     f'{pressed}>'
                     f'<circle class="{cls}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"></circle>{text}</a>')
    parts.append("</svg>")
    return Markup("".join(parts))
