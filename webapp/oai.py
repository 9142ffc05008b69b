"""OAI-PMH 2.0 at /oai, so that other archives can harvest the public records.

Verbs Identify, ListMetadataFormats, ListSets (no sets), GetRecord,
ListIdentifiers and ListRecords, in oai_dc. Whoever asks, even a signed-in
archivist, is answered from the public scope only. A record that was public
and is no longer has a header with status="deleted" (see DELETED_RECORD). Resumption tokens carry
their whole state (the public generation, the position, the dates, the
format), so a token keeps working on any worker until the public index
changes; a token of an older generation is a badResumptionToken.
"""
from __future__ import annotations

import base64
import json
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone

from flask import Blueprint, Response, current_app, request, url_for

from indexer.search.harvest import harvest_of

from .oai_dc import OAI_DC, OAI_DC_SCHEMA, XSI, dublin_core, xml_text

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
#: Records (or headers) in one response; a resumption token gives the next ones.
PAGE_SIZE = 100
#: The arguments each verb takes besides `verb`: (required, optional); a resumption
#: token stands alone.
VERBS = {
    "Identify": ((), ()),
    "ListMetadataFormats": ((), ("identifier",)),
    "ListSets": ((), ("resumptionToken",)),
    "GetRecord": (("identifier", "metadataPrefix"), ()),
    "ListIdentifiers": (("metadataPrefix",), ("from", "until", "set", "resumptionToken")),
    "ListRecords": (("metadataPrefix",), ("from", "until", "set", "resumptionToken")),
}
#: Deletions are kept in the index's manifest, carried by every `add`, `remove` and `index` into
#: the next snapshot; an index rebuilt into an empty folder (after a restore) starts without them,
#: so the archive promises no persistent list: `transient`, as OAI-PMH 2.0 allows.
DELETED_RECORD = "transient"
_PREFIX = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+$")
_SET = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")

ET.register_namespace("", OAI)
bp = Blueprint("oai", __name__)


class OAIError(Exception):
    """An OAI-PMH error condition: its code and what the harvester should change."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@bp.route("/oai", methods=["GET", "POST"])
def endpoint():
    args = request.form if request.method == "POST" else request.args
    given = {key: values for key, values in args.lists()}
    root = ET.Element(f"{{{OAI}}}OAI-PMH", {f"{{{XSI}}}schemaLocation": f"{OAI} {OAI_SCHEMA}"})
    ET.SubElement(root, f"{{{OAI}}}responseDate").text = _utc(datetime.now(timezone.utc))
    echo = ET.SubElement(root, f"{{{OAI}}}request")
    echo.text = base_url()
    try:
        verb, params = _arguments(given)
        for key, value in (("verb", verb), *params.items()):
            echo.set(key, value)
        HANDLERS[verb](root, params)
    except OAIError as exc:
        if exc.code in ("badVerb", "badArgument"):
            echo.attrib.clear()      # the protocol: no attributes echoed for a request it could not read
        for child in list(root)[2:]:
            root.remove(child)
        error = ET.SubElement(root, f"{{{OAI}}}error", {"code": exc.code})
        error.text = str(exc)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype="text/xml", content_type="text/xml; charset=utf-8")


def base_url() -> str:
    """This endpoint's address: SITE_URL's when configured (behind a proxy), else the request's."""
    site = (current_app.config.get("SITE_URL") or "").rstrip("/")
    return site + url_for("oai.endpoint") if site else url_for("oai.endpoint", _external=True)


def _arguments(given: dict[str, list[str]]) -> tuple[str, dict[str, str]]:
    """(verb, its arguments), or the OAI error of a request that breaks the protocol."""
    verbs = given.pop("verb", [])
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OAIError("badVerb", "verb must be given once, as one of " + ", ".join(VERBS)
                       if len(verbs) != 1 else f"{verbs[0]!r} is not an OAI-PMH verb: use one of " + ", ".join(VERBS))
    verb = verbs[0]
    required, optional = VERBS[verb]
    repeated = sorted(k for k, v in given.items() if len(v) > 1)
    if repeated:
        raise OAIError("badArgument", f"{verb}: {', '.join(repeated)} given more than once")
    params = {k: v[0] for k, v in given.items()}
    unknown = sorted(set(params) - set(required) - set(optional))
    if unknown:
        raise OAIError("badArgument", f"{verb} takes no argument {', '.join(unknown)}")
    if "resumptionToken" in params:
        if len(params) > 1:
            raise OAIError("badArgument", f"{verb}: resumptionToken must be the only argument besides verb")
        return verb, params
    missing = [k for k in required if not params.get(k)]
    if missing:
        raise OAIError("badArgument", f"{verb} needs the argument {', '.join(missing)}")
    if "set" in params and not _SET.match(params["set"]):
        raise OAIError("badArgument", "set is not a set spec (letters, digits and -_.!~*'(), parts joined by :)")
    if "metadataPrefix" in params and not _PREFIX.match(params["metadataPrefix"]):
        raise OAIError("badArgument", "metadataPrefix is not a metadata prefix (letters, digits and -_.!~*'())")
    _dates(params)   # refuse bad dates before anything is echoed
    return verb, params


def _dates(params: dict) -> tuple[str | None, str | None]:
    """`from` and `until` as inclusive datestamps to the second (a day runs to its last second)."""
    bounds, grains = [], set()
    for key, end in (("from", False), ("until", True)):
        value = params.get(key)
        if not value:
            bounds.append(None)
            continue
        try:
            if _DAY.match(value):
                date.fromisoformat(value)
                bounds.append(value + ("T23:59:59Z" if end else "T00:00:00Z"))
                grains.add("day")
            elif _SECOND.match(value):
                datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
                bounds.append(value)
                grains.add("second")
            else:
                raise ValueError(value)
        except ValueError:
            raise OAIError("badArgument", f"{key} must be a date as YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (UTC), "
                                          f"not {value!r}") from None
    if len(grains) > 1:
        raise OAIError("badArgument", "from and until must have the same granularity")
    if bounds[0] and bounds[1] and bounds[0] > bounds[1]:
        raise OAIError("badArgument", "from is later than until")
    return bounds[0], bounds[1]


def _utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _harvest():
    """The public scope's harvest list, never the full one, whoever is signed in."""
    return harvest_of(current_app.extensions["archive"]["public"])


def repository_identifier() -> str:
    return current_app.config.get("OAI_REPOSITORY_IDENTIFIER") or "archive.local"


def oai_identifier(doc_id: str) -> str:
    return f"oai:{repository_identifier()}:{doc_id}"


def _doc_id(identifier: str) -> str | None:
    prefix = f"oai:{repository_identifier()}:"
    return identifier[len(prefix):] if identifier.startswith(prefix) else None


def _document_url(doc_id: str) -> str:
    site = (current_app.config.get("SITE_URL") or "").rstrip("/")
    return site + url_for("views.document", doc_id=doc_id) if site else \
        url_for("views.document", doc_id=doc_id, _external=True)


def _format_is_oai_dc(params: dict) -> None:
    if params["metadataPrefix"] != "oai_dc":
        raise OAIError("cannotDisseminateFormat",
                       f"metadataPrefix {params['metadataPrefix']!r} is not offered: this archive gives oai_dc")


# -- the verbs --------------------------------------------------------------------

def identify(root, params) -> None:
    out = ET.SubElement(root, f"{{{OAI}}}Identify")
    for tag, value in (("repositoryName", current_app.config.get("OAI_REPOSITORY_NAME") or "Testimony archive"),
                       ("baseURL", base_url()), ("protocolVersion", "2.0"),
                       ("adminEmail", current_app.config.get("OAI_ADMIN_EMAIL") or "archivist@archive.local"),
                       ("earliestDatestamp", _harvest().earliest), ("deletedRecord", DELETED_RECORD),
                       ("granularity", "YYYY-MM-DDThh:mm:ssZ")):
        ET.SubElement(out, f"{{{OAI}}}{tag}").text = xml_text(value)


def list_metadata_formats(root, params) -> None:
    if "identifier" in params and _record_id(params["identifier"]) is None:
        raise _unknown(params["identifier"])
    out = ET.SubElement(root, f"{{{OAI}}}ListMetadataFormats")
    fmt = ET.SubElement(out, f"{{{OAI}}}metadataFormat")
    for tag, value in (("metadataPrefix", "oai_dc"), ("schema", OAI_DC_SCHEMA), ("metadataNamespace", OAI_DC)):
        ET.SubElement(fmt, f"{{{OAI}}}{tag}").text = value


def list_sets(root, params) -> None:
    raise OAIError("noSetHierarchy", "this archive has no sets: harvest every record")


def get_record(root, params) -> None:
    _format_is_oai_dc(params)
    doc_id = _record_id(params["identifier"])
    record = _harvest().record(doc_id) if doc_id else None
    if record is None:
        raise _unknown(params["identifier"])
    _record(ET.SubElement(root, f"{{{OAI}}}GetRecord"), record)


def list_identifiers(root, params) -> None:
    _list(root, params, "ListIdentifiers", with_metadata=False)


def list_records(root, params) -> None:
    _list(root, params, "ListRecords", with_metadata=True)


HANDLERS = {"Identify": identify, "ListMetadataFormats": list_metadata_formats, "ListSets": list_sets,
            "GetRecord": get_record, "ListIdentifiers": list_identifiers, "ListRecords": list_records}


def _record_id(identifier: str) -> str | None:
    doc_id = _doc_id(identifier)
    return doc_id if doc_id and _harvest().datestamp(doc_id) is not None else None


def _unknown(identifier: str) -> OAIError:
    return OAIError("idDoesNotExist", f"{identifier!r} is not the identifier of a record of this archive")


def _header(parent, doc_id: str, datestamp: str, deleted: bool = False) -> None:
    header = ET.SubElement(parent, f"{{{OAI}}}header", {"status": "deleted"} if deleted else {})
    ET.SubElement(header, f"{{{OAI}}}identifier").text = oai_identifier(doc_id)
    ET.SubElement(header, f"{{{OAI}}}datestamp").text = datestamp


def _record(parent, record: dict) -> None:
    element = ET.SubElement(parent, f"{{{OAI}}}record")
    _header(element, record["id"], record["datestamp"], record.get("deleted", False))
    if record.get("deleted"):
        return                   # a deleted record has a header only
    metadata = ET.SubElement(element, f"{{{OAI}}}metadata")
    part_of = record.get("part_of")
    dublin_core(metadata, record, _document_url(record["id"]), _document_url(part_of) if part_of else None)


def _list(root, params: dict, verb: str, with_metadata: bool) -> None:
    harvest = _harvest()
    if "resumptionToken" in params:
        state = read_token(params["resumptionToken"], harvest.generation)
    else:
        _format_is_oai_dc(params)
        if params.get("set"):
            raise OAIError("noSetHierarchy", "this archive has no sets: leave out set")
        since, until = _dates(params)
        state = {"f": since, "u": until, "o": 0}
    start, stop = harvest.window(state["f"], state["u"])
    size, offset = stop - start, state["o"]
    if not size:
        raise OAIError("noRecordsMatch", "no record changed between these dates")
    if not 0 <= offset < size:
        raise OAIError("badResumptionToken", "this resumption token points past the end of the list")
    out = ET.SubElement(root, f"{{{OAI}}}{verb}")
    upto = min(offset + PAGE_SIZE, size)
    for position in range(start + offset, start + upto):
        doc_id = harvest.ids[position]
        if with_metadata:
            record = harvest.record(doc_id)
            if record is not None:
                _record(out, record)
        else:
            _header(out, doc_id, harvest.stamps[position], harvest.is_deleted(doc_id))
    if upto < size or offset:
        token = ET.SubElement(out, f"{{{OAI}}}resumptionToken",
                              {"completeListSize": str(size), "cursor": str(offset)})
        if upto < size:
            token.text = make_token(harvest.generation, {**state, "o": upto})


# -- resumption tokens -------------------------------------------------------------

def make_token(generation: str, state: dict) -> str:
    """A token that holds the whole state of a list: no server keeps anything."""
    data = json.dumps({"g": generation, "o": state["o"], "f": state["f"], "u": state["u"]},
                      separators=(",", ":")).encode("ascii")
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def read_token(token: str, generation: str) -> dict:
    """The state a token holds, or badResumptionToken when it is not one of ours or is from an older
    public generation (the list it walked has changed)."""
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        state = {"g": str(data["g"]), "o": int(data["o"]), "f": data["f"], "u": data["u"]}
        for key in ("f", "u"):
            if state[key] is not None and not _SECOND.match(str(state[key])):
                raise ValueError(key)
    except (ValueError, TypeError, KeyError, UnicodeDecodeError, json.JSONDecodeError):
        raise OAIError("badResumptionToken", "this resumption token is not one this archive gave") from None
    if state["g"] != generation:
        raise OAIError("badResumptionToken", "the archive has changed since this resumption token was given: "
                                             "start the harvest again")
    return state
