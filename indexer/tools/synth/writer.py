"""One synthetic testimony, from its narrator to its front matter.

`_Writer.build` tells the story in order -- where the narrator was born, when
they came to Kazakhstan, the relatives taken (cast.py), the protests, closing
words -- then fills the body with general sentences up to a drawn length and
writes the front matter that describes it.
"""
from __future__ import annotations

from datetime import date

from .cast import _Cast, _person
from .events import _after, _detention_year, _event, _when
from .grammar import _months
from .names import _identity, _written
from .shape import (
    FIRST_PUBLISHED, LAST_PUBLISHED, LAST_YEAR, MAX_WORDS, MIN_WORDS, RESTRICTED_DOCUMENT_SHARE,
    RESTRICTED_MENTIONED_SHARE, _weighted,
)


class _Writer(_Cast):
    """Builds one document: its front matter (a dict), its body and its file name."""

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
        # "indexer.synth" is the module's old name, kept: a seed must keep giving the same bytes.
        meta["notes"] = (f"Synthetic testimony written by indexer.synth (seed {self.seed}, "
                         f"document {self.number}); the people in it do not exist.")
        body = "\n\n".join(" ".join(p) for p in paragraphs) + "\n"
        return meta, body, stem

    # -- parts ---------------------------------------------------------------------
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
