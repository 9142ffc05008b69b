"""`archive export --opensearch DIR`: the archive as OpenSearch indices, one per scope.

For the day the archive outgrows one machine (docs/deployment.md). The
records are the ones the Whoosh index gets, made by the same code
(`document_fields`, and `_placement` for what each scope holds): the public
index takes the public versions only (restricted documents left out,
restricted people withheld), the restricted index every document as
archivists see it. Keyword fields hold the very terms Whoosh indexes, made by
the Whoosh field's own analyzer: the name keys stay a keyword field, so
cross-script name search is a terms query. Each scope gets a mapping file
(settings and a strict mapping of every field) and a bulk NDJSON file.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import yaml

from ..corpus.reader import read_file
from ..problems import Problem
from .build import CorpusHasErrors, _place_index, _placement, _unshowable_parents, check_corpus
from .records import document_fields
from .pairs import pair_fields
from .schema import build_schema

SPEC = yaml.safe_load((Path(__file__).parent / "data" / "opensearch.yaml").read_text("utf-8"))
SCOPES = ("public", "restricted")


@dataclass
class ExportReport:
    files: list[Path] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[Path] = field(default_factory=list)


def mapping() -> dict:
    """Settings and the strict mapping of every field of the Whoosh schema."""
    schema = build_schema()
    properties = {}
    for name in schema.names():
        if name in pair_fields(schema).values():
            continue          # Whoosh's device for phrases: OpenSearch reads them from positions
        kind = type(schema[name]).__name__
        prop = dict(SPEC["stored"][name] if kind == "STORED" else SPEC["types"][kind])
        if name.startswith("text_"):
            prop["analyzer"] = SPEC["analyzers"].get(name[len("text_"):], SPEC["default_analyzer"])
        properties[name] = prop
    return {"settings": {"index": dict(SPEC["settings"])},
            "mappings": {"dynamic": "strict", "properties": properties}}


@lru_cache(maxsize=1)
def _schema():
    return build_schema()


def source(fields: dict) -> dict:
    """One document's Whoosh field values as an OpenSearch document."""
    schema = _schema()
    out = {}
    for name, value in fields.items():
        if value is None:
            continue
        kind = type(schema[name]).__name__
        if kind == "KEYWORD":
            value = sorted({token.text for token in schema[name].analyzer(value)})
        elif kind == "DATETIME":
            value = value.date().isoformat() if isinstance(value, datetime) else str(value)
        elif name == "meta" or kind == "COLUMN":
            value = json.loads(value)
        out[name] = value
    return out


def export_opensearch(corpus_dir: Path, out_dir: Path, prefix: str = "archive", skip_bad: bool = False,
                      workers: int = 1) -> ExportReport:
    """Write `<prefix>-<scope>.mapping.json` and `<prefix>-<scope>.ndjson` for both scopes into `out_dir`.

    The corpus is checked as `archive index` checks it (and refused with
    problems unless `skip_bad`), then read again one file at a time, so no
    more than one document is held in memory.
    """
    corpus_dir, out_dir = Path(corpus_dir), Path(out_dir)
    load = check_corpus(corpus_dir, workers=workers)
    if load.problems and (not skip_bad or load.gazetteer is None):
        raise CorpusHasErrors(load.problems)
    held = load.documents
    places = _place_index(load.gazetteer)
    restricted_ids = _unshowable_parents(held, {h.id for h in held if not h.restricted})
    out_dir.mkdir(parents=True, exist_ok=True)
    report = ExportReport(skipped=list(load.skipped))
    names = {scope: f"{prefix}-{scope}" for scope in SCOPES}
    for scope in SCOPES:
        path = out_dir / f"{names[scope]}.mapping.json"
        _write_atomically(path, [json.dumps(mapping(), ensure_ascii=False, indent=2) + "\n"])
        report.files.append(path)
    bulk = {scope: out_dir / f"{names[scope]}.ndjson" for scope in SCOPES}
    partial = {scope: path.with_name(f".{path.name}.partial") for scope, path in bulk.items()}
    handles = {scope: open(partial[scope], "w", encoding="utf-8") for scope in SCOPES}
    report.counts = dict.fromkeys(SCOPES, 0)
    try:
        for item in held:
            read = read_file(item.path, load.gazetteer, corpus_dir)
            doc = read.document
            if doc is None or doc.id != item.id:      # changed on disk since it was checked
                raise CorpusHasErrors(read.problems or [Problem(item.path, None, "changed during the export: "
                                                                "run it again")])
            view, _in_overlay = _placement(doc, restricted_ids)
            for scope, version in (("public", view), ("restricted", doc)):
                if version is None:
                    continue
                action = {"index": {"_index": names[scope], "_id": version.id}}
                handles[scope].write(json.dumps(action, ensure_ascii=False) + "\n")
                handles[scope].write(json.dumps(source(document_fields(version, places)), ensure_ascii=False,
                                                separators=(",", ":")) + "\n")
                report.counts[scope] += 1
        for scope in SCOPES:
            handles[scope].close()
            os.replace(partial[scope], bulk[scope])
            report.files.append(bulk[scope])
    finally:
        for scope in SCOPES:
            handles[scope].close()
            partial[scope].unlink(missing_ok=True)
    return report


def _write_atomically(path: Path, chunks) -> None:
    tmp = path.with_name(f".{path.name}.partial")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.writelines(chunks)
    os.replace(tmp, path)
