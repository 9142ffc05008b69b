"""The testimony archive's library: corpus reading, name matching, indexing and search.

The command line (`indexer.cli`) and the web app (`webapp`) are thin layers over it.
"""
