"""The people of a testimony besides its narrator: relatives, a helper, an author.

Each relative gets a name (or stays unnamed), a home in Xinjiang and a story of
events, written as one paragraph; their entries for the front matter's `people`
are built here too.
"""
from __future__ import annotations

from .data import _Place
from .events import _event, _relative_story
from .grammar import _kk_possessive_case, _months, _place_phrases, _ru_plural
from .names import _Identity, _identity, _written
from .sentences import _Sentences
from .shape import _weighted


class _Cast(_Sentences):
    """The relatives, helpers and authors of a document (a part of _Writer)."""

    _RELATION_WEIGHTS = {
        "mother": 8, "father": 6, "brother": 8, "younger brother": 8, "older brother": 5, "sister": 5,
        "younger sister": 5, "older sister": 3, "husband": 12, "wife": 8, "son": 8, "daughter": 5,
        "nephew": 5, "niece": 2, "uncle": 3, "aunt": 2, "cousin": 3, "female cousin": 1.5,
        "father-in-law": 2, "mother-in-law": 2, "brother-in-law": 3, "sister-in-law": 2,
        "grandson": 1.5, "granddaughter": 1,
    }
    _ONLY_ONE = {"mother", "father", "husband", "wife", "father-in-law", "mother-in-law"}

    def _relations(self, ng: str, count: int) -> list[dict]:
        options = [(r, self._RELATION_WEIGHTS.get(k, 1)) for k, r in self.data.relations.items()
                   if r.get("narrator", ng) == ng]
        chosen: list[dict] = []
        while len(chosen) < count:
            rel = _weighted(self.rng, options)
            if rel["key"] not in self._ONLY_ONE or rel not in chosen:
                chosen.append(rel)
        return chosen

    def _base_context(self, n_name: str, ng: str, group: str, birthplace: _Place, home: _Place) -> dict:
        b_name, b_in, b_to = _place_phrases(birthplace, self.lang, self.rng)
        k_name, k_in, k_to = _place_phrases(home, self.lang, self.rng)
        he, his, him = ("she", "her", "her") if ng == "f" else ("he", "his", "him")
        return {
            "N": n_name, "bplace": b_name, "bplace_in": b_in, "bplace_to": b_to, "kplace": k_name, "kplace_in": k_in,
            "kplace_to": k_to, "nhe": he, "nHe": he.capitalize(), "nhis": his, "nHis": his.capitalize(),
            "nhim": him, "ethnic": self.tables["ethnic"][group][ng == "f"],
        }

    def _relation_context(self, rel: dict, ng: str) -> dict:
        """Slots for the relation word, in every case the language's templates use."""
        he, his, him = ("she", "her", "her") if rel["gender"] == "f" else ("he", "his", "him")
        ctx = {"relw": rel["en"], "he": he, "He": he.capitalize(), "his": his, "His": his.capitalize(),
               "him": him}
        if self.lang == "en":
            ctx.update(rel=f"my {rel['en']}", Rel=f"My {rel['en']}")
        elif self.lang == "ru":
            forms = rel["ru"][ng] if isinstance(rel["ru"], dict) else rel["ru"]
            mine = (("мой", "моего", "моему", "моего", "моим", "моём") if rel["gender"] == "m"
                    else ("моя", "моей", "моей", "мою", "моей", "моей"))
            for case, bare, my in zip(("", "_gen", "_dat", "_acc", "_ins", "_prep"), forms, mine):
                ctx["relb" + case] = bare
                ctx["rel" + case] = f"{my} {bare}"
                ctx["Rel" + case] = f"{my.capitalize()} {bare}"
        else:
            my = rel["kk"][ng] if isinstance(rel["kk"], dict) else rel["kk"]
            his3 = rel["kk3"][ng] if isinstance(rel["kk3"], dict) else rel["kk3"]
            ctx["rel"], ctx["Rel"] = my, my[0].upper() + my[1:]
            for case in ("acc", "dat", "gen", "ins", "abl"):
                form = _kk_possessive_case(my, case)
                ctx["rel_" + case], ctx["Rel_" + case] = form, form[0].upper() + form[1:]
            ctx["rel3_acc"] = _kk_possessive_case(his3, "acc")
            ctx["rel3_gen"] = _kk_possessive_case(his3, "gen")
        return ctx

    def _relative(self, rel: dict, group: str, narrator: _Identity, ng: str, ctx: dict,
                  paragraphs: list[list[str]], arrived: int) -> dict:
        rng = self.rng
        gender = rel["gender"]
        rgroup = group
        if rel["key"] in ("husband", "wife") and rng.random() < 0.05:
            rgroup = "russian" if rng.random() < 0.6 else ("uyghur" if group == "kazakh" else "kazakh")
        share_stem = rel["key"] in _BLOOD and rgroup == group and rng.random() < 0.5
        named = rng.random() < 0.85
        name, variants = None, []
        if named:
            name, variants = _written(_identity(rng, self.data, rgroup, gender,
                                                narrator.stem if share_stem else None), self.lang, rng)
        home = self._place("xj", group)
        rctx = {**ctx, **self._relation_context(rel, ng), **self._place_context(home, "home"), "R": name or ""}
        rctx["job"] = rng.choice([j for j in self.tables["jobs"] if j[gender == "f"] != "-"])[gender == "f"]
        lines = [self._say("rel_intro", rctx, gender, ng, named=named, need_name=named)[0]]
        events, used = [], set()
        for ev in _relative_story(rng, arrived):
            ectx = dict(rctx)
            place = None
            if ev.where:
                place = self._place(ev.where, group) if ev.where == "kz" or rng.random() < 0.35 else home
                ectx.update(self._place_context(place))
            if ev.term:
                ectx.update(term=ev.term, term_y=f"{ev.term} " + _ru_plural(ev.term, "год", "года", "лет"),
                            term_dat=f"{ev.term} " + _ru_plural(ev.term, "году", "годам", "годам"))
            months = ev.months or rng.randint(2, 14)
            ectx.update(months=months, months_y=_months(months))
            text, when = self._say(ev.kind, ectx, gender, ng, named=named, when=ev.when, used=used)
            events.append(_event(ev.event, when, place, text, ev.term))
            lines.append(text)
        for template in rng.sample(self.categories["filler_rel"].all, rng.choice((0, 1, 1, 2))):
            lines.append(self._render(template, rctx, gender, ng))
        paragraphs.append(lines)
        return _person(name, "mentioned", rel["relation"], variants, events)

    def _helper(self, ctx: dict, ng: str, activism: list[str]) -> dict:
        rng = self.rng
        group = _weighted(rng, (("kazakh", 0.55), ("russian", 0.35), ("uyghur", 0.10)))
        gender = rng.choice("mf")
        name, variants = _written(_identity(rng, self.data, group, gender), self.lang, rng)
        role = rng.choice(self.tables["hroles"])
        hctx = {**ctx, "H": name, "hrole": role, "Hrole": role[0].upper() + role[1:]}
        activism.append(self._say("helper", hctx, gender, ng)[0])
        return _person(name, "mentioned", variants=variants)

    def _author(self) -> tuple[dict, str]:
        rng = self.rng
        group = _weighted(rng, (("kazakh", 0.6), ("russian", 0.3), ("uyghur", 0.1)))
        gender = rng.choice("mf")
        name, _ = _written(_identity(rng, self.data, group, gender), self.lang, rng)
        return _person(name, "author"), gender


_BLOOD = {"father", "brother", "younger brother", "older brother", "sister", "younger sister", "older sister",
          "son", "daughter", "grandson", "granddaughter", "cousin", "female cousin"}


def _person(name: str | None, role: str, relation: str | None = None, variants=(), events=()) -> dict:
    p: dict = {}
    if name:
        p["name"] = name
    p["role"] = role
    if relation:
        p["relation"] = relation
    if variants:
        p["variants"] = list(variants)
    if events:
        p["events"] = list(events)
    return p
