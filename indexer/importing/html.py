"""The article in an HTML page: its body's paragraphs, with captions and link lists kept apart.

Pages wrap an article in navigation, share buttons, "read more" lists and
photo captions. What the markup marks is left out of the body (`nav`, `aside`,
`footer`, elements whose class says related/share/…; the lists are in
`data/layout.yaml`); `figure` and `figcaption` text becomes captions. When the
page has an `<article>` (else `<main>`), only its text is read.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from .data_files import load

_BLOCKS = {"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section",
           "article", "main", "ul", "ol", "table", "dd", "dt", "pre", "figure", "figcaption", "hr"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}
_SPACE = re.compile(r"\s+")


class _Page(HTMLParser):
    """Collects paragraphs per container (article, main, body), captions, title and metadata."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        rules = load("layout")["html"]
        self.skip_tags, self.caption_tags = set(rules["skip"]), set(rules["captions"])
        self.skip_classes, self.caption_classes = rules["skip_classes"], rules["caption_classes"]
        self.stack: list[tuple[str, str]] = []        # (tag, what: skip | caption | keep)
        self.text: list[str] = []
        self.paragraphs = {"article": [], "main": [], "body": []}
        self.captions: list[str] = []
        self.caption_text: list[str] = []
        self.title = self.h1 = self.published = None
        self.meta: dict[str, str] = {}
        self._in_title = False
        self._title_text: list[str] = []

    def _marked(self, attrs, words) -> bool:
        marks = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role")).lower()
        return any(w in marks for w in words)

    def _mode(self) -> str:
        modes = [m for _, m in self.stack]
        return "skip" if "skip" in modes else "caption" if "caption" in modes else "keep"

    def _flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.text)).strip()
        self.text = []
        if not text:
            return
        containers = {t for t, _ in self.stack}
        for name in ("article", "main"):
            if name in containers:
                self.paragraphs[name].append(text)
        self.paragraphs["body"].append(text)
        if self.h1 is None and "h1" in containers:
            self.h1 = text

    def _flush_caption(self) -> None:
        text = _SPACE.sub(" ", "".join(self.caption_text)).strip()
        self.caption_text = []
        if text and text not in self.captions:
            self.captions.append(text)

    def handle_starttag(self, tag, attrs):
        attrs_d = dict(attrs)
        if tag == "meta":
            key = attrs_d.get("property") or attrs_d.get("name")
            if key and attrs_d.get("content"):
                self.meta[key.lower()] = attrs_d["content"]
            return
        if tag == "time" and attrs_d.get("datetime") and self.published is None:
            self.published = attrs_d["datetime"]
        if tag == "title":
            self._in_title = True
        if tag in _VOID:
            if tag in ("br", "hr") and self._mode() == "keep":
                self._flush()
            return
        mode = self._mode()
        if mode == "keep" and tag in _BLOCKS:
            self._flush()
        if mode != "skip":
            if tag in self.skip_tags or self._marked(attrs, self.skip_classes):
                mode = "skip"
            elif tag in self.caption_tags or self._marked(attrs, self.caption_classes):
                mode = "caption"
        self.stack.append((tag, mode))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
            self.title = _SPACE.sub(" ", "".join(self._title_text)).strip() or None
        if tag in _VOID or not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            top, mode = self.stack[-1]
            if mode == "keep" and top in _BLOCKS:
                self._flush()                       # while the element is still open: h1 is the title
            self.stack.pop()
            if mode == "caption" and self._mode() != "caption":
                self._flush_caption()
            if top == tag:
                break

    def handle_data(self, data):
        if self._in_title:
            self._title_text.append(data)
            return
        mode = self._mode()
        if mode == "keep":
            self.text.append(data)
        elif mode == "caption":
            self.caption_text.append(data + " ")


def read_html(text: str) -> dict:
    """{paragraphs, captions, title, published} of an HTML page's article."""
    page = _Page()
    page.feed(text)
    page.close()
    page._flush()
    paragraphs = page.paragraphs["article"] or page.paragraphs["main"] or page.paragraphs["body"]
    published = page.meta.get("article:published_time") or page.published
    title = page.h1 or page.meta.get("og:title") or page.title
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    return {"paragraphs": paragraphs, "captions": page.captions, "title": title,
            "published": published[:10] if published else None, "author": page.meta.get("author")}
