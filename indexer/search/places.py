"""A result's places as a reader checks them: which gazetteer entry a name went to, the
regions it lies within, and where the text names a place that was searched for.

A homonym (Aksu of Xinjiang, Aksu of Pavlodar Region) is settled when the
document is indexed (indexer.places.mentions); the document page shows the
entry chosen, with its hierarchy, so an archivist sees it and can correct it
in the front matter. A place filter finds a testimony that says Шәуешекте for
Tacheng, so the snippet marks Шәуешекте: the words typed alone would mark
nothing there.
"""
from __future__ import annotations

import re
import threading

from ..places.gazetteer import Gazetteer, Place
from ..places.mentions import PlaceFinder


def entry(gazetteer: Gazetteer, name: str) -> Place | None:
    """The gazetteer entry a stored canonical name stands for (the homonym of that very name).

    Remembered beside the gazetteer while it holds the same places (it only ever
    gains some): the places facet asks it of every place it shows, on every page."""
    size, entries = gazetteer.__dict__.get("_entries", (None, None))
    if size != len(gazetteer):
        entries = {}
        gazetteer.__dict__["_entries"] = (len(gazetteer), entries)
    if name not in entries:
        if len(entries) > 100_000:
            entries.clear()
        entries[name] = (next((p for p in gazetteer.resolve_all(name) if p.name == name), None)
                         or gazetteer.resolve(name))
    return entries[name]


def lineage(gazetteer: Gazetteer, name: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """(the ids of the entry `name` stands for and of the places it lies within, the names of
    those it lies within, nearest first); both empty for a name the gazetteer does not know.

    Remembered as `entry` is: a page asks it of each result's places and of every
    place of the places facet."""
    size, lines = gazetteer.__dict__.get("_lineages", (None, None))
    if size != len(gazetteer):
        lines = {}
        gazetteer.__dict__["_lineages"] = (len(gazetteer), lines)
    found = lines.get(name)
    if found is None:
        if len(lines) > 100_000:
            lines.clear()
        place = entry(gazetteer, name)
        ups = gazetteer.ancestors(place) if place is not None else []
        found = lines[name] = (frozenset([place.id, *(p.id for p in ups)]) if place is not None else frozenset(),
                               tuple(p.name for p in ups))
    return found


def resolved(gazetteer: Gazetteer, meta: dict) -> list[dict]:
    """For every place the document lists or names: the entry, its kind and the places it lies
    within (nearest first), as JSON-ready data; `mentioned` says it was found in the text."""
    out = []
    listed = list(meta.get("places") or [])
    for name in dict.fromkeys(listed + list(meta.get("places_mentioned") or [])):
        place = entry(gazetteer, name)
        if place is None:
            out.append({"name": name, "id": None, "kind": None, "within": [], "mentioned": name not in listed})
            continue
        out.append({"name": place.name, "id": place.id, "kind": place.kind,
                    "within": [{"name": p.name, "id": p.id, "kind": p.kind} for p in gazetteer.ancestors(place)],
                    "mentioned": name not in listed,
                    "lat": place.lat, "lon": place.lon})
    return out


class PlaceMarks:
    """Where a text names a searched place, for the snippet; one finder for a snapshot, made
    when first needed (it reads every spelling of the gazetteer)."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._finder: PlaceFinder | None = None
        self._lock = threading.Lock()     # the finder keeps the language it reads in
        self._patterns: dict[frozenset[str], re.Pattern] = {}   # the spellings of chosen places
        self._place_patterns: dict[str, re.Pattern] = {}        # the spellings of one place

    def within(self, meta: dict, searched: list[str]) -> set[str]:
        """The document's places that are a searched place or lie within one."""
        wanted = {p.id for name in searched if (p := entry(self.gazetteer, name)) is not None}
        found = set()
        for name in [*meta.get("places", ()), *meta.get("places_mentioned", ())]:
            ids, _ups = lineage(self.gazetteer, name)
            if not wanted.isdisjoint(ids):
                found.add(entry(self.gazetteer, name).name)
        return found

    def spans(self, text: str, language: str, meta: dict, searched: list[str]) -> list[tuple[int, int]]:
        """(start, end) of every name in `text` of a document's place that is (or lies within)
        one of the `searched` canonical names."""
        if not searched or not text:
            return []
        chosen = self.within(meta, searched)
        if not chosen:
            return []
        found = []
        for start, end in self._windows(text, frozenset(chosen)):
            with self._lock:
                if self._finder is None:
                    self._finder = PlaceFinder(self.gazetteer)
                found += [(start + a, start + b, places)
                          for a, b, places in self._finder.mentions(text[start:end], language)]
        return [(a, b) for a, b, places in found if any(p.name in chosen for p in places)]

    def _windows(self, text: str, chosen: frozenset[str]) -> list[tuple[int, int]]:
        """Stretches of `text` where a spelling of a chosen place may stand, whole words each.

        Reading every word of a long testimony for every place name costs a
        results page most of its time; the chosen places' spellings, found
        by one regular expression, say where the reading is needed.
        """
        if len(text) <= 2 * WINDOW:
            return [(0, len(text))]
        lowered = text.lower()
        if len(lowered) == len(text):
            return self._merged(text, self._starts(lowered, chosen))
        pattern = self._patterns.get(chosen)
        if pattern is None:
            if len(self._patterns) > PATTERNS_KEPT:
                self._patterns.clear()
            pattern = self._patterns[chosen] = _spelling_starts(self.gazetteer, chosen)
        # Lower case both rather than IGNORECASE, which is an order of magnitude slower; a
        # text whose lower case is longer (İ) is read as it is.
        return self._merged(text, ((m.start(), m.end()) for m in _ignoring_case(pattern).finditer(text)))

    def _starts(self, lowered: str, chosen: frozenset[str]):
        """(start, end) of the chosen places' spellings in a lower-case text, as one pattern of
        all their spellings (`_spelling_starts`) meets them: the leftmost first, the longest
        there, the next looked for after it. Each place's own pattern is made once for the
        snapshot; a pattern for each set of chosen places (each document has its own) cost
        a page of a region's documents most of its time in compiling them."""
        patterns = []
        for name in sorted(chosen):
            pattern = self._place_patterns.get(name)
            if pattern is None:
                if len(self._place_patterns) > PATTERNS_KEPT:
                    self._place_patterns.clear()
                pattern = self._place_patterns[name] = _spelling_starts(self.gazetteer, frozenset([name]))
            patterns.append(pattern)
        met = [pattern.search(lowered) for pattern in patterns]
        after = 0
        while True:
            best = None
            for i, m in enumerate(met):
                if m is not None and m.start() < after:
                    m = met[i] = patterns[i].search(lowered, after)
                if m is not None and (best is None or m.start() < best[0]
                                      or (m.start() == best[0] and m.end() > best[1])):
                    best = (m.start(), m.end())
            if best is None:
                return
            yield best
            after = best[1]

    @staticmethod
    def _merged(text: str, matches) -> list[tuple[int, int]]:
        """Each match and WINDOW characters after it, overlapping ones as one, whole words each."""
        windows: list[list[int]] = []
        for begin, finish in matches:
            start, end = begin, min(len(text), finish + WINDOW)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = end
            else:
                windows.append([start, end])
        return [(_word_start(text, a), _word_end(text, b)) for a, b in windows]


#: Patterns of chosen places kept: a document's places within those searched are one set
#: of a few places, and a page of a region's documents holds tens of such sets.
PATTERNS_KEPT = 4096
#: Characters read after the beginning of a possible place name: its widest name of several words.
WINDOW = 80


def _word_start(text: str, at: int) -> int:
    while at > 0 and not text[at - 1].isspace():
        at -= 1
    return at


def _word_end(text: str, at: int) -> int:
    while at < len(text) and not text[at].isspace():
        at += 1
    return at


def _spelling_starts(gazetteer: Gazetteer, chosen: frozenset[str]):
    """A pattern meeting the beginning of every spelling of the chosen places in a lower-case
    text, whatever its case ending: the first word of each alias, its last letter left out
    when the word is long (Хоргос in Хоргосе, Шәуешек in Шәуешекте)."""
    starts = set()
    for name in chosen:
        place = entry(gazetteer, name)
        for alias in (place.all_names() if place else [name]):
            first = alias.split()[0] if alias.split() else ""
            first = first.split("-")[0] or first
            if len(first) >= 5:
                first = first[:-1]
            if first:
                starts.add(first)
    body = "|".join(re.escape(w) for w in sorted({w.lower() for w in starts}, key=len, reverse=True))
    return re.compile(body or r"(?!)")


def _ignoring_case(pattern: re.Pattern) -> re.Pattern:
    return re.compile(pattern.pattern, re.IGNORECASE)


#: Places the tree shows under one place (the most counted), and in all.
TREE_CHILDREN, TREE_NODES = 12, 80


def place_tree(counts: dict[str, int], gazetteer: Gazetteer) -> list[dict]:
    """The places facet as a tree, depth first: countries, the regions and prefectures within
    them, their cities. Each node is {"value", "count", "parent", "depth"}; a document counts
    once for each place it lies within (`counts`, from FacetTable.places_within), so a region's
    count is the documents of all its places, not their sum."""
    parents: dict[str, str | None] = {}
    for name in counts:
        parents[name] = next((up for up in lineage(gazetteer, name)[1] if up in counts), None)
    children: dict[str | None, list[str]] = {}
    for name, parent in parents.items():
        children.setdefault(parent, []).append(name)
    out: list[dict] = []

    def visit(parent: str | None, depth: int) -> None:
        for name in sorted(children.get(parent, ()), key=lambda n: (-counts[n], n))[:TREE_CHILDREN]:
            if len(out) >= TREE_NODES:
                return
            out.append({"value": name, "count": counts[name], "parent": parent, "depth": depth})
            visit(name, depth + 1)
    visit(None, 0)
    return out
