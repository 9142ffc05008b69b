"""The gazetteer (`places.yaml`): every place the corpus names, with every spelling people type.

A place is found by its id, canonical name or any alias, compared after folding
away differences people do not notice when typing ("Alma-Ata", "alma ata",
"АЛМАТЫ"). The loader reports every fault with its line so an archivist can fix
the file, and keeps the valid entries so the rest of the corpus can still be checked.

This module also holds the line-aware YAML loader the corpus reader uses: it is
the lower layer (the corpus reader imports it, never the other way round).
"""
from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import ConstructorError

from ..problems import Problem


@dataclass
class Place:
    """A gazetteer entry."""

    id: str
    name: str
    kind: str
    within: str | None = None
    aliases: dict[str, list[str]] = field(default_factory=dict)
    lat: float | None = None
    lon: float | None = None
    population: int = 0

    def all_names(self) -> list[str]:
        """Canonical name, id and every alias, in order, without repeats."""
        seen: dict[str, None] = {self.name: None, self.id: None}
        for names in self.aliases.values():
            for alias in names:
                seen.setdefault(alias, None)
        return list(seen)


# ---------------------------------------------------------------------------
# YAML with line numbers
# ---------------------------------------------------------------------------


class LineDict(dict):
    """A YAML mapping that remembers its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A YAML sequence that remembers its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


# libyaml's parser when PyYAML has it: the pure-Python one dominates the time of
# reading a large corpus. Both give nodes with line marks.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):
    """SafeLoader building LineDict/LineList; `first_line` is the file line of the text's first line."""

    first_line = 1

    def node_line(self, node) -> int:
        return node.start_mark.line + self.first_line


def _construct_timestamp(loader: _LineLoader, node):
    """Keep an impossible date ("2021-02-30") as its text so the field check can name it."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def parse_yaml(text: str, first_line: int = 1):
    """Parse one YAML document into plain values, mappings and lists carrying file lines.

    Raises yaml.YAMLError (see `yaml_error`) or, on pathological input, RecursionError.
    """
    loader = _LineLoader(text)
    loader.first_line = first_line
    try:
        node = loader.get_single_node()
        return None if node is None else _value(loader, node)
    finally:
        loader.dispose()


_STR = "tag:yaml.org,2002:str"


def _value(loader: _LineLoader, node, built: dict | None = None):
    """The value of a composed node, built directly: PyYAML's generic construction (a
    generator per collection, then a second pass filling it) is most of the time of
    reading a document's front matter. Scalars go through the loader's own constructors;
    a node met again through an alias is the value already built (as PyYAML does, so
    a "billion laughs" of aliases costs no more than its text)."""
    built = {} if built is None else built
    if id(node) in built:
        return built[id(node)]
    if isinstance(node, yaml.ScalarNode):
        # Most of front matter is strings, whose value is the node's text: the loader's
        # constructor for them is three calls deep and the rest of its scalars go there.
        value = built[id(node)] = node.value if node.tag == _STR else loader.construct_object(node)
        return value
    if isinstance(node, yaml.SequenceNode):
        data = built[id(node)] = LineList()
        data.line, data.item_lines = loader.node_line(node), [loader.node_line(n) for n in node.value]
        data.extend(_value(loader, n, built) for n in node.value)
        return data
    if not isinstance(node, yaml.MappingNode):   # pragma: no cover - the composer makes no other kind
        raise ConstructorError(None, None, f"unexpected node {node.id}", node.start_mark)
    data = built[id(node)] = LineDict()
    data.line, data.key_lines = loader.node_line(node), {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = _value(loader, key_node, built)
        if not isinstance(key, Hashable):
            raise ConstructorError("while constructing a mapping", node.start_mark,
                                   "found an unhashable key", key_node.start_mark)
        if key in data.key_lines:
            # PyYAML would silently keep the last one; a repeated key is almost always a mistake.
            raise ConstructorError("while constructing a mapping", node.start_mark,
                                   f"found key {key!r} again (first at line {data.key_lines[key]})",
                                   key_node.start_mark)
        data[key] = _value(loader, value_node, built)
        data.key_lines[key] = loader.node_line(key_node)
    return data


def yaml_error(exc: BaseException, first_line: int = 1) -> tuple[int | None, str]:
    """The file line and a one-line message for a YAML parsing failure."""
    if isinstance(exc, RecursionError):
        return first_line, "invalid YAML: nested too deeply"
    problem_mark, context_mark = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    mark = problem_mark or context_mark
    line = mark.line + first_line if mark is not None else first_line
    context, problem = getattr(exc, "context", None), getattr(exc, "problem", None)
    if context and context_mark is not None and context_mark.line + first_line != line:
        context = f"{context} (line {context_mark.line + first_line})"
    what = ": ".join(str(p) for p in (context, problem) if p)
    return line, f"invalid YAML: {what or exc}"


# ---------------------------------------------------------------------------
# The gazetteer
# ---------------------------------------------------------------------------

# Hyphens, dashes, spaces and apostrophes that spellings of one place differ by.
_IGNORED = re.compile(r"[\s\-\u2010-\u2015\u2212'\u2018\u2019\u02bc\u02bb`\u00b4\u02b9]+")


@functools.cache
def _key_letters() -> dict[int, str]:
    """Letters a name is written with or without, as one (data/key_letters.yaml names its source)."""
    data = yaml.safe_load((Path(__file__).resolve().parent / "data" / "key_letters.yaml").read_text("utf-8"))
    return {ord(a): b for table in data.values() for a, b in table.items()}


def place_key(name: str, letters: bool = True) -> str:
    """Fold a place name for comparison: NFC, casefold, no hyphen/space/apostrophe differences,
    and (unless `letters` is false: the spelling itself, as the gazetteer keeps it) the letters
    Turkic Cyrillic adds read as Russian ones (Құлжа = Кулжа)."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())
    if letters and not folded.isascii():
        folded = folded.translate(_key_letters())
    return _IGNORED.sub("", folded)


#: Places this far apart are two places even within one region (two Saybags of Xinjiang).
HOMONYM_KM = 20


def homonyms(one: Place, other: Place) -> bool:
    """Two places may share a spelling when each says where it lies and they lie in different
    places (Aksu of Xinjiang, Aksu of Pavlodar Region), or when their coordinates lie apart;
    otherwise (no region, the same region and no coordinates) it is a mistake."""
    if not (one.within and other.within):
        return False
    if one.within != other.within:
        return True
    if None in (one.lat, one.lon, other.lat, other.lon):
        return False
    return distance_km((one.lat, one.lon), (other.lat, other.lon)) >= HOMONYM_KM


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points."""
    (lat1, lon1), (lat2, lon2) = a, b
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    cos = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371 * math.acos(max(-1.0, min(1.0, cos)))


class Gazetteer:
    """Places by id and by every folded spelling; the first place to claim a spelling keeps it
    (the bundled file lists larger places first), and homonyms are kept behind it."""

    def __init__(self, places=()):
        self.places: list[Place] = []
        self._by_id: dict[str, Place] = {}
        self._by_key: dict[str, Place] = {}
        self._others: dict[str, list[Place]] = {}
        for place in places:
            self.add(place)

    def add(self, place: Place) -> list[tuple[str, Place]]:
        """Register a place; return (spelling, other place) for each spelling another place
        of the same region (or of none) already has."""
        self.places.append(place)
        self._by_id.setdefault(place.id, place)
        clashes = []
        for name in place.all_names():
            key = place_key(name)
            if not key:
                continue
            owner = self._by_key.setdefault(key, place)
            if owner is place:
                continue
            others = self._others.setdefault(key, [])
            if place in others:
                continue
            rivals = [owner, *others]
            if all(homonyms(place, r) for r in rivals):
                others.append(place)
            else:
                clashes.append((name, next(r for r in rivals if not homonyms(place, r))))
        return clashes

    def resolve_all(self, name) -> list[Place]:
        """Every place this id, name or alias names: the one `resolve` gives first, then its homonyms."""
        first = self.resolve(name)
        if first is None:
            return []
        return [first, *[p for p in self._others.get(place_key(name), ()) if p is not first]]

    def keys(self) -> dict[str, list[Place]]:
        """Every folded spelling and the places it names (first the one `resolve` gives)."""
        return {key: [owner, *self._others.get(key, ())] for key, owner in self._by_key.items()}

    def nearest(self, name: str, limit: int = 3) -> list[str]:
        """Canonical names of the places whose spellings come closest to `name`: what
        `archive check` suggests for a place it does not know."""
        from rapidfuzz import fuzz, process
        key = place_key(name) if isinstance(name, str) else ""
        if not key:
            return []
        found: dict[str, None] = {}
        for spelling, _score, _ in process.extract(key, list(self._by_key), scorer=fuzz.ratio,
                                                  limit=limit * 4, score_cutoff=60):
            found.setdefault(self._by_key[spelling].name, None)
            if len(found) == limit:
                break
        return list(found)

    def ancestors(self, place: Place) -> list[Place]:
        """The places a place lies within, nearest first, up to its country."""
        out, seen = [], {place.id}
        while place.within and place.within not in seen and (up := self._by_id.get(place.within)):
            out.append(up)
            seen.add(up.id)
            place = up
        return out

    def get(self, place_id: str) -> Place | None:
        return self._by_id.get(place_id)

    def resolve(self, name) -> Place | None:
        """The place with this id, name or alias, or None."""
        if not isinstance(name, str) or not name.strip():
            return None
        return self._by_id.get(name) or self._by_key.get(place_key(name))

    def __len__(self) -> int:
        return len(self.places)


def _aliases(entry: LineDict, problems: list[Problem], path: Path) -> tuple[dict[str, list[str]], dict[str, int]]:
    """An entry's aliases by language, plus the line of each alias (for clash reports)."""
    raw = entry.get("aliases")
    if raw is None:
        return {}, {}
    if isinstance(raw, list):                      # tolerated: a plain list, language unknown
        raw_by_lang = {"und": raw}
    elif isinstance(raw, dict):
        raw_by_lang = raw
    else:
        problems.append(Problem(path, entry.line_of("aliases"), "'aliases' must be a mapping of language to names"))
        return {}, {}
    aliases: dict[str, list[str]] = {}
    lines: dict[str, int] = {}
    for lang, names in raw_by_lang.items():
        line = raw_by_lang.line_of(lang) if isinstance(raw_by_lang, LineDict) else entry.line_of("aliases")
        if isinstance(names, str):
            names = LineList([names])
            names.line, names.item_lines = line, [line]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            problems.append(Problem(path, line, f"aliases for {lang!r} must be a list of names"))
            continue
        aliases[str(lang)] = list(names)
        for i, name in enumerate(names):
            lines.setdefault(name, names.line_of(i) if isinstance(names, LineList) else line)
    return aliases, lines


def _entry(entry, line: int, path: Path, problems: list[Problem]) -> tuple[Place | None, dict[str, int]]:
    """One `places` item as a Place, or None when it lacks what every place needs."""
    if not isinstance(entry, LineDict):
        problems.append(Problem(path, line, "a place must be a mapping with id, name and kind"))
        return None, {}
    ok = True
    for key in ("id", "name", "kind"):
        value = entry.get(key)
        if value is None or value == "":
            problems.append(Problem(path, entry.line, f"place has no {key!r}"))
            ok = False
        elif not isinstance(value, str):
            problems.append(Problem(path, entry.line_of(key), f"place {key!r} must be a string"))
            ok = False
    within = entry.get("within")
    if within is not None and not isinstance(within, str):
        problems.append(Problem(path, entry.line_of("within"), "'within' must be a place id"))
        within = None
    aliases, lines = _aliases(entry, problems, path)
    if not ok:
        return None, {}
    lines.setdefault(entry["id"], entry.line_of("id"))
    lines.setdefault(entry["name"], entry.line_of("name"))
    where = {}
    for key, kind in (("lat", float), ("lon", float), ("population", int)):
        value = entry.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.append(Problem(path, entry.line_of(key), f"place {key!r} must be a number"))
            continue
        where[key] = kind(value)
    return Place(id=entry["id"], name=entry["name"], kind=entry["kind"], within=within,
                 aliases=aliases, **where), lines


_FLOW_ITEM = re.compile(r"  - (\{.*\})\s*$")


def _lined(value, line: int):
    """A JSON value as the line-aware YAML loader would give it, every part on `line`."""
    if isinstance(value, dict):
        out = LineDict((k, _lined(v, line)) for k, v in value.items())
        out.line, out.key_lines = line, dict.fromkeys(value, line)
        return out
    if isinstance(value, list):
        out = LineList(_lined(v, line) for v in value)
        out.line, out.item_lines = line, [line] * len(value)
        return out
    return value


def _no_repeats(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("repeated key")
    return dict(pairs)


def _flow_places(text: str):
    """The `places` of a file written one place a line as JSON-style mappings (what
    `archive gazetteer` writes), read at JSON speed; None for any other shape, which
    the YAML loader then reads (and reports on)."""
    import json
    lines = text.splitlines()
    try:
        start = lines.index("places:")
    except ValueError:
        return None
    if any(line.strip() and not line.lstrip().startswith("#") for line in lines[:start]):
        return None
    entries = LineList()
    entries.line, entries.item_lines = start + 1, []
    for number, line in enumerate(lines[start + 1:], start + 2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _FLOW_ITEM.match(line)
        if match is None:
            return None
        try:
            entry = json.loads(match.group(1), object_pairs_hook=_no_repeats)
        except ValueError:
            return None
        entries.append(_lined(entry, number))
        entries.item_lines.append(number)
    return entries


def load_gazetteer(path) -> tuple[Gazetteer, list[Problem]]:
    """Read places.yaml; always returns a Gazetteer (empty or partial when the file is faulty)."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return Gazetteer(), [Problem(path, None, "gazetteer not found: every corpus needs a places.yaml")]
    except (OSError, UnicodeDecodeError) as exc:
        return Gazetteer(), [Problem(path, 1, f"gazetteer cannot be read: {exc}")]
    flow = _flow_places(text)
    if flow is not None:
        data = LineDict(places=flow)
        data.line, data.key_lines = flow.line, {"places": flow.line}
    else:
        try:
            data = parse_yaml(text)
        except Exception as exc:                      # YAMLError, RecursionError, odd tags
            line, message = yaml_error(exc)
            return Gazetteer(), [Problem(path, line, message)]
    if not isinstance(data, LineDict) or not isinstance(data.get("places"), LineList):
        line = data.line_of("places") if isinstance(data, LineDict) else 1
        return Gazetteer(), [Problem(path, line, "places.yaml must be a mapping with a 'places' list")]

    problems: list[Problem] = []
    gazetteer = Gazetteer()
    id_lines: dict[str, int] = {}
    entries = data["places"]
    for i, raw in enumerate(entries):
        place, lines = _entry(raw, entries.line_of(i), path, problems)
        if place is None:
            continue
        if place.id in id_lines:
            problems.append(Problem(path, lines[place.id],
                                    f"duplicate place id {place.id!r} (first at line {id_lines[place.id]})"))
            continue
        id_lines[place.id] = lines[place.id]
        for name, owner in gazetteer.add(place):
            problems.append(Problem(path, lines.get(name, raw.line),
                                    f"{name!r} of place {place.id!r} already names place {owner.id!r} "
                                    f"(line {id_lines[owner.id]})"))
    for i, raw in enumerate(entries):
        within = raw.get("within") if isinstance(raw, LineDict) else None
        if isinstance(within, str) and gazetteer.get(within) is None:
            problems.append(Problem(path, raw.line_of("within"), f"'within' names unknown place id {within!r}"))
    return gazetteer, problems
