"""Text analysis per language: words, their normal form, stop words and stems.

The index and the query layer analyse text the same way through these
analyzers, so a word typed meets the word written.
"""
