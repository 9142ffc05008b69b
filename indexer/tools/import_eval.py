"""How much of the hand-made corpus `archive import` recovers from the seed article's raw text.

The bundled corpus was written by hand from the seed article; the importer
drafts from the same text by general rules. Each draft is paired with the
hand-made document of the same narrator (the article with the article), and
the people named, the places and the event years are counted found or
missed; a named person the draft proposes that the hand-made document does
not have is invented. Relatives (unnamed, by relation) are counted apart.
"""
from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus.dates import years_of
from ..corpus.model import DateMention
from ..corpus.reader import load_corpus
from ..importing.run import Importer
from ..names.match import match_person
from .shared_cases import SEED

TARGET = 0.90


def default_seed() -> Path:
    return SEED


@dataclass
class Tally:
    found: list = field(default_factory=list)
    missed: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.found) + len(self.missed)


@dataclass
class Row:
    document: str
    people: Tally = field(default_factory=Tally)
    places: Tally = field(default_factory=Tally)
    years: Tally = field(default_factory=Tally)
    relatives: Tally = field(default_factory=Tally)
    invented: list = field(default_factory=list)


@dataclass
class Result:
    rows: list[Row]
    unpaired: list[str]

    def share(self, what: str) -> float:
        found = sum(len(getattr(r, what).found) for r in self.rows)
        total = sum(getattr(r, what).total for r in self.rows) + (len(self.unpaired) if what == "people" else 0)
        return found / total if total else 1.0

    def meets_target(self) -> bool:
        invented = sum(len(r.invented) for r in self.rows)
        return invented == 0 and not self.unpaired and all(
            self.share(w) >= TARGET for w in ("people", "places", "years"))


def _same(a: str, spellings: list[str]) -> bool:
    return any(match_person(a, [s]) or match_person(s, [a]) for s in spellings)


def _relation_words(relation: str) -> set[str]:
    words = re.findall(r"[\w-]+", relation.lower().replace("’s", "").replace("'s", ""))
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words} - {"and", "younger", "older",
                                                                               "elder", "distant", "adoptive"}


def _tally(tally: Tally, wanted, have, same=lambda a, b: a == b) -> None:
    for item in wanted:
        (tally.found if any(same(item, h) for h in have) else tally.missed).append(item)


def _pair(row: Row, hand, meta: dict) -> None:
    hand_named = [(p.name, [p.name, *p.variants]) for p in hand.people if p.name]
    names = list(dict.fromkeys(n for n, _ in hand_named))
    drafted = [p["name"] for p in meta["people"] if p.get("name")]
    _tally(row.people, names, drafted, lambda n, d: _same(d, next(s for m, s in hand_named if m == n)))
    row.invented = [d for d in dict.fromkeys(drafted) if not any(_same(d, s) for _, s in hand_named)]
    _tally(row.places, list(dict.fromkeys(hand.places)), meta.get("places", []))
    mentions = [DateMention(d["text"], d["when"]) for d in meta.get("dates", [])]
    mentions += [DateMention(e.get("text", ""), e["when"]) for p in meta["people"] for e in p.get("events", [])
                 if e.get("when")]
    _tally(row.years, hand.years, years_of(mentions))
    relatives = [p.relation for p in hand.people if p.relation and not p.name]
    drafted_relatives = [p["relation"] for p in meta["people"] if p.get("relation")]
    _tally(row.relatives, relatives, drafted_relatives,
           lambda a, b: bool(_relation_words(a) & _relation_words(b)))


def compare(seed: Path, corpus: Path) -> Result:
    """Draft from the seed (nothing is written) and pair the drafts with the corpus's documents."""
    importer = Importer(Path(corpus))
    with tempfile.TemporaryDirectory(prefix="archive-import-eval-") as tmp:
        drafted = importer.plan([Path(seed)], Path(tmp))
    hand_docs = load_corpus(corpus).documents
    titles = {d.meta["source"]["title"] for d in drafted}
    hand_docs = [d for d in hand_docs if d.source.title in titles] or hand_docs
    rows, paired = [], set()
    for d in drafted:
        narrator = next((p["name"] for p in d.meta["people"] if p.get("role") == "narrator"), None)
        for hand in hand_docs:
            hand_narrator = next((p.name for p in hand.people if p.role == "narrator" and p.name), None)
            if hand.id in paired:
                continue
            if (narrator and hand_narrator and _same(narrator, [hand_narrator])) or \
                    (not narrator and not hand_narrator and hand.type == d.meta["type"]):
                row = Row(hand.id)
                _pair(row, hand, d.meta)
                rows.append(row)
                paired.add(hand.id)
                break
    unpaired = [h.id for h in hand_docs if h.id not in paired]
    return Result(rows, unpaired)


def _cell(t: Tally) -> str:
    return f"{len(t.found)}/{t.total}"


def _share(found: int, total: int) -> str:
    return f"{found}/{total} ({100 * found / total:.0f}%)" if total else "0/0"


def report(result: Result) -> str:
    """A Markdown table: per document, then in all; what was missed and what was invented."""
    lines = ["| document | people | places | event years | relatives | invented people | missed |",
             "|---|---|---|---|---|---|---|"]
    for r in result.rows:
        missed = [*r.people.missed, *r.places.missed, *map(str, r.years.missed),
                  *(f"relative: {m}" for m in r.relatives.missed)]
        lines.append(f"| {r.document} | {_cell(r.people)} | {_cell(r.places)} | {_cell(r.years)} | "
                     f"{_cell(r.relatives)} | {', '.join(r.invented) or '—'} | {', '.join(missed) or '—'} |")
    total = {w: (sum(len(getattr(r, w).found) for r in result.rows), sum(getattr(r, w).total for r in result.rows))
             for w in ("people", "places", "years", "relatives")}
    invented = sum(len(r.invented) for r in result.rows)
    lines.append(f"| **all** | {_share(*total['people'])} | {_share(*total['places'])} | "
                 f"{_share(*total['years'])} | {_share(*total['relatives'])} | {invented} | |")
    if result.unpaired:
        lines.append(f"\nno draft for: {', '.join(result.unpaired)}")
    verdict = "meets" if result.meets_target() else "misses"
    lines.append(f"\n{verdict} the target: at least {TARGET:.0%} of people, places and event years, "
                 "no invented person")
    return "\n".join(lines)
