"""What script a text is written in, and the language tag that fits it, to check a document's `language`.

A document's tag chooses how its text is analysed (`text_language`): Chinese
text tagged `en`, or a `kk-Arab` tag on Cyrillic text, would leave the text
unfindable. Only what the letters show for certain is checked: a script
the tag names or implies (`ru` is Cyrillic, `ug` Arabic: data/default_scripts.yaml)
that the text does not use, or `zh` on a text without one Chinese
character; the guess offered is read from the letters.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

#: Script subtags (ISO 15924) the archive's languages use, and the script each names.
SUBTAG_SCRIPTS = {"latn": "Latin", "cyrl": "Cyrillic", "arab": "Arabic", "hans": "Han", "hant": "Han"}
#: Fewer letters than this say too little about a text's script.
MIN_LETTERS = 20
#: Letters only Kazakh writes in Cyrillic, and only Uyghur in Arabic script (UEY): not ۋ and ۆ,
#: which Kazakh's Arabic alphabet writes for у and в (تۋعان, جاقسىلىقوۆ).
_KAZAKH_CYRILLIC = set("әғқңөұүһі")
_UYGHUR_ARABIC = set("ېۈئ")
_LATIN_DATA = Path(__file__).resolve().parent / "data" / "latin_languages.yaml"
_DEFAULT_SCRIPTS = Path(__file__).resolve().parent / "data" / "default_scripts.yaml"
_LATIN_WORD = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=1)
def _latin_languages() -> tuple[int, int, dict[str, tuple[frozenset[str], frozenset[str]]]]:
    data = yaml.safe_load(_LATIN_DATA.read_text(encoding="utf-8"))
    least, doubt = int(data.pop("min_words")), int(data.pop("doubt_words"))
    return least, doubt, {tag: (frozenset(entry.get("letters") or ""), frozenset(entry["words"]))
                          for tag, entry in data.items()}


def _latin_scores(text: str) -> dict[str, int]:
    """{tag: how many of the text's words are that language's words or hold its letters}."""
    _least, _doubt, languages = _latin_languages()
    words: Counter = Counter()
    for word, n in Counter(_LATIN_WORD.findall(unicodedata.normalize("NFC", text))).items():
        words[word.casefold()] += n           # each distinct spelling folded once
    present = set().union(*words)
    scores = {}
    for tag, (letters, vocabulary) in languages.items():
        # The word list met by one set intersection; a language's letters looked for word by
        # word only where the text has one of them at all (an English text seldom has ä or ş).
        known = vocabulary & words.keys()
        score = sum(words[w] for w in known)
        if letters and not letters.isdisjoint(present):
            score += sum(n for w, n in words.items() if w not in known and not letters.isdisjoint(w))
        scores[tag] = score
    return scores


def latin_language(text: str) -> str:
    """The tag of a text in Latin letters: en, kk-Latn or ug-Latn, by the words and the letters
    of each (data/latin_languages.yaml); English unless another has more of both."""
    return _best_latin(_latin_scores(text))


def _best_latin(scores: dict[str, int]) -> str:
    best = max(scores, key=lambda tag: (scores[tag], tag == "en"))
    least = _latin_languages()[0]
    return best if best != "en" and scores[best] >= least and scores[best] > scores.get("en", 0) else "en"


def tag_doubt(tag: str, text: str) -> str | None:
    """Why a Latin-script tag (en, kk-Latn, ug-Latn) that the letters allow may still be the wrong
    language, with the tag the words suggest, or None.

    A warning, not an error: the words of a language are evidence, not proof (an English
    testimony may quote a Kazakh sentence), but `en` on a Uyghur text leaves its words unstemmed.
    The other language must lead by `doubt_words` words and letters (data/latin_languages.yaml).
    """
    return check_tag(tag, text)[1]


def check_tag(tag: str, text: str) -> tuple[str | None, str | None]:
    """(`tag_problem`, or else `tag_doubt`) of a document's tag: what `archive check` says of
    it, the text's letters counted once for both."""
    counts = scripts(text)
    problem = _tag_problem(tag, text, counts)
    return problem, None if problem else _tag_doubt(tag, text, counts)


def _tag_doubt(tag: str, text: str, counts: Counter) -> str | None:
    if _tag_script(tag) != "Latin":
        return None
    if counts["Latin"] < MIN_LETTERS or counts.most_common(1)[0][0] != "Latin":
        return None
    primary = tag.lower().split("-")[0]
    own = "en" if primary == "en" else f"{primary}-Latn"
    scores = _latin_scores(text)
    if own not in scores:
        return None
    guess = _best_latin(scores)
    if guess == own or scores[guess] - scores[own] < _latin_languages()[1]:
        return None
    return (f"warning: 'language' {tag!r} may not be the language of the text, whose words read as "
            f"{guess} (is it {guess}?)")


@functools.lru_cache(maxsize=65536)
def _script(ch: str) -> str | None:
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch == "\u3007":
        return "Han"
    name = unicodedata.name(ch, "")
    for script in ("Latin", "Cyrillic", "Arabic"):
        if name.startswith(script.upper()):
            return script
    return None


def scripts(text: str) -> Counter:
    """How many letters of each script the text has (each distinct character looked up
    once: a testimony has thousands of letters but a hundred or so characters).

    The characters are counted as code points in NumPy: counting them as Python strings
    made an object of every letter outside Latin-1, most of the time of checking a tag."""
    counts: Counter = Counter()
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    codes, times = np.unique(points, return_counts=True)
    for code, n in zip(codes.tolist(), times.tolist()):
        ch = chr(code)
        if ch.isalpha() and (script := _script(ch)):
            counts[script] += n
    return counts


def guess_tag(text: str) -> str | None:
    """The tag the letters suggest (zh, kk, ru, kk-Arab, ug, en, kk-Latn, ug-Latn), or None
    when too few."""
    counts = scripts(text)
    if sum(counts.values()) < MIN_LETTERS:
        return None
    script = counts.most_common(1)[0][0]
    letters = set(text.lower())
    if script == "Han":
        return "zh"
    if script == "Cyrillic":
        return "kk" if letters & _KAZAKH_CYRILLIC else "ru"
    if script == "Arabic":
        return "ug" if letters & _UYGHUR_ARABIC else "kk-Arab"
    return latin_language(text)


@functools.cache
def _default_scripts() -> dict[str, str]:
    """{language subtag: the script subtag its tag implies} (data/default_scripts.yaml)."""
    with open(_DEFAULT_SCRIPTS, encoding="utf-8") as f:
        return {str(k).lower(): str(v).lower() for k, v in (yaml.safe_load(f) or {}).items()}


def tag_problem(tag: str, text: str) -> str | None:
    """Why `tag` cannot be the language of `text` (with the tag its letters suggest), or None."""
    return check_tag(tag, text)[0]


def _tag_problem(tag: str, text: str, counts: Counter) -> str | None:
    total = sum(counts.values())
    if total < MIN_LETTERS:
        return None
    parts = tag.lower().split("-")
    found = counts.most_common(1)[0][0]
    named = _named_script(parts)
    script = _tag_script(tag)
    if script is not None and counts[script] * 5 < total:
        says = f"says {script} script" if named else f"is written in {script} script unless its tag names another"
        return (f"'language' {tag!r} {says}, but the text is written in {found} script "
                f"(is it {guess_tag(text)}?)")
    if parts[0] == "zh" and not counts["Han"]:
        return f"'language' {tag!r} is Chinese, but the text has no Chinese character (is it {guess_tag(text)}?)"
    return None


def _named_script(parts: list[str]) -> str | None:
    """The script a tag's subtags name (kk-Arab: Arabic), or None."""
    return next((SUBTAG_SCRIPTS[p] for p in parts[1:] if p in SUBTAG_SCRIPTS), None)


def _tag_script(tag: str) -> str | None:
    """The script a tag names, or else the one its language implies (data/default_scripts.yaml)."""
    parts = tag.lower().split("-")
    return _named_script(parts) or SUBTAG_SCRIPTS.get(_default_scripts().get(parts[0], ""))
