"""Drafting corpus documents from what archivists receive (`archive import`).

Text is read from plain text, Markdown, HTML, DOCX and PDF (`readers`,
`html`), cut into an article and the testimonies it holds (`sections`), and
each part gets a proposed front matter: language and script (`language`),
places (the index's own `places.mentions`), dates (`corpus.dates`), people
(`people`), relatives (`relatives`) and events (`events`), put together in
`draft` and written by `writer`, never over an existing file. Every draft is
`status: draft` and `access: restricted`: an import publishes nothing.
"""
