"""Any script -> canonical lowercase Latin, driven by the tables in tables/.

The canonical Latin is plain lowercase ASCII (a-z, with "-" kept between the
parts of a compound): Kazakh Cyrillic Қазыбек, Russian Казыбек, Kazakh Latin
Qazybek / Qazıbek, Arabic-script قازىبەك all read "kazybek".  Chinese
characters and a few Arabic letters have more than one reading; `readings`
returns them all (most usual first) and `transliterate` the first.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from anyascii import anyascii

from . import tables
from .script import char_script

#: Cap on the alternative readings kept for one word.
MAX_READINGS = 32

_ASCII_LETTERS = re.compile(r"[^a-z]+")


# -- tables, compiled once -------------------------------------------------
@functools.cache
def _cyrillic(name: str):
    t = tables.load(name)
    return (
        tables.letter_map(t.get("letters")),
        tables.letter_map(t.get("after_vowel")),
        tables.letter_map(t.get("after_sign")),
        set(tables.nfc(t.get("vowels", "")).lower()),
        set(tables.nfc(t.get("marker_letters", "")).lower()),
    )


@functools.cache
def _latin():
    t = tables.load("latin_variants")
    seqs = tables.letter_map(t.get("sequences"))
    letters = tables.letter_map(t.get("letters"))
    apos = set(t.get("apostrophes", "'"))
    alternatives = tables.letter_map(t.get("alternatives"))
    maxseq = max([len(k) for k in seqs] + [len(k) for k in alternatives] + [1])
    rewrite = tables.rewriter(t.get("rewrites"))
    new_script = (set(tables.nfc(t.get("new_script_markers", "")).lower()),
                  {**letters, **tables.letter_map(t.get("new_script"))})
    return seqs, letters, apos, maxseq, alternatives, rewrite, new_script


@functools.cache
def _arabic():
    t = tables.load("arabic_script")
    return dict(
        letters=tables.letter_map(t.get("letters")),
        kazakh=tables.letter_map(t.get("kazakh")),
        uyghur=tables.letter_map(t.get("uyghur")),
        front=tables.letter_map(t.get("front")),
        front_marker=set(t.get("front_marker", "")),
        front_letters=set(t.get("front_letters", "")),
        kazakh_markers=set(t.get("kazakh_markers", "")),
        uyghur_markers=set(t.get("uyghur_markers", "")),
        ignore=set(t.get("ignore", "")),
    )


@functools.cache
def _chinese():
    t = tables.load("chinese")
    units = {str(k): tables.readings(v) for k, v in (t.get("units") or {}).items()}
    trad = {str(k): str(v) for k, v in (t.get("traditional") or {}).items()}
    seps = set(t.get("separators", "·"))
    return units, trad, seps, max((len(k) for k in units), default=1)


def han_separators() -> set[str]:
    return _chinese()[2]


def apostrophes() -> set[str]:
    return _latin()[2]


# -- helpers -----------------------------------------------------------------
def _product(parts: list[tuple[str, ...]]) -> tuple[str, ...]:
    """All concatenations of one reading per part, cheapest (first readings) first."""
    beam: list[tuple[int, str]] = [(0, "")]
    for alts in parts:
        if len(alts) == 1:
            beam = [(c, s + alts[0]) for c, s in beam]
            continue
        beam = sorted(((c + i, s + a) for c, s in beam for i, a in enumerate(alts)), key=lambda x: x[0])
        beam = beam[: MAX_READINGS * 2]
    out: list[str] = []
    seen = set()
    for _c, s in beam:
        if s not in seen:
            seen.add(s)
            out.append(s)
            if len(out) >= MAX_READINGS:
                break
    return tuple(out)


def _fallback(ch: str) -> str:
    """A letter no table knows: accents stripped, else anyascii."""
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if base.isascii():
        return _ASCII_LETTERS.sub("", base.lower())
    return _ASCII_LETTERS.sub("", anyascii(ch).lower())


# -- per script --------------------------------------------------------------
def _read_cyrillic(run: str, word: str) -> tuple[str, ...]:
    kk = _cyrillic("kazakh_cyrillic")
    lower_word = word.lower()
    table = kk if any(c in kk[4] for c in lower_word) else _cyrillic("russian_cyrillic")
    letters, after_vowel, after_sign, vowels, _markers = table
    parts: list[tuple[str, ...]] = []
    prev = ""
    for ch in run.lower():
        if unicodedata.combining(ch):
            continue
        if prev and prev in vowels and ch in after_vowel:
            alts = after_vowel[ch]
        elif prev in ("ь", "ъ") and ch in after_sign:
            alts = after_sign[ch]
        elif ch in letters:
            alts = letters[ch]
        else:
            alts = (_fallback(ch),)
        parts.append(alts)
        prev = ch
    return _product(parts)


def _read_latin(run: str) -> tuple[str, ...]:
    seqs, letters, apos, maxseq, alternatives, rewrite, (uyy_markers, uyy_letters) = _latin()
    s = tables.nfc(run).lower()
    if uyy_markers & set(s):
        return _read_new_script(s, uyy_letters)
    s = "".join("'" if c in apos else c for c in s)
    s = s.replace("\u0307", "")  # Turkish İ lower-cases to i + combining dot
    parts: list[tuple[str, ...]] = []
    i = 0
    while i < len(s):
        for n in range(maxseq, 1, -1):
            seg = s[i:i + n]
            if len(seg) == n and seg in seqs:
                parts.append((seqs[seg][0],))
                i += n
                break
            if len(seg) == n and i > 0 and seg in alternatives:
                parts.append(alternatives[seg])
                i += n
                break
        else:
            ch = s[i]
            i += 1
            if i > 1 and ch in alternatives:
                parts.append(alternatives[ch])
            elif ch in letters:
                parts.append((letters[ch][0],))
            elif "a" <= ch <= "z":
                parts.append((ch,))
            elif ch == "'" or unicodedata.combining(ch):
                continue
            else:
                parts.append((_fallback(ch),))
    out = []
    for r in _product(parts):
        r = rewrite(r)
        if r not in out:
            out.append(r)
    return tuple(out)


def _read_new_script(s: str, letters: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """A word in the Uyghur New Script (Xɵⱨrət = shohrat): one reading per letter, ng kept."""
    out = "".join(letters[c][0] if c in letters else ("" if unicodedata.combining(c) else _fallback(c))
                  for c in s)
    return (out,)


def _read_arabic(run: str) -> tuple[str, ...]:
    t = _arabic()
    s = unicodedata.normalize("NFKC", run)
    s = "".join(c for c in s if c not in t["ignore"])
    chars = set(s)
    uy = bool(chars & t["uyghur_markers"])
    front = bool(chars & t["front_marker"]) or (not uy and bool(chars & t["front_letters"]))
    kz = bool(chars & t["kazakh_markers"])
    parts: list[tuple[str, ...]] = []
    letters = [c for c in s if c not in t["front_marker"]]
    for i, ch in enumerate(letters):
        alts = None
        if front and ch in t["front"] and not uy:
            alts = t["front"][ch]
        if alts is None:
            k, u = t["kazakh"].get(ch), t["uyghur"].get(ch)
            if (k is None) != (u is None):   # one variety overrides the common reading
                k = k or t["letters"].get(ch)
                u = u or t["letters"].get(ch)
            if uy and u is not None:
                alts = u
            elif kz and k is not None:
                alts = k
            elif k is not None or u is not None:
                merged: list[str] = []
                for r in (k or ()) + (u or ()):
                    if r not in merged:
                        merged.append(r)
                alts = tuple(merged)
        if alts is None:
            alts = t["letters"].get(ch) or (_fallback(ch),)
        parts.append(alts)
    return _product(parts)


def _pinyin(ch: str) -> str:
    try:
        from pypinyin import Style, lazy_pinyin
    except ImportError:  # pragma: no cover - pypinyin is a dependency
        return _fallback(ch)
    py = "".join(lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")).lower()
    py = py.replace("ü", "u").replace("v", "u")
    # pinyin initials as a Kazakh/Russian name would be spelt
    for a, b in (("zh", "zh"), ("ch", "ch"), ("sh", "sh"), ("x", "sh"), ("q", "ch"), ("j", "zh"), ("c", "ts")):
        if py.startswith(a):
            py = b + py[len(a):]
            break
    return _ASCII_LETTERS.sub("", py) or _fallback(ch)


@functools.lru_cache(maxsize=65536)
def _read_han(run: str) -> tuple[str, ...]:
    units, trad, _seps, maxlen = _chinese()
    s = "".join(trad.get(c, c) for c in run if char_script(c) == "han")
    n = len(s)
    if not n:
        return ("",)
    beams: list[list[tuple[int, str]]] = [[] for _ in range(n + 1)]
    beams[0] = [(0, "")]
    for i in range(n):
        beam = beams[i]
        if not beam:
            continue
        beam.sort(key=lambda x: x[0])
        seen, pruned = set(), []
        for c, txt in beam:
            if txt not in seen:
                seen.add(txt)
                pruned.append((c, txt))
        beam = pruned[: MAX_READINGS * 2]
        for L in range(min(maxlen, n - i), 0, -1):
            seg = s[i:i + L]
            alts = units.get(seg)
            if alts is None:
                if L > 1:
                    continue
                alts = (_pinyin(seg),)
            for c, txt in beam:
                for j, r in enumerate(alts):
                    beams[i + L].append((c + j, txt + r))
    final = sorted(beams[n], key=lambda x: x[0])
    out: list[str] = []
    for _c, txt in final:
        if txt not in out:
            out.append(txt)
            if len(out) >= MAX_READINGS:
                break
    return tuple(out) or ("",)


def _read_other(run: str) -> tuple[str, ...]:
    return ("".join(_fallback(c) for c in run),)


_READERS = {
    "latin": lambda run, word: _read_latin(run),
    "cyrillic": _read_cyrillic,
    "arabic": lambda run, word: _read_arabic(run),
    "han": lambda run, word: _read_han(run),
    "other": lambda run, word: _read_other(run),
}


def _runs(word: str) -> list[tuple[str, str]]:
    """(script, text) runs of a word; a hyphen is its own run ('-', '-')."""
    runs: list[list[str]] = []
    apos = apostrophes()
    for ch in word:
        if ch in "-‐‑‒–—―":
            runs.append(["-", "-"])
            continue
        s = char_script(ch)
        if not s:
            if runs and runs[-1][0] != "-" and (unicodedata.combining(ch) or ch in apos
                                                  or (runs[-1][0] == "arabic" and ch in _arabic()["ignore"])):
                runs[-1][1] += ch
            continue
        if runs and runs[-1][0] == s:
            runs[-1][1] += ch
        else:
            runs.append([s, ch])
    return [(s, t) for s, t in runs]


@functools.lru_cache(maxsize=131072)
def readings(word: str) -> tuple[str, ...]:
    """Canonical Latin readings of one word (no spaces), most usual first.

    Hyphens between parts are kept as "-"; everything that is not a letter is
    dropped.  Never raises; returns ("",) for a word without letters.
    """
    try:
        w = unicodedata.normalize("NFKC", word)
        parts: list[tuple[str, ...]] = []
        for script, run in _runs(w):
            if script == "-":
                parts.append(("-",))
            else:
                parts.append(_READERS.get(script, _READERS["other"])(run, w))
        out = _product(parts)
        cleaned = []
        for r in out:
            if "--" in r:
                r = re.sub(r"-{2,}", "-", r)
            r = r.strip("-")
            if r not in cleaned:
                cleaned.append(r)
        if cleaned and cleaned[0]:
            return tuple(cleaned)
        # last resort: any letters at all become something
        letters = "".join(c for c in w if c.isalpha())
        if letters:
            fb = _ASCII_LETTERS.sub("", anyascii(letters).lower())
            return (fb or letters.casefold(),)
        return ("",)
    except Exception:  # never raise on user input
        letters = "".join(c for c in str(word) if c.isalpha())
        fb = _ASCII_LETTERS.sub("", anyascii(letters).lower()) if letters else ""
        return (fb or letters.casefold(),)


def split_text(text: str) -> list[str]:
    """The words of a typed name: on white space, commas and the Chinese name dots."""
    text = unicodedata.normalize("NFKC", text or "")
    seps = han_separators()
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch in seps:
            prev = chars[i - 1] if i else ""
            nxt = chars[i + 1] if i + 1 < len(chars) else ""
            # a dot between Chinese characters (or a non-ASCII dot anywhere) separates
            if ch != "." or char_script(prev) == "han" or char_script(nxt) == "han":
                chars[i] = " "
    text = "".join(chars)
    text = re.sub(r"(?<=\w)\.(?=\w)", ". ", text)   # G.Kazybek -> G. Kazybek
    return [w for w in re.split(r"[\s,;/()\[\]{}\"“”«»]+", text) if w]


def transliterate(text: str) -> str:
    """Canonical lowercase Latin for a name in any script (per-word script detection).

    Never raises; non-empty for any name that contains letters.
    """
    try:
        words = [readings(w)[0] for w in split_text(str(text))]
        out = " ".join(w for w in words if w)
        if out or not any(c.isalpha() for c in str(text)):
            return out
    except Exception:
        pass
    letters = "".join(c if c.isalpha() else " " for c in str(text))
    return " ".join(anyascii(letters).lower().split()) or letters.casefold().strip()
