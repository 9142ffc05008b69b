"""The benchmark commands run end to end on small archives and print their tables.

The figures themselves are for `archive bench` on a real size; here only that
every row is measured and printed beside its plain-Whoosh and FTS5 figures.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

from click.testing import CliRunner

from indexer.cli import main
from indexer.tools.bench import _process_tree, _pss_kb, _rss_kb, _sum_mb


def test_bench_prints_every_row_with_its_comparison(tmp_path):
    result = CliRunner().invoke(main, ["bench", "--sizes", "40", "--queries", "3", "--workdir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert re.search(r"- build: \d+ s, \d+ documents/s, peak memory \d+ MB", out)
    for row in ("free text (one word)", "phrase", "cross-script name", "place alias", "year range",
                "cross-language (a subject's terms)", "place with its region (place=region)",
                "/api/search page, all facets"):
        line = next((l for l in out.splitlines() if l.startswith(f"| {row} |")), None)
        assert line and re.search(r"\| [\d.]+ / [\d.]+ \| [\d.]+ / [\d.]+ \| [\d.]+×", line), (row, out)
        if row in ("free text (one word)", "phrase", "/api/search page, all facets"):   # FTS5 beside them
            assert re.search(r"× \| [\d.]+ / [\d.]+ \| [\d.]+× \|", line), (row, line)
        # and the CPU time of the archive's query beside plain Whoosh's
        assert re.search(r"\| [\d.]+ / [\d.]+ vs [\d.]+ / [\d.]+ \|$", line), (row, line)
    assert re.search(r"FTS5 on the same documents: one term [\d.]+ / [\d.]+ ms", out)
    # The worst public queries, each with its wall-clock and its CPU time.
    worst = [l for l in out.splitlines() if l.startswith("- ") and "characters" in l]
    assert len(worst) >= 5, out
    assert all(re.search(r"[\d.]+ / [\d.]+ ms \(median / p95\), [\d.]+ ms of CPU at most", l) for l in worst), worst
    assert re.search(r"Worst public query within the bounds: [\d.]+ ms .* at most [\d.]+ ms of CPU", out)


def test_bench_names_prints_latency_and_recall(tmp_path):
    result = CliRunner().invoke(main, ["bench-names", "--people", "300", "--queries", "10",
                                       "--workdir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert re.search(r"median [\d.]+ ms, p95 [\d.]+ ms", result.output)
    assert re.search(r"first 3 results: \d+/10", result.output)


def test_build_memory_counts_the_workers_and_is_bounded_by_their_resident_size():
    """The build's peak memory is summed over the indexer's descendants, and the resident
    sizes that decide whether a sample is read bound the proportional sizes from above."""
    child = subprocess.Popen([sys.executable, "-c",
                              "import sys, time; b = bytearray(200 << 20); print('ready', flush=True); time.sleep(60)"],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        tree = _process_tree(os.getpid())
        assert child.pid in tree
        pss, rss = _sum_mb(tree, _pss_kb), _sum_mb(tree, _rss_kb)
        assert 200 <= pss <= rss
        assert _sum_mb({child.pid}, _pss_kb) >= 200
    finally:
        child.kill()
        child.wait()
    assert _sum_mb({child.pid}, _rss_kb) == 0        # a process that has exited counts nothing


def test_bench_times_the_queries_the_archive_answers_and_counts_the_refused(tmp_path, monkeypatch):
    """At a size where common words pass the postings bound the run still completes: the
    drawn queries the archive would refuse with a 400 are counted, the others timed."""
    from indexer.search import scoring

    monkeypatch.setattr(scoring, "MAX_POSTINGS", 12)
    result = CliRunner().invoke(main, ["bench", "--sizes", "40", "--queries", "6", "--workdir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    refused = re.search(r"Drawn queries refused by the postings bound \(a 400 naming q\): (.*); their rows", result.output)
    assert refused, result.output
    assert re.search(r"(?:^|, )words [1-6] of 6(?:,|$)", refused.group(1)), refused.group(1)
