"""The language and script of a received text, from its letters (the same guess `archive check` offers)."""
from __future__ import annotations

from ..text.language import guess_tag, scripts

#: BCP 47 for a text too short to tell: "undetermined".
UNDETERMINED = "und"


def language_and_script(text: str) -> tuple[str, str | None]:
    """(the language tag to draft, the script most of its letters are in)."""
    counts = scripts(text)
    script = counts.most_common(1)[0][0] if counts else None
    return guess_tag(text) or UNDETERMINED, script
