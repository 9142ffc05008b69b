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


def paragraph_language(paragraph: str, language: str) -> str:
    """The language a paragraph's years are read in: its own letters' (an English article that
    quotes a testimony in Kazakh Latin), else the text's."""
    return guess_tag(paragraph) or language


def reading_language(tag: str) -> str:
    """The tag relatives, people and events are read with: a Latin-script Kazakh or Uyghur text
    as any Latin-script text (`en`), whose reading meets the Kazakh and Uyghur words in every
    script (relations.yaml and events.yaml `folded`) besides the English ones."""
    parts = tag.lower().split("-")
    return "en" if "latn" in parts[1:] else tag
