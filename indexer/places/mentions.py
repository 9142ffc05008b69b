"""Places a document's text names, in any script and with case endings.

A word (or two or three) that is a gazetteer spelling is that place; so is one
followed by a case ending of the document's language, from the data file
(Шәуешекте, Aqsuda, в Хоргосе, خوتەندە): the endings of one language are never
tried on another's text, where they would make places of plain words (an
English "Parade" is no Pará). Chinese is written without spaces, so in a run of Chinese characters
every gazetteer spelling in Chinese characters is looked for (和田的工廠).

A spelling several places share is settled on purpose: the place lying in a
region the document already names (among its listed places or the places its
text names unambiguously) wins, else the larger place. A country does not
settle it: testimonies name Kazakhstan, where the families live, and tell of
Xinjiang.
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache
from pathlib import Path

import yaml

from ..names.phonetic import fold_latin
from ..names.transliterate import transliterate
from .gazetteer import Gazetteer, Place, place_key
from .persons import is_person, people_words

_DATA = Path(__file__).resolve().parent / "data" / "mentions.yaml"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[^\W\d_{_HAN}][\w\u0300-\u036f\u064b-\u065f\u0670\u0674'’ʼ-]*")
_HAN_RUN = re.compile(rf"[{_HAN}]+")
_ONLY_HAN = re.compile(rf"^[{_HAN}]+$")
_WIDEST = 3                                   # words a name may have
_MEMO = 200_000                               # words remembered between documents


@lru_cache(maxsize=_MEMO)
def _latin(name: str) -> str:
    """A name or word in canonical Latin, phonetically folded, whatever its script."""
    return fold_latin(transliterate(name))


@lru_cache(maxsize=1)
def _rules() -> dict:
    return yaml.load(_DATA.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


class PlaceFinder:
    """Finds the places a text names, from one gazetteer's spellings."""

    def __init__(self, gazetteer: Gazetteer):
        rules = _rules()
        self.gazetteer = gazetteer
        skip = self._skip = set(rules["skip_kinds"])
        self.min_letters, self.min_han = rules["min_letters"], rules["min_han"]
        plain = {place_key(w) for w in rules.get("plain_words", ())}
        self.words: dict[str, list[Place]] = {}
        self.han: dict[str, list[Place]] = {}
        for key, places in gazetteer.keys().items():
            places = [p for p in places if p.kind not in skip]
            if not places or key in plain:
                continue
            if _ONLY_HAN.match(key):
                if len(key) >= self.min_han:
                    self.han[key] = places
            elif len(key) >= self.min_letters:
                self.words[key] = places
        self.longest_han = max(map(len, self.han), default=0)
        # Words that begin a name of several words: only there is a wider match looked for.
        several = [words for place in gazetteer.places for name in place.all_names()
                   if len(words := _WORD.findall(name)) > 1]
        self.first_words = {place_key(words[0]) for words in several}
        # A name of several words is taken only as several words ("to go" is not Togo).
        self.several = {place_key("".join(words)) for words in several}
        self._endings = {lang: frozenset(place_key(e) for group in scripts.values() for e in group)
                         for lang, scripts in rules["endings"].items()}
        self._replaced = {lang: (tuple(place_key(e) for e in rule["letters"]),
                                 frozenset(place_key(e) for e in rule["endings"]))
                          for lang, rule in (rules.get("replaced") or {}).items()}
        self._raised = {lang: {place_key(k): tuple(place_key(v) for v in vs)
                               for group in scripts.values() for k, vs in group.items()}
                        for lang, scripts in (rules.get("raised") or {}).items()}
        cross = rules.get("across_scripts") or {}
        self._cross_languages = frozenset(cross.get("languages", ()))
        self._cross_tags = frozenset(cross.get("alias_tags", ()))
        self._cross_min = int(cross.get("min_letters", 5))
        self._cross_endings = {lang: sorted({_latin(e) for e in rules["endings"][lang].get("Latn", ())} - {""},
                                            key=len, reverse=True) for lang in self._cross_languages}
        self._latin: dict[str, list[Place]] | None = None   # built on the first Kazakh or Uyghur text
        self._raw: dict[str, str] = {}                      # key -> a word it was folded from
        self._seen: dict[str, dict[str, list[Place] | None]] = {}   # per language: words looked up, and what they are
        self._language("")
        self._folded: dict[str, str] = {}
        order = rules["rank"]
        self._rank = {kind: len(order) - i for i, kind in enumerate(order)}

    # -- spellings in the text -----------------------------------------------
    def _language(self, language: str) -> None:
        """Try the case endings of this document language (a BCP 47 tag) from now on."""
        primary = (language or "").split("-")[0].lower()
        self.endings = self._endings.get(primary, frozenset())
        self.ending_lengths = sorted({len(e) for e in self.endings}, reverse=True)
        self.replaced, self.replacing = self._replaced.get(primary, ((), frozenset()))
        self.raised = self._raised.get(primary, {})
        self.cross = primary in self._cross_languages
        self.cross_endings = self._cross_endings.get(primary, ())
        self._memo = self._seen.setdefault(primary if self.endings else "", {})
        self._firsts_memo = self._seen.setdefault(f"firsts-{primary if self.endings else ''}", {})

    def _word_places(self, key: str) -> list[Place] | None:
        memo = self._memo
        if key in memo:
            return memo[key]
        if len(memo) > _MEMO:
            memo.clear()
        found = memo[key] = self._lookup(key)
        return found

    def _stems(self, key: str, sizes: bool = False):
        """The names `key` may be an inflected form of, longest ending first: the stem left by an
        ending, that stem with the letter the ending replaces (Кульдже: Кульдж + а), and with
        its last vowel as it stood before the ending raised it (Ghuljidiki: Ghulja + diki)."""
        for size in self.ending_lengths:
            if len(key) - size >= self.min_letters and key[-size:] in self.endings:
                stem = key[:-size]
                ending = key[-size:]
                found = [stem, *(stem + letter for letter in self.replaced if ending in self.replacing)]
                found += [stem[:-1] + vowel for vowel in self.raised.get(stem[-1], ())]
                yield from ((s, size) for s in found) if sizes else found

    def _fold(self, word: str) -> str:
        """A word's key, remembered with the word it was folded from (what `_across_scripts` reads)."""
        key = self._folded[word] = place_key(word)
        self._raw.setdefault(key, word)
        return key

    def _first_forms(self, key: str) -> tuple[str, ...]:
        """The first words of names of several words that `key` is, as it stands or with one of
        the language's endings (Восточного Туркестана: Восточный Туркестан)."""
        memo = self._firsts_memo
        found = memo.get(key)
        if found is None:
            if len(memo) > _MEMO:
                memo.clear()
            found = memo[key] = (key,) if key in self.first_words else \
                tuple(dict.fromkeys(s for s in self._stems(key) if s in self.first_words))
        return found

    def _joined(self, keys: list[str], firsts: dict[str, tuple[str, ...]]):
        """A stretch of words whose first word is inflected, joined as a name's key: as written,
        then with its first words read as the uninflected words of a name (the last word's
        ending is taken off later)."""
        yield "".join(keys)
        if len(keys) > 1 and keys[0] in firsts:
            middle = ["".join(m) for m in itertools.product(*([k, *self._stems(k)] for k in keys[1:-1]))]
            for first in firsts[keys[0]]:
                for mid in middle:
                    if (joined := first + mid + keys[-1]) != "".join(keys):
                        yield joined

    def _stem_in(self, key: str, keys: set[str]) -> bool:
        return key in keys or any(stem in keys for stem in self._stems(key))

    def _lookup(self, key: str) -> list[Place] | None:
        found = self.words.get(key)
        if found is not None:
            return found
        size, union = 0, []                               # the longest ending that leaves a name:
        for stem, ending in self._stems(key, sizes=True):  # every name it leaves (Китае: Китай, Кита)
            if union and ending != size:
                break
            for place in self.words.get(stem) or ():
                if place not in union:
                    union.append(place)
            size = ending
        if union:
            return union
        if self.cross and key in self._raw:
            return self._across_scripts(self._raw[key])
        return None

    def _across_scripts(self, word: str) -> list[Place] | None:
        """The place a Kazakh or Uyghur word names in another of the language's scripts: the
        word read into canonical Latin as names are (Құмылда, Qūmylda, قۇمىلدا: kumil + da)
        meets a Kazakh or Uyghur alias read the same way."""
        if self._latin is None:
            self._latin = {}
            for place in self.gazetteer.places:
                for tag, names in place.aliases.items():
                    if tag in self._cross_tags or tag.split("-")[0] in self._cross_tags:
                        for name in names:
                            latin = _latin(name) if len(_WORD.findall(name)) == 1 else ""
                            if len(latin) >= self._cross_min and place not in self._latin.get(latin, ()):
                                self._latin.setdefault(latin, []).append(place)
        latin = _latin(word)
        for ending in ("", *self.cross_endings):
            if latin.endswith(ending) and len(latin) - len(ending) >= self._cross_min:
                found = self._latin.get(latin[:len(latin) - len(ending)])
                if found:
                    return [p for p in found if p.kind not in self._skip] or None
        return None

    def spellings(self, text: str, language: str = "", people=()) -> list[list[Place]]:
        """For each place name in the text, in order, the places it may be; `language` is the
        document's tag, whose case endings are tried (none for a language without them);
        `people` the names of the document's people (a word the text shows to be part of a
        person's name is no place: indexer.places.persons)."""
        return [places for _start, _end, places in self.mentions(text, language, people)]

    def mentions(self, text: str, language: str = "", people=()) -> list[tuple[int, int, list[Place]]]:
        """(start, end, the places it may be) of each place name in the text (see `spellings`):
        where a snippet marks the place."""
        self._language(language)
        out = []
        folded = self._folded
        if len(folded) > _MEMO:
            folded.clear()
            self._raw.clear()
        found_words = list(_WORD.finditer(text))
        words = [m.group() for m in found_words]
        keys = [folded.get(w) or self._fold(w) for w in words]
        # In a script with capitals a place's name starts with one: "party" is no place. Its
        # other words need none (Алтай аймағында, Aqsu audanynda).
        tokens = [t if not w[0].islower() else "" for w, t in zip(words, keys)]
        distinct = set(tokens) - {""}
        # Words that begin a name of several words, as they stand or inflected (Восточного).
        firsts = {t: forms for t in distinct if (forms := self._first_forms(t))}
        starts = {t for t in distinct if self._word_places(t)} | firsts.keys()
        named = people_words(people) if people else frozenset()
        bare = {t for t in distinct if t in self.words}
        after = 0                                         # the first word not yet part of a name found
        # Most words are neither a name nor its beginning: only the others are looked at.
        for i in [k for k, token in enumerate(tokens) if token in starts]:
            if i < after:
                continue
            widest = min(_WIDEST, len(tokens) - i) if tokens[i] in firsts else 1
            inflected = tokens[i] not in self.first_words  # only then are other readings tried
            for width in range(widest, 0, -1):
                found = None
                joined = "".join(keys[i:i + width])
                for joined in self._joined(keys[i:i + width], firsts) if inflected and width > 1 else (joined,):
                    if width == 1 or self._stem_in(joined, self.several):
                        found = self._word_places(joined)
                        if found:
                            break
                if found and width == 1 and is_person(text, found_words, i, bare=keys[i] in bare,
                                                      language=language, people=named, places=bare):
                    found = None
                if found:
                    out.append((found_words[i].start(), found_words[i + width - 1].end(), found))
                    after = i + width
                    break
        for run in _HAN_RUN.finditer(text):
            chars, at = run.group(), run.start()
            i = 0
            while i < len(chars):
                for width in range(min(self.longest_han, len(chars) - i), self.min_han - 1, -1):
                    found = self.han.get(chars[i:i + width])
                    if found:
                        out.append((at + i, at + i + width, found))
                        i += width
                        break
                else:
                    i += 1
        return out

    # -- which place ---------------------------------------------------------
    def _regions(self, places) -> set[str]:
        """Ids of places and their ancestors, countries left out (see the module's docstring)."""
        ids = set()
        for place in places:
            ids.update(p.id for p in [place, *self.gazetteer.ancestors(place)] if p.kind != "country")
        return ids

    def _size(self, place: Place):
        return (self._rank.get(place.kind, 0), place.population)

    def find(self, text: str, listed: list[Place] = (), language: str = "", people=()) -> list[Place]:
        """The places the text names, each once, in order of first mention; `language` is the
        document's tag and `people` the names of its people (see `spellings`)."""
        spelled = self.spellings(text, language, people)
        context = self._regions([*listed, *(c[0] for c in spelled if len(c) == 1)])
        chosen: dict[str, Place] = {}
        for candidates in spelled:
            best = max(candidates, key=lambda p: (bool(self._regions([p]) & context), *self._size(p)))
            chosen.setdefault(best.id, best)
        return list(chosen.values())
