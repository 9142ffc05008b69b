"""Years and year-months a text mentions, so a testimony can be found by when things happened.

Month names, year words ("год", "жыл", "年"), "this year"/"last year" and the
order of year and month in a date all come from CLDR through Babel, so every
language Babel knows is covered without hand-kept month lists. Russian and
Kazakh inflect month names ("в марте", "наурызда"), so a word also counts as a
month when it starts with the month's stem. Only a few grammatical forms CLDR
lacks ("этого года", "осы жылы") and the words that join a span of years are
written out below.

A bare number counts as a year only between 1900 and the publication year, and
not when it is part of a larger number, an amount ("2000 years", "2000 юаней":
a currency CLDR names) or a decade ("1990s"), so "300 days" or "sentenced to
12 years" never become years. A currency word is one in any of the archive's
languages and scripts, in any of its case forms: CLDR's names of the currencies
in every language the testimonies are written in, read into one Latin form and
reduced to their Kazakh or Uyghur stem as the word after the number is
(Қазақстан теңгесі, 2000 теңгеге, 2000 tenge, 2000 يۈەنگە, 2000 долларға).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from babel import Locale

from ..names.transliterate import transliterate
from ..text.turkic import normalize, stem
from .model import DateMention

MIN_YEAR = 1900

# Forms of "this year" / "last year" CLDR does not list (it has one form per language).
_RELATIVE_EXTRA = {
    "en": {0: ("the current year",), -1: ("the previous year",)},
    "ru": {0: ("этого года", "этом году", "текущего года", "текущем году", "сего года"),
           -1: ("прошлого года", "прошлом году")},
    "kk": {0: ("биылғы", "осы жылы", "осы жылғы", "осы жылдың", "ағымдағы жылы", "ағымдағы жылдың"),
           -1: ("былтырғы", "өткен жылы", "өткен жылғы", "өткен жылдың")},
}
# Year words CLDR has in one script only: Kazakh Latin (2021 alphabet and the
# older jıl/zhyl spellings) and Arabic script, Uyghur Latin (ULY) and Cyrillic.
# Each takes up to four letters of ending, as CLDR's do ("2017-yili", "2016 jyly").
_YEAR_WORDS_EXTRA = {
    "kk": ("жыл", "jyl", "jıl", "zhyl", "جىل"),
    "ug": ("yil", "يىل", "жил", "жыл"),
}
# The currencies (ISO 4217) the testimonies' sums are in: of China, the countries families
# went to and their neighbours, and the dollar and euro. Only these: the names of all of
# CLDR's currencies include words that follow a year ("in 2016 Real Madrid won").
CURRENCIES = ("CNY", "KZT", "RUB", "KGS", "UZS", "MNT", "TRY", "USD", "EUR")
# The languages whose currency names make a number a sum in any text: those the
# testimonies are written in, and those of the countries families went to.
CURRENCY_LANGUAGES = ("en", "ru", "kk", "ug", "zh", "ky", "uz", "tr", "mn")
# Currency words CLDR does not name, written after a number in Chinese ("2000块", 块钱).
_CURRENCY_EXTRA = ("块", "块钱", "塊", "圆", "圓", "人民币", "人民幣")
# Codes written for the yuan besides ISO's CNY ("2000 RMB").
_CURRENCY_CODES_EXTRA = ("RMB",)
# The 3rd person possessive Kazakh and Uyghur currency names end in (теңгесі, юані, يۈەنى), folded.
_POSSESSIVES = ("si", "i")
# Chinese numerals of a year written digit by digit (二〇一八年): read as 2018.
_HAN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_HAN_YEAR = re.compile("[〇零一二三四五六七八九]{4}(?=年)(?!年代)")
# Endings that make a number an ordinal year ("в 2017-м", "2017-го"), unlike "1990-х" (a decade).
_ORDINAL_ENDINGS = {"ru": ("го", "м", "й", "ом", "ого", "ый")}
# Words that open, join and close a span of years: "from 2009 to 2010", "с 2009 по 2010",
# "2009 жылдан 2010 жылға дейін".
_RANGE_WORDS = {
    "en": (("from", "between"), ("to", "until", "till", "through", "and"), ()),
    "ru": (("с", "со", "от", "между"), ("по", "до", "и"), ()),
    "kk": ((), (), ("дейін", "шейін", "аралығында")),
}


def _not_after(first: str, width: int, *before: str) -> str:
    r"""`first` (a pattern matching `width` characters) where no `before` ends just ahead of
    it: `(?<!b)first` written `first(?<!b..)`. The matches are the same, but a pattern that
    begins with what it consumes lets the regex engine skip to the characters it can start
    with, instead of trying a look-behind at every character of the text: scanning a
    testimony for its dates took three to five times as long the other way."""
    return first + "".join(rf"(?<!{b}(?s:.){{{width}}})" for b in before)


_LETTERS = r"[^\W\d_]"
_CENTURY = "(?:19|20)"      # what a year of the archive's material begins with
_Y = "(" + _not_after(_CENTURY, 2, r"[\d.,/]") + r"\d\d)(?!\d)"
_YEAR = re.compile("(" + _not_after(_CENTURY, 2, r"[\d.,:/#№$€£¥+]", r"\d-") + r"\d\d)(?!\d)(?![.,]\d)")
_ISO = re.compile("(" + _not_after(_CENTURY, 2, r"[\d-]") + r"\d\d)-(\d\d)-(\d\d)(?![\d-])")
_DOTTED = re.compile("(" + _not_after(r"\d", 1, r"[\d.]") + r"\d?)\.(\d{1,2})\.((?:19|20)\d\d)(?!\d)")
# The word just before a year or "this year": "March 2019", "6 December 2021", "December 6, 2021".
_BEFORE = re.compile(rf"(?:(?<!\d)(?P<d1>\d{{1,2}})\.?\s+)?(?<!{_LETTERS})(?P<w>{_LETTERS}+)\.?"
                     rf"(?:\s+(?P<d2>\d{{1,2}}){_LETTERS}{{0,2}})?,?\s+$")
# ... or with a short joining word: "July of 2021", "February of this year".
_BEFORE_JOINED = re.compile(rf"(?:(?<!\d)(?P<d1>\d{{1,2}})\.?\s+)?(?<!{_LETTERS})(?P<w>{_LETTERS}+)\.?,?"
                            rf"\s+{_LETTERS}{{1,3}}\s+$")
# The month after a year, in languages that write the year first.
_MONTH_AFTER = re.compile(rf"[\s,]*(?P<w>\d{{0,2}}{_LETTERS}+)")
_ATTACHED = re.compile(rf"-?{_LETTERS}")
_PERCENT = re.compile(r"\s?%")
_WINDOW = 60


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold().rstrip(".")


def _wide(text: str) -> bool:
    """CJK-like scripts write words without spaces, so word boundaries do not apply."""
    return bool(text) and unicodedata.east_asian_width(text[0]) in "WF"


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _locale(language: str) -> Locale | None:
    tag = (language or "").replace("-", "_")
    for candidate in (tag, tag.split("_")[0]):
        try:
            return Locale.parse(candidate)
        except Exception:                        # unknown or malformed tag: try the base language
            continue
    return None


@dataclass
class _Grammar:
    """What one language needs to read dates, built once from CLDR."""

    exact: dict[str, int]                       # folded month name or abbreviation -> month
    ordinal: re.Pattern | None                  # "2017-го", "2017-м"
    stems: list[tuple[str, int, int]]           # (stem, month, most extra letters)
    year_first: bool                            # "2019 жылғы наурызда", "2019年3月"
    year_after: re.Pattern                      # " года", " жылы", "-жылы", " г.", "年"
    year_attached: re.Pattern                   # "-жылы", "年": letters right after the number
    count_words: re.Pattern | None              # "years", "лет": the number is an amount
    relative: list[tuple[re.Pattern, int]]      # ("this year", 0), ("last year", -1)
    ranges: list[re.Pattern]

    def month(self, word: str) -> int | None:
        w = _fold(word)
        if w in self.exact:
            return self.exact[w]
        for stem, month, extra in self.stems:
            if w.startswith(stem) and len(w) - len(stem) <= extra:
                return month
        return None

    def month_prefix(self, word: str) -> tuple[int | None, int]:
        """The month a run of text starts with, and its length: CJK text has no spaces
        ("3月被拘留"), so there a month name may be followed directly by other words."""
        month = self.month(word)
        if month or not word or not _wide(word[-1]):
            return month, len(word)
        w = _fold(word)
        for name in sorted(self.exact, key=len, reverse=True):
            if name and _wide(name[-1]) and w.startswith(name):
                return self.exact[name], len(name)
        return None, len(word)


def _months(locale: Locale) -> tuple[dict[str, int], list[tuple[str, int, int]]]:
    exact: dict[str, int] = {}
    stems: list[tuple[str, int, int]] = []
    for month in range(1, 13):
        wide = [_fold(locale.months[ctx]["wide"][month]) for ctx in ("format", "stand-alone")]
        for ctx in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                exact.setdefault(_fold(locale.months[ctx][width][month]), month)
        for name in dict.fromkeys(wide):
            if len(name) >= 4 and not _wide(name):
                stems.append((name, month, 4))          # agglutinated: "наурызда", "наурыздың"
        if wide[0] != wide[1]:                          # CLDR shows the language inflects month names
            stem = _common_prefix(*wide)
            if len(stem) >= 2:
                stems.append((stem, month, 3 if len(stem) >= 3 else 1))   # "марте", "январе", "мае"
    return exact, stems


def _year_first(locale: Locale) -> bool:
    pattern = re.sub(r"'[^']*'", "", locale.date_formats["long"].pattern)
    y, m = pattern.find("y"), max(pattern.find("M"), pattern.find("L"))
    return 0 <= y < m


def _unit_words(locale: Locale) -> tuple[set[str], set[str]]:
    """Words that follow a year ("года", "жыл", "г.") and words that make a number an amount ("лет").

    The unit patterns per plural category (and, in _grammar, the relative "this year"/"last
    year" names) are read from Babel's locale data: Babel has no public accessor for them.
    """
    by_category: dict[str, set[str]] = {}
    for length in ("long", "short"):
        patterns = locale._data.get("unit_patterns", {}).get("duration-year", {}).get(length, {})
        for category, pattern in patterns.items():
            if category != "per":
                word = pattern.replace("{0}", "").strip()
                if word:
                    by_category.setdefault(category, set()).add(_fold(word) + ("." if word.endswith(".") else ""))
    singular = by_category.get("one", set()) | by_category.get("few", set())
    # Only a language that inflects for number ("год"/"лет", "year"/"years") has amount-only words.
    counts = (by_category.get("many") or by_category.get("other", set())) - singular if singular else set()
    words = set().union(*by_category.values()) - counts if by_category else set()
    for fmt in ("long", "medium", "full"):                      # "y 'ж'.", "y 'г'."
        for literal, dot in re.findall(r"y+\s*'([^']+)'(\.?)", locale.date_formats[fmt].pattern):
            words.add(_fold(literal) + dot)
    return {w for w in words if w}, {w for w in counts if w}


def _currency_words(locale: Locale) -> set[str]:
    """Words that make the number before them a sum of money ("2000 юаней", "2000 dollars"):
    the last word (not an abbreviation) of the name CLDR gives each currency of CURRENCIES, in
    every plural form."""
    plural = locale._data.get("currency_names_plural", {})
    names = [locale.currencies[c] for c in CURRENCIES if c in locale.currencies]
    names += [name for c in CURRENCIES for name in plural.get(c, {}).values()]
    nouns = ([w for w in name.split() if not w.isupper()] for name in names if not _wide(name))
    return {_fold(words[-1]) for words in nouns if words}      # "доллар США": доллар


def _latin(word: str) -> str:
    """A word in the archive's folded Latin (indexer.text.turkic), whatever its script."""
    return normalize(re.sub(r"[^a-z]", "", transliterate(_fold(word)).lower()))


def _bases(latin: str) -> set[str]:
    """A currency noun as CLDR writes it and without the 3rd person possessive Kazakh and
    Uyghur name it with (Қазақстан теңгесі: tenge; يۈەنى: yuen), and a Uyghur base's raised
    last vowel as it stands before other endings (تەڭگىسى: tenggi, tengge)."""
    found = {latin}
    for possessive in _POSSESSIVES:
        if latin.endswith(possessive) and len(latin) - len(possessive) >= 3:
            base = latin[:-len(possessive)]
            found |= {base, *(base[:-1] + v for v in "ae" if base.endswith("i"))}
    return found


@lru_cache(maxsize=1)
def _currencies() -> tuple[frozenset[str], tuple[str, ...]]:
    """(the currency words written without spaces, codes and symbols, the folded Latin bases of
    the other words, longest first) of every language of CURRENCY_LANGUAGES: CLDR's names and
    symbols of CURRENCIES in each plural form, and their ISO codes."""
    wide, bases = set(_CURRENCY_EXTRA), set()
    for language in CURRENCY_LANGUAGES:
        locale = _locale(language)
        if locale is None:
            continue
        plural = locale._data.get("currency_names_plural", {})
        names = [locale.currencies[c] for c in CURRENCIES if c in locale.currencies]
        names += [name for c in CURRENCIES for name in plural.get(c, {}).values()]
        for name in names:
            if _wide(name):
                wide.add(name)
            elif nouns := [w for w in name.split() if not w.isupper()]:
                bases |= _bases(_latin(nouns[-1]))
        wide |= {symbol for c in CURRENCIES if (symbol := locale._data["currency_symbols"].get(c))}
    wide |= {*CURRENCIES, *_CURRENCY_CODES_EXTRA}
    return frozenset(wide), tuple(sorted((b for b in bases if len(b) >= 3), key=len, reverse=True))


_NEXT_WORD = re.compile(rf"\s*-?\s*({_LETTERS}+)")
_NEXT_SIGN = re.compile(r"\s?([^\w\s]+)")


@lru_cache(maxsize=20_000)
def _is_currency(word: str) -> bool:
    """A currency word in any case form: a currency base as it stands or with endings the Kazakh
    or Uyghur suffix table takes off, down to that base (теңгеге, tenge, يۈەنگە, долларға; not
    Еуропада, Сомалиде)."""
    wide, bases = _currencies()
    if _wide(word) or word.isupper() or not word[0].isalpha():
        return any(word.startswith(w) for w in wide)
    latin = _latin(word)
    for base in bases:
        if latin.startswith(base) and (latin == base or any(stem(latin, lang) in (base, stem(base, lang))
                                                            for lang in ("kk", "ug"))):
            return True
    return False


def _words_re(words, suffix: bool) -> str:
    parts = []
    for w in sorted(words, key=len, reverse=True):
        if w.endswith(".") or _wide(w) or not suffix:
            parts.append(re.escape(w))
        else:
            parts.append(rf"{re.escape(w)}{_LETTERS}{{0,4}}(?!{_LETTERS})")
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def _phrase_re(phrases) -> re.Pattern:
    r"""The phrases as whole words (see `_phrases_at_word_start`), as a pattern of their own."""
    return re.compile(_phrases_at_word_start(phrases) + r"(?!\w)", re.I)


def _phrases_at_word_start(phrases) -> str:
    r"""`(?<!\w)(?:p1|p2|…)` for phrases, any run of spaces between their words, written as a
    trie whose shared beginnings come once (осы жыл(?:дың|ғы|ы)): each place the text could
    start one is tried once rather than once a phrase. Longer phrases are tried first."""
    trie: dict = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        node = trie
        for k, word in enumerate(phrase.split()):
            for unit in ([r"\s+"] if k else []) + [re.escape(ch) for ch in word]:
                node = node.setdefault(unit, {})
        node[""] = {}                      # a phrase ends here
    return _trie_pattern(trie, first=True)


def _trie_pattern(node: dict, first: bool = False) -> str:
    """A phrase trie as a regex; the first character carries the whole-word look-behind
    (see `_not_after`), and a phrase that ends where a longer one goes on is an optional tail."""
    branches = [(_not_after(unit, 1, r"\w") if first else unit) + _trie_pattern(child)
                for unit, child in node.items() if unit]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


@lru_cache(maxsize=64)
def _grammar(language: str) -> _Grammar:
    locale = _locale(language)
    base = (language or "").split("-")[0].lower()
    if locale is None:
        exact, stems, year_first, words, counts, rel = {}, [], False, set(), set(), {}
    else:
        exact, stems = _months(locale)
        year_first = _year_first(locale)
        words, counts = _unit_words(locale)
        counts = counts | (_currency_words(locale) - words)
        rel = {k: [v] for k, v in locale._data.get("date_fields", {}).get("year", {}).get("relative", {}).items()
               if k in (0, -1)}
    words = words | set(_YEAR_WORDS_EXTRA.get(base, ()))
    for offset, phrases in _RELATIVE_EXTRA.get(base, {}).items():
        rel.setdefault(offset, []).extend(phrases)
    yw = _words_re(words, suffix=True)
    opt = rf"(?:\s*-?\s*{yw})?"
    ranges = [re.compile(rf"{_Y}{opt}\s*[-–—/]\s*((?:19|20)\d\d)(?!\d){opt}", re.I)]
    opens, joins, closes = _RANGE_WORDS.get(base, ((), (), ()))
    if opens and joins:
        ranges.append(re.compile(rf"{_phrases_at_word_start(opens)}\s+{_Y}{opt}\s+(?:{'|'.join(joins)})\s+{_Y}{opt}",
                                 re.I))
    if closes:
        ranges.append(re.compile(rf"{_Y}{opt}\s+{_Y}{opt}\s+(?:{'|'.join(closes)})(?!\w)", re.I))
    endings = _ORDINAL_ENDINGS.get(base)
    return _Grammar(
        exact=exact, stems=stems,
        ordinal=re.compile(rf"-(?:{'|'.join(endings)})(?!\w)", re.I) if endings else None, year_first=year_first,
        year_after=re.compile(rf"\s*-?\s*{yw}", re.I),
        year_attached=re.compile(rf"-?{yw}", re.I),
        count_words=re.compile(rf"\s+{_words_re(counts, suffix=False)}(?!\w)", re.I) if counts else None,
        relative=[(_phrase_re(p), offset) for offset, p in sorted(rel.items(), reverse=True)],
        ranges=ranges,
    )


class _Finder:
    """Collects mentions; a stretch of text read as one mention is never read again."""

    def __init__(self, text: str, grammar: _Grammar, published: date | None):
        self.text, self.g, self.published = text, grammar, published
        self.max_year = published.year if published else date.today().year
        self.taken = bytearray(len(text))        # 1 where text is already read: linear, even for 5 MB
        self.found: list[tuple[int, DateMention]] = []

    def free(self, start: int, end: int) -> bool:
        return 1 not in self.taken[start:end]

    def take(self, start: int, end: int, when: str | None) -> None:
        self.taken[start:end] = b"\x01" * (end - start)
        if when is not None:
            self.found.append((start, DateMention(self.text[start:end], when)))

    def in_range(self, year: int) -> bool:
        return MIN_YEAR <= year <= self.max_year

    def is_byline(self, year: int, month: int, day) -> bool:
        """The publication date written in the text is when it was printed, not an event."""
        try:
            return self.published is not None and date(year, month, int(day)) == self.published
        except (TypeError, ValueError):
            return False

    def numeric_dates(self) -> None:
        for pattern, order in ((_ISO, (0, 1, 2)), (_DOTTED, (2, 1, 0))):
            for m in pattern.finditer(self.text):
                y, mo, d = (int(m.group(i + 1)) for i in order)
                try:
                    day = date(y, mo, d)
                except ValueError:
                    continue
                if self.in_range(y) and self.free(*m.span()):
                    self.take(*m.span(), None if day == self.published else day.isoformat())

    def ranges(self) -> None:
        for pattern in self.g.ranges:
            for m in pattern.finditer(self.text):
                a, b = int(m.group(1)), int(m.group(2))
                if self.in_range(a) and self.in_range(b) and a < b and self.free(*m.span()):
                    self.take(*m.span(), f"{a}/{b}")

    def tail(self, end: int) -> int:
        """Where a year's trailing year word ends: "2019 года", "2019 жылы", "2019年"."""
        m = self.g.year_after.match(self.text, end)
        return m.end() if m else end

    def month_around(self, start: int, end: int) -> tuple[int, int, int | None, str | None]:
        """A month word next to a year (or "this year") at start..end: (start, end, month, day)."""
        tail = self.tail(end)
        if self.g.year_first:
            m = _MONTH_AFTER.match(self.text, tail)
            month, length = self.g.month_prefix(m.group("w")) if m else (None, 0)
            if month:
                return start, m.start("w") + length, month, None
        window_start = max(0, start - _WINDOW)
        before = self.text[window_start:start]
        for pattern in (_BEFORE, _BEFORE_JOINED):
            m = pattern.search(before)
            if m and self.g.month(m.group("w")):
                day = m.groupdict().get("d1") or m.groupdict().get("d2")
                return window_start + m.start("w"), tail, self.g.month(m.group("w")), day
        return start, tail, None, None

    def not_a_year(self, end: int) -> bool:
        """True when the number is an amount, a decade or part of a word ("1990s", "2000 years")."""
        if _ATTACHED.match(self.text, end):
            yw = self.g.year_attached.match(self.text, end)
            if not yw and self.g.ordinal and self.g.ordinal.match(self.text, end):
                return False
            if not yw or self.text[yw.end():yw.end() + 1] == "-":      # "1990-х", "2000-year-old"
                return True
        if self.g.count_words and self.g.count_words.match(self.text, end):
            return True
        word = _NEXT_WORD.match(self.text, end) or _NEXT_SIGN.match(self.text, end)
        if word and _is_currency(word.group(1)):
            return True
        return bool(_PERCENT.match(self.text, end))

    def years(self) -> None:
        for m in _YEAR.finditer(self.text):
            year = int(m.group(1))
            if not self.in_range(year) or not self.free(*m.span()) or self.not_a_year(m.end()):
                continue
            start, end, month, day = self.month_around(*m.span())
            if month and self.free(start, end):
                self.take(start, end, None if self.is_byline(year, month, day) else f"{year}-{month:02d}")
            else:
                self.take(m.start(), self.tail(m.end()), str(year))

    def relative(self) -> None:
        if self.published is None:
            return
        for pattern, offset in self.g.relative:
            for m in pattern.finditer(self.text):
                year = self.published.year + offset
                if not self.in_range(year) or not self.free(*m.span()):
                    continue
                start, end, month, _ = self.month_around(m.start(), m.end())
                if month and self.free(start, end):
                    self.take(start, end, f"{year}-{month:02d}")
                else:
                    self.take(m.start(), m.end(), str(year))


def extract_dates(text: str, language: str, published: date | None) -> list[DateMention]:
    """Years, year-months and spans of years the text mentions, each once, in text order."""
    if not text:
        return []
    original = text
    if _HAN_YEAR.search(text):   # same length: the offsets of what is found stay right
        text = _HAN_YEAR.sub(lambda m: m.group().translate(_HAN_DIGITS), text)
    finder = _Finder(text, _grammar(language or ""), published)
    finder.numeric_dates()
    finder.ranges()
    finder.years()
    finder.relative()
    seen: set[tuple[str, str]] = set()
    result = []
    for start, mention in sorted(finder.found, key=lambda f: f[0]):
        if text is not original:
            mention = DateMention(original[start:start + len(mention.text)], mention.when)
        if (mention.text, mention.when) not in seen:
            seen.add((mention.text, mention.when))
            result.append(mention)
    return result


_WHEN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?|/(\d{4}))?")


def when_problem(when: str, max_year: int | None = None) -> str | None:
    """Why `when` is not a valid YYYY, YYYY-MM, YYYY-MM-DD or YYYY/YYYY date, or None if it is."""
    max_year = max_year or date.today().year
    m = _WHEN.fullmatch(when)
    if not m:
        return f"{when!r} is not YYYY, YYYY-MM, YYYY-MM-DD or YYYY/YYYY"
    year, month, day, end = m.groups()
    for y in (year, end):
        if y and not MIN_YEAR <= int(y) <= max_year:
            return f"year {y} in {when!r} is outside {MIN_YEAR}..{max_year}"
    if end and int(end) <= int(year):
        return f"range {when!r} must run from an earlier to a later year"
    if month:
        try:
            date(int(year), int(month), int(day or 1))
        except ValueError:
            return f"{when!r} is not a real {'day' if day else 'month'}"
    return None


def years_of(mentions) -> list[int]:
    """Every year the mentions cover, sorted; a span gives each year in it."""
    years: set[int] = set()
    for mention in mentions:
        when = getattr(mention, "when", mention)
        m = _WHEN.fullmatch(when or "")
        if m:
            first, last = int(m.group(1)), int(m.group(4) or m.group(1))
            years.update(range(first, last + 1))
    return sorted(years)


def year_months_of(mentions) -> list[str]:
    """Every "YYYY-MM" the mentions name, sorted."""
    months = set()
    for mention in mentions:
        when = getattr(mention, "when", mention)
        m = _WHEN.fullmatch(when or "")
        if m and m.group(2):
            months.add(when[:7])
    return sorted(months)
