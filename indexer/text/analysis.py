"""Words of a text, per corpus language: what is a word, its normal form, stops and stems.

English is stemmed (its American spellings read as British first, from a
data table), Russian is stemmed with Snowball, Chinese is folded and
segmented (`indexer.text.chinese`), and Kazakh and Uyghur words are given a
`word_form` by the index layer: one form for every script, stemmed by a
suffix table (`indexer.text.turkic`). `analyze` is one pass over a text that
fills the token it is given; the index's analyzers (`indexer.index.analyzers`)
hand it Whoosh's token, so this module uses only Whoosh's language resources
(stemmers, stop words, accent folding), not its index.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from types import SimpleNamespace

from whoosh.support.charset import accent_map

# Words are runs of letters, digits and the marks that live inside words
# (combining accents, Arabic harakat); apostrophes join Kazakh Latin 2017 letters.
WORD_PATTERN = r"[\w\u0300-\u036f\u064b-\u065f\u0670\u0674']+"

#: Languages whose bodies get a dedicated field; anything else goes to "xx".
TEXT_LANGUAGES = ("en", "ru", "kk", "ug", "zh", "xx")
#: Languages with Whoosh stop words and a stemmer that the archive uses.
STEMMED = ("en", "ru")
#: Stop filtering drops words shorter than this, as Whoosh's StopFilter does.
MIN_WORD = 2

_WORD = re.compile(WORD_PATTERN)


def normalize_word(text: str) -> str:
    """A lowercased word NFC-normalised (ё read as е), apostrophes at its ends removed.

    Typed and stored composed letters must meet, and most words are ASCII, so
    the Unicode work is skipped for them.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).replace("ё", "е")
    if "'" in text:
        text = text.strip("'")
    return text


#: Word lists, one word a line, each naming its source in its first lines.
DATA_DIR = Path(__file__).resolve().parent / "data"


def read_word_list(name: str) -> frozenset[str]:
    """The words of one list in DATA_DIR, comments (#) and blank lines left out."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if (w := line.split("#", 1)[0].strip()))


@functools.lru_cache(maxsize=None)
def _stop_words(language: str) -> frozenset[str]:
    """The language's stop words and, as in Whoosh's StopFilter, the English ones it always drops."""
    from whoosh.lang import stopwords_for_language
    return read_word_list("stop_words_always.txt") | frozenset(stopwords_for_language(language))


def is_stop_word(word: str) -> bool:
    """Whether a folded word is a stop word of a language the archive stems (to, a, в)."""
    return any(word in _stop_words(language) for language in STEMMED)


@functools.cache
def _spellings(language: str) -> dict[str, str]:
    """Spelling variants of `language` read as one (American -> British), from a data file."""
    path = DATA_DIR / f"{language}_spellings.tsv"
    if not path.is_file():
        return {}
    pairs = (line.split("#", 1)[0].split() for line in path.read_text(encoding="utf-8").splitlines())
    return {p[0]: p[1] for p in pairs if len(p) == 2}


@functools.lru_cache(maxsize=None)
def _stemmer(language: str):
    from whoosh.lang import stemmer_for_language
    return functools.lru_cache(maxsize=100_000)(stemmer_for_language(language))


def _steps(language: str | None, fold_accents: bool):
    """(stop words, stemmer, spellings, accent map) of a language's analysis: the first three
    only for a language in STEMMED."""
    stemmed = language if language in STEMMED else None
    return (_stop_words(stemmed) if stemmed else None, _stemmer(stemmed) if stemmed else None,
            _spellings(stemmed) if stemmed else {}, accent_map if fold_accents else None)


def analyze(t, value: str, language: str | None, fold_accents: bool, positions=False, chars=False,
            keeporiginal=False, removestops=True, start_pos=0, start_char=0, tokenize=True,
            word_form=None):
    """Yield `t` once per word of `value`, its text the word's index form.

    Tokenize, lowercase, normalise; for `language` in STEMMED also drop stop
    words (renumbering positions) and stem; with `fold_accents`, fold Latin
    accents last (namāz = namaz). For "zh", traditional characters and
    full-width forms are folded and runs of characters segmented; a
    `word_form` (Kazakh, Uyghur) replaces each word by its indexed form.
    One token object is filled and yielded again and again, as Whoosh's
    tokenizers do.
    """
    chinese = language == "zh"
    stops, stem, spellings, charmap = _steps(language, fold_accents)
    language = language if language in STEMMED else None
    if chinese:
        from .chinese import fold_chinese, segment
        value = fold_chinese(value)
        matches = segment(value, _WORD) if tokenize else iter([(value, 0, len(value))])
    elif tokenize:
        matches = ((m.group(), m.start(), m.end()) for m in _WORD.finditer(value))
    else:
        matches = iter([(value, 0, len(value))])
    forms = _forms(language, fold_accents, word_form)
    kept = None  # position of the last word kept, when stop words renumber
    before = None  # (raw, start) of the word before, for hyphenated words
    for index, (raw, start, end) in enumerate(matches):
        joined = before is not None and before[1] + len(before[0]) == start - 1 and value[start - 1] == "-"
        if joined:
            joined = (before[0] + raw, before[1])
        before = (raw, start)
        form = forms.get(raw)
        if form is None:
            form = forms[raw] = _index_form(raw, stops, stem, spellings, charmap, word_form)
        text, stopped = form
        if not text:
            continue
        t.boost = 1.0
        t.stopped = stopped
        if keeporiginal:
            t.original = raw
        if positions:
            t.pos = start_pos + index
        if chars:
            t.startchar, t.endchar = start_char + start, start_char + end
        if stopped:
            if removestops:
                continue
        elif stops is not None and positions:
            kept = t.pos if kept is None else kept + 1
            t.pos = kept
        t.text = text
        yield t
        if joined and not t.stopped:
            # re-education is also indexed as one word, where its last part stands.
            yield from _joined(t, joined, start_char, chars, stem, spellings, charmap, word_form)


#: A word with the hyphen that joins it to the word before (re-education), for
#: `index_positions`: the hyphen counts only right after a word's last letter.
_WORD_CLASS = WORD_PATTERN[:-1]
_HYPHENATED_WORD = re.compile(f"((?<={_WORD_CLASS})-)?({_WORD_CLASS}+)")


def index_positions(value: str, language: str | None, fold_accents: bool, word_form=None) -> list[tuple[str, int]]:
    """(index form, position) of every word `analyze` yields when indexing (positions,
    stop words removed, no offsets), without a token or a match object per word:
    the same words and positions, which the tests check, at a fraction of the cost
    on the body of every document the archive builds."""
    if language == "zh":
        return [(t.text, t.pos) for t in analyze(SimpleNamespace(), value, language, fold_accents,
                                                 positions=True, word_form=word_form)]
    stops, stem, spellings, charmap = _steps(language, fold_accents)
    language = language if language in STEMMED else None
    forms = _forms(language, fold_accents, word_form)
    out: list[tuple[str, int]] = []
    kept = None
    before = None
    for index, (hyphen, raw) in enumerate(_HYPHENATED_WORD.findall(value)):
        joined = before + raw if hyphen and before is not None else None
        before = raw
        form = forms.get(raw)
        if form is None:
            form = forms[raw] = _index_form(raw, stops, stem, spellings, charmap, word_form)
        text, stopped = form
        if not text or stopped:
            continue
        if stops is not None:
            kept = index if kept is None else kept + 1
            pos = kept
        else:
            pos = index
        out.append((text, pos))
        if joined is not None:
            whole = _joined_form(joined, text, stem, spellings, charmap, word_form)
            if whole:
                out.append((whole, pos))
    return out


#: Words an analysis has read, per configuration: a testimony's words are
#: mostly words earlier ones used, and reading one (normalise, word form,
#: stop list, spelling, stem, accents) costs far more than looking it up.
_FORMS: dict[tuple, dict[str, tuple[str, bool]]] = {}
#: Words kept per configuration before the table starts again.
FORMS_KEPT = 200_000


def _forms(language: str | None, fold_accents: bool, word_form) -> dict[str, tuple[str, bool]]:
    key = (language, fold_accents, word_form)
    forms = _FORMS.get(key)
    if forms is None or len(forms) > FORMS_KEPT:
        forms = _FORMS[key] = {}
    return forms


def _index_form(raw: str, stops, stem, spellings, charmap, word_form, stoppable: bool = True) -> tuple[str, bool]:
    """A word's index form and whether it is a stop word (whose form is then not stemmed);
    a word that is not `stoppable` (a hyphenated word written as one) is never one."""
    text = normalize_word(raw.lower())
    if word_form is not None and text:
        text = word_form(text)
    if not text:
        return "", False
    stopped = stoppable and stops is not None and (len(text) < MIN_WORD or text in stops)
    if stem is not None and not stopped:
        text = stem(spellings.get(text, text))
    if charmap is not None:
        text = text.translate(charmap)
    return text, stopped


def _joined_form(joined: str, last: str, stem, spellings, charmap, word_form) -> str:
    """The index form of a hyphenated word's two parts written as one, or "" where it is
    the form of its last part (`last`) already."""
    text, _ = _index_form(joined, None, stem, spellings, charmap, word_form, stoppable=False)
    return text if text != last else ""


def _joined(t, joined: tuple[str, int], start_char: int, chars: bool, stem, spellings, charmap, word_form):
    """The token of a hyphenated word's two parts written as one, if it differs from the last part's."""
    text = _joined_form(joined[0], t.text, stem, spellings, charmap, word_form)
    if text:
        if chars:
            t.startchar = start_char + joined[1]
        t.text = text
        yield t


def fold(text: str) -> str:
    """Case- and Unicode-fold a name for exact comparison."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def text_language(tag: str) -> str:
    """Map a BCP 47 tag (en-GB, kk-Cyrl, ru) onto a text field's language code."""
    primary = (tag or "").split("-")[0].lower()
    return primary if primary in TEXT_LANGUAGES else "xx"
