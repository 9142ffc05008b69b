"""Writing the index: documents become records, records become snapshots.

`schema` is the one Whoosh schema; `records` turns a document into its
fields; `build` writes a full build or an `add` into a new snapshot, over
every core (`parallel`, `segments`); `store` publishes snapshots atomically;
`vocabulary` keeps the words and name keys beside each index. Nothing here
knows of the query layer.
"""
