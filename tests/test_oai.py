"""OAI-PMH 2.0 at /oai: every verb and every error answers valid OAI-PMH (and oai_dc) XML,
checked against the protocol's own schemas; only public records are ever harvested."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from lxml import etree

from archive_helpers import CANARY_ID, MENTIONS_ID, PUBLIC_IDS, SECRETS, sign_in, write_canary_corpus
from conftest import app_for, make_doc, write_corpus
from indexer.index import store
from indexer.index.build import add_documents, build_index
from indexer.index.withdraw import remove_documents
from webapp import oai
from webapp.users import add_user

SCHEMAS = Path(__file__).parent / "data" / "oai"
#: The schemas' imports from the web, answered by the copies beside them.
LOCAL = {"http://dublincore.org/schemas/xmls/simpledc20021212.xsd": SCHEMAS / "simpledc20021212.xsd",
         "http://www.w3.org/2001/03/xml.xsd": SCHEMAS / "xml.xsd"}
NS = {"o": "http://www.openarchives.org/OAI/2.0/", "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
      "dc": "http://purl.org/dc/elements/1.1/"}
ARCHIVIST, PASSWORD = "archivist", "correct horse battery"


class _Local(etree.Resolver):
    def resolve(self, url, pubid, context):
        if url in LOCAL:
            return self.resolve_filename(str(LOCAL[url]), context)
        if "://" in url:
            raise AssertionError(f"a schema asks for {url} from the network")
        return None


def _schema(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Local())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


OAI_PMH, OAI_DC = _schema("OAI-PMH.xsd"), _schema("oai_dc.xsd")


def valid(response) -> etree._Element:
    """The parsed answer, after checking it against OAI-PMH.xsd and each record against oai_dc.xsd."""
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    root = etree.fromstring(response.get_data())
    assert OAI_PMH.validate(root), OAI_PMH.error_log
    for dc in root.iterfind(".//oai_dc:dc", NS):
        assert OAI_DC.validate(etree.ElementTree(dc)), OAI_DC.error_log
    return root


def error_code(root) -> str | None:
    error = root.find("o:error", NS)
    return error.get("code") if error is not None else None


@pytest.fixture(scope="module")
def canary(tmp_path_factory):
    root = tmp_path_factory.mktemp("oai")
    build_index(write_canary_corpus(root / "corpus"), root / "index", workers=1)
    add_user(root / "users.sqlite3", ARCHIVIST, PASSWORD)
    return app_for(root / "index")


def harvest_all(client, verb: str, **params) -> tuple[list[str], list]:
    """Every identifier a list gives, following resumption tokens; and the pages' roots."""
    ids, roots = [], []
    args = {"verb": verb, "metadataPrefix": "oai_dc", **params}
    while True:
        root = valid(client.get("/oai", query_string=args))
        roots.append(root)
        if error_code(root):
            return ids, roots
        ids += [e.text for e in root.iterfind(".//o:header/o:identifier", NS)]
        token = root.find(f".//o:{verb}/o:resumptionToken", NS)
        if token is None or not token.text:
            return ids, roots
        args = {"verb": verb, "resumptionToken": token.text}


def doc_ids(identifiers) -> list[str]:
    return sorted(i.rsplit(":", 1)[1] for i in identifiers)


def test_identify(canary):
    root = valid(canary.test_client().get("/oai?verb=Identify"))
    identify = root.find("o:Identify", NS)
    assert identify.findtext("o:baseURL", namespaces=NS) == "http://localhost/oai"
    assert identify.findtext("o:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext("o:deletedRecord", namespaces=NS) == "transient"
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", identify.findtext("o:earliestDatestamp", namespaces=NS))
    assert root.find("o:request", NS).get("verb") == "Identify"


def test_list_metadata_formats(canary):
    client = canary.test_client()
    for query in ("verb=ListMetadataFormats", f"verb=ListMetadataFormats&identifier=oai:archive.local:{MENTIONS_ID}"):
        root = valid(client.get(f"/oai?{query}"))
        assert [e.text for e in root.iterfind(".//o:metadataPrefix", NS)] == ["oai_dc"]


@pytest.mark.parametrize("verb", ["ListIdentifiers", "ListRecords"])
def test_lists_give_every_public_record_and_nothing_restricted(canary, verb):
    client = canary.test_client()
    ids, roots = harvest_all(client, verb)
    assert doc_ids(ids) == PUBLIC_IDS
    for root in roots:
        text = etree.tostring(root, encoding="unicode").casefold()
        assert not [s for s in SECRETS if s.casefold() in text], text


def test_a_signed_in_archivist_harvests_the_public_records_only(canary):
    client = canary.test_client()
    assert sign_in(client, ARCHIVIST, PASSWORD).status_code == 302
    assert CANARY_ID in client.get("/api/search?q=*&per_page=100").get_data(as_text=True)
    ids, _ = harvest_all(client, "ListRecords")
    assert doc_ids(ids) == PUBLIC_IDS
    root = valid(client.get(f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:archive.local:{CANARY_ID}"))
    assert error_code(root) == "idDoesNotExist"


def test_get_record_gives_the_public_metadata(canary):
    root = valid(canary.test_client().get(
        f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:archive.local:{MENTIONS_ID}"))
    dc = root.find(".//oai_dc:dc", NS)
    assert dc.findtext("dc:identifier", namespaces=NS) == f"http://localhost/doc/{MENTIONS_ID}"
    assert [e.text for e in dc.iterfind("dc:creator", NS)] == ["Aigerim Serikkyzy"]
    assert {e.text for e in dc.iterfind("dc:coverage", NS)} >= {"Almaty", "Urumqi", "2018"}
    assert dc.findtext("dc:language", namespaces=NS) == "en"


def test_resumption_tokens_walk_the_list_once(canary, monkeypatch):
    monkeypatch.setattr(oai, "PAGE_SIZE", 2)
    ids, roots = harvest_all(canary.test_client(), "ListIdentifiers")
    assert sorted(ids) == sorted(set(ids)) and doc_ids(ids) == PUBLIC_IDS
    assert len(roots) == -(-len(PUBLIC_IDS) // 2)
    tokens = [r.find(".//o:resumptionToken", NS) for r in roots]
    assert [int(t.get("cursor")) for t in tokens] == list(range(0, len(PUBLIC_IDS), 2))
    assert {t.get("completeListSize") for t in tokens} == {str(len(PUBLIC_IDS))}
    assert not tokens[-1].text and all(t.text for t in tokens[:-1])


def _error(client, query: str) -> tuple[str, etree._Element]:
    root = valid(client.get(f"/oai?{query}"))
    return error_code(root), root


@pytest.mark.parametrize("query, code", [
    ("", "badVerb"),
    ("verb=Harvest", "badVerb"),
    ("verb=Identify&verb=Identify", "badVerb"),
    ("verb=Identify&metadataPrefix=oai_dc", "badArgument"),
    ("verb=ListRecords", "badArgument"),
    ("verb=GetRecord&metadataPrefix=oai_dc", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=last+week", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-02-30", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01&until=2021-01-01T00:00:00Z", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2021-01-01&until=2020-01-01", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
    ("verb=ListRecords&metadataPrefix=bad+prefix", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=abc", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&set=bad+set", "badArgument"),
    ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"),
    ("verb=GetRecord&metadataPrefix=mods&identifier=oai:archive.local:gulpiya-kazybek", "cannotDisseminateFormat"),
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:archive.local:no-such-record", "idDoesNotExist"),
    (f"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:archive.local:{CANARY_ID}", "idDoesNotExist"),
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=gulpiya-kazybek", "idDoesNotExist"),
    (f"verb=ListMetadataFormats&identifier=oai:archive.local:{CANARY_ID}", "idDoesNotExist"),
    ("verb=ListRecords&metadataPrefix=oai_dc&until=1999-12-31", "noRecordsMatch"),
    ("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2999-01-01T00:00:00Z", "noRecordsMatch"),
    ("verb=ListRecords&resumptionToken=not-a-token", "badResumptionToken"),
    ("verb=ListIdentifiers&resumptionToken=eyJnIjoiZ2VuLTAwMDAwMDAxIiwibyI6IngifQ", "badResumptionToken"),
    ("verb=ListSets", "noSetHierarchy"),
    ("verb=ListRecords&metadataPrefix=oai_dc&set=testimonies", "noSetHierarchy"),
])
def test_every_error_code_is_valid_oai_pmh(canary, query, code):
    got, root = _error(canary.test_client(), query)
    assert got == code, etree.tostring(root)
    assert root.findtext("o:error", namespaces=NS).strip()
    echoed = root.find("o:request", NS).attrib
    assert (not echoed) if code in ("badVerb", "badArgument") else echoed.get("verb")


def test_a_restricted_id_and_a_missing_one_get_the_same_answer(canary):
    client = canary.test_client()
    answers = []
    for doc_id in (CANARY_ID, "no-such-record"):
        root = valid(client.get(f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:archive.local:{doc_id}"))
        answers.append(root.findtext("o:error", namespaces=NS).replace(doc_id, "ID"))
    assert answers[0] == answers[1]


def test_post_requests_are_answered_too(canary):
    root = valid(canary.test_client().post("/oai", data={"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}))
    assert doc_ids(e.text for e in root.iterfind(".//o:identifier", NS)) == PUBLIC_IDS


def test_values_are_escaped_in_the_xml(tmp_path):
    title = 'Fish & chips <b>bold</b> "quoted" ]]> \x0bend'
    docs = {"escaped": make_doc("escaped", "Body with <script>alert(1)</script> & ]]> in it.", title=title,
                                people=[{"name": "A <Name> & Co", "role": "narrator"}])}
    build_index(write_corpus(tmp_path / "corpus", docs), tmp_path / "index", workers=1)
    client = app_for(tmp_path / "index").test_client()
    root = valid(client.get("/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:archive.local:escaped"))
    dc = root.find(".//oai_dc:dc", NS)
    assert dc.findtext("dc:title", namespaces=NS) == title.replace("\x0b", "")
    assert dc.findtext("dc:creator", namespaces=NS) == "A <Name> & Co"
    assert "<script>" in dc.findtext("dc:description", namespaces=NS)
    assert b"<script>" not in client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc").get_data()


def _stamps(client) -> dict[str, str]:
    root = valid(client.get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc"))
    return {h.findtext("o:identifier", namespaces=NS).rsplit(":", 1)[1]: h.findtext("o:datestamp", namespaces=NS)
            for h in root.iterfind(".//o:header", NS)}


def test_datestamps_move_with_the_public_version_only_and_from_until_select_by_them(tmp_path):
    docs = {"one": make_doc("one", "First text."), "two": make_doc("two", "Second text."),
            "secret": make_doc("secret", "Restricted text.", access="restricted")}
    corpus, index = write_corpus(tmp_path / "corpus", docs), tmp_path / "index"
    build_index(corpus, index, workers=1)
    client = app_for(index).test_client()
    first = _stamps(client)
    assert set(first) == {"one", "two"}
    time.sleep(1.1)
    # A rebuild, and a change only the restricted scope sees, keep the public datestamps.
    build_index(corpus, index, workers=1)
    (corpus / "documents" / "secret.md").write_text(make_doc("secret", "Other restricted text.", access="restricted"))
    add_documents([corpus / "documents" / "secret.md"], corpus, index)
    assert _stamps(client) == first
    # A change of a public document moves its datestamp only.
    (corpus / "documents" / "two.md").write_text(make_doc("two", "Second text, corrected."), "utf-8")
    add_documents([corpus / "documents" / "two.md"], corpus, index)
    second = _stamps(client)
    assert second["one"] == first["one"] and second["two"] > first["two"]
    since = f"verb=ListIdentifiers&metadataPrefix=oai_dc&from={second['two']}"
    assert doc_ids(e.text for e in valid(client.get(f"/oai?{since}")).iterfind(".//o:identifier", NS)) == ["two"]
    until = f"verb=ListIdentifiers&metadataPrefix=oai_dc&until={first['one']}"
    assert doc_ids(e.text for e in valid(client.get(f"/oai?{until}")).iterfind(".//o:identifier", NS)) == ["one"]
    day = second["two"][:10]
    assert len(_stamps(client)) == len(valid(client.get(
        f"/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&from={day}&until={day}")).findall(".//o:header", NS))


def test_a_token_from_an_older_public_snapshot_is_a_bad_resumption_token(tmp_path, monkeypatch):
    monkeypatch.setattr(oai, "PAGE_SIZE", 1)
    docs = {i: make_doc(i, f"Text {i}.") for i in ("one", "two", "three")}
    docs["secret"] = make_doc("secret", "Restricted.", access="restricted")
    corpus, index = write_corpus(tmp_path / "corpus", docs), tmp_path / "index"
    build_index(corpus, index, workers=1)
    client = app_for(index).test_client()

    def first_token():
        root = valid(client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc"))
        return root.find(".//o:resumptionToken", NS).text

    token = first_token()
    # Restricted material changes: the public list did not, the token still works.
    (corpus / "documents" / "secret.md").write_text(make_doc("secret", "Changed.", access="restricted"), "utf-8")
    add_documents([corpus / "documents" / "secret.md"], corpus, index)
    assert error_code(valid(client.get(f"/oai?verb=ListRecords&resumptionToken={token}"))) is None
    # A public document changes: the list it walked is gone.
    (corpus / "documents" / "one.md").write_text(make_doc("one", "Changed text."), "utf-8")
    add_documents([corpus / "documents" / "one.md"], corpus, index)
    root = valid(client.get(f"/oai?verb=ListRecords&resumptionToken={token}"))
    assert error_code(root) == "badResumptionToken"
    assert "start the harvest again" in root.findtext("o:error", namespaces=NS)
    assert error_code(valid(client.get(f"/oai?verb=ListRecords&resumptionToken={first_token()}"))) is None
    assert store.current_generation(index)


def _headers(client, **params) -> dict[str, tuple[str, str | None]]:
    """id → (datestamp, status) of every header ListIdentifiers gives."""
    root = valid(client.get("/oai", query_string={"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", **params}))
    return {h.findtext("o:identifier", namespaces=NS).rsplit(":", 1)[1]:
            (h.findtext("o:datestamp", namespaces=NS), h.get("status")) for h in root.iterfind(".//o:header", NS)}


def _get(client, doc_id: str) -> etree._Element:
    return valid(client.get("/oai", query_string={"verb": "GetRecord", "metadataPrefix": "oai_dc",
                                                  "identifier": f"oai:archive.local:{doc_id}"}))


def test_records_that_leave_the_public_are_deleted_headers_and_never_public_ones_are_never_named(tmp_path):
    """Withdrawn (or restricted) public documents are harvested as deleted, with when they left and
    nothing of what they held; a restricted document withdrawn is named nowhere."""
    docs = {"one": make_doc("one", "First text about Almaty.", title="First testimony"),
            "two": make_doc("two", "Second text.", title="Second testimony"),
            "kept": make_doc("kept", "Kept text."),
            "secret-file": make_doc("secret-file", "Restricted text of Zhanargul Sekretova.", access="restricted",
                                    title="Sekretova closed")}
    corpus, index = write_corpus(tmp_path / "corpus", docs), tmp_path / "index"
    build_index(corpus, index, workers=1)
    client = app_for(index).test_client()
    before = _headers(client)
    assert set(before) == {"one", "two", "kept"} and all(status is None for _, status in before.values())

    remove_documents(["one", "secret-file"], corpus, index)
    (corpus / "documents" / "two.md").write_text(make_doc("two", "Second text.", access="restricted"), "utf-8")
    add_documents([corpus / "documents" / "two.md"], corpus, index)
    after = _headers(client)
    assert set(after) == {"one", "two", "kept"}
    assert after["kept"] == before["kept"]
    for gone in ("one", "two"):
        stamp, status = after[gone]
        assert status == "deleted" and stamp >= before[gone][0]
    # From the moment they left, the deleted records are what changed.
    assert set(_headers(client, **{"from": after["two"][0]})) >= {"two"}

    # ListRecords and GetRecord: the header only, no metadata.
    root = valid(client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc"))
    records = {r.findtext("o:header/o:identifier", namespaces=NS).rsplit(":", 1)[1]: r
               for r in root.iterfind(".//o:record", NS)}
    assert records["one"].find("o:header", NS).get("status") == "deleted"
    assert records["one"].find("o:metadata", NS) is None
    assert records["kept"].find("o:metadata", NS) is not None
    got = _get(client, "one")
    assert got.find(".//o:header", NS).get("status") == "deleted" and got.find(".//o:metadata", NS) is None
    text = etree.tostring(root, encoding="unicode") + etree.tostring(got, encoding="unicode")
    assert "First testimony" not in text and "Almaty" not in text
    # The restricted document, withdrawn, is named nowhere.
    assert error_code(_get(client, "secret-file")) == "idDoesNotExist"
    for query in ("verb=ListIdentifiers&metadataPrefix=oai_dc", "verb=ListRecords&metadataPrefix=oai_dc",
                  "verb=Identify"):
        answer = client.get(f"/oai?{query}").get_data(as_text=True)
        assert "secret-file" not in answer and "Sekretova" not in answer

    # A full rebuild keeps the deletions; a document public again is a record again.
    build_index(corpus, index, workers=1)
    assert _headers(client)["two"] == after["two"]
    (corpus / "documents" / "two.md").write_text(make_doc("two", "Second text.", title="Second testimony"), "utf-8")
    add_documents([corpus / "documents" / "two.md"], corpus, index)
    again = _get(client, "two")
    assert again.find(".//o:header", NS).get("status") is None
    assert again.find(".//dc:title", NS).text == "Second testimony"
    assert _headers(client)["one"] == after["one"]
