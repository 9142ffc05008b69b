"""What the synthetic corpus is made of, read from the data files in data/.

    synth_phrases.yaml   templates per language and category, relation words, dates
    synth_names.yaml     Kazakh, Uyghur and Russian given names and surname stems
    synth_places.yaml    a gazetteer of real places in Kazakhstan and Xinjiang

`_data()` loads them once per process; templates are compiled here into their
four gender variants (subject x narrator), so that writing a sentence is only
a format call.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .shape import LANGUAGE_SHARES

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class _Name:
    kk: str                 # Kazakh Cyrillic (for Russian names: the Russian spelling)
    ru: str | None          # Russian spelling when not derivable from kk
    lat: str | None         # Latin spelling when not derivable (Uyghur-style names)


@dataclass
class _Place:
    id: str
    name: str
    kind: str
    within: str | None
    aliases: dict
    country: str            # "kz", "cn" or "" for countries
    entry: dict             # as in the data file, for places.yaml
    labels: tuple[str, ...]                  # what a document may write in `places`
    body: dict[str, tuple[str, ...]]         # spellings for running text, by language


@dataclass
class _Template:
    variants: tuple[str, str, str, str]      # by (subject gender, narrator gender): mm mf fm ff
    named: bool                              # uses {R}
    date: str | None                         # "in", "since" or None
    relation: bool                           # uses a relation slot


@dataclass
class _Category:
    all: list[_Template]
    by_kind: dict[tuple[str | None, bool], list[_Template]]


class _Data:
    """Everything the generator reads, loaded once per process."""

    def __init__(self, data_dir: Path):
        def load(name: str):
            return yaml.load((data_dir / name).read_text("utf-8"), Loader=_Loader)

        self._places(load("synth_places.yaml"))
        self._names(load("synth_names.yaml"))
        self._phrases(load("synth_phrases.yaml"))

    # -- places ---------------------------------------------------------------
    def _places(self, raw: dict) -> None:
        entries = raw["places"]
        by_id = {e["id"]: e for e in entries}

        def country(e) -> str:
            while e.get("within"):
                e = by_id[e["within"]]
            return {"kazakhstan": "kz", "china": "cn"}.get(e["id"], "")

        self.places: dict[str, _Place] = {}
        for e in entries:
            aliases = e.get("aliases") or {}
            labels = (e["id"], e["name"], *(a for names in aliases.values() for a in names))
            body = {
                "en": tuple(dict.fromkeys([e["name"], *(a for a in aliases.get("en", ())
                                                        if not _GENERIC_EN.search(a))])),
                "ru": tuple(aliases.get("ru", ())),
                "kk": tuple(aliases.get("kk", ())),
            }
            self.places[e["id"]] = _Place(e["id"], e["name"], e["kind"], e.get("within"), aliases,
                                          country(e), e, tuple(dict.fromkeys(labels)), body)
        self.always = list(raw["always"])
        # Places a story can happen in: settlements and counties, by side of the border.
        settled = [p for p in self.places.values() if p.kind in ("city", "town", "village", "county")]
        self.xinjiang = [p for p in settled if p.country == "cn" and self._in(p, "xinjiang")]
        self.kazakhstan = [p for p in settled if p.country == "kz"]
        north = ("ili", "tacheng-prefecture", "altay-prefecture", "bortala-prefecture", "changji-prefecture",
                 "urumqi", "karamay", "hami")
        self.xinjiang_north = [p for p in self.xinjiang if any(self._in(p, a) for a in north)]
        self.xinjiang_south = [p for p in self.xinjiang if p not in self.xinjiang_north]
        near_border = ("almaty-region", "jetisu-region", "abai-region", "east-kazakhstan-region")
        self.kazakhstan_near = [p for p in self.kazakhstan if any(self._in(p, a) for a in near_border)]
        self.almaty = self.places["almaty"]
        # Regions and countries a document may add to its `places`.
        self.wider = [self.places[i] for i in ("china", "kazakhstan", "xinjiang")]

    def _in(self, place: _Place, ancestor: str) -> bool:
        while place is not None:
            if place.id == ancestor:
                return True
            place = self.places.get(place.within) if place.within else None
        return False

    def ancestors(self, place_id: str) -> list[str]:
        out = []
        place = self.places[place_id]
        while place.within:
            out.append(place.within)
            place = self.places[place.within]
        return out

    # -- names ----------------------------------------------------------------
    def _names(self, raw: dict) -> None:
        def entries(text: str) -> list[_Name]:
            out = []
            for item in text.split():
                kk, ru, lat = (item.split("|") + ["", ""])[:3]
                out.append(_Name(kk, ru or None, lat or None))
            return out

        self.names = {}
        for group, lists in raw.items():
            self.names[group] = {
                "m": entries(lists["male"]),
                "f": entries(lists["female"]),
                "stems": entries(lists.get("stems") or lists.get("surnames")),
            }

    # -- phrases --------------------------------------------------------------
    def _phrases(self, raw: dict) -> None:
        self.relations = {}
        for key, r in raw["relations"].items():
            self.relations[key] = dict(r, key=key, relation=r.get("relation", key))
        self.lang = {}
        for lang in LANGUAGE_SHARES:
            src = raw[lang]
            tables = {
                "ethnic": src["ethnic"],
                "months": src["months"],
                "dates": src["dates"],
                "jobs": [_split_gender(j) for j in _lines(src["jobs"])],
                "hroles": _lines(src["hroles"]),
                "publishers": _lines(src["publishers"]),
                "source_titles": _lines(src["source_titles"]),
            }
            categories = {k: _compile(_lines(v)) for k, v in src.items()
                          if isinstance(v, str) and k not in tables}
            self.lang[lang] = (tables, categories)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


_GENERIC_EN = re.compile(r"County|Prefecture|Autonomous|District|City|Region|Oblast|Pass\b|^[A-Z]{2,}$")
_MALE_FEMALE = re.compile(r"\[([^\[\]|]*)\|([^\[\]]*)\]")
_NARRATOR = re.compile(r"<([^<>|]*)\|([^<>]*)>")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _split_gender(text: str) -> tuple[str, str]:
    m, _, f = text.partition("|")
    return m, f or m


def _compile(lines: list[str]) -> _Category:
    templates = []
    for line in lines:
        variants = []
        for subject in (1, 2):
            for narrator in (1, 2):
                t = _MALE_FEMALE.sub(lambda m: m.group(subject), line)
                variants.append(_NARRATOR.sub(lambda m: m.group(narrator), t))
        date_kind = ("in" if ("{When}" in line or "{when}" in line)
                     else "since" if ("{Since}" in line or "{since}" in line) else None)
        relation = any(s in line for s in ("{rel", "{Rel", "{relw}"))
        templates.append(_Template(tuple(variants), "{R}" in line, date_kind, relation))
    by_kind: dict = {}
    for kind in (None, "in", "dated"):
        for named in (False, True):
            by_kind[(kind, named)] = [
                t for t in templates
                if (t.date in ("in", "since") if kind == "dated" else t.date == kind) and (named or not t.named)]
    return _Category(templates, by_kind)


@lru_cache(maxsize=None)
def _data() -> _Data:
    return _Data(DATA_DIR)
