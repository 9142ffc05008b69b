"""Interface languages: Flask-Babel catalogues, CLDR names and dates through Babel.

The reader's language comes from `?lang=` (the visible switcher's links), then
the `ui_lang` cookie that a choice leaves behind, then the browser's
Accept-Language, then English. On the JSON API `?ui=` names the language of
messages (there `lang` filters documents) and no cookie is set.

Besides the catalogues, this module gives the templates what Babel and the
gazetteer know: language names, dates in the reader's locale, place names in
the reader's script, and the words for event kinds, relations and roles.
"""
from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton
from flask import g, request, url_for
from flask_babel import Babel, get_locale, gettext

from indexer.search.errors import N_

from .searching import known_params

#: Interface languages, in the order the switcher shows them.
LANGUAGES = ("en", "kk", "ru", "zh_Hans")
COOKIE = "ui_lang"

#: Locale used for dates, where it differs from the interface language
#: (English dates read "6 December 2021").
_DATE_LOCALES = {"en": "en_GB"}

#: Gazetteer alias languages to try, in order, for each interface language.
#: English shows the canonical name (English aliases are other spellings of it);
#: Kazakh readers read Cyrillic, so a Russian name beats a Latin one.
_ALIAS_LANGS = {
    "en": (),
    "kk": ("kk", "kk-Cyrl", "kk_Cyrl", "ru"),
    "ru": ("ru",),
    "zh_Hans": ("zh", "zh-Hans", "zh_Hans", "zh-CN", "zh_CN", "cmn"),
}


#: What can happen to a person (indexer.model.EVENT_KINDS), as a reader sees it.
EVENT_KINDS = {
    "detained": N_("Detained"),
    "sentenced": N_("Sentenced"),
    "released": N_("Released"),
    "missing": N_("Missing"),
    "arrested": N_("Arrested"),
    "fined": N_("Fined"),
    "disappeared": N_("Disappeared"),
    "died": N_("Died"),
    "moved": N_("Moved"),
    "other": N_("Other event"),
}

#: Relations to the narrator the corpus uses (free text there; unknown ones are shown as written).
RELATIONS = {
    "mother": N_("Mother"),
    "father": N_("Father"),
    "parents": N_("Parents"),
    "brother": N_("Brother"),
    "brothers": N_("Brothers"),
    "older brother": N_("Older brother"),
    "elder brother": N_("Older brother"),
    "younger brother": N_("Younger brother"),
    "sister": N_("Sister"),
    "older sister": N_("Older sister"),
    "elder sister": N_("Older sister"),
    "younger sister": N_("Younger sister"),
    "siblings": N_("Brothers and sisters"),
    "brothers and sisters": N_("Brothers and sisters"),
    "younger brothers and sisters": N_("Younger brothers and sisters"),
    # What an import drafts from a relation word with its age ("мой младший сын", "my elder sisters").
    "elder brothers": N_("Older brothers"),
    "younger brothers": N_("Younger brothers"),
    "sisters": N_("Sisters"),
    "elder sisters": N_("Older sisters"),
    "younger sisters": N_("Younger sisters"),
    "elder son": N_("Older son"),
    "younger son": N_("Younger son"),
    "daughters": N_("Daughters"),
    "elder daughter": N_("Older daughter"),
    "younger daughter": N_("Younger daughter"),
    "grandchildren": N_("Grandchildren"),
    "husband": N_("Husband"),
    "wife": N_("Wife"),
    "son": N_("Son"),
    "sons": N_("Sons"),
    "daughter": N_("Daughter"),
    "children": N_("Children"),
    "nephew": N_("Nephew"),
    "niece": N_("Niece"),
    "uncle": N_("Uncle"),
    "aunt": N_("Aunt"),
    "cousin": N_("Cousin"),
    "grandfather": N_("Grandfather"),
    "grandmother": N_("Grandmother"),
    "grandson": N_("Grandson"),
    "granddaughter": N_("Granddaughter"),
    "son-in-law": N_("Son-in-law"),
    "daughter-in-law": N_("Daughter-in-law"),
    "brother-in-law": N_("Brother-in-law"),
    "sister-in-law": N_("Sister-in-law"),
    "father-in-law": N_("Father-in-law"),
    "mother-in-law": N_("Mother-in-law"),
    "relative": N_("Relative"),
    "relatives": N_("Relatives"),
    "distant relative": N_("Distant relative"),
    "brother's adoptive parents": N_("Brother’s adoptive parents"),
    "brother’s adoptive parents": N_("Brother’s adoptive parents"),
    "mullah": N_("Mullah"),
    "friend": N_("Friend"),
    "neighbour": N_("Neighbour"),
    "neighbor": N_("Neighbour"),
    "colleague": N_("Colleague"),
    "self": N_("The narrator"),
}

#: How a searched name or place matched (indexer.search.matches.MATCH_KINDS), as the page says it.
MATCH_KINDS = {
    "exact": N_("exact"),
    "alias": N_("another name of the place"),
    "transliteration": N_("transliteration"),
    "phonetic": N_("sounds alike"),
    "fuzzy": N_("similar spelling"),
}

#: Roles of people in a document.
ROLES = {
    "narrator": N_("Narrator"),
    "mentioned": N_("Mentioned"),
    "author": N_("Author"),
}

#: Credit roles the bundled corpus uses (free text; others are shown as written).
CREDIT_ROLES = {
    "interviews and photos": N_("Interviews and photos"),
    "interviews": N_("Interviews"),
    "photos": N_("Photos"),
    "photographs": N_("Photos"),
    "text": N_("Text"),
    "author": N_("Author"),
    "editor": N_("Editor"),
    "edit": N_("Editing"),
    "editing": N_("Editing"),
    "translation": N_("Translation"),
    "edit and translation": N_("Editing and translation"),
    "editing and translation": N_("Editing and translation"),
    "edit and translation from russian": N_("Editing and translation from Russian"),
    "translation from russian": N_("Translation from Russian"),
}


# ---------------------------------------------------------------------------
# Choosing the language
# ---------------------------------------------------------------------------


def _match(tag: str | None) -> str | None:
    """The interface language a BCP 47 tag asks for ('ru-KZ' → 'ru', 'zh-CN' → 'zh_Hans'), or None."""
    if not tag or not isinstance(tag, str):
        return None
    tag = tag.strip().replace("-", "_")
    for code in LANGUAGES:
        if tag.lower() == code.lower():
            return code
    primary = tag.split("_")[0].lower()
    for code in LANGUAGES:
        if primary == code.split("_")[0].lower():
            return code
    return None


def _from_accept_language() -> str | None:
    """The first acceptable interface language in the browser's order of preference.

    Unlike werkzeug's best_match this honours regional tags: 'kk-KZ, ru;q=0.8' is Kazakh.
    """
    for tag, quality in request.accept_languages:
        if quality > 0:
            chosen = _match(tag)
            if chosen:
                return chosen
    return None


def select_locale() -> str:
    """?lang= (?ui= on the API) when it names an interface language, else the cookie,
    else Accept-Language, else English."""
    api = request.blueprint == "api"
    chosen = _match(request.args.get("ui" if api else "lang"))
    if chosen:
        if not api:
            g.ui_lang_chosen = chosen
        return chosen
    return _match(request.cookies.get(COOKIE)) or _from_accept_language() or "en"


def current_language() -> str:
    """The interface language of this request: one of LANGUAGES."""
    return _match(str(get_locale() or "en")) or "en"


# ---------------------------------------------------------------------------
# Names, dates and places in the reader's language
# ---------------------------------------------------------------------------


def language_name(code: str, in_locale=None) -> str:
    """A language's name in the reader's language, from CLDR ('kk-Arab' → 'Kazakh (Arabic)')."""
    try:
        loc = in_locale or get_locale() or Locale("en")
        name = Locale.parse(code.replace("-", "_")).get_display_name(loc)
        return name[:1].upper() + name[1:] if name else code
    except Exception:  # unknown or malformed tags are shown as written
        return code


def _date_locale() -> str:
    lang = current_language()
    return _DATE_LOCALES.get(lang, lang)


def format_day(value: str | date | None) -> str:
    """A date in the reader's locale: 6 December 2021, 6 декабря 2021 г., 2021 ж. 6 желтоқсан."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return format_date(value, format="long", locale=_date_locale())


_WHEN = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def format_when(value) -> str:
    """A vague date as the corpus keeps it, in the reader's locale.

    '2018' → 2018; '2019-03' → March 2019 / март 2019 г. / 2019 ж. наурыз / 2019年3月;
    '2019-03-05' → a full date; '2017/2018' → 2017–2018. Anything else is shown as written.
    """
    if value in (None, ""):
        return ""
    text = str(value).strip()
    if "/" in text:
        return "–".join(format_when(part) for part in text.split("/", 1))
    m = _WHEN.match(text)
    if not m:
        return text
    year, month, day = m.groups()
    try:
        if day:
            return format_day(date(int(year), int(month), int(day)))
        if month:
            return format_skeleton("yMMMM", date(int(year), int(month), 1), locale=_date_locale())
    except ValueError:
        return text
    return year


def format_years(value) -> str:
    """A year filter as typed ('2005-2006') shown with an en dash: 2005–2006."""
    text = str(value or "").strip()
    m = re.match(r"^\s*(\d{1,4})\s*(?:[-–—/]|\.\.|\s+to\s+)\s*(\d{1,4})\s*$", text, re.IGNORECASE)
    return f"{m.group(1)}–{m.group(2)}" if m else text


def _gazetteer():
    from .archive import current_archive
    try:
        return current_archive().snapshot().gazetteer
    except Exception:  # no index yet: names are shown as stored
        return None


def place_name(name) -> str:
    """A canonical place name in the reader's language and script, where the gazetteer has it.

    Urumqi → Үрімші (kk), Урумчи (ru), 乌鲁木齐 (zh). Links and filters keep the
    canonical name; only what is shown changes.
    """
    if name in (None, ""):
        return ""
    name = str(name)
    cache = g.setdefault("_place_names", {})
    if name in cache:
        return cache[name]
    shown = name
    gazetteer = _gazetteer()
    place = gazetteer.resolve(name) if gazetteer is not None else None
    if place is not None:
        shown = place.name
        aliases = place.aliases or {}
        for key in _ALIAS_LANGS.get(current_language(), ()):
            if aliases.get(key):
                shown = aliases[key][0]
                break
    cache[name] = shown
    return shown


def list_separator() -> str:
    """Between the items of a short list: ', ' — or the enumeration comma in Chinese."""
    return "、" if current_language() == "zh_Hans" else ", "


def colon() -> str:
    """After a label: ':' — the full-width '：' in Chinese."""
    return "：" if current_language() == "zh_Hans" else ":"


def _label(table: dict, value) -> str:
    if value in (None, ""):
        return ""
    msgid = table.get(str(value).strip().casefold())
    return gettext(msgid) if msgid else str(value)


def event_label(kind) -> str:
    """detained → Detained / Задержание / Ұсталды / 被拘押."""
    return _label(EVENT_KINDS, kind)


def relation_label(relation) -> str:
    """brother → Brother / Брат / Ағасы не інісі / 兄弟; unknown relations as written."""
    return _label(RELATIONS, relation)


def match_label(how) -> str:
    """exact / alias / transliteration … in the interface language."""
    return _label(MATCH_KINDS, how)


def role_label(role) -> str:
    return _label(ROLES, role)


#: The kinds of gazetteer places (indexer.places), as a reader sees them.
PLACE_KINDS = {
    "country": N_("country"),
    "region": N_("region"),
    "prefecture": N_("prefecture"),
    "county": N_("county"),
    "city": N_("city"),
    "town": N_("town"),
    "village": N_("village"),
}


def place_kind_label(kind) -> str:
    """city → city / город / қала / 城市: the kind of place a name was taken for."""
    return _label(PLACE_KINDS, kind)


#: The reader's language -> the thesaurus language a subject is named in.
_SUBJECT_LANGS = {"en": "en", "kk": "kk", "ru": "ru", "zh_Hans": "zh"}


def subject_label(concept_id) -> str:
    """A subject (a thesaurus concept id) by its first term in the reader's language:
    police → police / полиция / полиция / 警察."""
    from indexer.text.thesaurus import concept_by_id
    concept = concept_by_id().get(str(concept_id))
    if concept is None:
        return str(concept_id or "")
    terms = concept.terms.get(_SUBJECT_LANGS.get(current_language(), "en")) or concept.terms.get("en") or ()
    return terms[0] if terms else concept.id


def credit_role_label(role) -> str:
    label = _label(CREDIT_ROLES, role)
    return label[:1].upper() + label[1:] if label else label


# ---------------------------------------------------------------------------
# Wiring
# ---------------------------------------------------------------------------


def compile_catalogues(directory: Path, logger=None) -> list[Path]:
    """Build each messages.mo that is missing or older than its .po (what `make
    translations` does), so a checkout whose catalogues changed still shows them.
    A read-only installation keeps what it has."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    built = []
    for po in sorted(Path(directory).glob("*/LC_MESSAGES/messages.po")):
        mo = po.with_suffix(".mo")
        try:
            if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
                continue
            with po.open("rb") as f:
                catalogue = read_po(f, locale=po.parent.parent.name)
            tmp = mo.with_name(f".{mo.name}.{os.getpid()}.tmp")  # several workers may race: rename is atomic
            with tmp.open("wb") as f:
                write_mo(f, catalogue, use_fuzzy=True)
            tmp.replace(mo)
            built.append(mo)
        except OSError as exc:  # read-only install: keep the compiled catalogue it shipped with
            if logger:
                logger.warning("could not compile %s: %s", po, exc)
    return built


def init_i18n(app) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    Babel(app, locale_selector=select_locale)
    for directory in app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";"):
        compile_catalogues(Path(app.root_path) / directory, app.logger)

    @app.after_request
    def remember_language(response):
        if request.blueprint != "api" and "lang" in request.args:
            get_locale()  # a redirect renders nothing, but the choice still sticks
        chosen = g.get("ui_lang_chosen")
        if chosen and request.cookies.get(COOKIE) != chosen:
            response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax",
                                secure=app.config["SESSION_COOKIE_SECURE"], httponly=True)
        if request.blueprint != "api" and response.mimetype == "text/html":
            response.vary.add("Accept-Language")
            response.vary.add("Cookie")
        if response.mimetype == "text/html" and "Content-Language" not in response.headers:
            response.headers["Content-Language"] = current_language().replace("_", "-")
        return response

    def lang_url(code: str) -> str:
        """This page in another interface language (the choice then sticks by cookie)."""
        args = known_params(request.args)
        args["lang"] = code
        endpoint = request.endpoint if request.endpoint and request.endpoint != "static" else "views.search"
        if request.blueprint == "api" or (request.view_args is None and endpoint != "views.search"):
            endpoint = "views.search"
        try:
            return url_for(endpoint, **(request.view_args or {}), **args)
        except Exception:  # a page that cannot be rebuilt (an error page): the search in that language
            return url_for("views.search", lang=code)

    app.jinja_env.globals.update(
        LANGUAGES=LANGUAGES, lang_url=lang_url, language_name=language_name, format_day=format_day,
        format_when=format_when, format_years=format_years, place_name=place_name,
        event_label=event_label, relation_label=relation_label, role_label=role_label, match_label=match_label,
        credit_role_label=credit_role_label, place_kind_label=place_kind_label, subject_label=subject_label,
        current_language=current_language,
        list_separator=list_separator, colon=colon,
        get_locale=get_locale, Locale=Locale,
    )
