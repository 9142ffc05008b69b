"""Each segment's facet values as arrays, saved beside the segment once it is written.

Counting facets needs every (document, value) pair of every facet, and name
search the named people of every document. Read from the `facets` column,
they cost a JSON decoding per document each time a snapshot opens: about 4 s
at 100,000 documents, most of a minute at a million. A segment never changes
once written, so the build and `add` save its pairs once, as NumPy arrays in
`<segment id>.facets.npz` beside it, and an open loads and joins them. The
file is named as the segment's own files are, so Whoosh deletes it with its
segment when segments are merged; a segment without one (an index built
before these files, or a merge's) is read from its column as before.
"""
from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import numpy as np

FACETS = ("people", "places", "years", "type", "language", "subjects")
#: Version of the file's layout: a file of another is read from the column instead.
LAYOUT = 2
SUFFIX = ".facets.npz"


def row_values(row: dict) -> dict[str, list]:
    """A document's values of each facet, from its `facets` column entry (records.facet_payload).

    A document counts, and is found, under every place its places lie within
    (Urumqi's under Xinjiang): a count is what choosing it gives.
    """
    return {"people": row["p"], "years": row["y"], "places": [*row["pl"], *row.get("pw", ())],
            "type": [row["t"]], "language": [row["l"]], "subjects": row.get("s", ())}


def segment_arrays(rows) -> dict[str, np.ndarray]:
    """The arrays of one segment from its documents' column entries, in document order.

    Per facet: its distinct values (JSON, in first-seen order) and, per
    (document, value) pair, the document's number in the segment and the
    value's. Then each document's named people, as JSON one after another
    with where each ends (decoded only for the documents a name search
    verifies), and the titles (one JSON list).
    """
    columns = {facet: ({}, [], []) for facet in FACETS}
    persons: list[bytes] = []
    titles: list = []
    for docnum, raw in enumerate(rows):
        row = json.loads(raw) if raw else None
        if row is None:
            persons.append(b"[]")
            titles.append("")
            continue
        for facet, values in row_values(row).items():
            ids, docs, vals = columns[facet]
            for value in dict.fromkeys(values):
                vals.append(ids.setdefault(value, len(ids)))
                docs.append(docnum)
        persons.append(_json(row["n"]).tobytes())
        titles.append(row.get("ti"))
    arrays = {"layout": np.array([LAYOUT]), "titles": _json(titles),
              "persons.blob": np.frombuffer(b"".join(persons), dtype=np.uint8),
              "persons.ends": np.cumsum([len(p) for p in persons], dtype=np.int64)}
    for facet, (ids, docs, vals) in columns.items():
        arrays[f"{facet}.values"] = _json(list(ids))
        arrays[f"{facet}.doc"] = np.asarray(docs, dtype=np.int32)
        arrays[f"{facet}.val"] = np.asarray(vals, dtype=np.int32)
    return arrays


def _json(value) -> np.ndarray:
    return np.frombuffer(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
                         dtype=np.uint8)


def decoded(array: np.ndarray):
    """A JSON value saved by `segment_arrays`."""
    return json.loads(array.tobytes().decode("utf-8"))


def column_rows(leaf) -> list:
    """One segment reader's `facets` column entries, in document order."""
    if not leaf.has_column("facets"):
        return [None] * leaf.doc_count_all()
    column = leaf.column_reader("facets")
    return [column[docnum] for docnum in range(leaf.doc_count_all())]


def segment_id_of(leaf) -> str | None:
    """The id of the segment a leaf reader reads, None for a reader of no segment (an empty index)."""
    segment = leaf.segment() if hasattr(leaf, "segment") else None
    return segment.segment_id() if segment is not None else None


def path_of(folder: Path, segment_id: str) -> Path:
    return Path(folder) / f"{segment_id}{SUFFIX}"


def load(folder: Path, segment_id: str) -> dict[str, np.ndarray] | None:
    """The saved arrays of a segment, or None when it has none this code reads."""
    try:
        with np.load(path_of(folder, segment_id), allow_pickle=False) as saved:
            arrays = {name: saved[name] for name in saved.files}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):   # missing or damaged
        return None
    if int(arrays.get("layout", [0])[0]) != LAYOUT:
        return None
    return arrays


def save_missing(ix) -> int:
    """Save the arrays of every segment of index `ix` that has none; how many were saved.

    Called after each commit of a build or `add`, before the snapshot is
    published: a new segment of `add` gets its file, and so does a merge's
    (a build's writers save their segments' files as they finish them).
    """
    folder = Path(ix.storage.folder)
    saved = 0
    with ix.reader() as reader:
        for leaf, _base in reader.leaf_readers():
            segment_id = segment_id_of(leaf)
            if segment_id is None:
                continue
            if not path_of(folder, segment_id).exists():
                save(folder, segment_id, column_rows(leaf))
                saved += 1
    return saved


def save(folder: Path, segment_id: str, rows) -> None:
    """Save the arrays of a segment from its documents' column entries, in document order."""
    path = path_of(folder, segment_id)
    # A name starting with a dot, which Whoosh's cleaning passes over, until it is whole.
    partial = path.with_name(f".{path.name}.partial")
    with open(partial, "wb") as fh:
        np.savez(fh, **segment_arrays(rows))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(partial, path)


def problems(folder: Path, reader) -> list[str]:
    """The saved arrays of `reader`'s segments in `folder` that are damaged or say other than the
    segment's column (what `archive check --index` reports): a snapshot opens without a damaged
    file, but facets counted from a wrong one would be wrong."""
    out = []
    for leaf, _base in reader.leaf_readers():
        segment_id = segment_id_of(leaf)
        if segment_id is None or not path_of(folder, segment_id).exists():
            continue    # read from the column, as an index built before these files is
        path, saved = path_of(folder, segment_id), load(folder, segment_id)
        if saved is None:
            out.append(f"{path}: damaged (the snapshot reads the segment's column instead); "
                       "rebuild the index to restore it")
            continue
        expected = segment_arrays(column_rows(leaf))
        if saved.keys() != expected.keys() or not all(np.array_equal(saved[k], expected[k]) for k in expected):
            out.append(f"{path}: says other than its segment's column; rebuild the index")
    return out
