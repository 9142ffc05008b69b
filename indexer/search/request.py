"""Search parameters: one definition shared by the web app, the JSON API and the CLI."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields

from ..corpus.model import DOC_TYPES
from .errors import N_, QueryError

MAX_QUERY_CHARS = 500
MAX_PER_PAGE = 100
MAX_RESULT_WINDOW = 10_000
YEAR_MIN, YEAR_MAX = 1000, 2999
_YEAR_RANGE = re.compile(r"^\s*(\d{1,4})\s*(?:[-–—/]|\.\.|\s+to\s+)\s*(\d{1,4})\s*$", re.IGNORECASE)

TEXT_PARAMS = ("q", "name", "place", "year", "type", "lang", "person", "subject")
#: Facet filters that take several values at once (`place=A&place=B`): one of
#: them within a parameter (OR), all of the parameters together (AND).
MULTI_PARAMS = ("place", "year", "type", "lang", "person", "subject")
#: The orders of results; a leading `-` reverses one. Documents without the
#: value sorted on (no year, no publication date) come last either way.
SORTS = ("relevance", "year", "-year", "published", "-published", "title", "-title")
#: Parameters that take one value: a second one is refused rather than one of
#: them silently dropped. (The facet parameters may be given several times.)
SINGLE_VALUED = ("q", "name", "page", "per_page", "ui", "sort", "correct")
#: `correct=0` answers the query as typed, without correcting a misspelt word.
CORRECT_VALUES = ("0", "1")


def check_single(lists) -> None:
    """Refuse a single-valued parameter given twice; `lists` is (name, [values]) pairs."""
    for param, values in lists:
        if param in SINGLE_VALUED and len(values) > 1:
            raise QueryError(param, N_("%(param)s may be given only once"))


def one_of(value: str, allowed, param: str, shown: str | None = None) -> str:
    """`value` as the closed list spells it (case aside), or a QueryError naming the allowed values."""
    for option in allowed:
        if value.casefold() == str(option).casefold():
            return option
    raise QueryError(param, N_("%(param)s must be one of: %(allowed)s"), shown=shown,
                     allowed=", ".join(map(str, allowed)))


def clean_text(value: str, param: str) -> str:
    """NFC-normalise a typed value and refuse what no person would type."""
    value = unicodedata.normalize("NFC", value or "")
    if len(value) > MAX_QUERY_CHARS:
        raise QueryError(param, N_("%(param)s is too long: at most %(limit)d characters"),
                         limit=MAX_QUERY_CHARS)
    # Control characters (NUL included) carry no meaning in a search; drop them.
    # The zero-width (non-)joiners shape Arabic-script words and are kept.
    value = "".join(ch for ch in value
                    if unicodedata.category(ch) not in ("Cc", "Cf", "Cs") or ch in "\t\n\u200c\u200d")
    return " ".join(value.split())


def parse_year_range(value: str, param: str = "year", shown: str | None = None) -> tuple[int, int] | None:
    """'2017' → (2017, 2017); '2005-2006' → (2005, 2006); '' → None.

    `shown` is what an error calls the value when it is not a parameter of its
    own (`year:abc` typed in q)."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit() and len(value) <= 4:
        lo = hi = int(value)
    elif m := _YEAR_RANGE.match(value):
        lo, hi = int(m.group(1)), int(m.group(2))
    else:
        raise QueryError(param, N_("%(param)s must be a year such as 2017 or a range such as 2005-2006"),
                         shown=shown)
    for y in (lo, hi):
        if not YEAR_MIN <= y <= YEAR_MAX:
            raise QueryError(param, N_("%(param)s must lie between %(lo)d and %(hi)d"), shown=shown,
                             lo=YEAR_MIN, hi=YEAR_MAX)
    if lo > hi:
        raise QueryError(param, N_("%(param)s: the range starts after it ends"), shown=shown)
    return lo, hi


def _positive_int(value, param: str, default: int, lo: int, hi: int) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(str(value).strip())
    except ValueError:
        raise QueryError(param, N_("%(param)s must be a whole number")) from None
    if not lo <= number <= hi:
        raise QueryError(param, N_("%(param)s must lie between %(lo)d and %(hi)d"), lo=lo, hi=hi)
    return number


def parse_sort(value) -> str:
    """One of SORTS ('' is relevance); anything else names the allowed values."""
    value = (value or "").strip() or "relevance"
    if value not in SORTS:
        raise QueryError("sort", N_("%(param)s must be one of: %(allowed)s"), allowed=", ".join(SORTS))
    return value


def _all_values(args, param: str) -> list:
    """Every value given for `param`: a MultiDict's list, a list or tuple, or one string."""
    if hasattr(args, "getlist"):
        values = args.getlist(param)
    else:
        values = args.get(param)
        values = list(values) if isinstance(values, (list, tuple)) else [values]
    return [v for v in values if v not in (None, "")]


def _first(args, param: str):
    """The one value of a single-valued parameter (check_single refuses a second)."""
    values = _all_values(args, param)
    return values[0] if values else ""


def clean_values(args, param: str) -> tuple[str, ...]:
    """The cleaned, non-empty values of a multi-valued parameter, each once, in the order typed."""
    cleaned = (clean_text(v, param) for v in _all_values(args, param))
    return tuple(dict.fromkeys(v for v in cleaned if v))


@dataclass(frozen=True)
class SearchRequest:
    """What a person asked for. Build it with `from_args`, which validates."""

    q: str = ""
    name: str = ""
    #: The facet filters (MULTI_PARAMS) hold every value asked for, as a tuple.
    place: tuple[str, ...] = ()
    year: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    lang: tuple[str, ...] = ()
    person: tuple[str, ...] = ()
    subject: tuple[str, ...] = ()
    page: int = 1
    per_page: int = 20
    sort: str = "relevance"
    correct: int = 1

    @classmethod
    def from_args(cls, args, languages=None) -> "SearchRequest":
        """From a mapping (request.args, CLI options) whose facet parameters may
        hold several values (a MultiDict, or lists); raises QueryError.

        Each `type` is one of the document types, and each `lang` one of
        `languages` (the languages the index holds) when they are given: a value
        outside a closed list would otherwise answer an empty page, as if nothing matched.
        """
        values = {p: clean_text(_first(args, p), p) for p in TEXT_PARAMS if p not in MULTI_PARAMS}
        values.update({p: clean_values(args, p) for p in MULTI_PARAMS})
        for year in values["year"]:
            parse_year_range(year)
        values["type"] = tuple(one_of(t, DOC_TYPES, "type") for t in values["type"])
        if languages is not None:
            values["lang"] = tuple(one_of(lang, sorted(languages), "lang") for lang in values["lang"])
        per_page = _positive_int(_first(args, "per_page") or None, "per_page", 20, 1, MAX_PER_PAGE)
        page = _positive_int(_first(args, "page") or None, "page", 1, 1, MAX_RESULT_WINDOW // per_page)
        correct = int(one_of(str(_first(args, "correct") or "1"), CORRECT_VALUES, "correct"))
        return cls(page=page, per_page=per_page, sort=parse_sort(_first(args, "sort") or None),
                   correct=correct, **values)

    @property
    def years(self) -> tuple[int, int] | None:
        """The first year range asked for (year_ranges has all of them)."""
        ranges = self.year_ranges
        return ranges[0] if ranges else None

    @property
    def year_ranges(self) -> list[tuple[int, int]]:
        """Every year range asked for: a document in any of them matches."""
        return [parse_year_range(y) for y in self.year]

    def params(self, **changes) -> dict:
        """The non-empty parameters, with changes applied: for links and toggles."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data.update(changes)
        for k in MULTI_PARAMS:
            if isinstance(data[k], str):
                data[k] = (data[k],) if data[k] else ()
        defaults = {"page": 1, "per_page": 20, "sort": "relevance", "correct": 1}
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in data.items()
                if v not in ("", None, ()) and defaults.get(k) != v}
