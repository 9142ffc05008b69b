"""Writing one synthetic testimony: its people, story and sentences, and the helpers they use."""
from __future__ import annotations

import random
from datetime import date

from .data import _Data, _Place, _Template
from .events import _When, _after, _detention_year, _event, _relative_story, _when
from .grammar import _kk_possessive_case, _months, _place_phrases, _ru_plural
from .names import _Identity, _identity, _written
from .shape import (
    FIRST_PUBLISHED, LANGUAGE_SHARES, LAST_PUBLISHED, LAST_YEAR, MAX_WORDS, MIN_WORDS,
    RESTRICTED_DOCUMENT_SHARE, RESTRICTED_MENTIONED_SHARE, _weighted,
)


# ---------------------------------------------------------------------------
# Writing one document
# ---------------------------------------------------------------------------

class _Writer:
    """Builds one document: its front matter (a dict), its body and its file name."""

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

    # -- the document -------------------------------------------------------------
    def build(self) -> tuple[dict, str, str]:
        rng, data, lang = self.rng, self.data, self.lang
        group = "kazakh" if rng.random() < 0.86 else "uyghur"
        ng = "f" if rng.random() < 0.62 else "m"
        narrator = _identity(rng, data, group, ng)
        n_name, n_variants = _written(narrator, lang, rng)

        birthplace = self._place("xj", group)
        home = self._place("kz", group) if rng.random() < 0.5 else data.almaty
        if home not in self.places:
            self.places.insert(1, home)
        self_story = rng.random() < 0.05
        relations = [] if self_story else self._relations(ng, _weighted(rng, ((1, 35), (2, 32), (3, 20), (4, 13))))
        first = relations[0] if relations else None

        ctx = self._base_context(n_name, ng, group, birthplace, home)
        if first:
            ctx.update(self._relation_context(first, ng))
        subject = first["gender"] if first else ng

        # The narrator: where from, when they came, what they are looking for
        n_events: list[dict] = []
        paragraphs: list[list[str]] = []
        intro = [self._say("intro_born", ctx, subject, ng)[0]]
        kz = {**ctx, **self._place_context(home)}
        if self_story:
            camp = self._place("xj", group)
            detained = _when(rng, _detention_year(rng))
            text, when = self._say("self_detained", {**ctx, **self._place_context(camp)}, ng, ng, when=detained)
            n_events.append(_event("detained", when, camp, text))
            own = [text]
            months = rng.randint(3, 20)
            released = _when(rng, _after(rng, detained, (0, 1, 1))) if rng.random() < 0.8 else None
            text, when = self._say("self_released", {**ctx, "months": months, "months_y": _months(months)},
                                   ng, ng, when=released)
            n_events.append(_event("released", when, None, text))
            own.append(text)
            text, when = self._say("intro_moved", kz, subject, ng,
                                   when=_when(rng, _after(rng, when or detained, (0, 1, 1))))
            n_events.append(_event("moved", when, home, text))
            intro.append(text)
            intro.append(self._say("intro_self", ctx, subject, ng)[0])
            paragraphs += [intro, own]
        else:
            moved = rng.randint(1990, 2016) if rng.random() < 0.85 else rng.randint(2017, 2019)
            text, when = self._say("intro_moved", kz, subject, ng, when=_when(rng, moved))
            n_events.append(_event("moved", when, home, text))
            intro.append(text)
            intro.append(self._say("intro_search", ctx, subject, ng)[0])
            paragraphs.append(intro)

        # Relatives, one paragraph each
        arrived = int(n_events[-1]["when"][:4]) if "when" in n_events[-1] else 2005
        relatives = [self._relative(rel, group, narrator, ng, ctx, paragraphs, arrived) for rel in relations]

        # The narrator's protests, and whoever helped
        activism: list[str] = []
        for kind, event, share in (("fined", "fined", 0.3), ("self_arrested", "arrested", 0.15)):
            if rng.random() < share:
                # protests are outside the Chinese consulate, in Almaty
                place = data.almaty if data.almaty in self.places or len(self.places) < 4 else home
                if place not in self.places:
                    self.places.append(place)
                text, when = self._say(kind, {**ctx, **self._place_context(place)}, ng, ng,
                                       when=_when(rng, rng.randint(2019, LAST_YEAR)))
                n_events.append(_event(event, when, place, text))
                activism.append(text)
        people = [_person(n_name, "narrator", variants=n_variants, events=n_events), *relatives]
        if len(people) < 6 and rng.random() < 0.3:
            people.append(self._helper(ctx, ng, activism))
        if activism:
            paragraphs.append(activism)

        # Closing words and credit, then general sentences up to the target length
        ending = [[self._say("closing", ctx, subject, ng)[0]]]
        if rng.random() < 0.5:
            more = self._say("closing", ctx, subject, ng)[0]
            if more != ending[0][0]:
                ending[0].append(more)
        author = None
        if len(people) < 6 and rng.random() < 0.35:
            author, gender = self._author()
            people.append(author)
            ending.append([self._say("credit", {**ctx, "A": author["name"]}, gender, ng)[0]])
        self._fill(paragraphs, ending, ctx, ng, min(MAX_WORDS - 60, int(rng.triangular(320, 1450, 450))))
        paragraphs += ending

        if len(self.places) < 4 and rng.random() < 0.35:
            wider = data.wider + ([data.places[birthplace.within]] if birthplace.within else [])
            place = rng.choice(wider)
            if place not in self.places:
                self.places.append(place)

        title = self._pick("title", ctx, subject, ng, bool(first))
        captions: list[str] = []
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            caption = self._pick("caption", ctx, subject, ng, bool(first))
            if caption not in captions:
                captions.append(caption)

        stem = f"{self.number:06d}-{narrator.slug()}"[:100].rstrip("-")
        # Ids are public; the file name may carry the narrator's name, the id does
        # not, since a relative sharing it may be restricted (access.exposure_problems).
        doc_id = f"synth-{self.number:06d}"
        meta: dict = {
            "id": doc_id,
            "type": "testimony",
            "title": title,
            "language": lang,
            "access": "restricted" if rng.random() < RESTRICTED_DOCUMENT_SHARE else "public",
            "source": {
                "title": rng.choice(self.tables["source_titles"]),
                "publisher": rng.choice(self.tables["publishers"]),
                "published": self._published(),
                "url": f"https://example.org/synthetic/{self.seed}/{doc_id}",
            },
        }
        if author is not None:
            meta["credits"] = [{"name": author["name"], "role": rng.choice(("interview", "interview and text"))}]
        if meta["access"] == "public":
            for person in people:
                if person["role"] == "mentioned" and rng.random() < RESTRICTED_MENTIONED_SHARE:
                    person["access"] = "restricted"
        meta["people"] = people
        meta["places"] = [self._label(p) for p in self.places]
        meta["dates"] = self.dates
        if captions:
            meta["captions"] = captions
        meta["notes"] = (f"Synthetic testimony written by indexer.synth (seed {self.seed}, "
                         f"document {self.number}); the people in it do not exist.")
        body = "\n\n".join(" ".join(p) for p in paragraphs) + "\n"
        return meta, body, stem

    # -- parts ---------------------------------------------------------------------
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

    def _fill(self, paragraphs: list[list[str]], ending: list[list[str]], ctx: dict, ng: str,
              target: int) -> None:
        """Insert paragraphs of 2-5 general sentences, each at most once, until the body reaches
        `target` words; below MIN_WORDS sentences may come again."""
        rng = self.rng
        words = sum(len(s.split()) for p in (*paragraphs, *ending) for s in p)
        pool = self.categories["filler"].all + self.categories["story"].all
        rng.shuffle(pool)
        index = 0
        while words < target and (index < len(pool) or words < MIN_WORDS + 10):
            para = []
            for _ in range(rng.randint(2, 5)):
                if index % len(pool) == 0 and index:
                    rng.shuffle(pool)
                text = self._render(pool[index % len(pool)], ctx, "m", ng)
                index += 1
                para.append(text)
                words += len(text.split())
                if words >= target or (index >= len(pool) and words >= MIN_WORDS + 10):
                    break
            paragraphs.insert(rng.randint(1, len(paragraphs)), para)

    def _published(self) -> date:
        """A publication date after every date the document gives."""
        latest = max(int(d["when"][-4:] if "/" in d["when"] else d["when"][:4]) for d in self.dates)
        first = max(FIRST_PUBLISHED.year, latest + 1)
        last = max(first, min(LAST_PUBLISHED.year, latest + 4))
        year = self.rng.randint(first, last)
        latest_month = 12 if year < LAST_PUBLISHED.year else LAST_PUBLISHED.month - 1
        return date(year, self.rng.randint(1, latest_month), self.rng.randint(1, 28))


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
