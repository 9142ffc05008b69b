"""What the public may see of a document: the one place that decides it.

The public index is built only from `public_view(doc)`, so a restricted
document or person never enters it, and no route has to remember a filter.

A restricted person inside a public document is removed with everything the
document says of them only (their events, relation, notes, the years of their
events), and their name is withheld from every free text the public sees:
title, body, captions, the event texts of other persons, date texts, credits
and the source's title. The name is withheld in every form name search would
match to it (indexer.redaction): any script, transliteration, sounds-alike
spelling or bounded typo, full-width or with invisible characters inside, and
its word forms: "Tleukhanova's", "Тлеухановой", "Ospanov", "努尔勒别克" all go.
Withholding errs on the side of hiding too much.
"""
from __future__ import annotations

from dataclasses import replace

from .dates import extract_dates, year_months_of, years_of
from .model import DateMention, Document, Event, Person, Source
from .redaction import WITHHELD, Redactor, redact  # noqa: F401  (the public names of redaction)


def _names_of(person: Person) -> list[str]:
    return [n for n in [person.name, *person.variants] if n and n.strip()]


def _public_event(event: Event, hide: Redactor) -> Event:
    return replace(event, text=hide(event.text))


def _public_person(person: Person, hide: Redactor) -> Person:
    return replace(
        person,
        relation=hide(person.relation),
        note=None,
        events=[_public_event(e, hide) for e in person.events],
    )


def _public_source(source: Source, hide: Redactor) -> Source:
    url = source.url
    if url and hide(url) != url:
        url = None
    return replace(source, title=hide(source.title) or "", publisher=hide(source.publisher), url=url)


def public_view(doc: Document, restricted_ids: set[str] | frozenset[str] = frozenset()) -> Document | None:
    """The document as the public may see it, or None when it is restricted.

    `restricted_ids` are the ids of restricted documents of the corpus: a public
    document that is `part_of` one of them does not name it. Notes are for
    archivists and never public.
    """
    if doc.restricted:
        return None
    part_of = None if doc.part_of in restricted_ids else doc.part_of
    hidden = [n for p in doc.people if p.restricted for n in _names_of(p)]
    if not hidden and not any(p.restricted for p in doc.people):
        if doc.notes is None and part_of == doc.part_of and not any(p.note for p in doc.people):
            return doc
        return replace(doc, notes=None, part_of=part_of,
                       people=[replace(p, note=None) if p.note else p for p in doc.people])
    hide = Redactor(hidden)
    people = [_public_person(p, hide) for p in doc.people if not p.restricted]
    dates = [DateMention(text=hide(d.text) or "", when=d.when) for d in doc.dates]
    captions = [hide(c) for c in doc.captions]
    body = hide(doc.body)
    # Years and months again, now without the restricted persons' events.
    mentions = list(dates)
    mentions += [DateMention(e.text or "", e.when) for p in people for e in p.events if e.when]
    for text in (body, *captions):
        mentions += extract_dates(text, doc.language, doc.source.published)
    return replace(
        doc,
        part_of=part_of,
        people=people,
        title=hide(doc.title),
        body=body,
        captions=captions,
        dates=dates,
        credits=[{k: (hide(v) if isinstance(v, str) else v) for k, v in c.items()} for c in doc.credits],
        source=_public_source(doc.source, hide),
        notes=None,
        years=years_of(mentions),
        year_months=year_months_of(mentions),
    )


def exposure_problems(doc: Document) -> list[str]:
    """What a public document would show of a restricted person that cannot be withheld.

    That is its id, which every link and URL carries: an id made of a
    restricted person's name would name them to the public.
    """
    if doc.restricted:
        return []
    hidden = [n for p in doc.people if p.restricted for n in _names_of(p)]
    if not hidden:
        return []
    words = doc.id.replace("-", " ")
    if Redactor(hidden)(words) != words:
        return [f"id {doc.id!r} contains the name of a restricted person, and ids are shown to "
                "the public: give the document another id"]
    return []
