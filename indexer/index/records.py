"""Turn a parsed Document into the field values of the archive's schema."""
from __future__ import annotations

import json
import re
from dataclasses import fields, is_dataclass
from functools import cache
from datetime import datetime

from .. import names
from ..text.analysis import WORD_PATTERN, fold, text_language
from ..places.gazetteer import Gazetteer, place_key
from ..corpus.model import Document
from ..places.gazetteer import Place
from ..places.mentions import PlaceFinder
from .subjects import subjects_of
from .vocabulary import PLACE_KEY_JOIN


_WORD = re.compile(WORD_PATTERN)


def words_of(*texts: str) -> set[str]:
    """The distinct folded words of some texts: what spelling suggestions draw on.

    The texts are folded as one, a line apart: a document brings dozens (its title,
    body, people's names, every alias of the places it names), and a line break
    both ends a word and stops NFKC from composing across it, so the words are
    those of each text folded alone."""
    found = {w.strip("'") for w in set(_WORD.findall(fold("\n".join(texts))))}
    found.discard("")
    return found


def _place_aliases(place_names: list[str], places: dict[str, Place]) -> list[str]:
    """Every name of the given places: the canonical one and the gazetteer's aliases."""
    out = []
    for place_name in place_names:
        place = places.get(place_name)
        out += place.all_names() if place else [place_name]
    return out


_finders: list = [None, None]        # (the places dict, its PlaceFinder): one gazetteer per build
_last_found: list = [None, None, []]  # (document, places dict, its places_mentioned)


def _finder(places: dict[str, Place]) -> PlaceFinder:
    if _finders[0] is not places:
        _finders[:] = [places, PlaceFinder(Gazetteer(places.values()))]
    return _finders[1]


def places_mentioned(doc: Document, places: dict[str, Place]) -> list[str]:
    """The places the text names that the front matter does not list (indexer.places.mentions)."""
    if not places:
        return []
    if _last_found[0] is doc and _last_found[1] is places:   # fields, then vocabularies, of one document
        return _last_found[2]
    finder = _finder(places)
    listed = [places[n] for n in doc.places if n in places]
    people = [n for person in doc.people if not person.restricted for n in person_names(person)]
    found = finder.find("\n".join([doc.title, *doc.captions, doc.body]), listed, doc.language, people)
    _last_found[:] = [doc, places, [p.name for p in found if p.name not in doc.places]]
    return _last_found[2]


def places_within(place_names: list[str], places: dict[str, Place]) -> list[str]:
    """The places and every place they lie within: what a place filter matches, so
    `place=Xinjiang` finds a document about Urumqi."""
    out = dict.fromkeys(place_names)
    finder = _finder(places) if places else None
    for name in place_names:
        if finder is not None and name in places:
            out.update(dict.fromkeys(p.name for p in finder.gazetteer.ancestors(places[name])))
    return list(out)


_terms_of_place: dict[tuple, frozenset[str]] = {}


def _place_terms(place: Place | None, name: str) -> frozenset[str]:
    """A place's search terms: every spelling folded, and its transliteration keys (once a place)."""
    key = (place.id, *place.all_names()) if place else (None, name)
    terms = _terms_of_place.get(key)
    if terms is None:
        found: set[str] = set()
        for alias in place.all_names() if place else [name]:
            found.add(place_key(alias).replace(",", " "))
            found |= names.index_terms(alias)
        terms = _terms_of_place[key] = frozenset(found)
    return terms


def place_key_entries(place_names: list[str], places: dict[str, Place]) -> set[str]:
    """"term<TAB>canonical name" for every search term of the gazetteer places named.

    A gazetteer place's terms (every alias folded, and their transliteration
    keys: about 30) would be postings of every document naming it, half of all
    the postings the indexer writes; kept once per place in the index's
    vocabulary, a search reads them to find the places a word names, then the
    documents by `place_named`.
    """
    entries: set[str] = set()
    for name in place_names:
        if name in places:
            entries |= _place_key_entries(places[name], name)
    return entries


_entries_of_place: dict[tuple, frozenset[str]] = {}


def _place_key_entries(place: Place, name: str) -> frozenset[str]:
    """"term<TAB>name" of one place's terms (the same few places recur in most testimonies)."""
    key = (place.id, name, *place.all_names())
    entries = _entries_of_place.get(key)
    if entries is None:
        entries = _entries_of_place[key] = frozenset(
            f"{term}{PLACE_KEY_JOIN}{name}" for term in _place_terms(place, name) if term)
    return entries


def name_keys(person_names_: list[str]) -> set[str]:
    """The transliteration and phonetic keys of names (indexer.names), what name search looks up."""
    keys: set[str] = set()
    for name in person_names_:
        keys |= names.index_terms(name)
    return keys


def _vocabularies(title, captions, body, people: list[str], place_names, places) -> dict[str, set[str]]:
    return {"words": words_of(title, *captions, body, *people, *_place_aliases(place_names, places)),
            "name_keys": name_keys(people),
            "place_keys": place_key_entries(place_names, places)}


def document_vocabularies(doc: Document, places: dict[str, Place]) -> dict[str, set[str]]:
    """What a document brings to its index's vocabularies: its words (title, captions,
    body, names and place names) and its people's name keys."""
    people = [n for p in doc.people for n in person_names(p)]
    return _vocabularies(doc.title, doc.captions, doc.body, people,
                         doc.places + places_mentioned(doc, places), places)


def stored_vocabularies(stored: dict, places: dict[str, Place]) -> dict[str, set[str]]:
    """`document_vocabularies` of an indexed document, from its stored fields.

    `add` subtracts these for the version it replaces, so `places` must be the
    gazetteer the replaced version was indexed with.
    """
    meta = json.loads(stored["meta"])
    people = [n for p in meta["people"] for n in [p.get("name"), *p.get("variants", [])] if n]
    return _vocabularies(meta["title"], meta["captions"], stored["body"], people,
                         meta["places"] + meta.get("places_mentioned", []), places)


def person_names(person) -> list[str]:
    """A person's stored name followed by its curated variants."""
    return [n for n in [person.name, *person.variants] if n]


def document_text(doc: Document) -> str:
    """What a document's text field holds: its title, captions and body."""
    return "\n".join([doc.title, "\n".join(doc.captions), doc.body])


def document_subjects(doc: Document, text: str | None = None) -> list[str]:
    """The subjects the front matter gives, then those the title, captions and text tell of;
    `text` is the document's `document_text`, given where its analysis is kept for its field."""
    told = subjects_of(document_text(doc) if text is None else text, doc.language)
    return list(dict.fromkeys([*doc.subjects, *told]))


@cache
def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _plain(value):
    """A record's dataclasses as dicts and its lists as lists, as `dataclasses.asdict` makes
    them, without copying each string and number as it does (a person's events are read
    for every document of a build)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _meta(doc: Document, mentioned: list[str], subjects: list[str] = ()) -> dict:
    """Everything a result or document page shows, as JSON-ready data."""
    return {
        "title": doc.title,
        "type": doc.type,
        "language": doc.language,
        "part_of": doc.part_of,
        "source": {
            "title": doc.source.title,
            "publisher": doc.source.publisher,
            "published": doc.source.published.isoformat() if doc.source.published else None,
            "url": doc.source.url,
        },
        "credits": doc.credits,
        # Notes are archivists' working remarks: they stay in the corpus files
        # and are indexed for nobody.
        "people": [
            {k: v for k, v in _plain(p).items() if (v not in (None, [], "public") or k == "role") and k != "note"}
            for p in doc.people
        ],
        "places": doc.places,
        "places_mentioned": mentioned,
        "subjects": list(subjects),
        "years": doc.years,
        "year_months": doc.year_months,
        "dates": [_plain(d) for d in doc.dates],
        "captions": doc.captions,
    }


def document_meta(doc: Document, places: dict[str, Place]) -> dict:
    """What a document page shows of a document that is not in the index (the form's preview)."""
    return _meta(doc, places_mentioned(doc, places), document_subjects(doc))


def facet_payload(doc: Document, place_values: list[str] | None = None, within: list[str] = (),
                  subjects: list[str] = ()) -> bytes:
    """Per-document facet values and name-matching data, kept in a column.

    `n` holds, per named person, [role, name, *variants] so that name search
    can verify candidates without touching stored fields.
    """
    data = {
        # Credited authors stand on every document of a source: as a facet
        # value they would only crowd out the people the testimonies are about.
        "p": [p.name for p in doc.people if p.name and p.role != "author"],
        "pl": doc.places if place_values is None else place_values,
        "pw": [p for p in within if p not in (place_values or doc.places)],
        "y": doc.years,
        "t": doc.type,
        "l": doc.language,
        "n": [[p.role, *person_names(p)] for p in doc.people if p.name],
        "s": list(subjects),
        # The title, for sorting results by title without reading stored fields.
        "ti": doc.title,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def document_fields(doc: Document, places: dict[str, Place]) -> dict:
    """Field values for one document; `places` maps canonical names to gazetteer entries."""
    lang = text_language(doc.language)
    name_terms = name_keys([n for p in doc.people for n in person_names(p)])
    mentioned = places_mentioned(doc, places)
    named = doc.places + mentioned
    within = places_within(named, places)
    text = document_text(doc)
    subjects = document_subjects(doc, text)
    # Gazetteer places by canonical name (their terms are in the place_keys
    # vocabulary); only names the gazetteer does not know by their own terms.
    place_terms: set[str] = set()
    for name in named:
        if name not in places:
            place_terms |= _place_terms(None, name)
    published = doc.source.published
    return dict(
        id=doc.id,
        type=doc.type,
        language=doc.language,
        access=doc.access,
        part_of=doc.part_of or "",
        title=doc.title,
        person=",".join(fold(p.name).replace(",", " ") for p in doc.people if p.name),
        name_keys=" ".join(sorted(name_terms)),
        place=",".join(within),
        place_named=",".join(n for n in dict.fromkeys(named) if n in places),
        place_terms=",".join(sorted(t for t in place_terms if t)),
        years=list(doc.years),
        year_months=",".join(doc.year_months),
        published=datetime(published.year, published.month, published.day) if published else None,
        body=doc.body,
        meta=json.dumps(_meta(doc, mentioned, subjects), ensure_ascii=False),
        facets=facet_payload(doc, named, within, subjects),
        **{f"text_{lang}": text},
    )
