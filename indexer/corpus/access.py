"""What the public may see of a document: the one place that decides it.

The public index is built only from `public_view(doc)`, so a restricted
document or person never enters it, and no route has to remember a filter.

A restricted person inside a public document is removed with everything the
document says of them only (their events, relation, notes, the years of their
events), and their name is withheld from every free text the public sees
(or, with `withhold: sentence`, every sentence that names them):
title, body, captions, the event texts of other persons, date texts, credits
and the source's title. The name is withheld in every form name search would
match to it (indexer.redaction): any script, transliteration, sounds-alike
spelling or bounded typo, full-width or with invisible characters inside, and
its word forms: "Tleukhanova's", "Тлеухановой", "Ospanov", "努尔勒别克" all go.
Withholding errs on the side of hiding too much.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from pathlib import Path

from .dates import extract_dates, year_months_of, years_of
from ..problems import Problem
from .model import DateMention, Document, Event, Person, Source
from ..names import match_person, name_words
from ..names.phonetic import fold_latin, is_particle, strip_latin
from ..text.analysis import fold
from .redaction import PASSAGE_WITHHELD, WITHHELD, Redactor, SentenceWithholder, redact  # noqa: F401


def names_of(person: Person) -> tuple[str, ...]:
    """A person's name and curated variants."""
    return tuple(n for n in [person.name, *person.variants] if n and n.strip())


#: Match levels at which two documents' persons are taken for one.
_SAME = ("exact", "transliteration", "phonetic")


class _Hide:
    """Every withholding a public text gets: first the sentences naming a person restricted
    with `withhold: sentence`, then the names of the other restricted persons."""

    def __init__(self, people: list[Person]):
        restricted = [p for p in people if p.restricted]
        self.sentences = SentenceWithholder([n for p in restricted if p.withhold == "sentence"
                                             for n in names_of(p)])
        self.names = Redactor([n for p in restricted if p.withhold != "sentence" for n in names_of(p)])

    def __call__(self, text: str | None) -> str | None:
        return self.names(self.sentences(text))


def _public_event(event: Event, hide: _Hide) -> Event:
    return replace(event, text=hide(event.text))


def _public_person(person: Person, hide: _Hide) -> Person:
    return replace(
        person,
        relation=hide(person.relation),
        note=None,
        events=[_public_event(e, hide) for e in person.events],
    )


def _public_source(source: Source, hide: _Hide) -> Source:
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
    hidden = [n for p in doc.people if p.restricted for n in names_of(p)]
    if not hidden and not any(p.restricted for p in doc.people):
        if doc.notes is None and part_of == doc.part_of and not any(p.note for p in doc.people):
            return doc
        return replace(doc, notes=None, part_of=part_of,
                       people=[replace(p, note=None) if p.note else p for p in doc.people])
    hide = _Hide(doc.people)
    people = [_public_person(p, hide) for p in doc.people if not p.restricted]
    # A date whose text names a person withheld by the sentence goes whole: its year is that context.
    dates = [DateMention(text=hide(d.text) or "", when=d.when) for d in doc.dates
             if not hide.sentences.names_in(d.text)]
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
    hidden = [n for p in doc.people if p.restricted for n in names_of(p)]
    if not hidden:
        return []
    # Capitalised as names are, so that a slug is read as loosely as a name in a text.
    words = " ".join(w.capitalize() for w in doc.id.split("-"))
    if Redactor(hidden)(words) != words:
        return [f"id {doc.id!r} contains the name of a restricted person, and ids are shown to "
                "the public: give the document another id"]
    return []


@dataclass(frozen=True)
class NamedPerson:
    """A named person of a good corpus file, where the file names them, for checks across files.

    Its names' keys (`_name_key`) are read where the person is made: in a build's workers,
    which read the files in parallel, rather than in the one process that compares them.
    """

    path: Path
    line: int
    names: tuple[str, ...]
    restricted: bool
    keys: tuple[frozenset[str], ...] = field(init=False, compare=False, repr=False)   # in the names' order

    def __post_init__(self):
        object.__setattr__(self, "keys", tuple(dict.fromkeys(_name_key(n) for n in self.names)))


@functools.lru_cache(maxsize=65536)
def _name_key(name: str) -> frozenset[str]:
    """What two spellings of one name share: the sounds-alike keys of its words' stems, in any
    order (Нурлыбек Оспанулы, Nurlybek Ospanov); the candidates the matcher then confirms."""
    words = [w for w in name_words(name) if not is_particle(w)]
    return frozenset(fold_latin(strip_latin(w)) for w in words) or frozenset([fold(name)])


@functools.lru_cache(maxsize=1 << 18)
def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether the name matcher takes each name for the other (every word of each meeting a word of
    the other, by spelling, script or sound; a typo is not enough).

    Remembered: a common name is public in many testimonies and restricted in several, and the
    matcher would otherwise compare the same two spellings once for every pair of files."""
    if {fold(n) for n in a} & {fold(n) for n in b}:
        return True
    there, back = match_person(a[0], b), match_person(b[0], a)
    return bool(there and back and there.how in _SAME and back.how in _SAME)


#: Public namesakes a warning names before it only counts the rest: a common name can be public
#: in thousands of testimonies, and the warning is read by a person.
NAMESAKES_LISTED = 10


@dataclass
class Namesakes:
    """The public namesakes, in other files, of the restricted person numbered `of`: how many, and
    (path, line, name) of the first `listed` in corpus order."""

    of: int
    count: int = 0
    first: list[tuple[Path, int, str]] = field(default_factory=list)


def find_namesakes(people: list[NamedPerson], restricted: list[NamedPerson],
                   listed: int | None = NAMESAKES_LISTED) -> list[Namesakes]:
    """The public people among `people` whom a restricted person of another file may be, by
    restricted person (numbered by their place in `restricted`, the whole corpus's).

    Each restricted person is compared with all their candidates in turn, so the matcher's
    reading of that person's names is remembered across them (a third faster than the other
    way round, where every restricted name is read again for each public mention)."""
    if not restricted:
        return []
    by_key: dict[frozenset[str], list[int]] = {}
    for number, p in enumerate(people):
        if not p.restricted:
            for key in p.keys:
                by_key.setdefault(key, []).append(number)
    found = []
    for number, other in enumerate(restricted):
        entry = Namesakes(number)
        for candidate in sorted({n for key in other.keys for n in by_key.get(key, ())}):
            p = people[candidate]
            if other.path != p.path and _same_person(p.names, other.names):
                entry.count += 1
                if listed is None or len(entry.first) < listed:
                    entry.first.append((p.path, p.line, p.names[0]))
        if entry.count:
            found.append(entry)
    return found


def joined_namesakes(parts: list[list[Namesakes]], listed: int | None = NAMESAKES_LISTED) -> list[Namesakes]:
    """The namesakes found in consecutive parts of a corpus, as if found in one pass."""
    joined: dict[int, Namesakes] = {}
    for part in parts:
        for found in part:
            entry = joined.setdefault(found.of, Namesakes(found.of))
            entry.count += found.count
            room = len(found.first) if listed is None else max(0, listed - len(entry.first))
            entry.first += found.first[:room]
    return [joined[n] for n in sorted(joined)]


def namesake_problems(restricted: list[NamedPerson], found: list[Namesakes]) -> list[Problem]:
    """One warning per restricted person with public namesakes, at the restricted person's line.

    A warning, not an error: namesakes are common (many people share one
    Kazakh name), and consent may be given for one testimony and not another,
    so only the archivist can tell; but if it is the same person, the public
    documents name them where this one hides them. One warning per restricted
    person, not per public mention, keeps the report as long as the archive's
    restricted people are many: the mentions of a common name grow with the
    square of the archive.
    """
    out = []
    for entry in found:
        person = restricted[entry.of]
        where = ", ".join(f"{path}:{line}" + (f" (as {name!r})" if name != person.names[0] else "")
                          for path, line, name in entry.first)
        more = entry.count - len(entry.first)
        if more:
            where += f", and {more} more (archive check --every-namesake lists them all)"
        out.append(Problem(person.path, person.line,
                           f"warning: {person.names[0]!r} is restricted here, but a namesake is public "
                           f"{entry.count} time(s) in other files: {where}; if it is the same person, "
                           "give them 'access: restricted' there too"))
    return out


def namesake_warnings(people: list[NamedPerson], restricted: list[NamedPerson] | None = None,
                      listed: int | None = NAMESAKES_LISTED) -> list[Problem]:
    """The namesake warnings (`namesake_problems`) of a corpus's named people, in file order."""
    if restricted is None:
        restricted = [p for p in people if p.restricted]
    return namesake_problems(restricted, find_namesakes(people, restricted, listed))
