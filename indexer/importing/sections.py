"""An article cut into its parts: the header, the introduction, and one testimony per narrator.

What a web page's text shows when copied or saved as text, read by general
rules: the short lines before the first paragraph are the header (publisher,
title, date, credit lines "Role: Name"); a line that is wholly a person's name
heads a testimony told by that person; a line given twice or more over (a photo
and its caption, as pages print them) is a caption; a "Read more" line ends the
text, with the list of links after it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..corpus.dates import extract_dates
from .data_files import base_language, load
from .people import _WORD, judge, uncased

_SENTENCE_END = re.compile(r"[.!?…。！？]$")
HEADING_LETTERS = 160


@dataclass
class Part:
    narrator: str | None = None
    title: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)


@dataclass
class Layout:
    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    credits: list[dict] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)


def _short(text: str) -> bool:
    return len(text) <= HEADING_LETTERS and not _SENTENCE_END.search(text.rstrip("”’\"»)"))


def _cut_read_more(paragraphs: list[str], language: str) -> list[str]:
    marks = {m.casefold() for lang in ("en", base_language(language))
             for m in load("layout")["read_more"].get(lang, [])}
    for i, text in enumerate(paragraphs):
        if i and text.strip().rstrip(":.…").casefold() in marks:
            return paragraphs[:i]
    return paragraphs


def _groups(paragraphs: list[str]) -> list[tuple[str, int]]:
    """Consecutive equal paragraphs as one, with how many times it was given."""
    out: list[tuple[str, int]] = []
    for text in paragraphs:
        if out and out[-1][0] == text:
            out[-1] = (text, out[-1][1] + 1)
        else:
            out.append((text, 1))
    return out


def _published(text: str, language: str) -> date | None:
    """The date a header line consists of: a full date, or a month and year beside a day's number."""
    for mention in extract_dates(text, language, None):
        rest = text.replace(mention.text, " ").strip(" ,.")
        if len(mention.when) == 10 and len(rest) <= 2:
            return date.fromisoformat(mention.when)
        if len(mention.when) == 7 and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th|-?е|日)?", rest):
            day = int(re.match(r"\d+", rest).group())
            try:
                return date.fromisoformat(f"{mention.when}-{day:02d}")
            except ValueError:
                return None
    return None


def _credits(text: str, language: str, finder) -> list[dict] | None:
    m = re.fullmatch(r"([^:]{2,50}):\s*(.+)", text.strip())
    if not m:
        return None
    roles = load("layout")["credit_roles"]
    words = set(re.findall(r"\w+", m.group(1).casefold()))
    if not words & {w for lang in ("en", base_language(language)) for w in roles.get(lang, [])}:
        return None
    out = []
    for name in re.split(r",\s*|\s+and\s+|\s*&\s*|、", m.group(2)):
        person = judge(_WORD.findall(name), finder, context="a credit line")
        if person is not None:
            out.append({"name": person.name, "role": m.group(1).strip().lower()})
    return out or None


def _whole_name(text: str, finder) -> str | None:
    """The name a line consists of, or None."""
    words = _WORD.findall(text)
    if not words or " ".join(words) != " ".join(text.split()).rstrip(".").replace("; ", " "):
        return None
    if not all((w[0].isupper() or uncased(w)) and not re.search(r"[’']s$", w) for w in words):
        return None
    person = judge(words, finder)            # a heading is no evidence: the name tables must say so
    return person.name if person is not None and len(person.name.split()) == len(words) else None


def lay_out(source: dict, language: str, finder) -> Layout:
    """The header and the parts of a text read by `readers.read_source`."""
    layout = Layout(title=source.get("title"))
    if source.get("published"):
        try:
            layout.published = date.fromisoformat(source["published"])
        except ValueError:
            pass
    groups = _groups(_cut_read_more(list(source["paragraphs"]), language))
    i, titles = 0, []
    while i < len(groups) and _short(groups[i][0]) and groups[i][1] == 1 and _whole_name(groups[i][0], finder) is None:
        text = groups[i][0]
        if (when := _published(text, language)) is not None:
            layout.published = layout.published or when
        elif (credits := _credits(text, language, finder)) is not None:
            layout.credits += credits
        else:
            titles.append(text)
        i += 1
    if len(titles) >= 2:
        layout.publisher, layout.title = titles[0], layout.title or titles[1]
    elif titles:
        layout.title = layout.title or titles[0]
    if source.get("author") and not layout.credits:     # a file's metadata: kept only if it is a name
        author = judge(_WORD.findall(source["author"]), finder, context="the file's author")
        if author is not None and len(author.name.split()) == len(_WORD.findall(source["author"])):
            layout.credits.append({"name": author.name, "role": "author"})
    part = Part(title=layout.title)
    parts = [part]
    for text, times in groups[i:]:
        name = _whole_name(text, finder) if _short(text) else None
        if name is not None and name != part.narrator:
            part = Part(narrator=name, title=name)
            parts.append(part)
        elif times > 1 or name is not None:
            if name is None and text not in part.captions:
                part.captions.append(text)
        elif part.narrator and _short(text) and text.startswith(part.narrator + ","):
            part.title = text                       # a subtitle: "Gulpiya Kazybek, lost touch with her mother"
        else:
            part.paragraphs.append(text)
    parts[0].captions += [c for c in source.get("captions", []) if c not in parts[0].captions]
    layout.parts = [p for p in parts if p.paragraphs]
    return layout
