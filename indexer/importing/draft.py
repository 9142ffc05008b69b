"""A draft's front matter, proposed from one part of a received text.

Everything proposed is read from the text by the same code the index uses
(places: `places.mentions`; dates: `corpus.dates`) or by the importer's rules
(people, relatives, events); each event keeps the sentence it was read from.
A draft is `status: draft` and `access: restricted`: it waits for an archivist.
"""
from __future__ import annotations

import re
from datetime import date

from anyascii import anyascii

from ..corpus.dates import extract_dates
from ..names.match import match_person
from .events import events_in, sentences
from .language import language_and_script, paragraph_language, reading_language
from .people import find_people
from .relatives import merge, relation_words, relative_of, relatives_in
from .sections import Layout, Part

_FIRST_PERSON = {"en": r"\bI\b|\b(?i:my|me|we|our)\b", "ru": r"(?i)\b(?:я|мой|моя|мы|меня)\b",
                 "kk": r"(?i)\b(?:мен|менің|біз|маған)\b", "zh": r"我"}
_I_SUBJECT = {"en": r"\bI(?:\s+was|\s+have\s+been|’ve\s+been|'ve\s+been|\s+had\s+been)\b",
              "ru": r"(?i)\bменя\b", "kk": r"(?i)\bмені\b", "zh": r"我被"}


def slug(text: str) -> str:
    """A corpus id from any script: ASCII letters and digits joined by '-'."""
    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")[:80] or "document"


def _narrator(part: Part, people, language: str) -> str | None:
    """The heading's name; else, in a first-person text, the person its first sentence begins with."""
    if part.narrator:
        return part.narrator
    body = "\n".join(part.paragraphs)
    if people and re.search(_FIRST_PERSON.get(language.split("-")[0], r"$^"), body):
        if part.paragraphs[0].startswith(people[0].name):
            return people[0].name
    return None


def _third(paragraph: str, narrator: str | None) -> bool:
    """Whether her/his may stand for the narrator here: the paragraph names the narrator."""
    return bool(narrator) and (narrator in paragraph or narrator.split()[-1] in paragraph)


def _names_of_relatives(part: Part, language: str, narrator: str | None, people) -> dict[str, str]:
    """{relation: name} of relatives named right after their relation ("мой брат Ерлан Нурланов",
    "my brother, Erlan Nurlanov", "我的哥哥叶尔兰·努尔兰")."""
    out: dict[str, str] = {}
    for paragraph in part.paragraphs:
        for _, relation, end in relatives_in(paragraph, language, _third(paragraph, narrator), ends=True):
            after = paragraph[end:end + 80].lstrip(" ,:—–-")
            for person in people:
                if after.startswith(person.name) and person.name != narrator:
                    out.setdefault(relation, person.name)
    return out


def _same(name: str, other: str) -> bool:
    return match_person(name, [other]) is not None


def _events(part: Part, language: str, narrator: str | None, relatives, published: date | None):
    """{relation or None (the narrator): [event]} read sentence by sentence."""
    lang = language.split("-")[0]
    out: dict[str | None, list[dict]] = {}
    last: str | None = None
    for paragraph in part.paragraphs:
        third = _third(paragraph, narrator)
        written_in = paragraph_language(paragraph, language)
        before: list[str] = []      # the relatives the sentence before named, in this paragraph
        for sentence in sentences(paragraph):
            named = [r for _, r in relatives_in(sentence, language, third)]
            named = [relative_of(n, relatives) for n in named]
            found = events_in(sentence, language)
            if not found:
                last = named[-1] if named else last
                before = named
                continue
            if named:
                who = named[-1]
            elif re.search(_I_SUBJECT.get(lang, r"$^"), sentence) or (third and narrator and not before):
                who = None
            else:
                who = last
            if who is None and not narrator:
                continue
            whens = extract_dates(sentence, written_in, published)
            for event in found:
                item = {"event": event.event}
                if whens:
                    item["when"] = whens[0].when
                if event.term_years is not None:
                    item["term_years"] = event.term_years
                item["text"] = sentence
                out.setdefault(who, []).append(item)
            last = named[-1] if named else last
            before = named
    return out


def draft(part: Part, layout: Layout, *, doc_id: str, part_of: str | None, finder, received: str,
          published: date) -> dict:
    """The front matter of one draft, as the mapping `writer` writes."""
    body = "\n\n".join(part.paragraphs)
    language, script = language_and_script(body)
    tag, language = language, reading_language(language)     # people, relatives and events: as read
    people_found = find_people("\n".join([*part.paragraphs, *part.captions]), finder, relation_words(language),
                               language)
    credits = layout.credits
    narrator = _narrator(part, people_found, language)
    relatives = merge([(i, relation)
                       for i, paragraph in enumerate(part.paragraphs)
                       for _, relation in relatives_in(paragraph, language, _third(paragraph, narrator))])
    named = _names_of_relatives(part, language, narrator, people_found)
    events = _events(part, language, narrator, relatives, published)
    people = []
    if narrator:
        people.append({"name": narrator, "role": "narrator", **({"events": events[None]} if None in events else {})})
    for relative in relatives:
        name = next((named[r] for r in relative.said if r in named), None)
        people.append({**({"name": name} if name else {}), "role": "mentioned", "relation": relative.relation,
                       **({"events": events[relative.relation]} if relative.relation in events else {})})
    authors = [c["name"] for c in credits]
    for person in people_found:
        if any(_same(person.name, other) for other in [narrator or "", *authors, *named.values()] if other):
            continue
        people.append({"name": person.name, "role": "mentioned"})
    people += [{"name": name, "role": "author"} for name in dict.fromkeys(authors)]
    # A person's name is no place (Nursultan Nazarbayev is not Astana): names are blanked first.
    where = "\n".join([part.title or "", body, *part.captions])
    for person in people_found:
        where = where.replace(person.name, " " * len(person.name))
    names = [p["name"] for p in people if p.get("name")]
    places = [p.name for p in finder.find(where, language=tag, people=names)] if finder else []
    dates = []
    for mention in (m for paragraph in part.paragraphs
                    for m in extract_dates(paragraph, paragraph_language(paragraph, tag), published)):
        if {"text": mention.text, "when": mention.when} not in dates:
            dates.append({"text": mention.text, "when": mention.when})
    meta = {
        "id": doc_id,
        "type": "testimony" if narrator else "article",
        "title": part.title or layout.title or received,
        "language": tag,
        "access": "restricted",
        "status": "draft",
    }
    if part_of:
        meta["part_of"] = part_of
    meta["source"] = {"title": layout.title or part.title or received,
                      "publisher": layout.publisher or f"received as {received}",
                      "published": published}
    if credits:
        meta["credits"] = credits
    meta["people"] = people
    if places:
        meta["places"] = places
    if dates:
        meta["dates"] = dates
    if part.captions:
        meta["captions"] = part.captions
    meta["notes"] = (f"Drafted by archive import from {received} (script: {script or 'unknown'}). "
                     "Every field is a proposal read from the text: check each against it, then set "
                     "status: published and the access it needs.")
    return meta
