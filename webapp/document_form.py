"""The document form: a corpus file as form fields, and form fields as the file they write.

Field names are the paths of `indexer.corpus.frontmatter` (`title`,
`source.published`, `people.0.relation`, `people.0.events.1.when`), so a
problem the corpus reader reports at a line of the written file is shown
beside the field that line holds. The checks are the corpus reader's own
(`check_text`), the exposure check of `archive add` and the duplicate id
check: a form passes exactly when `archive check` would pass the file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from indexer.corpus.access import exposure_problems, public_view
from indexer.corpus.frontmatter import GROUPS, STRING_LISTS, document_text
from indexer.corpus.model import KEYS, Document
from indexer.corpus.reader import check_text
from indexer.index.records import document_meta
from indexer.search.archive import document_page

#: Bounds on what one form may hold, so an odd request cannot build a huge document.
MAX_ITEMS = 200
_GROUP_FIELD = re.compile(r"^(people|credits|dates)\.(\d{1,3})\.([a-z_]+)$")
_EVENT_FIELD = re.compile(r"^people\.(\d{1,3})\.events\.(\d{1,3})\.([a-z_]+)$")
_SCALARS = [k for k in KEYS["document"] if k not in GROUPS and k not in STRING_LISTS and k != "source"]


def _clean(value: str, multiline: bool = False) -> str:
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return value.rstrip() if multiline else value.strip()


def _lines(value: str) -> list[str]:
    return [line.strip() for line in _clean(value, True).split("\n") if line.strip()]


def _item(store: dict, key: tuple, kind: str, name: str, value: str) -> None:
    if name == "remove" and value:
        store.setdefault(key, {})["__removed__"] = True
    elif name in KEYS[kind] and name not in GROUPS:
        store.setdefault(key, {})[name] = _lines(value) if name in STRING_LISTS else _clean(value, name == "text")


def _ordered(items: dict, key_of) -> list[dict]:
    return [v for k, v in sorted(items.items(), key=key_of) if not v.pop("__removed__", False)]


def from_form(form) -> tuple[dict, str]:
    """(the front matter as plain data, the body) from the posted fields; rows marked removed are left out."""
    data: dict = {k: _clean(form.get(k, ""), k == "notes") for k in _SCALARS}
    data["source"] = {k: _clean(form.get(f"source.{k}", "")) for k in KEYS["source"]}
    for k in STRING_LISTS - {"variants"}:
        data[k] = _lines(form.get(k, ""))
    groups: dict = {g: {} for g in ("people", "credits", "dates")}
    events: dict = {}
    for name in form:
        if (m := _EVENT_FIELD.match(name)) and int(m.group(1)) < MAX_ITEMS and int(m.group(2)) < MAX_ITEMS:
            _item(events, (int(m.group(1)), int(m.group(2))), "event", m.group(3), form.get(name))
        elif (m := _GROUP_FIELD.match(name)) and int(m.group(2)) < MAX_ITEMS:
            _item(groups[m.group(1)], int(m.group(2)), GROUPS[m.group(1)], m.group(3), form.get(name))
    for (person, number), event in events.items():
        groups["people"].setdefault(person, {}).setdefault("__events__", {})[number] = event
    people = []
    for person in _ordered(groups["people"], lambda kv: kv[0]):
        person["events"] = _ordered(person.pop("__events__", {}), lambda kv: kv[0])
        if person.get("access") == "public":      # the default: an empty new row stays empty
            del person["access"]
        people.append(person)
    data["people"] = people
    data["credits"] = _ordered(groups["credits"], lambda kv: kv[0])
    data["dates"] = _ordered(groups["dates"], lambda kv: kv[0])
    return data, (form.get("body") or "").replace("\r\n", "\n").replace("\r", "\n")


def with_blank_rows(data: dict) -> dict:
    """The data with one empty row more in each repeatable group: the form's way to add one."""
    shown = dict(data)
    shown["people"] = [dict(p, events=list(p.get("events") or []) + [{}]) for p in data.get("people") or []]
    shown["people"].append({"events": [{}]})
    for group in ("credits", "dates"):
        shown[group] = list(data.get(group) or []) + [{}]
    return shown


@dataclass
class Checked:
    """A form's text as the file it would write, with every problem by field (`""`: the whole file)."""

    text: str
    document: Document | None
    problems: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.document is not None and not self.problems

    def add(self, where: str, message: str) -> None:
        self.problems.setdefault(where, []).append(message)


def check(data: dict, body: str, path: Path, gazetteer, ids_elsewhere: dict[str, str]) -> Checked:
    """Every check `archive check` and `add` make of the file the form would write.

    `ids_elsewhere` maps the ids other corpus files use to those files.
    """
    text, lines = document_text(data, body)
    result = check_text(path, text, gazetteer)
    checked = Checked(text, result.document)
    for problem in result.problems:
        checked.add(lines.get(problem.line, ""), problem.message)
    doc = result.document
    if doc is not None:
        for message in exposure_problems(doc):
            checked.add("id", message)
        if doc.id in ids_elsewhere:
            checked.add("id", f"duplicate id {doc.id!r}: already used by {ids_elsewhere[doc.id]}")
    if checked.problems:
        checked.document = None
    return checked


def previews(doc: Document, places: dict, hidden_parents: set[str]) -> tuple[dict | None, dict]:
    """(the page the public sees, the page archivists see).

    For a restricted document or a draft, the public page is the one it would
    get once published: what publishing it would show, redactions applied.
    """
    def page(version: Document) -> dict:
        return document_page(version.id, document_meta(version, places), version.body)

    published = replace(doc, access="public", status=None) if doc.restricted or doc.status else doc
    view = public_view(published, hidden_parents)
    return (page(view) if view is not None else None), page(doc)
