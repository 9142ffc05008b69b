"""Tools over the archive: the synthetic corpus, the benchmark and the evaluation; they may import the web app, and nothing in the library imports them."""
