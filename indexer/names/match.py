"""Index terms, query term groups and verification of a typed name against a person.

A name is cut into atoms (its words, compounds split at hyphens); each atom is
compared at four levels:
  exact            same string after case/Unicode folding
  transliteration  same canonical Latin (transliterate), or same surname stem
  phonetic         same phonetic key (or key of the stem)
  fuzzy            keys within the bounded edit distance of fuzzy.py
A query matches a person when every query word meets a distinct atom of one of
the person's names (in any order); two adjacent words may meet one atom
("Tursyn Gul" / Tursyngul) and one word two adjacent atoms ("Kassymjomart" /
Kassym-Jomart); initials ("G.") must meet the first letter of another atom.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .fuzzy import fuzzy_distance
from .phonetic import fold_latin, is_particle, is_patronymic_word, strip_latin, variant_key, initial_variant
from .script import char_script
from .syllables import (PINYIN_MARK, arabic_shapes, han_syllables, latin_shapes, pinyin_context, pinyin_syllables,
                        shape_misses, skeleton_term, syllable_shapes)
from .transliterate import readings, split_text

#: Marks of a fuzzy comparison met by a Uyghur spelling (phonetic.variant_key),
#: and by a first e read as ə (phonetic.initial_variant), which needs the former.
UYGHUR, INITIAL_E = "uyghur", "initial-e"
LEVELS = {"exact": 4, "transliteration": 3, "phonetic": 2, "fuzzy": 1}
_HOW = {v: k for k, v in LEVELS.items()}
#: Cap on the readings of a joined pair (product of both atoms' readings).
_MAX_JOINED = 16
#: Readings of a Chinese word that give retrieval terms (all are verified).
_GROUP_HAN_READINGS = 8
#: Shortest key of a Chinese word that may still meet another by a fuzzy edit.
_HAN_MIN_FUZZY = 6
_PIECE_HAN_READINGS = 3
#: Han words split into two pieces only when each piece has at least this many characters.
_MIN_HAN_PIECE = 2

_HYPHENS = "-‐‑‒–—―"
_HYPHEN_RE = re.compile(f"[{re.escape(_HYPHENS)}]")
_DIGRAPHS = {"zh", "sh", "ch", "kh", "ts", "dj", "gh", "ng", "sch"}


@dataclass(frozen=True)
class NameMatch:
    """The best way a typed name meets one person's stored names."""

    how: str        # 'exact', 'transliteration', 'phonetic' or 'fuzzy'
    score: float    # higher is better; exact > transliteration > phonetic > fuzzy
    typed: str      # the query word(s) as typed
    matched: str    # the stored form that was met, as stored


class _Form:
    """One atom (or two adjacent atoms joined) with everything compared about it."""

    __slots__ = ("raw", "fold", "latins", "stems", "keys", "skeys", "allkeys", "firsts", "han", "joined",
                 "keys_t", "latins_t", "_lat", "_syls", "_hshapes", "_lshapes", "_terms", "vkeys", "ikeys", "ekeys", "lstems")

    def __init__(self, raw: str, fold: str, latins: tuple[str, ...], han: bool, joined: bool = False):
        self.raw = raw
        self.joined = joined
        self.fold = fold
        self.han = han
        lat = tuple(dict.fromkeys(l for l in latins if l))
        self._lat = lat
        self.latins = frozenset(lat)
        stems = {strip_latin(l) for l in lat}
        self.stems = frozenset(stems - self.latins)
        self.lstems = self.latins | self.stems
        keys = [fold_latin(l) for l in lat]
        self.keys = frozenset(k for k in keys if k)
        self.skeys = frozenset(k for k in (fold_latin(s) for s in self.stems) if k) - self.keys
        self.allkeys = self.keys | self.skeys
        self.firsts = frozenset({k[0] for k in self.keys} | {l[0] for l in lat})
        self.keys_t = tuple(sorted(self.keys))
        self.latins_t = tuple(sorted(self.latins))
        self._syls = self._hshapes = self._lshapes = self._terms = None
        # Uyghur spellings of one name (Gulnezer / Gulnazar, Seypidin / Saifuddin):
        # keys read as phonetic.yaml `uyghur_spelling` says
        self.vkeys = frozenset() if han else frozenset(v for v in map(variant_key, self.keys) if v)
        # and a word's first e read as ə too (Ezizi / Azizi), which only a name
        # shown to be typed in Uyghur spelling may use (see _match_name)
        self.ikeys = frozenset(initial_variant(k) for k in self.keys | self.vkeys) - {""}
        # ... or a word that writes a later ə as e too (Ekrem / Akram, Enwer / Anwar),
        # which shows its own spelling
        self.ekeys = frozenset(initial_variant(variant_key(k)) for k in self.keys
                               if "e" in k[1:] and k[0] == "e") - {""} if self.ikeys else frozenset()

    # Shapes (syllables.py) are worked out when first asked for: most
    # comparisons are settled before them.
    @property
    def syls(self) -> tuple[str, ...]:
        """Chinese characters, or pinyin, read syllable by syllable; () for other words."""
        if self._syls is None:
            self._syls = _syllables_of(self.raw.replace(" ", ""), self.han)
        return self._syls

    @property
    def hshapes(self) -> tuple:
        """Shapes read by syllables (Chinese, pinyin) or by Arabic orthography."""
        if self._hshapes is None:
            self._hshapes = syllable_shapes(self.syls) if self.syls else _arabic_shapes(self.raw)
        return self._hshapes

    @property
    def loose(self) -> bool:
        """An Arabic- or Persian-orthography shape: ranks below the native spellings."""
        return bool(self.hshapes) and not self.syls

    @property
    def lshapes(self) -> tuple:
        """Shapes of the Latin readings (none for a Chinese word)."""
        if self._lshapes is None:
            self._lshapes = () if self.han else tuple(dict.fromkeys(
                x for l in self._lat for x in latin_shapes(l)))
        return self._lshapes

    def _skeleton_terms(self) -> tuple[frozenset[str], frozenset[str]]:
        if self._terms is None:
            hsk = {sk for sk, _slots in self.hshapes if sk}
            lsk = {sk for sk, _slots in self.lshapes if sk}
            kept = {skeleton_term(k, "h") for k in hsk} | {skeleton_term(k, "l") for k in lsk}
            # a Latin word of one consonant class (Isa, year) seeks no transcription:
            # a place search takes what the skeleton meets without verifying it
            seeks = {skeleton_term(k, "l") for k in hsk} | {skeleton_term(k, "h") for k in lsk if len(k) >= 2}
            if self.syls and not self.han:
                seeks |= {skeleton_term(k, "h") for k in hsk}   # pinyin seeks its characters too
            self._terms = (frozenset(kept), frozenset(seeks))
        return self._terms

    @property
    def skeletons(self) -> frozenset[str]:
        """The skeleton terms a stored name keeps."""
        return self._skeleton_terms()[0]

    @property
    def seeks(self) -> frozenset[str]:
        """The skeleton terms a typed name looks for: the other side's."""
        return self._skeleton_terms()[1]


@functools.lru_cache(maxsize=131072)
def _syllables_of(raw: str, han: bool) -> tuple[str, ...]:
    """The pinyin syllables a word is written in: a Chinese word's characters, or a
    Latin word typed as pinyin (Yīlìhāmù, Gu'Li'Na'Zha); () for any other word."""
    if han:
        return han_syllables("".join(c for c in raw if char_script(c) == "han"))
    return pinyin_syllables(raw) or ()


_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


@functools.lru_cache(maxsize=131072)
def _arabic_shapes(raw: str) -> tuple:
    return arabic_shapes(raw) if _ARABIC.search(raw) else ()


def _shape_match(q: _Form, s: _Form) -> int | None:
    """Vowels missed by the best alignment of one side's syllables with the other's Latin."""
    best = None
    for hs, ls in ((q.hshapes, s.lshapes), (s.hshapes, q.lshapes)):
        for h in hs:
            for lshape in ls:
                d = shape_misses(h, lshape)
                if d is not None and (best is None or d < best):
                    best = d
                    if d == 0:
                        return 0
    return best


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


#: The characters `char_script` calls 'han', as one class: a search instead of a call a character.
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003134f\u3007]")


def _is_han(text: str) -> bool:
    return _HAN.search(text) is not None


@functools.lru_cache(maxsize=131072)
def _atom(raw: str) -> _Form:
    lat = tuple(r.replace("-", "") for r in readings(raw))
    return _Form(raw, _fold(raw), lat, _is_han(raw))


def _joined_latins(a: _Form, b: _Form) -> tuple[str, ...]:
    """The readings of two atoms written as one word, shortest first (then in alphabetical
    order, so that every process keeps the same ones), at most `_MAX_JOINED`."""
    lat = []
    for x in sorted(a.latins, key=lambda s: (len(s), s)):
        for y in sorted(b.latins, key=lambda s: (len(s), s)):
            lat.append(x + y)
            if len(lat) >= _MAX_JOINED:
                break
        if len(lat) >= _MAX_JOINED:
            break
    return tuple(lat)


def _join(a: _Form, b: _Form, sep: str) -> _Form:
    return _Form(a.raw + sep + b.raw, a.fold + sep + b.fold, _joined_latins(a, b), a.han or b.han, True)


@functools.lru_cache(maxsize=131072)
def _joined(a: str, b: str, sep: str) -> _Form:
    return _join(_atom(a), _atom(b), sep)


@functools.lru_cache(maxsize=131072)
def _joined_keys(a: str, b: str) -> frozenset[str]:
    """`_joined(a, b, "").allkeys` without the rest of the form: an index keeps only
    the keys of a pair of words written as one (Tursyngul), and building the whole
    form for every pair of every name was a good part of an index build.  The pair's
    readings are folded without the caches of single words: no other name has
    them, and a cache filled with them only slows every garbage collection."""
    fold, strip = fold_latin.__wrapped__, strip_latin.__wrapped__
    keys = set()
    for l in _joined_latins(_atom(a), _atom(b)):
        if l:
            keys.add(fold(l))
            stem = strip(l)
            if stem != l:
                keys.add(fold(stem))
    keys.discard("")
    return frozenset(keys)


def _initial_letters(token: str) -> list[frozenset[str]] | None:
    """The initials written in `token` ("G.", "K.-J.", "Zh.", "Г"), or None if it is a word."""
    t = token.strip()
    if not t or _is_han(t):
        return None
    pieces = [p for p in re.split(f"[.{re.escape(_HYPHENS)}]+", t) if p]
    if not pieces:
        return None
    dotted = "." in t
    # an initial is one letter, or a digraph of two when dotted (Zh.): a longer
    # piece makes the token a word, whatever its readings
    if any(sum(c.isalpha() for c in p) > (2 if dotted else 1) for p in pieces):
        return None
    out = []
    for p in pieces:
        letters = "".join(c for c in p if c.isalpha())
        if not letters:
            return None
        lat = readings(letters)[0]
        if len(letters) == 1 or (dotted and lat in _DIGRAPHS and len(letters) <= 2) \
                or (dotted and len(letters) == 2 and lat in _DIGRAPHS):
            key = fold_latin(lat)
            firsts = {lat[0]} if lat else set()
            if key:
                firsts.add(key[0])
            out.append(frozenset(firsts))
        else:
            return None
    return out or None


class _Query:
    __slots__ = ("typed", "expansions", "initials", "groups", "optional")

    def __init__(self, typed, expansions, initials, groups, optional=frozenset()):
        self.typed = typed
        self.expansions = expansions      # list of lists of atom raws (alternative readings of the words)
        self.initials = initials          # list of frozensets of first letters
        self.groups = groups              # retrieval groups
        self.optional = optional          # atoms that may stay unmatched (a typed patronymic)


def _han_pieces(token: str) -> list[tuple[str, str]]:
    chars = [c for c in token if char_script(c) == "han"]
    n = len(chars)
    out = []
    for i in range(_MIN_HAN_PIECE, n - _MIN_HAN_PIECE + 1):
        out.append(("".join(chars[:i]), "".join(chars[i:])))
    return out


def _token_atoms(token: str, particles: bool = False) -> list[str]:
    """The atoms of one word, split at hyphens; patronymic particles ("uly",
    "kyzy" written apart) dropped unless `particles`."""
    return list(_token_atoms_kept(token, particles))


@functools.lru_cache(maxsize=131072)
def _token_atoms_kept(token: str, particles: bool) -> tuple[str, ...]:
    atoms = []
    for p in _HYPHEN_RE.split(token):
        p = p.strip(".'’")
        if not any(c.isalpha() for c in p):
            continue
        if not particles and is_particle(readings(p)[0]):
            continue
        atoms.append(p)
    return tuple(atoms)


def _keeps_particles(tokens: list[str]) -> bool:
    """Particles are dropped only beside a real name word (a name "Kyzy" stays)."""
    return not any(_token_atoms(t) for t in tokens if _initial_letters(t) is None)


@functools.lru_cache(maxsize=65536)
def _group_terms(raw: str, han_readings: int = 0) -> frozenset[str]:
    """Retrieval terms of one typed atom: keys, stem keys and canonical Latin.

    A Chinese word contributes only its most usual readings, so that the query
    layer's fuzzy expansion of every term stays cheap; verification
    (match_person) still weighs all readings."""
    f = _atom(raw)
    if not f.han:
        return f.allkeys | f.latins | f.seeks | f.vkeys | f.ikeys
    lat = tuple(r.replace("-", "") for r in readings(raw)[:han_readings or _GROUP_HAN_READINGS])
    g = _Form(raw, f.fold, lat, True)
    return g.allkeys | g.latins | f.seeks


def _pinyin_joined(tokens: list[str]) -> list[str]:
    """A name typed one pinyin syllable per word (Gu Li Na Zha) as the one word it
    spells; the syllables stay marked apart."""
    if len(tokens) >= 2 and all(len(pinyin_syllables(t, loose=True) or ()) == 1 for t in tokens):
        return ["'".join(tokens)]
    return tokens


@functools.lru_cache(maxsize=16384)
def _analyze_query(query: str) -> _Query:
    tokens = pinyin_context(_pinyin_joined(split_text(query)))
    typed = " ".join(unicodedata.normalize("NFC", query).split())
    initials: list[frozenset[str]] = []
    slots: list[list[list[str]]] = []   # per word: alternatives, each a list of atoms
    keep = _keeps_particles(tokens)
    for tok in tokens:
        ini = _initial_letters(tok)
        if ini is not None:
            initials.extend(ini)
            continue
        atoms = _token_atoms(tok, keep)
        if not atoms:
            continue
        alts = [atoms]
        # a Chinese name typed without the dot: also try it cut in two
        if len(atoms) == 1 and len(tokens) == 1 and _is_han(atoms[0]):
            alts += [list(p) for p in _han_pieces(atoms[0])]
        slots.append(alts)
    expansions: list[list[str]] = [[]]
    for alts in slots:
        expansions = [e + a for e in expansions for a in alts][:64]
    if not slots:
        expansions = []
    # a patronymic typed among three words or more may stay unmatched
    optional = frozenset()
    if len(slots) >= 3:
        optional = frozenset(a for alts in slots for a in alts[0]
                             if len(alts[0]) == 1 and is_patronymic_word(a))
    # retrieval groups: one per word (none for an optional patronymic)
    flat = [s[0] for s in slots]
    seq = [a for atoms in flat for a in atoms]
    groups: list[set[str]] = []
    pos = 0
    for alts in slots:
        atoms = alts[0]
        for k, a in enumerate(atoms):
            i = pos + k
            g = set(_group_terms(a))
            # joined with a neighbour (Tursyn Gul / Tursyngul); not for Chinese
            # words, which the dot already separates where they should be
            if i > 0 and not _is_han(a + seq[i - 1]):
                j = _joined(seq[i - 1], a, " ")
                g |= j.allkeys | j.seeks | j.vkeys
            if i + 1 < len(seq) and not _is_han(a + seq[i + 1]):
                j = _joined(a, seq[i + 1], " ")
                g |= j.allkeys | j.seeks | j.vkeys
            if k == 0:
                for alt in alts[1:]:
                    for piece in alt:
                        g |= _group_terms(piece, _PIECE_HAN_READINGS)
            g.discard("")
            if g and a not in optional:
                groups.append(g)
        pos += len(atoms)
    return _Query(typed, expansions, initials, groups, optional)


class _Name:
    __slots__ = ("atoms", "_units", "n", "given", "seps", "patronymic")

    def __init__(self, atoms: list[_Form], given: int = 0, seps: list[str] | None = None, patronymic: int = 0):
        self.atoms = atoms
        self.seps = seps or []   # separator between atom i and i+1 ("-" or " ")
        self._units = None
        self.n = len(atoms)
        self.given = given   # mask of the atoms of the given name (first word of a longer name)
        # mask of a patronymic's atoms (Kemelevich in Kassym-Jomart Kemelevich Tokayev): the
        # father's name, which only a typed patronymic may meet by its stem
        self.patronymic = patronymic

    @property
    def units(self) -> list[tuple[int, int, _Form]]:
        """(first atom, mask, form) of every atom and every two adjacent atoms joined.

        Worked out when a typed name is first compared with this one: an index
        build analyses every name and compares none."""
        if self._units is None:
            units = [(i, 1 << i, f) for i, f in enumerate(self.atoms)]
            for i in range(self.n - 1):
                units.append((i, (1 << i) | (1 << (i + 1)),
                              _joined(self.atoms[i].raw, self.atoms[i + 1].raw, self.seps[i])))
            self._units = units
        return self._units


@functools.lru_cache(maxsize=65536)
def _analyze_name(name: str) -> _Name:
    raws: list[str] = []
    seps: list[str] = []   # separator before each atom after the first
    words = 0
    given = 0
    tokens = pinyin_context(split_text(name))
    keep = _keeps_particles(tokens)
    for tok in tokens:
        atoms = _token_atoms(tok, keep)
        if atoms:
            words += 1
        for k, a in enumerate(atoms):
            if raws:
                seps.append("-" if k > 0 else " ")
            if words == 1:
                given |= 1 << len(raws)
            raws.append(a)
    if words < 2:
        given = 0
    atoms = [_atom(r) for r in raws]
    patronymic = 0
    if words >= 3:
        for i, r in enumerate(raws):
            if not given >> i & 1 and is_patronymic_word(r):
                patronymic |= 1 << i
    return _Name(atoms, given, seps, patronymic)


#: Comparisons kept: the candidates of one typed name share most of their
#: words (every Aliya among them), and forms are the cached objects of
#: `_atom` and `_joined`, so a comparison is worked out once.
_COMPARED_KEPT = 65536
_compared: dict[tuple[_Form, _Form, bool], tuple[int, float] | None] = {}


def _compare_kept(q: _Form, s: _Form, stems: bool) -> tuple[int, float] | None:
    """`_compare`, remembered (forms are compared by identity and kept alive by the keys)."""
    key = (q, s, stems)
    try:
        return _compared[key]
    except KeyError:
        pass
    got = _compare(q, s, stems)
    if len(_compared) >= _COMPARED_KEPT:
        _compared.clear()
    _compared[key] = got
    return got


def _compare(q: _Form, s: _Form, stems: bool = True) -> tuple[int, float] | None:
    """(level, closeness) of typed form `q` against stored form `s`, or None.

    `stems`: whether surname stems may meet (not for a stored given name:
    "Kassymov" is somebody's son, not Kassym)."""
    if q.fold == s.fold:
        return 4, 1.0
    if q.latins & s.latins:
        return 3, 1.0
    if stems and q.lstems & s.lstems:
        return 3, 0.9
    if q.keys & s.keys:
        return 2, 1.0
    if stems and q.allkeys & s.allkeys:
        return 2, 0.9
    # a transcription (or its pinyin) against a Latin reading, by consonant
    # classes and vowels (syllables.py); two Chinese forms are never compared
    # so: a character apart in Chinese is another name
    if (q.han or s.han) and q.syls and q.syls == s.syls:
        return 3, 0.95   # the same syllables: 那/纳 both na; a transcription and its pinyin
    if (q.hshapes and s.lshapes) or (s.hshapes and q.lshapes):
        d = _shape_match(q, s)
        if d is not None:
            return 2, (0.6 if q.loose or s.loose else 0.95) - 0.1 * d
    # fuzzy: full keys only (a typo on top of a stripped ending reaches other
    # surnames: Bapanov -> bapan ~ Baban), one edit at most across a joined pair
    if q.joined and s.joined:
        return None   # two words against two parts: each word is compared on its own
    if q.han and s.han:
        return None   # another character is another syllable: no slips between transcriptions
    if (q.vkeys or s.vkeys) and (q.vkeys | q.keys) & (s.vkeys | s.keys):
        return 1, 0.95, UYGHUR   # a Uyghur spelling: e for ə, p for f, -idin for -uddin
    if (q.ekeys and q.ekeys & (s.keys | s.vkeys)) or (s.ekeys and s.ekeys & (q.keys | q.vkeys)):
        return 1, 0.9, UYGHUR    # the same with a first e for ə, in a word with a later e for ə
    best = None
    joined = q.joined or s.joined
    # on phonetic keys, and on the canonical Latin (a slip inside a folded
    # digraph, Almakjan / Almakhan, is one edit there)
    # a Chinese word's many readings already spell out its variation: no more
    # fuzziness on top for short keys (哈力木 Khalim is not Kassym)
    han = q.han or s.han
    # keys with e read a (vkeys) too: Zeynep is Zainab with ə as e and one slip
    for qs, ss in ((q.keys_t + tuple(sorted(q.vkeys)), s.keys_t + tuple(sorted(s.vkeys))),
                   (q.latins_t, s.latins_t)):
        if len(qs) > len(ss):
            qs, ss = ss, qs
        for a in qs:
            # many readings (Chinese): let rapidfuzz pick the few close ones first
            near = ss if len(ss) <= 4 else [c for c, _d, _i in process.extract(
                a, ss, scorer=OSA.distance, score_cutoff=2, limit=None)]
            for b in near:
                if abs(len(a) - len(b)) > 2 or (han and min(len(a), len(b)) < _HAN_MIN_FUZZY):
                    continue   # beyond any edit bound (fuzzy.max_edits)
                d = fuzzy_distance(a, b)
                if d is not None and not (joined and d > 1):
                    close = 1.0 - d / max(len(a), len(b))
                    if best is None or close > best:
                        best = close
    if best is None:
        if (q.ikeys or s.ikeys) and (q.ikeys & (s.keys | s.vkeys) or s.ikeys & (q.keys | q.vkeys)):
            return 1, 0.9, INITIAL_E   # a first e for ə: only beside a Uyghur spelling
        return None
    return 1, best


@functools.lru_cache(maxsize=65536)
def _is_patronymic(raw: str) -> bool:
    return is_patronymic_word(raw)


def _match_name(qatoms: list[str], initials, name: _Name, optional=frozenset()):
    """Best (score, level, matched-mask) for one expansion of the query against one name."""
    m = len(qatoms)
    if m == 0 or name.n == 0:
        return None
    qforms = [_atom(a) for a in qatoms]
    patronymic = [_is_patronymic(a) for a in qatoms]
    cache: dict[tuple[int, int, int], tuple[int, float] | None] = {}
    best = None

    def cmp(qi: int, qlen: int, ui: int):
        key = (qi, qlen, ui)
        if key not in cache:
            qf = qforms[qi] if qlen == 1 else _joined(qatoms[qi], qatoms[qi + 1], " ")
            _first, mask, sf = name.units[ui]
            stems = not mask & name.given and not (mask & name.patronymic and not patronymic[qi])
            cache[key] = _compare_kept(qf, sf, stems)
        return cache[key]

    def finish(acc, used, skipped):
        nonlocal best
        # initials must meet the first letters of distinct atoms not used by words
        free = [i for i in range(name.n) if not used >> i & 1]
        ini_mask = 0
        if initials:
            ini_mask = _place_initials(initials, free, name)
            if ini_mask is None:
                return
        if any(r[2:] == (INITIAL_E,) for r in acc) and not any(r[2:] == (UYGHUR,) for r in acc):
            return   # a first e read as ə needs another word shown to be in Uyghur spelling
        levels = [r[0] for r in acc]
        lvl = min(levels)
        quality = sum((r[0] - 1) / 3 * 0.5 + r[1] * 0.5 for r in acc) / len(acc)
        covered = bin(used | ini_mask).count("1")
        score = (10.0 * lvl + 4.0 * quality + 2.0 * min(m - skipped, 4) / 4 - 0.5 * (skipped > 0)
                 + 2.0 * covered / name.n + (0.5 if initials else 0.0))
        if best is None or score > best[0]:
            best = (score, lvl, used | ini_mask)

    def rec(qi: int, used: int, acc, skipped: int = 0):
        if qi == m:
            if acc and (not skipped or m - skipped >= 2):
                finish(acc, used, skipped)
            return
        if qatoms[qi] in optional:
            rec(qi + 1, used, acc, skipped + 1)
        for qlen in (1, 2):
            if qi + qlen > m:
                break
            for ui, (_first, mask, _f) in enumerate(name.units):
                if mask & used:
                    continue
                r = cmp(qi, qlen, ui)
                if r is not None:
                    rec(qi + qlen, used | mask, acc + [r], skipped)

    rec(0, 0, [])
    return best


def _place_initials(initials, free: list[int], name: _Name):
    """A mask of distinct free atoms meeting every initial, or None."""
    def rec(k: int, avail: list[int], mask: int):
        if k == len(initials):
            return mask
        for j, i in enumerate(avail):
            if initials[k] & name.atoms[i].firsts:
                r = rec(k + 1, avail[:j] + avail[j + 1:], mask | (1 << i))
                if r is not None:
                    return r
        return None
    return rec(0, free, 0)


@functools.lru_cache(maxsize=65536)
def _match_cached(query: str, names: tuple[str, ...]) -> NameMatch | None:
    q = _analyze_query(query)
    if not q.expansions:
        return None
    best = None
    for name in names:
        if not name:
            continue
        na = _analyze_name(name)
        for exp in q.expansions:
            r = _match_name(exp, q.initials, na, q.optional)
            if r is not None and (best is None or r[0] > best[0]):
                best = (r[0], r[1], r[2], na)
    if best is None:
        return None
    score, lvl, mask, na = best
    matched = _matched_text(na, mask)
    return NameMatch(how=_HOW[lvl], score=round(score, 4), typed=q.typed, matched=matched)


def _matched_text(na: _Name, mask: int) -> str:
    """The stored words that were met, as stored (a hyphenated compound kept whole)."""
    out = ""
    prev = -2
    for i in range(na.n):
        if not mask >> i & 1:
            continue
        if out:
            out += na.seps[i - 1] if prev == i - 1 else " "
        out += na.atoms[i].raw.removesuffix(PINYIN_MARK)   # as stored, without the mark pinyin_context adds
        prev = i
    return out


def match_person(query: str, names: Sequence[str]) -> NameMatch | None:
    """The best match of a typed name against a person's names (stored name first,
    then curated variants, which count as exact), or None."""
    try:
        return _match_cached(str(query or ""), tuple(str(n) for n in names if n))
    except RecursionError:  # pragma: no cover - absurdly long input
        return None


@functools.lru_cache(maxsize=65536)
def _index_terms(name: str) -> frozenset[str]:
    na = _analyze_name(name)
    terms: set[str] = set()
    raws = [a.raw for a in na.atoms]
    for a in na.atoms:
        terms |= a.allkeys | a.latins | a.skeletons | a.vkeys | a.ikeys
    for i in range(len(raws)):
        for j in range(len(raws)):
            if i != j and abs(i - j) <= 2:
                terms |= _joined_keys(raws[i], raws[j])
    for a in na.atoms:
        if a.han:
            for left, right in _han_pieces(a.raw):
                terms |= _atom(left).allkeys | _atom(right).allkeys | _atom(left).skeletons | _atom(right).skeletons
    terms.discard("")
    return frozenset(terms)


def index_terms(name: str) -> set[str]:
    """Every term to store in a search index for one person's name (any script)."""
    try:
        return set(_index_terms(str(name or "")))
    except Exception:  # pragma: no cover - never fail an index build on one name
        return set()


def query_term_groups(query: str) -> list[set[str]]:
    """One set of index terms per query word; a person is a candidate when every set
    meets its index_terms.  Initials and patronymic particles give no set."""
    try:
        return [set(g) for g in _analyze_query(str(query or "")).groups]
    except Exception:  # pragma: no cover
        return []


def name_words(text: str) -> list[str]:
    """Canonical Latin words of a name: split on spaces and hyphens; Chinese split on
    the middle dot (one word where there is none); patronymic particles kept."""
    out = []
    for tok in split_text(text or ""):
        for p in _HYPHEN_RE.split(tok):
            lat = readings(p)[0].replace("-", "") if any(c.isalpha() for c in p) else ""
            if lat:
                out.append(lat)
    return out
