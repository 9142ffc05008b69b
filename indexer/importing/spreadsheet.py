"""Spreadsheet rows to drafts (`archive import --csv FILE --mapping MAP.yaml`).

Registers such as the Xinjiang Victims Database publish one row a person
(name, gender, age, place, status, source); others one row a testimony. A small
YAML mapping says which column holds which field (docs/import.md has an
example). Each row's problems are reported with its row (the file's line) and
column; if any row has one, nothing is written, so a spreadsheet is imported
whole or not at all and can simply be fixed and run again.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import yaml

from ..corpus.reader import WEB_URL
from ..problems import Problem
from .draft import slug
from .events import events_in
from .language import language_and_script
from .run import Drafted, ImportFailed

#: The fields a mapping's `columns` may name.
FIELDS = ("id", "name", "title", "gender", "age", "place", "status", "when", "source", "url", "text",
          "relation", "language", "published")
ROW_KINDS = ("person", "testimony")
MAPPING_KEYS = ("rows", "columns", "id_prefix", "language", "source")


def _mapping(path: Path) -> tuple[dict, list[Problem]]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        return {}, [Problem(path, line + 1 if line is not None else None, f"cannot be read: {exc}")]
    problems = []
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        return {}, [Problem(path, None, "a mapping needs 'columns:', a mapping of field: column header")]
    for key in data:
        if key not in MAPPING_KEYS:
            problems.append(Problem(path, None, f"unknown key {key!r} (expected {', '.join(MAPPING_KEYS)})"))
    for key in data["columns"]:
        if key not in FIELDS:
            problems.append(Problem(path, None, f"unknown field {key!r} in 'columns' (expected {', '.join(FIELDS)})"))
    if data.get("rows", "person") not in ROW_KINDS:
        problems.append(Problem(path, None, f"'rows' must be {' or '.join(ROW_KINDS)}"))
    if "name" not in data["columns"] and "title" not in data["columns"]:
        problems.append(Problem(path, None, "'columns' must map 'name' (or 'title') to a column"))
    return data, problems


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    text = Path(path).read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = []
    for row in reader:
        rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items() if k is not None}))
    return list(reader.fieldnames or []), rows


def drafts_of_csv(path: Path, mapping_path: Path, out_dir: Path, importer) -> list[Drafted]:
    """A draft per row; ImportFailed naming every bad row and column (nothing is written then)."""
    path = Path(path)
    mapping, problems = _mapping(mapping_path)
    if problems:
        raise ImportFailed(problems)
    try:
        headers, rows = _read_rows(path)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ImportFailed([Problem(path, None, f"cannot be read as UTF-8 CSV: {exc}")]) from None
    columns = mapping["columns"]
    missing = [c for c in columns.values() if c not in headers]
    if missing:
        raise ImportFailed([Problem(path, 1, f"no column {c!r} (the header has: {', '.join(headers)})")
                            for c in missing])
    drafted, seen = [], {}
    for line, row in rows:
        try:
            d = _draft_row(path, line, row, mapping, out_dir, importer, problems)
        except ValueError:
            continue
        if d is None:
            continue
        if d.meta["id"] in seen:
            problems.append(Problem(path, line, f"row {line}: id {d.meta['id']!r} already drafted from row "
                                                f"{seen[d.meta['id']]} (column {columns.get('id', columns.get('name'))!r})"))
            continue
        seen[d.meta["id"]] = line
        drafted.append(d)
    if problems:
        raise ImportFailed(problems)
    return drafted


def _draft_row(path, line, row, mapping, out_dir, importer, problems) -> Drafted | None:
    columns = mapping["columns"]
    value = {f: row.get(c, "") for f, c in columns.items()}
    bad = []

    def problem(field: str, message: str) -> None:
        bad.append(Problem(path, line, f"row {line}, column {columns[field]!r}: {message}"))

    name = value.get("name") or None
    title = value.get("title") or name
    if not title:
        problem("name" if "name" in columns else "title", "empty: every row needs a name")
    places = []
    if value.get("place"):
        place = importer.gazetteer.resolve(value["place"]) if importer.gazetteer else None
        if place is None:
            near = importer.gazetteer.nearest(value["place"]) if importer.gazetteer else []
            problem("place", f"unknown place {value['place']!r}" + (f" (nearest known: {', '.join(near)})"
                                                                     if near else ""))
        else:
            places.append(place.name)
    when = value.get("when") or None
    if when and not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", when):
        problem("when", f"{when!r} is not a date like 2018, 2018-03 or 2018-03-14")
        when = None
    age = value.get("age")
    if age and not age.isdigit():
        problem("age", f"{age!r} is not a whole number of years")
    url = value.get("url") or None
    if url and not WEB_URL.fullmatch(url):
        problem("url", f"{url!r} is not an http:// or https:// address")
    published = date.today()
    if value.get("published"):
        try:
            published = date.fromisoformat(value["published"])
        except ValueError:
            problem("published", f"{value['published']!r} is not a date YYYY-MM-DD")
    if bad:
        problems += bad
        return None
    text = value.get("text", "")
    language = value.get("language") or mapping.get("language") or language_and_script(text)[0]
    if language == "und":
        language = "en"
    events = []
    if value.get("status"):
        kinds = events_in(value["status"], language) or events_in(value["status"], "en")
        event = {"event": kinds[0].event if kinds else "other"}
        if when:
            event["when"] = when
        if places:
            event["place"] = places[0]
        if kinds and kinds[0].term_years is not None:
            event["term_years"] = kinds[0].term_years
        event["text"] = value["status"]
        events.append(event)
    note = "; ".join(f"{f}: {value[f]}" for f in ("gender", "age") if value.get(f)) or None
    person = {"name": name, "role": "narrator" if mapping.get("rows") == "testimony" else "mentioned"}
    if value.get("relation"):
        person["relation"] = value["relation"]
    if events:
        person["events"] = events
    if note:
        person["note"] = note
    source = dict(mapping.get("source") or {})
    source_title = value.get("source") or source.get("title") or path.name
    doc_id = slug(f"{mapping.get('id_prefix', '')}-{value.get('id') or title}".strip("-"))
    meta = {"id": doc_id, "type": "testimony", "title": title, "language": language,
            "access": "restricted", "status": "draft",
            "source": {"title": source_title, "publisher": source.get("publisher") or path.name,
                       "published": published, **({"url": url} if url else {})},
            "people": [person] if name else []}
    if places:
        meta["places"] = places
    meta["notes"] = f"Drafted by archive import from {path.name}, row {line}: check every field."
    return Drafted(Path(out_dir) / f"{doc_id}.md", meta, text, path)
