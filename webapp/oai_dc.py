"""A public document as simple Dublin Core (oai_dc), for OAI-PMH harvesters.

Everything written here comes from the public index's stored metadata, which
is built from public material only (restricted people already withheld), and
every value goes into the XML as element text through ElementTree, which
escapes it; characters XML cannot carry at all are dropped.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
#: The roles of people who made a document rather than appear in it.
CREATOR_ROLES = ("narrator", "author")
#: How much of the text a record's description gives.
DESCRIPTION_CHARS = 400
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")

for _prefix, _uri in (("oai_dc", OAI_DC), ("dc", DC), ("xsi", XSI)):
    ET.register_namespace(_prefix, _uri)


def xml_text(value) -> str:
    """A value as text XML 1.0 can carry (control characters and lone surrogates dropped)."""
    return _NOT_XML.sub("", str(value))


def description(body: str, limit: int = DESCRIPTION_CHARS) -> str:
    """The start of the text: its first paragraph, cut at a word before `limit` characters."""
    first = next((p.strip() for p in body.split("\n\n") if p.strip()), "")
    first = " ".join(first.split())
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def dublin_core(parent: ET.Element, record: dict, doc_url: str, parent_url: str | None) -> ET.Element:
    """Append the record's oai_dc element to `parent`."""
    dc = ET.SubElement(parent, f"{{{OAI_DC}}}dc", {f"{{{XSI}}}schemaLocation": f"{OAI_DC} {OAI_DC_SCHEMA}"})
    language = record.get("language") or ""
    lang = language if _LANGUAGE_TAG.match(language) else None

    def add(tag: str, value, in_language: bool = False) -> None:
        text = xml_text(value).strip() if value not in (None, "") else ""
        if text:
            element = ET.SubElement(dc, f"{{{DC}}}{tag}")
            element.text = text
            if in_language and lang:
                element.set(XML_LANG, lang)

    add("title", record.get("title"), in_language=True)
    people = [p for p in record.get("people", []) if p.get("name")]
    for person in people:
        if person.get("role") in CREATOR_ROLES:
            add("creator", person["name"])
    for credit in record.get("credits") or []:
        add("contributor", credit.get("name") if isinstance(credit, dict) else credit)
    for person in people:
        if person.get("role") not in CREATOR_ROLES:
            add("subject", person["name"])
    add("description", description(record.get("body") or ""), in_language=True)
    source = record.get("source") or {}
    add("publisher", source.get("publisher"))
    add("date", source.get("published"))
    add("type", "Text")
    add("type", record.get("type"))
    add("identifier", doc_url)
    add("source", source.get("url") or source.get("title"))
    add("language", language)
    if parent_url:
        add("relation", parent_url)
    for place in record.get("places", []):
        add("coverage", place)
    for year in record.get("years", []):
        add("coverage", year)
    return dc
