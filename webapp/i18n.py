"""Interface languages: Flask-Babel catalogues, CLDR names and dates through Babel."""
from __future__ import annotations

from datetime import date

from babel import Locale
from babel.dates import format_date
from flask import g, request, url_for
from flask_babel import Babel, get_locale

#: Interface languages, in the order the switcher shows them.
LANGUAGES = ("en", "kk", "ru", "zh_Hans")
COOKIE = "ui_lang"


def _match(tag: str | None) -> str | None:
    if not tag:
        return None
    tag = tag.replace("-", "_")
    for code in LANGUAGES:
        if tag.lower() == code.lower() or tag.split("_")[0].lower() == code.split("_")[0]:
            return code
    return None


def select_locale() -> str:
    """?lang= (when it names an interface language), else the cookie, else Accept-Language.

    On the JSON API `lang` filters documents by language, so there `?ui=` names
    the language of messages.
    """
    asked = request.args.get("ui" if request.blueprint == "api" else "lang")
    chosen = _match(asked)
    if chosen:
        g.ui_lang_chosen = chosen
        return chosen
    primaries = [code.split("_")[0] for code in LANGUAGES]
    best = request.accept_languages.best_match(primaries)
    return _match(request.cookies.get(COOKIE)) or _match(best) or "en"


def language_name(code: str, in_locale=None) -> str:
    """A language's name in the reader's language, from CLDR."""
    try:
        loc = in_locale or get_locale() or Locale("en")
        name = Locale.parse(code.replace("-", "_")).get_display_name(loc)
        return name[:1].upper() + name[1:] if name else code
    except Exception:  # unknown or malformed tags are shown as written
        return code


def format_day(value: str | date | None) -> str:
    """A date in the reader's locale: 6 December 2021, 6 декабря 2021 г., 2021 ж. 6 желтоқсан."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return format_date(value, format="long", locale=get_locale() or "en")


def init_i18n(app) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    Babel(app, locale_selector=select_locale)

    @app.after_request
    def remember_language(response):
        chosen = g.get("ui_lang_chosen")
        if chosen and request.cookies.get(COOKIE) != chosen:
            response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax",
                                secure=app.config["SESSION_COOKIE_SECURE"], httponly=True)
        return response

    def lang_url(code: str) -> str:
        """This page in another interface language (the choice then sticks by cookie)."""
        args = request.args.to_dict()
        args["lang"] = code
        return url_for(request.endpoint or "views.search", **(request.view_args or {}), **args)

    app.jinja_env.globals.update(
        LANGUAGES=LANGUAGES, lang_url=lang_url, language_name=language_name, format_day=format_day,
        get_locale=get_locale, Locale=Locale,
    )
