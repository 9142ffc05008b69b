"""What the public may see of a document: the one place that decides it.

The public index is built only from `public_view(doc)`, so a restricted
document or person never enters it, and no route has to remember a filter.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .model import Document, Person

WITHHELD = "[name withheld]"


def _names_of(person: Person) -> list[str]:
    return [n for n in [person.name, *person.variants] if n]


def redact(text: str, names: list[str]) -> str:
    """Replace every written form of the given names, longest first, in any case."""
    if not text or not names:
        return text
    pattern = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    return re.sub(pattern, WITHHELD, text, flags=re.IGNORECASE)


def public_view(doc: Document) -> Document | None:
    """The document as the public may see it, or None when it is restricted."""
    if doc.restricted:
        return None
    hidden = [n for p in doc.people if p.restricted for n in _names_of(p)]
    if not hidden:
        return doc
    return replace(
        doc,
        people=[p for p in doc.people if not p.restricted],
        title=redact(doc.title, hidden),
        body=redact(doc.body, hidden),
        captions=[redact(c, hidden) for c in doc.captions],
        notes=None,
    )
