"""Reading and checking corpus files: the document model, dates, and access.

`reader` turns Markdown files with YAML front matter into `model.Document`s
and reports every problem with its file and line; `dates` finds the years
and months a text speaks of; `access` decides what the public may see of a
document, and `redaction` withholds a restricted person's name from it in
every spelling the name search would match. Nothing here knows of Whoosh.
"""
