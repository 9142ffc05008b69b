"""Facet counts from bit rows and from entries agree with counting each document's values."""
import numpy as np
import pytest

from indexer.search import tally
from indexer.search.facets import _Column


def _columns(rng, size):
    columns = {"few": _Column(), "many": _Column()}
    values = {"few": [f"v{i}" for i in range(70)], "many": [f"p{i}" for i in range(500)]}
    truth = {f: np.zeros((size, len(v)), dtype=bool) for f, v in values.items()}
    for doc in range(size):
        for facet, col in columns.items():
            chosen = rng.choice(len(values[facet]), size=rng.integers(0, 6), replace=False)
            col.join(doc, [values[facet][i] for i in chosen], np.zeros(len(chosen), dtype=np.int32),
                     np.arange(len(chosen), dtype=np.int32))
    for col in columns.values():
        col.freeze()
    for facet, col in columns.items():
        truth[facet] = np.zeros((size, len(col.values)), dtype=np.int64)
        truth[facet][col.entry_doc, col.entry_val] = 1
    return columns, truth


@pytest.mark.parametrize("size", [1, 63, 64, 65, 1000])
def test_counts_over_any_set_of_documents_are_each_values_documents(monkeypatch, size):
    monkeypatch.setattr(tally, "BIT_ROWS_MAX", 100)    # `few` from bit rows, `many` from entries
    rng = np.random.default_rng(size)
    columns, truth = _columns(rng, size)
    counter = tally.Counter(columns, size)
    assert ("many" in counter.rows) == (len(columns["many"].values) <= 100)
    for share in (0.0, 0.002, 0.05, 0.5, 1.0):
        mask = rng.random(size) < share
        counts = counter.tally(mask)
        for facet, (lo, hi) in counter.offsets.items():
            assert counts[lo:hi].tolist() == truth[facet][mask].sum(axis=0).tolist()
        ok = rng.random(len(columns["few"].values)) < 0.1
        assert counter.mask_of("few", ok).tolist() == truth["few"][:, ok].any(axis=1).tolist()
