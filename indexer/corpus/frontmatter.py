"""Writing a document's front matter from plain data, and knowing which field each line holds.

The browser's document form keeps a document as plain data (what the YAML
says, as strings); this writes it back as a corpus file, one field a line
in the format's order, and maps each line to its field, so that every
problem the corpus reader reports at a line can be shown beside the field
it is about. `representable` tells whether a file's front matter survives
the round trip through that data unchanged: a file that does not (a key
the format lacks, a list where text belongs) is not offered to the form,
so saving the form can never drop what a file held.
"""
from __future__ import annotations

from datetime import date, datetime

import yaml

from .model import KEYS
from ..places.gazetteer import parse_yaml

#: Front-matter fields that are lists of strings (one a line in the form).
STRING_LISTS = {"places", "captions", "variants"}
#: Fields that are lists of mappings, and the kind of mapping each holds.
GROUPS = {"people": "person", "events": "event", "credits": "credit", "dates": "date"}
#: Date-like fields written without quotes, so the reader takes them as dates as a hand-written file does.
_PLAIN_DATES = {"published"}


def _scalar(value) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10 ** 9)
    return text.removesuffix("\n").removesuffix("\n...").removesuffix("...").rstrip("\n")


def _value(key: str, value) -> str:
    if key in _PLAIN_DATES and isinstance(value, str) and _is_iso_day(value):
        return value
    if key == "term_years" and isinstance(value, str) and value.strip().isdigit():
        return str(int(value))
    return _scalar(value)


def _is_iso_day(text: str) -> bool:
    try:
        return len(text) == 10 and date.fromisoformat(text) is not None
    except ValueError:
        return False


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _blank(value) -> bool:
    if isinstance(value, dict):
        return all(_blank(v) for v in value.values())
    if isinstance(value, list):
        return all(_blank(v) for v in value)
    return _empty(value)


def _mapping(lines: list[tuple[str, str]], data: dict, kind: str, indent: str, path: str,
             item: bool = False) -> None:
    """Append a mapping's lines; an item of a list starts with '- ' two columns left of its keys."""
    first = True
    for key in KEYS[kind]:
        value = data.get(key)
        if _blank(value) and not (kind == "document" and key == "people"):
            continue
        prefix = indent[:-2] + "- " if first and item else indent
        first = False
        here = f"{path}{key}"
        if key in GROUPS:
            items = [(i, v) for i, v in enumerate(value or []) if not _blank(v)]
            if not items:
                lines.append((f"{prefix}{key}: []", here))
                continue
            lines.append((f"{prefix}{key}:", here))
            for i, member in items:
                _mapping(lines, member, GROUPS[key], indent + "    ", f"{here}.{i}.", item=True)
        elif key == "source":
            lines.append((f"{prefix}source:", here))
            _mapping(lines, value, "source", indent + "  ", "source.")
        elif key in STRING_LISTS:
            lines.append((f"{prefix}{key}: {_scalar([v for v in value if not _empty(v)])}", here))
        else:
            lines.append((f"{prefix}{key}: {_value(key, value)}", here))


def document_text(data: dict, body: str) -> tuple[str, dict[int, str]]:
    """(the file's text, its front matter's line numbers → field paths such as `people.0.events.1.when`)."""
    lines: list[tuple[str, str]] = []
    _mapping(lines, data, "document", "", "")
    fields = {number: path for number, (_text, path) in enumerate(lines, start=2)}
    text = "---\n" + "\n".join(line for line, _path in lines) + "\n---\n" + body
    return text, fields


def split(text: str) -> tuple[dict | None, str]:
    """(the front matter as plain data or None when it cannot be read, the body)."""
    parts = text.split("\n")
    if not parts or parts[0].rstrip() != "---":
        return None, text
    end = next((i for i in range(1, len(parts)) if parts[i].rstrip() == "---"), None)
    if end is None:
        return None, text
    try:
        data = parse_yaml("\n".join(parts[1:end]), first_line=2)
    except Exception:
        return None, text
    return (data if isinstance(data, dict) else None), "\n".join(parts[end + 1:])


def _plain(value):
    """A YAML value as the form holds it: mappings and lists kept, every scalar a string."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if not _empty(v)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10] if not isinstance(value, datetime) else value.date().isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def form_data(front: dict) -> dict:
    """A file's front matter as the form's plain data."""
    return _plain(front)


def representable(front: dict) -> bool:
    """Whether writing `form_data(front)` back gives the same front matter (nothing dropped)."""
    text, _ = document_text(form_data(front), "")
    again, _ = split(text)
    return again is not None and _plain(again) == _plain(front) and _keys_known(front, "document")


def _keys_known(data, kind: str) -> bool:
    if not isinstance(data, dict):
        return False
    for key, value in data.items():
        if key not in KEYS[kind]:
            return False
        if key in GROUPS:
            if not isinstance(value, list) or not all(_keys_known(v, GROUPS[key]) for v in value):
                return False
        elif key == "source":
            if not _keys_known(value, "source"):
                return False
        elif key in STRING_LISTS:
            if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
                return False
        elif isinstance(value, (dict, list)):
            return False
    return True
