"""The archive's records as plain data, shared by the corpus reader, the indexer and the query layer."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

DOC_TYPES = ("article", "testimony")
ACCESS_LEVELS = ("public", "restricted")
#: A draft (what `archive import` writes) waits for an archivist's review: it is never public,
#: whatever its `access` says, so an import cannot publish anything by itself.
STATUSES = ("draft", "published")
ROLES = ("narrator", "mentioned", "author")
EVENT_KINDS = (
    "detained", "sentenced", "released", "missing", "arrested", "fined",
    "disappeared", "died", "moved", "other",
)
#: How much of a public text naming a restricted person is withheld: the name, or its sentence.
WITHHOLD_MODES = ("name", "sentence")

#: The keys each mapping of the front matter may have; any other key is a problem,
#: so a misspelt `acess: restricted` cannot pass as a public person.
KEYS = {
    "document": ("id", "type", "title", "language", "access", "part_of", "source", "credits", "people",
                 "places", "dates", "captions", "notes", "status",
                 "subjects"),
    "source": ("title", "publisher", "published", "url"),
    "credit": ("name", "role"),
    "person": ("name", "role", "relation", "variants", "access", "withhold", "events", "note"),
    "event": ("event", "when", "place", "term_years", "text"),
    "date": ("text", "when"),
}


@dataclass
class Event:
    """Something that happened to a person, as the text tells it."""

    event: str
    when: str | None = None          # "2017", "2019-03", "2017/2018"
    place: str | None = None         # canonical place name
    term_years: int | None = None
    text: str | None = None


@dataclass
class Person:
    """A person a document names, or an unnamed relative (name is None)."""

    role: str
    name: str | None = None
    relation: str | None = None
    variants: list[str] = field(default_factory=list)
    access: str = "public"
    withhold: str | None = None      # WITHHOLD_MODES for a restricted person; None is "name"
    events: list[Event] = field(default_factory=list)
    note: str | None = None

    @property
    def restricted(self) -> bool:
        return self.access == "restricted"


@dataclass
class DateMention:
    """A date as written (`text`) and what it means (`when`: YYYY, YYYY-MM, YYYY-MM-DD or YYYY/YYYY)."""

    text: str
    when: str


@dataclass
class Source:
    title: str
    publisher: str | None = None
    published: date | None = None
    url: str | None = None


@dataclass
class Document:
    """One corpus file, parsed and validated."""

    id: str
    type: str
    title: str
    language: str
    access: str
    source: Source
    body: str
    path: Path | None = None
    part_of: str | None = None
    credits: list[dict] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    places: list[str] = field(default_factory=list)     # canonical place names
    dates: list[DateMention] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    notes: str | None = None
    status: str | None = None                           # STATUSES, or None for a published document
    subjects: list[str] = field(default_factory=list)   # thesaurus concept ids an archivist set
    years: list[int] = field(default_factory=list)      # event years: front matter + text
    year_months: list[str] = field(default_factory=list)  # "2019-03"

    @property
    def restricted(self) -> bool:
        return self.access == "restricted" or self.status == "draft"
