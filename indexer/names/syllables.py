"""Chinese transcriptions (and their pinyin) read back by rule, syllable by syllable.

A transcription such as 雪克来提 or its pinyin Xuěkèláití is not spelt out
letter by letter: each character is one syllable of the name, or one consonant
written with a light vowel.  Listing every character's readings cannot cover
unseen transcriptions, so they are compared by shape instead
(tables/chinese_syllables.yaml):

- the *skeleton*: the consonant classes in order (雪克来提 S K L T, and
  Shohrat, Shöhret, Шөһрәт S K L T too), which is also the retrieval term
  (``qqlsklt`` for a Latin word, ``qqhsklt`` for a transcription);
- the *slots*: the vowels between the consonants, which must align with
  the vowels each syllable's final allows (at most one vowel written on one
  side only).

Typed Latin words that read wholly as pinyin syllables (with tone marks or
tone numbers, or of three syllables or more) are read the same way.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from . import tables
from .fuzzy import SKELETON_MARK

#: Skeleton variants kept for one word (w read as a glide or as v).
_MAX_VARIANTS = 4
#: Latin glides in the vowel slots, and the vowel each stands for.
_GLIDES = {"y": "i", "w": "u"}
_VOWEL_GROUPS = re.compile("[aeiouv]+")
#: The tone mark (combining grave) that marks a word read as pinyin by its neighbours.
PINYIN_MARK = "\u0300"


@functools.cache
def _pinyin_spelling() -> re.Pattern:
    """Spellings of pinyin that Turkic romanisations do not use (chinese_syllables.yaml)."""
    return re.compile("|".join(str(x) for x in tables.load("chinese_syllables").get("pinyin_only_spellings") or ())
                      or "(?!)")
_TONE_MARKS = {"\u0300", "\u0301", "\u0304", "\u030c"}
_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
             "r", "z", "c", "s", "y", "w")


def _item(text: str):
    text = text.strip()
    optional = text.endswith("?")
    letters = text.rstrip("?")
    return ("*" if letters == "*" else frozenset(letters.split("|")), optional)


@functools.cache
def _table():
    t = tables.load("chinese_syllables")
    finals = {}
    for final, spec in (t.get("finals") or {}).items():
        coda = None
        spec = str(spec)
        if "+" in spec:
            spec, coda = spec.split("+", 1)
            coda = coda.strip()
        items = tuple(_item(x) for x in spec.split(",") if x.strip())
        finals[str(final)] = (items, coda)
    lat = {str(k): str(v) for k, v in (t.get("latin_consonants") or {}).items()}
    return dict(
        initials={str(k): tables.readings(v) for k, v in (t.get("initials") or {}).items()},
        w_also=str(t.get("w_also") or ""),
        before_i={str(k): str(v) for k, v in (t.get("before_i_also") or {}).items()},
        finals=finals,
        light_u=frozenset(str(x) for x in t.get("light_u_after") or ()),
        y_finals={str(k): str(v) for k, v in (t.get("y_finals") or {}).items()},
        w_finals={str(k): str(v) for k, v in (t.get("w_finals") or {}).items()},
        latin=lat,
        latin_max=max((len(k) for k in lat), default=1),
        vowels={str(k): str(v) for k, v in (t.get("latin_vowels") or {}).items()},
        max_misses=int(t.get("max_vowel_misses", 1)),
        unwritten=frozenset(str(x) for x in t.get("unwritten_after_vowel") or ()),
        unwritten_final=frozenset(str(x) for x in t.get("unwritten_final") or ()),
        unwritten_initial=frozenset(str(x) for x in t.get("unwritten_initial") or ()),
        latin_also=tables.rewriter(t.get("latin_also")),
    )


def _split(syllable: str) -> tuple[str, str] | None:
    """(initial, full final) of a toneless pinyin syllable (ü written v), or None."""
    t = _table()
    for ini in _INITIALS:
        if syllable.startswith(ini) and len(syllable) > len(ini):
            final = syllable[len(ini):]
            if ini in ("j", "q", "x") and final.startswith("u"):
                final = "v" + final[1:]
            elif ini == "y":
                final = t["y_finals"].get(final, "")
            elif ini == "w":
                final = t["w_finals"].get(final, "")
            return (ini, final) if final in t["finals"] else None
    return ("", syllable) if syllable in t["finals"] else None


@functools.lru_cache(maxsize=4096)
def _units(syllable: str) -> tuple[tuple, ...]:
    """The readings of one syllable: tuples of (onset class, vowel items, coda class)."""
    t = _table()
    parts = _split(syllable)
    if parts is None:
        return ()
    ini, final = parts
    items, coda = t["finals"][final]
    if ini in t["light_u"] and final == "u":
        items = tuple((letters, True) for letters, _opt in items)
    onsets = t["initials"].get(ini, ("",))
    if ini in t["before_i"] and final.startswith("i"):
        onsets = onsets + (t["before_i"][ini],)
    out = [(onset, items, coda) for onset in onsets]
    if ini == "w" and t["w_also"]:
        # 瓦 wa = va: the u glide is the consonant v
        rest = items[1:] if len(items) > 1 and items[0][1] else items
        out.append((t["w_also"], rest, coda))
    return tuple(out)


@functools.cache
def _pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (ü as v), from the table."""
    return frozenset(s for s in str(tables.load("chinese_syllables").get("syllables") or "").split()
                     if _split(s) is not None)


def han_syllables(chars: str) -> tuple[str, ...]:
    """Toneless pinyin of each Chinese character of `chars` (ü as v)."""
    from pypinyin import Style, lazy_pinyin

    return tuple(s for s in lazy_pinyin(chars, style=Style.NORMAL, errors="ignore", v_to_u=False) if s)


#: Letters of scripts other than Latin (Cyrillic, Arabic, Chinese): they stay
#: what they are whatever the tone marks taken off, so a word with one is no pinyin.
_OTHER_SCRIPT = re.compile("[\u0400-\u052f\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff"
                           "\ufe70-\ufeff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@functools.lru_cache(maxsize=65536)
def pinyin_syllables(word: str, loose: bool = False) -> tuple[str, ...] | None:
    """The syllables of a Latin word typed as pinyin, or None when it is not pinyin.

    With tone marks, tone numbers or syllable apostrophes it is pinyin as soon
    as it splits into syllables.  A plain word must have three syllables or
    more and a spelling Turkic romanisations do not use (yi, wu, x, q, c, ao,
    ou, ai, ei, ui, iu, uo, ü: Yilihamu, Baikeli), since names such as Dinara
    or Karina read as pinyin by chance; `loose`: one plain syllable is enough
    (a name typed syllable by syllable, Gu Li Na Zha).  See also
    `pinyin_context`."""
    if not word.isascii() and _OTHER_SCRIPT.search(word):
        return None   # Cyrillic, Arabic or Chinese letters: no pinyin
    if word.isascii() and word.isalpha() and not loose and (
            len(_VOWEL_GROUPS.findall(word.lower())) < 2 or not _pinyin_spelling().search(word.lower())):
        return None   # plain, and too short to be pinyin of a name or spelt as Turkic names are
    found = _pinyin_split(word)
    if found is None:
        return None
    syllables, marked = found
    if marked or (loose and len(syllables) == 1):
        return syllables
    if len(syllables) >= 3 and _pinyin_spelling().search(word.lower()):
        return syllables
    return None


def _pinyin_split(word: str) -> tuple[tuple[str, ...], bool] | None:
    """(syllables, marked) of a word that splits wholly into pinyin syllables."""
    text = unicodedata.normalize("NFD", word.strip())
    marked = any(c in _TONE_MARKS for c in text) or bool(re.search(r"[a-zA-Z][1-5]", text))
    text = "".join(c for c in text if c not in _TONE_MARKS)
    text = unicodedata.normalize("NFC", text).lower().replace("ü", "v").replace("u:", "v")
    pieces = [p for p in re.split(r"['’ʼ‘`1-5-]+", text) if p]
    marked = marked or len(pieces) > 1
    if not pieces or not all(p.isascii() and p.isalpha() for p in pieces):
        return None
    valid = _pinyin_syllables()
    out: list[str] = []
    for piece in pieces:
        seg = _segment(piece, valid)
        if seg is None:
            return None
        out.extend(seg)
    return tuple(out), marked


def pinyin_context(words: list[str]) -> list[str]:
    """The words of one name, those that read as pinyin beside a word that is
    surely pinyin marked as such (with a tone mark): Nuer in Nuer Baikeli, Tuheti
    in Yilihamu Tuheti.  Other names come back as they are."""
    if len(words) < 2 or not any(pinyin_syllables(w) for w in words):
        return words
    out = []
    for w in words:
        found = None if pinyin_syllables(w) else _pinyin_split(w)
        out.append(w + PINYIN_MARK if found and len(found[0]) >= 2 else w)
    return out


def _segment(text: str, valid: frozenset[str]) -> tuple[str, ...] | None:
    """`text` cut into the fewest pinyin syllables (longest first), or None."""
    n = len(text)
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(min(n, i + 6), i, -1):
            if text[i:j] in valid:
                cand = best[i] + (text[i:j],)
                if best[j] is None or len(cand) < len(best[j]):
                    best[j] = cand
    return best[n]


# -- shapes ------------------------------------------------------------------
def _push(classes: list, slots: list, cls: str) -> None:
    if classes and classes[-1] == cls and not slots[-1]:
        return   # a doubled consonant, or a coda met by the same onset (逊娜 sun-na)
    classes.append(cls)
    slots.append([])


@functools.lru_cache(maxsize=65536)
def syllable_shapes(syllables: tuple[str, ...]) -> tuple[tuple[str, tuple], ...]:
    """(skeleton, slots) readings of a syllable sequence; slots hold vowel items."""
    readings = [()]
    for syl in syllables:
        units = _units(syl)
        if not units:
            continue
        readings = [r + (u,) for r in readings for u in units][:_MAX_VARIANTS]
    out = []
    for reading in readings:
        classes: list[str] = []
        slots: list[list] = [[]]
        for onset, items, coda in reading:
            if onset:
                _push(classes, slots, onset)
            slots[-1].extend(items)
            if coda:
                _push(classes, slots, coda)
        shape = ("".join(classes).lower(), tuple(tuple(s) for s in slots))
        if shape not in out:
            out.append(shape)
    return tuple(out)


@functools.lru_cache(maxsize=262144)
def latin_shapes(latin: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The shapes of a canonical-Latin word: its own; when it has a v, the shape
    with v read as the glide w (Uyghur ۋ, Cyrillic в: Ziyavudun = 孜尧登); without
    the consonants a transcription may leave unwritten after a vowel, at the
    start or at the end; as the table's `latin_also` rewrites read it (m before a labial as n);
    and with two different consonants of one class kept apart, which a
    transcription writes with a syllable each (古丽茹赫 Gulrukh: l, r)
    (chinese_syllables.yaml `unwritten_after_vowel`, `unwritten_final`)."""
    t = _table()
    forms = [latin]
    unwritten = _unwritten(latin)
    if unwritten != latin:
        forms.append(unwritten)
    for x in list(forms):
        cut = _without_initial(x)
        if cut != x:
            forms.append(cut)
    for x in list(forms):
        cut = _without_final(x)
        if cut != x:
            forms.append(cut)
    for x in list(forms):
        also = t["latin_also"](x)
        if also != x:
            forms.append(also)
    out = []
    for x in forms:
        for y in ((x, x.replace("v", "w")) if "v" in x else (x,)):
            for apart in (False, True):
                shape = latin_shape(y, apart)
                if shape not in out:
                    out.append(shape)
    return tuple(out)


def _without_initial(latin: str) -> str:
    """`latin` without a first consonant of `unwritten_initial` before a vowel
    (Hesen as 艾山), when two consonant classes or more remain."""
    t = _table()
    m = _latin_tokens().match(latin)
    if m is None or m.group() not in t["unwritten_initial"]:
        return latin
    cut = latin[m.end():]
    nxt = _latin_tokens().match(cut)
    if nxt is None or nxt.group() in t["latin"] or len(latin_shape(cut)[0]) < 2:
        return latin
    return cut


def _without_final(latin: str) -> str:
    """`latin` without a final consonant of `unwritten_final` after a vowel, when
    two consonant classes or more remain (Gulnazar as 古力娜扎, Ismail as 斯马义)."""
    t = _table()
    toks = [m.group() for m in _latin_tokens().finditer(latin)]
    if len(toks) < 3 or toks[-1] not in t["unwritten_final"] or toks[-2] in t["latin"]:
        return latin
    cut = "".join(toks[:-1])
    return cut if len(latin_shape(cut)[0]) >= 2 else latin


def _unwritten(latin: str) -> str:
    """`latin` without the consonants a transcription may leave unwritten after a
    vowel (chinese_syllables.yaml `unwritten_after_vowel`), each read as a
    consonant of its own (the h of kh, sh, zh stays)."""
    t = _table()
    drop = t["unwritten"]
    if not drop:
        return latin
    out, prev_vowel = [], False
    for m in _latin_tokens().finditer(latin):
        tok = m.group()
        if tok in drop and prev_vowel:
            continue
        out.append(tok)
        prev_vowel = tok not in t["latin"]
    return "".join(out)


@functools.cache
def _latin_tokens() -> re.Pattern:
    t = _table()
    seqs = sorted(t["latin"], key=len, reverse=True) + sorted(t["vowels"])
    return re.compile("|".join(re.escape(x) for x in seqs))


@functools.lru_cache(maxsize=262144)
def latin_shape(latin: str, apart: bool = False) -> tuple[str, tuple[str, ...]]:
    """(skeleton, vowel slots) of a canonical-Latin word: shohrat -> ('sklt', ('', 'o', '', 'a', '')).

    Two neighbouring consonants of one class count once (ll, lr), or, `apart`,
    only when they are the same letter."""
    t = _table()
    consonants, vowels = t["latin"], t["vowels"]
    classes: list[str] = []
    slots: list[str] = [""]
    prev = ""
    for m in _latin_tokens().finditer(latin):
        tok = m.group()
        cls = consonants.get(tok)
        if cls is None:
            slots[-1] += vowels[tok]
        elif not (classes and classes[-1] == cls and not slots[-1] and not (apart and tok != prev)):
            classes.append(cls)
            slots.append("")
        prev = tok
    return "".join(classes).lower(), tuple(slots)


def _slot_misses(items: tuple, vowels: str, limit: int) -> int:
    """Fewest vowels written on one side only when `vowels` are read by `items`."""
    m, n = len(items), len(vowels)
    INF = limit + 1
    dp = [[INF] * (n + 1) for _ in range(m + 1)]
    dp[0][0] = 0
    for i in range(m + 1):
        for j in range(n + 1):
            c = dp[i][j]
            if c > limit:
                continue
            if j < n:                           # a Latin vowel the transcription does not write
                skip = c + (vowels[j] not in _GLIDES)   # the glides y, w cost nothing
                if skip < dp[i][j + 1]:
                    dp[i][j + 1] = skip
            if i < m:
                letters, optional = items[i]
                cost = c if optional else c + 1  # skipped: a vowel only the transcription writes
                if cost < dp[i + 1][j]:
                    dp[i + 1][j] = cost
                for k in (1, 2):                 # one vowel, or a long/diphthong pair (aa, uu)
                    if j + k <= n and all(letters == "*" or _GLIDES.get(v, v) in letters
                                          for v in vowels[j:j + k]) \
                            and (k == 1 or vowels[j] == vowels[j + 1]):
                        if c < dp[i + 1][j + k]:
                            dp[i + 1][j + k] = c
    return dp[m][n]


def shape_misses(han_shape: tuple[str, tuple], latin: tuple[str, tuple[str, ...]]) -> int | None:
    """Vowels missed aligning a transcription's shape with a Latin word's, or None
    when their skeletons differ or more than the table's limit are missed."""
    (hsk, hslots), (lsk, lslots) = han_shape, latin
    if hsk != lsk or len(hslots) != len(lslots):
        return None
    limit = _table()["max_misses"]
    total = 0
    for items, vowels in zip(hslots, lslots):
        total += _slot_misses(items, vowels, limit - total)
        if total > limit:
            return None
    return total


@functools.cache
def _orthography():
    t = tables.load("arabic_script").get("orthography") or {}
    return dict(
        native=set(t.get("native", "")),
        consonants={str(k): str(v) for k, v in (t.get("consonants") or {}).items()},
        vowels={str(k): _item(str(v)) for k, v in (t.get("vowels") or {}).items()},
        initial=set(t.get("initial_alif", "")),
        final={str(k): _item(str(v)) for k, v in (t.get("final_vowel") or {}).items()},
        silent=set(t.get("silent", "")),
        article=str(t.get("article_l", "ل")),
        sun=set(t.get("sun_letters", "")),
    )


@functools.lru_cache(maxsize=65536)
def arabic_shapes(word: str) -> tuple[tuple[str, tuple], ...]:
    """Shapes of an Arabic-script name written in Arabic or Persian orthography
    (no Turkic vowel letters): written vowels, and an unwritten short vowel
    allowed after each consonant but a word's last.  () for a name in Uyghur or
    Kazakh spelling."""
    t = _orthography()
    known = t["consonants"].keys() | t["vowels"].keys() | t["silent"] | t["final"].keys() | t["native"]
    words = [[c for c in w if c in known] for w in unicodedata.normalize("NFKC", word).split()]
    words = [w for w in words if w]
    if not words or any(t["native"] & set(w) for w in words):
        return ()
    out = []
    for final_vowel in ([False, True] if words[-1][-1] in t["final"] else [False]):
        classes: list[str] = []
        slots: list[list] = [[]]
        for wi, letters in enumerate(words):
            for i, c in enumerate(letters):
                if final_vowel and wi == len(words) - 1 and i == len(letters) - 1:
                    slots[-1].append(t["final"][c])
                elif i == 0 and (c in t["initial"] or c in t["silent"]):
                    slots[-1].append(("*", False))      # a word's first vowel, carried by alif, hamza or ʿayn
                elif c in t["silent"]:
                    continue
                elif c == t["article"] and i == 1 and letters[0] in t["initial"] and len(letters) > 2 \
                        and letters[2] in t["sun"]:
                    continue                            # al- before a sun letter: ar-Rahim
                elif i >= 2 and c in t["initial"] and i + 2 < len(letters) and letters[i + 1] == t["article"]:
                    slots[-1].append(("*", True))       # the article inside a name (عبدالرحیم): its alif
                elif i >= 3 and c == t["article"] and letters[i - 1] in t["initial"] \
                        and i + 1 < len(letters) and letters[i + 1] in t["sun"]:
                    continue                            # takes the vowel before, its l the sun letter's sound
                elif c in t["vowels"]:
                    slots[-1].append(t["vowels"][c])
                else:
                    _push(classes, slots, t["consonants"][c])
                    if not slots[-1]:
                        slots[-1].append(("*", True))   # the short vowel Arabic does not write
            if slots[-1] == [("*", True)]:
                slots[-1] = []                          # a final vowel would be written
        shape = ("".join(classes).lower(), tuple(tuple(x) for x in slots))
        if shape[0] and shape not in out:
            out.append(shape)
    return tuple(out)


def skeleton_term(skeleton: str, side: str) -> str:
    """The retrieval term of a skeleton (prefixed so no key or fuzzy edit reaches it).

    `side` is "h" for a shape read by syllables (Chinese, pinyin, Arabic
    orthography) and "l" for a Latin reading: a name stores its own side's
    terms and a query looks for the other side's, so that the many people whose
    Latin names share a skeleton are never candidates for one another."""
    return SKELETON_MARK + side + skeleton if skeleton else ""
