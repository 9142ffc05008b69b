"""What every part of one document's writing shares, and how it says a sentence.

`_Sentences` holds the document's random generator, language and templates, and
the places and dates it has given so far; it picks places (a document names at
most four) and renders templates, recording every date a sentence gives so the
front matter's `dates` quote the text exactly.
"""
from __future__ import annotations

import random

from .data import _Data, _Place, _Template
from .events import _When, _detention_year, _when
from .grammar import _place_phrases
from .shape import LANGUAGE_SHARES, _weighted


class _Sentences:
    """A document being written: its random generator, language, templates, and the
    places and dates it has given so far."""

    def __init__(self, data: _Data, seed: int, number: int):
        self.data, self.seed, self.number = data, seed, number
        self.rng = rng = random.Random(f"synth:{seed}:{number}")
        self.lang = _weighted(rng, tuple(LANGUAGE_SHARES.items()))
        self.tables, self.categories = data.lang[self.lang]
        self.dates: list[dict] = []
        self.places: list[_Place] = []

    # -- places -----------------------------------------------------------------
    def _place(self, side: str, group: str) -> _Place:
        """A place on `side` ("xj" or "kz") of the border, often one the document already has;
        a document names at most four places."""
        rng, d = self.rng, self.data
        mine = [p for p in self.places if (p.country == "cn") == (side == "xj") and p.kind != "region"]
        if mine and (len(self.places) >= 4 or rng.random() < 0.45):
            return rng.choice(mine)
        if side == "kz":
            pool = d.kazakhstan_near if rng.random() < 0.6 else d.kazakhstan
        elif group == "uyghur":
            pool = d.xinjiang_south if rng.random() < 0.55 else d.xinjiang
        else:
            pool = d.xinjiang_north if rng.random() < 0.85 else d.xinjiang_south
        if self.lang != "en":
            pool = [p for p in pool if p.body[self.lang] or p.body["ru"]] or pool
        place = rng.choice(pool)
        if place not in self.places:
            self.places.append(place)
        return place

    def _place_context(self, place: _Place, prefix: str = "place") -> dict:
        name, where, to = _place_phrases(place, self.lang, self.rng)
        return {prefix: name, prefix + "_in": where, prefix + "_to": to}

    def _label(self, place: _Place) -> str:
        """How the document's `places` names a place: by name mostly, else an alias or the id."""
        r = self.rng.random()
        if r < 0.6:
            return place.name
        if r < 0.85:
            same = place.aliases.get(self.lang) or [a for names in place.aliases.values() for a in names]
            if same:
                return self.rng.choice(same)
        return place.id

    # -- sentences ----------------------------------------------------------------
    def _date_text(self, when: _When, style: str) -> str:
        key = "range" if when.end else "day" if when.day else "month" if when.month else "year"
        if style == "since" and key != "range":
            key = "since_" + key
        fmt = self.rng.choice(self.tables["dates"][key])
        months = {k: v[when.month - 1] for k, v in self.tables["months"].items()} if when.month else {}
        return fmt.format(Y=when.year, Y2=when.end, D=when.day, **months)

    @staticmethod
    def _render(template: _Template, ctx: dict, subject: str, narrator: str) -> str:
        text = template.variants[(subject == "f") * 2 + (narrator == "f")].format_map(ctx)
        return text[0].upper() + text[1:]

    def _say(self, category: str, ctx: dict, subject: str, narrator: str, *, named: bool = False,
             need_name: bool = False, when: _When | None = None, used: set | None = None
             ) -> tuple[str, _When | None]:
        """One sentence of `category` and the date it gives (None if it gives none).

        With `when`, a template that says the date is preferred; a category whose
        templates always give a date makes one up when `when` is None.
        """
        cat, rng = self.categories[category], self.rng
        if when is not None:
            choices = cat.by_kind[("in", named)] if when.end else cat.by_kind[("dated", named)]
            if not choices:
                choices, when = cat.by_kind[(None, named)], None
        else:
            choices = cat.by_kind[(None, named)]
            if not choices:
                when = _when(rng, _detention_year(rng))
                choices = cat.by_kind[("dated", named)]
        if need_name:
            choices = [t for t in choices if t.named]
        if used is not None:
            choices = [t for t in choices if id(t) not in used] or choices
        template = rng.choice(choices)
        if used is not None:
            used.add(id(template))
        if not template.date:
            return self._render(template, ctx, subject, narrator), None
        phrase = self._date_text(when, template.date)
        key = "When" if template.date == "in" else "Since"
        ctx = {**ctx, key: phrase[0].upper() + phrase[1:], key.lower(): phrase}
        text = self._render(template, ctx, subject, narrator)
        self.dates.append({"text": ctx[key] if text.startswith(ctx[key]) else phrase, "when": when.value()})
        return text, when

    def _pick(self, category: str, ctx: dict, subject: str, narrator: str, relation: bool) -> str:
        """A sentence without date or event (titles, captions), with or without the relation slots."""
        choices = [t for t in self.categories[category].all if relation or not t.relation]
        return self._render(self.rng.choice(choices), ctx, subject, narrator)
