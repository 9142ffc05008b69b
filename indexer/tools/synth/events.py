"""What happened to a relative, as a sequence of dated events.

The dates cluster where the real testimonies put them (detentions mostly in
2017-2018) and run forward: each event is dated from the one before it.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from .data import _Place
from .shape import FIRST_YEAR, LAST_YEAR, _weighted


@dataclass
class _When:
    year: int
    month: int = 0
    day: int = 0
    end: int = 0            # a range year/end

    def value(self) -> str:
        if self.end:
            return f"{self.year}/{self.end}"
        if self.day:
            return f"{self.year}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year}-{self.month:02d}"
        return str(self.year)

    @property
    def last(self) -> tuple[int, int]:
        return (self.end or self.year, self.month)


def _when(rng: random.Random, year: int, allow_range: bool = False, after: _When | None = None) -> _When:
    """A date in `year`: a year, month, day or (with allow_range) a span; not before `after`."""
    year = max(FIRST_YEAR, min(LAST_YEAR, year))
    r = rng.random()
    if allow_range and r < 0.07 and year < LAST_YEAR:
        return _When(year, end=year + rng.choice((1, 1, 2)) if year + 2 <= LAST_YEAR else year + 1)
    if r < 0.52:
        return _When(year)
    earliest = after.month if after is not None and after.last[0] == year and after.month else 1
    month = rng.randint(earliest, 12)
    if r < 0.92:
        return _When(year, month)
    return _When(year, month, rng.randint(1, 28))


def _after(rng: random.Random, prev: _When | None, gaps=(0, 1, 1, 1, 2, 3)) -> int:
    base = prev.last[0] if prev else rng.choice((2016, 2017, 2017, 2018))
    return min(LAST_YEAR, base + rng.choice(gaps))


def _detention_year(rng: random.Random) -> int:
    return _weighted(rng, ((2017, 35), (2018, 30), (2019, 12), (2016, 6), (2020, 4), (2021, 3),
                           (2022, 2), (2015, 2), (2014, 2), (2023, 1.5), (2024, 1), (2025, 0.5)))


@dataclass
class _Event:
    kind: str               # the category of templates (and usually the event)
    event: str              # the event kind written to the front matter
    when: _When | None
    where: str | None = None        # "xj" or "kz": which side of the border
    term: int | None = None
    months: int | None = None


_TERMS = (3, 5, 6, 7, 8, 9, 10, 10, 12, 13, 14, 15, 16, 17, 18, 20, 22, 25)


def _relative_story(rng: random.Random, arrived: int) -> list[_Event]:
    """What happened to a relative, in order; `arrived` is when the narrator came to Kazakhstan."""
    story: list[_Event] = []

    def last() -> _When | None:
        return next((e.when for e in reversed(story) if e.when), None)

    def then(gaps, share: float = 1.0) -> _When | None:
        """A date some years (`gaps`) after the story's last one, or None (a share of the time)."""
        if rng.random() >= share:
            return None
        return _when(rng, _after(rng, last(), gaps), after=last())

    y = _detention_year(rng)
    r = rng.random()
    if r < 0.13:                                         # came to Kazakhstan, went back, was taken
        story.append(_Event("moved", "moved", _when(rng, rng.randint(min(arrived, y, 2016), min(y, 2016))), "kz"))
        story.append(_Event("other", "other", _when(rng, max(y, story[0].when.year), after=last()), "xj"))
        story.append(_Event("detained", "detained", then((0, 0, 1)), "xj"))
    elif r < 0.22:                                       # papers taken first
        story.append(_Event("other", "other", _when(rng, y - rng.choice((0, 1, 2))), "xj"))
        story.append(_Event("detained", "detained", then((0, 1)), "xj"))
    elif r < 0.34:                                       # simply gone
        kind = rng.choice(("missing", "disappeared"))
        return [_Event(kind, kind, _when(rng, y, kind == "missing") if rng.random() < 0.75 else None)]
    elif r < 0.44:
        story.append(_Event("arrested", "arrested", _when(rng, y) if rng.random() < 0.85 else None, "xj"))
    else:
        story.append(_Event("detained", "detained", _when(rng, y, True) if rng.random() < 0.88 else None, "xj"))
        if rng.random() < 0.12:                          # released, then taken again
            story.append(_Event("released", "released", None, months=rng.randint(2, 11)))
            story.append(_Event("detained", "detained", then((1, 1, 2)), "xj"))
    r = rng.random()
    if r < 0.55:
        story.append(_Event("sentenced", "sentenced", then((0, 1, 1, 2), 0.7), term=rng.choice(_TERMS)))
        r = rng.random()
        if r < 0.15:
            story.append(_Event("died", "died", then((1, 2, 3, 4))))
        elif r < 0.30:
            story.append(_Event("released", "released", then((1, 2, 3))))
        elif r < 0.40:
            story.append(_Event("missing", "missing", then((0, 1, 2))))
    elif r < 0.85:
        story.append(_Event("released", "released", then((0, 1, 1, 2), 0.6), months=rng.randint(2, 18)))
    elif r < 0.95:
        story.append(_Event("disappeared", "disappeared", then((0, 1, 2), 0.7)))
    return story


def _event(event: str, when: _When | None, place: _Place | None, text: str, term: int | None = None) -> dict:
    e: dict = {"event": event}
    if when is not None:
        e["when"] = when.value()
    if place is not None:
        e["place"] = place.name
    if term is not None:
        e["term_years"] = term
    e["text"] = text
    return e
