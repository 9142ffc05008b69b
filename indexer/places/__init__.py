"""The gazetteer: every place the archive knows, with its names in every script.

The corpus reader resolves the places of the front matter through it, the
index stores their keys, and the query layer resolves a typed place.
"""
