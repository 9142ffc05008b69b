"""Read corpus files into Documents, reporting every problem with its file and line.

The corpus is written by hand, so the reader's job is as much to explain what is
wrong as to parse what is right: it checks every file and every field, never
stops at the first fault and never raises on bad input. A file with any problem
yields no Document, so a half-understood testimony never reaches the index.
"""
from __future__ import annotations

import difflib
import logging
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .access import NamedPerson, namesake_warnings, names_of
from .dates import extract_dates, when_problem, year_months_of, years_of
from ..places.gazetteer import Gazetteer, LineDict, load_gazetteer, parse_yaml, yaml_error
from ..problems import Problem
from ..text.language import check_tag
from ..text.thesaurus import concept_by_id
from .model import (ACCESS_LEVELS, DOC_TYPES, EVENT_KINDS, KEYS, ROLES, STATUSES, WITHHOLD_MODES, DateMention,
                    Document, Event, Person, Source)

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,127}")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
GAZETTEER_FILE = "places.yaml"
#: Where `archive remove` and the browser's withdraw move a document's file: kept, never indexed.
WITHDRAWN = "withdrawn"
#: The only links a document may give: http(s), a host, no spaces or control characters
#: (a `javascript:` or `data:` address would run in the reader's browser).
WEB_URL = re.compile(r"https?://[^\s/?#\x00-\x1f\x7f]+(?:[/?#][^\s\x00-\x1f\x7f]*)?", re.IGNORECASE)


@dataclass
class CorpusLoad:
    """The outcome of reading a corpus: good documents, every problem, the files left out."""

    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    gazetteer: Gazetteer | None = None
    #: What an archivist should look at but that does not stop a build (also logged).
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class _Read:
    """One file's result, with its id (when readable) even if the file has other problems,
    so duplicate ids are found among broken files too."""

    document: Document | None
    problems: list[Problem]
    id: str | None = None
    id_line: int | None = None
    #: The named persons of a good document, for checks across the corpus.
    people: list[NamedPerson] = field(default_factory=list)
    #: What the archivist should look at in this file but that does not stop a build.
    warnings: list[Problem] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Reading the file and splitting off the front matter
# ---------------------------------------------------------------------------

def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def _read_text(path: Path, corpus_root: Path | None) -> tuple[str | None, list[Problem]]:
    """The file's text, or the problems that keep it from being read."""
    def fail(line, message):
        return None, [Problem(path, line, message)]

    if path.is_symlink():
        target = Path(os.readlink(path))
        if not path.exists():
            return fail(1, f"broken symlink to {target}")
        if corpus_root is not None and not _inside(path, corpus_root):
            return fail(1, f"symlink to {path.resolve()}, outside the corpus directory {_resolved(corpus_root)}")
    elif corpus_root is not None and not _inside(path, corpus_root):
        return fail(1, f"file is outside the corpus directory {_resolved(corpus_root)}: move it into its "
                       "documents folder, or name the corpus it belongs to with --corpus DIR")
    if corpus_root is not None and _inside(path, Path(corpus_root) / WITHDRAWN):
        return fail(1, f"file was withdrawn (it is in {WITHDRAWN}/): move it back into the corpus's "
                       "documents to add it again")
    try:
        info = path.stat()
    except OSError as exc:
        return fail(None, f"cannot be read: {exc.strerror or exc}")
    if not stat.S_ISREG(info.st_mode):
        return fail(1, "not a regular file")
    if info.st_size > MAX_BYTES:
        return fail(1, f"file is {info.st_size:,} bytes ({info.st_size / 2**20:.1f} MB), "
                       f"over the {MAX_BYTES // 2**20} MB limit")
    try:
        data = path.read_bytes()
    except OSError as exc:
        return fail(None, f"cannot be read: {exc.strerror or exc}")
    if b"\x00" in data:
        nul = data.index(b"\x00")
        return fail(data.count(b"\n", 0, nul) + 1, "binary file (NUL byte), not UTF-8 text")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return fail(data.count(b"\n", 0, exc.start) + 1,
                    f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded; save the file as UTF-8")


def _front_matter(path: Path, text: str) -> tuple[LineDict | None, str, list[Problem]]:
    """Split `---` front matter from the body and parse it; the YAML keeps file line numbers."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, "", [Problem(path, 1, "no front matter: the file must start with a '---' line "
                                           f"(to draft it from the text, run `archive import {path}`)")]
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None:
        return None, "", [Problem(path, 1, "front matter opened here is never closed with a '---' line")]
    try:
        data = parse_yaml("\n".join(lines[1:end]), first_line=2)
    except Exception as exc:                      # YAMLError, RecursionError, odd tags
        line, message = yaml_error(exc, first_line=2)
        return None, "", [Problem(path, line, message)]
    if not isinstance(data, LineDict):
        what = "empty" if data is None else "not a mapping of fields"
        return None, "", [Problem(path, 2, f"front matter is {what}")]
    return data, "\n".join(lines[end + 1:]), []


# ---------------------------------------------------------------------------
# Checking fields
# ---------------------------------------------------------------------------

_KINDS = {str: "a string", list: "a list", dict: "a mapping", int: "a whole number"}


def _what(value) -> str:
    """How a YAML value looks to the person who wrote it."""
    for kind, name in ((bool, "true/false"), (dict, "a mapping"), (list, "a list"), (str, "text"),
                       (int, "a number"), (float, "a number"), (datetime, "a date-time"), (date, "a date")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _suggest_key(key, known, value) -> str | None:
    """What a stray key most likely meant: a known key spelt close to it (any case), or
    `access: …` for a key that is an access level (`restricted: true`)."""
    text = str(key).strip().lower()
    if text in ACCESS_LEVELS and "access" in known:
        return f"'access: {text}'"
    if text in known:
        return f"'{text}'"
    close = difflib.get_close_matches(text, known, n=1, cutoff=0.6)
    return f"'{close[0]}'" if close else None


class _Checker:
    """Field checks for one file; every failed check adds a Problem at the key's line."""

    def __init__(self, path: Path, gazetteer: Gazetteer | None):
        self.path, self.gazetteer = path, gazetteer
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []      # what the archivist should look at; no build stops for it

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def warning(self, line: int | None, message: str) -> None:
        self.warnings.append(Problem(self.path, line, message))

    def keys(self, m: LineDict, kind: str, where: str = "") -> None:
        """Every key of `m` that the format does not define for a `kind` mapping is a problem.

        A misspelt key would otherwise be ignored, and a misspelt `access`
        would leave a person public: so each gets its line and a suggestion.
        """
        known = KEYS[kind]
        for key in m:
            if isinstance(key, str) and key in known:
                continue
            hint = _suggest_key(key, known, m.get(key))
            self.problem(m.line_of(key), f"unknown key {str(key)!r}{where}" + (f" — did you mean {hint}?"
                                                                              if hint else
                                                                              f" (expected {', '.join(known)})"))

    def get(self, m: LineDict, key: str, kind: type, label: str, required: bool = False):
        """m[key] if present and of the right kind; None (and a problem if it matters) otherwise."""
        value = m.get(key)
        if value is None:
            if required:
                self.problem(m.line_of(key), f"missing required field '{label}'")
            return None
        if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
            self.problem(m.line_of(key), f"'{label}' must be {_KINDS[kind]}, not {_what(value)}")
            return None
        if value == "":
            if required:
                self.problem(m.line_of(key), f"'{label}' must not be empty")
            return None
        return value

    def choice(self, m: LineDict, key: str, choices, label: str, required=True, default=None):
        if not required and key in m and m[key] in (None, ""):   # written but empty: never the default
            self.problem(m.line_of(key), f"'{label}' is empty (expected {' | '.join(choices)})")
            return None
        value = self.get(m, key, str, label, required)
        if value is not None and value not in choices:
            self.problem(m.line_of(key), f"unknown {label} {value!r} (expected {' | '.join(choices)})")
            return None
        return value if value is not None else default

    def slug(self, m: LineDict, key: str, label: str, required=False):
        value = self.get(m, key, str, label, required)
        if value is not None and not SLUG.fullmatch(value):
            self.problem(m.line_of(key), f"'{label}' {value!r} is not a slug (a-z, 0-9 and '-', "
                                         "starting with a letter or digit)")
            return None
        return value

    def _items(self, m: LineDict, key: str, label: str, kind: type, kind_name: str, required: bool) -> list:
        """The items of a list field that are of `kind`; each other item is a problem at its line."""
        items = self.get(m, key, list, label, required) or []
        good = []
        for i, item in enumerate(items):
            if isinstance(item, kind):
                good.append(item)
            else:
                self.problem(items.line_of(i), f"each of '{label}' must be {kind_name}, not {_what(item)}")
        return good

    def strings(self, m: LineDict, key: str, label: str) -> list[str]:
        return self._items(m, key, label, str, "a string", False)

    def mappings(self, m: LineDict, key: str, label: str, required=False) -> list[LineDict]:
        return self._items(m, key, label, LineDict, "a mapping", required)

    def when(self, m: LineDict, key: str, label: str, required=False) -> str | None:
        value = m.get(key)
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):                  # unquoted YYYY-MM-DD
            value = value.isoformat()
        elif isinstance(value, int) and not isinstance(value, bool):
            value = str(value)                       # unquoted YYYY
        if value is None or value == "":
            if required:
                self.problem(m.line_of(key), f"missing required field '{label}'")
            return None
        if not isinstance(value, str):
            self.problem(m.line_of(key), f"'{label}' must be a date like \"2019-03\", not {_what(value)}")
            return None
        error = when_problem(value)
        if error:
            self.problem(m.line_of(key), f"'{label}': {error}")
            return None
        return value

    def place(self, name, line: int) -> str | None:
        if not isinstance(name, str) or not name.strip():
            self.problem(line, "a place must be a name or id from places.yaml")
            return None
        if self.gazetteer is None:                  # no usable gazetteer: already reported once
            return name
        place = self.gazetteer.resolve(name)
        if place is None:
            near = self.gazetteer.nearest(name)
            hint = f" (nearest known: {', '.join(near)})" if near else ""
            self.problem(line, f"unknown place {name!r}: not in places.yaml{hint}")
            return None
        return place.name


def _source(c: _Checker, fm: LineDict) -> Source | None:
    m = c.get(fm, "source", dict, "source", required=True)
    if m is None:
        return None
    c.keys(m, "source", " in 'source'")
    title = c.get(m, "title", str, "source.title", required=True)
    publisher = c.get(m, "publisher", str, "source.publisher", required=True)
    url = c.get(m, "url", str, "source.url")
    if url is not None and not WEB_URL.fullmatch(url):
        c.problem(m.line_of("url"), f"'source.url' {url[:80]!r} is not a web address: only http:// and "
                                    "https:// links are shown")
        url = None
    published = m.get("published")
    if isinstance(published, datetime):
        published = published.date()
    if isinstance(published, str):
        try:
            published = date.fromisoformat(published) if len(published) == 10 else published
        except ValueError:
            pass
    if published is None or published == "":
        c.problem(m.line_of("published"), "missing required field 'source.published'")
    elif not isinstance(published, date):
        c.problem(m.line_of("published"), f"'source.published' must be a date YYYY-MM-DD, not {published!r}")
        published = None
    elif published.year < 1900:
        c.problem(m.line_of("published"), f"'source.published' {published} is before 1900")
        published = None
    return Source(title=title or "", publisher=publisher, published=published, url=url)


def _event(c: _Checker, m: LineDict) -> Event:
    c.keys(m, "event", " in an event")
    term = c.get(m, "term_years", int, "term_years")
    if term is not None and term < 0:
        c.problem(m.line_of("term_years"), "'term_years' must not be negative")
    place = c.get(m, "place", str, "place")
    return Event(
        event=c.choice(m, "event", EVENT_KINDS, "event") or "",
        when=c.when(m, "when", "when"),
        place=c.place(place, m.line_of("place")) if place else None,
        term_years=term,
        text=c.get(m, "text", str, "text"),
    )


def _person(c: _Checker, m: LineDict) -> Person:
    c.keys(m, "person", " in a person")
    access = c.choice(m, "access", ACCESS_LEVELS, "access", required=False, default="public")
    withhold = c.choice(m, "withhold", WITHHOLD_MODES, "withhold", required=False)
    if withhold is not None and access is not None and access != "restricted":
        # Someone meant to hide this person and did not say so where it counts.
        c.problem(m.line_of("withhold"), "'withhold' is for a restricted person: add 'access: restricted' "
                                         "(or remove 'withhold')")
    return Person(
        role=c.choice(m, "role", ROLES, "role") or "",
        name=c.get(m, "name", str, "name"),
        relation=c.get(m, "relation", str, "relation"),
        variants=c.strings(m, "variants", "variants"),
        access=access,
        withhold=withhold,
        events=[_event(c, e) for e in c.mappings(m, "events", "events")],
        note=c.get(m, "note", str, "note"),
    )


def _credit(c: _Checker, m: LineDict) -> dict:
    c.keys(m, "credit", " in a credit")
    credit = {"name": c.get(m, "name", str, "name", required=True)}
    role = c.get(m, "role", str, "role")
    return credit | ({"role": role} if role else {})


def _document(c: _Checker, fm: LineDict, body: str, path: Path) -> Document | None:
    """Check every field of the front matter and build the Document if nothing is wrong."""
    c.keys(fm, "document")
    doc_id = c.slug(fm, "id", "id", required=True)
    doc_type = c.choice(fm, "type", DOC_TYPES, "type")
    title = c.get(fm, "title", str, "title", required=True)
    language = c.get(fm, "language", str, "language", required=True)
    if language is not None and not LANGUAGE_TAG.fullmatch(language):
        c.problem(fm.line_of("language"), f"'language' {language!r} is not a BCP 47 tag like en, ru, kk-Arab")
    elif language is not None:
        wrong, doubt = check_tag(language, body)
        if wrong:
            c.problem(fm.line_of("language"), wrong)
        elif doubt:
            c.warning(fm.line_of("language"), doubt)
    access = c.choice(fm, "access", ACCESS_LEVELS, "access")
    status = c.choice(fm, "status", STATUSES, "status", required=False)
    status = None if status == "published" else status      # None: published, the default
    if status == "draft" and access == "public":
        # Fail closed: a draft nobody reviewed must not reach the public by one edited line.
        c.problem(fm.line_of("status"), "a draft is restricted until it is published: set 'access: restricted', "
                                        "or remove 'status: draft' to publish it")
    part_of = c.slug(fm, "part_of", "part_of")
    source = _source(c, fm)
    if fm.get("people") is None:
        c.problem(fm.line_of("people"), "missing required field 'people' (write 'people: []' if there are none)")
    people = [_person(c, p) for p in c.mappings(fm, "people", "people")]
    places_raw = c.get(fm, "places", list, "places") or []
    places = [c.place(p, places_raw.line_of(i)) for i, p in enumerate(places_raw)]
    dates = []
    for d in c.mappings(fm, "dates", "dates"):
        c.keys(d, "date", " in a date")
        text, when = c.get(d, "text", str, "text", required=True), c.when(d, "when", "when", required=True)
        if text is not None and when is not None:
            dates.append(DateMention(text=text, when=when))
    captions = c.strings(fm, "captions", "captions")
    credits = [_credit(c, m) for m in c.mappings(fm, "credits", "credits")]
    notes = c.get(fm, "notes", str, "notes")
    subjects = c.strings(fm, "subjects", "subjects")
    known = concept_by_id()
    for subject in subjects:
        if subject not in known:
            near = difflib.get_close_matches(subject, list(known), n=3)
            hint = f" (did you mean {', '.join(near)}?)" if near else ""
            c.problem(fm.line_of("subjects"), f"unknown subject {subject!r}: not a concept id of the thesaurus{hint}")
    if c.problems:
        return None

    published = source.published
    mentions = list(dates)
    mentions += [DateMention(e.text or "", e.when) for p in people for e in p.events if e.when]
    for text in (body, *captions):
        mentions += extract_dates(text, language, published)
    return Document(
        id=doc_id, type=doc_type, title=title, language=language, access=access, source=source,
        body=body, path=path, part_of=part_of, credits=credits, people=people,
        places=list(dict.fromkeys(places)), dates=dates, captions=captions, notes=notes, status=status,
        subjects=list(dict.fromkeys(subjects)),
        years=years_of(mentions), year_months=year_months_of(mentions),
    )


def _read(path: Path, gazetteer: Gazetteer | None, corpus_root: Path | None) -> _Read:
    text, problems = _read_text(path, corpus_root)
    if text is None:
        return _Read(None, problems)
    return _parse(path, text, gazetteer)


def _parse(path: Path, text: str, gazetteer: Gazetteer | None) -> _Read:
    fm, body, problems = _front_matter(path, text)
    if fm is None:
        return _Read(None, problems)
    checker = _Checker(path, gazetteer)
    doc = _document(checker, fm, body, path)
    doc_id = fm.get("id")
    ok_id = isinstance(doc_id, str) and SLUG.fullmatch(doc_id)
    people = []
    if doc is not None:
        lines = [m.line for m in fm["people"] if isinstance(m, LineDict)]
        people = [NamedPerson(path, line, names_of(p), p.restricted)
                  for p, line in zip(doc.people, lines) if p.name and (p.restricted or not doc.restricted)]
    return _Read(doc, checker.problems, doc_id if ok_id else None, fm.line_of("id") if ok_id else None, people,
                 checker.warnings)


def read_file(path: Path, gazetteer: Gazetteer | None, corpus_root: Path | None) -> _Read:
    """One file's document (or None), problems and id: bad input becomes a Problem, never an exception."""
    try:
        return _read(path, gazetteer, corpus_root)
    except Exception as exc:                      # a reader bug must not hide the other files' problems
        return _Read(None, [Problem(path, None, f"could not be read ({type(exc).__name__}: {exc})")])


def check_text(path: Path, text: str, gazetteer: Gazetteer | None) -> _Read:
    """Every check of `read_file` on text not yet written to `path` (the browser's document form):
    so a form is held to exactly what `archive check` would say of the file it writes."""
    try:
        return _parse(Path(path), text, gazetteer)
    except Exception as exc:
        return _Read(None, [Problem(path, None, f"could not be read ({type(exc).__name__}: {exc})")])


def read_document(path, gazetteer: Gazetteer | None, corpus_root=None) -> tuple[Document | None, list[Problem]]:
    """Read and check one corpus file: the Document, or None and every problem found.

    With gazetteer None, place names are kept as written and not checked.
    """
    path = Path(path)
    result = read_file(path, gazetteer, Path(corpus_root) if corpus_root is not None else None)
    return result.document, result.problems


# ---------------------------------------------------------------------------
# Whole corpus
# ---------------------------------------------------------------------------

def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every *.md document file below the corpus dir, sorted.

    README.md files describe a folder and are not documents. Hidden folders (.git,
    editor state, the previous versions the browser's form keeps) are not looked
    into, nor is the `withdrawn/` folder at the top, nor symlinked folders: they
    could loop or lead outside the corpus. Symlinked files are listed and checked.
    """
    found = []
    for top, dirs, files in os.walk(corpus_dir, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")
                   and not (d == WITHDRAWN and Path(top) == Path(corpus_dir))]
        found += [Path(top) / f for f in files if f.endswith(".md") and f.lower() != "readme.md"]
    return sorted(found, key=lambda p: p.relative_to(corpus_dir).as_posix())


#: What archivists receive and may drop into the corpus as it is: not corpus documents, yet
#: never to be passed over in silence. `archive import` drafts a document from each.
IMPORTABLE_SUFFIXES = (".txt", ".text", ".html", ".htm", ".docx", ".pdf", ".markdown")


def stray_files(corpus_dir: Path) -> list[Path]:
    """Every file below the corpus dir that is material to import rather than a document, sorted."""
    found = []
    for top, dirs, files in os.walk(corpus_dir, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(top) / f for f in files if Path(f).suffix.lower() in IMPORTABLE_SUFFIXES]
    return sorted(found, key=lambda p: p.relative_to(corpus_dir).as_posix())


def note_stray_files(corpus_dir: Path, load: CorpusLoad) -> None:
    """A problem for each stray file: a text dropped into documents/ is not indexed, and says why."""
    for path in stray_files(corpus_dir):
        load.problems.append(Problem(path, None, f"a {path.suffix.lower()} file is not a corpus document and is "
                                                 f"not indexed: run `archive import {path}` to draft one from it"))
        load.skipped.append(path)


def _corpus_gazetteer(corpus_dir: Path, load: CorpusLoad) -> Gazetteer | None:
    """Load places.yaml into `load`; the gazetteer to check documents against (None if unusable).

    With any gazetteer problem `load.gazetteer` stays None, so a build cannot go ahead on a
    broken gazetteer; documents are still checked against the valid entries it has.
    """
    gazetteer, problems = load_gazetteer(corpus_dir / GAZETTEER_FILE)
    load.problems += problems
    load.gazetteer = None if problems else gazetteer
    return gazetteer if gazetteer.places or not problems else None


def start_load(corpus_dir, gazetteer: Gazetteer | None = None) -> tuple[Path, CorpusLoad, Gazetteer | None]:
    """(corpus dir, a CorpusLoad holding the gazetteer and its problems, the gazetteer to check
    documents against or None): what reading documents starts from."""
    corpus_dir = Path(corpus_dir)
    load = CorpusLoad()
    if not corpus_dir.is_dir():
        load.problems.append(Problem(corpus_dir, None, "corpus directory not found"))
        return corpus_dir, load, None
    if gazetteer is not None:
        load.gazetteer = gazetteer
        return corpus_dir, load, gazetteer
    return corpus_dir, load, _corpus_gazetteer(corpus_dir, load)


def _duplicate(result: _Read, path: Path, first: tuple[Path, int]) -> None:
    where = f"{first[0]}:{first[1]}" if first[1] else f"{first[0]}"
    result.problems.append(Problem(path, result.id_line, f"duplicate id {result.id!r}: already used by {where}"))
    result.document = None


def _collect(load: CorpusLoad, path: Path, result: _Read) -> None:
    load.problems += result.problems
    if result.problems:
        load.skipped.append(path)
    elif result.document is not None:
        load.documents.append(result.document)
        for warning in result.warnings:
            log.warning("%s", warning)
        load.warnings += result.warnings


def load_corpus(corpus_dir, gazetteer: Gazetteer | None = None) -> CorpusLoad:
    """Read places.yaml and every document, collecting every problem of every file."""
    corpus_dir, load, gaz = start_load(corpus_dir, gazetteer)
    if not corpus_dir.is_dir():
        return load
    _read_into(load, corpus_files(corpus_dir), gaz, corpus_dir, {})
    note_stray_files(corpus_dir, load)
    return load


def _read_into(load: CorpusLoad, paths, gaz, corpus_dir: Path, first_use: dict[str, tuple[Path, int]]) -> None:
    """Read files into `load`; an id seen before (in `first_use`) is reported as a duplicate."""
    paths = list(paths)
    gather(load, paths, [read_file(path, gaz, corpus_dir) for path in paths], first_use)


def named_people(results: list) -> list[NamedPerson]:
    """The named people of the good files among `results`, in file order."""
    return [p for r in results if r.document is not None and not r.problems for p in r.people]


def gather(load: CorpusLoad, paths: list[Path], results: list, first_use: dict | None = None,
           namesakes=None) -> None:
    """Collect the results of reading `paths` (in corpus order) into `load`.

    An id seen before (in `first_use`, or earlier in `paths`) is reported as
    a duplicate and its document left out. `namesakes(results)` gives the
    namesake warnings (by default `namesake_warnings` of `named_people`).
    """
    first_use = {} if first_use is None else first_use
    for path, result in zip(paths, results):
        if result.id is not None:
            if result.id in first_use and not _same_file(first_use[result.id][0], path):
                _duplicate(result, path, first_use[result.id])
            else:
                first_use[result.id] = (path, result.id_line)
        _collect(load, path, result)
    found = namesakes(results) if namesakes else namesake_warnings(named_people(results))
    for warning in found:
        log.warning("%s", warning)
    load.warnings += found


def _id_of(path: Path) -> tuple[str, int] | None:
    """Just a file's id and its line, for duplicate checks against files not being read in full."""
    try:
        text, _ = _read_text(path, None)
        fm, _, _ = _front_matter(path, text) if text is not None else (None, "", [])
        doc_id = fm.get("id") if fm is not None else None
        return (doc_id, fm.line_of("id")) if isinstance(doc_id, str) else None
    except Exception:
        return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def read_documents(paths, corpus_dir, known: dict[str, str] | None = None) -> CorpusLoad:
    """Read only some corpus files (for `archive add`), with ids checked against the whole corpus.

    `known` maps ids already indexed to their files (the live snapshot's
    manifest): given it, the rest of the corpus need not be opened, which is
    what keeps adding one file to a large archive quick.
    """
    corpus_dir, load, gaz = start_load(corpus_dir, None)
    if not corpus_dir.is_dir():
        return load
    chosen: dict[Path, Path] = {}
    for p in map(Path, paths):
        chosen.setdefault(_resolved(p), p)
    first_use: dict[str, tuple[Path | str, int | None]] = {}
    if known is not None:
        # Re-adding a file under its own id is no duplicate: _read_into compares
        # files only when ids collide, so the 100,000 known paths stay unresolved.
        first_use.update((doc_id, (path, None)) for doc_id, path in known.items() if path)
    else:
        for other in corpus_files(corpus_dir):
            if other.resolve() not in chosen and (found := _id_of(other)) is not None:
                first_use.setdefault(found[0], (other, found[1]))
    _read_into(load, chosen.values(), gaz, corpus_dir, first_use)
    return load
