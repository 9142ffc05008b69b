"""Answering queries: the search box's language, compiled to Whoosh, over one snapshot.

A request (`request`) is parsed (`querylang`), compiled (`compiler`) and
answered by `archive.Archive`, which follows the live snapshot; `docsets`
and `facets` count every match as NumPy masks, `snippets` marks the words
found, `errors` are the messages a user reads.
"""
