"""The package's bounded memos (functools.lru_cache), emptied where a long run no longer needs them.

Name keys, transliterations, word forms and redaction spellings are memoised
so that a word or name met again costs a lookup. A server keeps them; a
build's worker fills each to its bound over tens of thousands of testimonies
(about 20 KB a testimony until they are full), which was a quarter of a
100,000-document build's memory. Emptied when a segment is finished, they
fill again with what the next documents use. Unbounded caches and small
ones (the tables read from data files, a language's grammar or analyzer) are
kept: they hold nothing that grows with the corpus.
"""
from __future__ import annotations

import sys

#: The least bound of a memo that remembers per word or name (what a long run fills).
MIN_ENTRIES = 1024


def bounded_memos(prefix: str = "indexer.") -> list:
    """The functools.lru_cache functions of the package's modules bounded at MIN_ENTRIES or more."""
    found = []
    for name, module in list(sys.modules.items()):
        if module is None or not (name == prefix.rstrip(".") or name.startswith(prefix)):
            continue
        for value in list(vars(module).values()):
            info = getattr(value, "cache_info", None)
            if callable(info) and hasattr(value, "cache_clear") and (info().maxsize or 0) >= MIN_ENTRIES:
                found.append(value)
    return found


def clear_bounded_memos() -> int:
    """Empty every bounded memo of the package; how many there were."""
    memos = bounded_memos()
    for memo in memos:
        memo.cache_clear()
    return len(memos)
