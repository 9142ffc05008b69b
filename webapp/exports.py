"""Results as files: CSV for spreadsheets and JSON lines for programs.

The rows are made here from the results `Archive.results` gives, the same
dictionaries a page of /api/search shows; nothing else is read, so an export
holds exactly what its scope's search would show, one result at a time.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

#: The columns of a CSV export, in order.
CSV_COLUMNS = ("id", "title", "type", "language", "published", "people", "places", "years", "url")
#: What several values in one cell are joined with.
JOINER = "; "
#: A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A value as one CSV cell: lists joined, and a would-be formula made plain text with a leading '."""
    if value is None:
        text = ""
    elif isinstance(value, (list, tuple)):
        text = JOINER.join(str(v) for v in value)
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(results: Iterable[dict]) -> Iterator[str]:
    """A header line, then one line per result (a byte-order mark first, for spreadsheets)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(cells) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield "\ufeff" + line(CSV_COLUMNS)
    for result in results:
        yield line(csv_cell(result.get(column)) for column in CSV_COLUMNS)


def jsonl_lines(results: Iterable[dict]) -> Iterator[str]:
    """One JSON object per line: each result as /api/search gives it."""
    for result in results:
        yield json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n"
