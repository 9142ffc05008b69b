"""Helpers for the restricted-material, fuzz, robustness, auth and corpus-input tests.

- the canary corpus: a restricted testimony whose narrator has a unique name in
  four scripts, and a public testimony that mentions that person (restricted
  person entry, name in the text), plus ordinary public documents;
- `leaks(response, asked)`: which secret strings a response shows, echoes of
  what the request itself asked for set aside;
- a generated corpus of a few hundred small documents for the kill tests;
- signing in through the real form (CSRF token included), free ports, a real
  threaded werkzeug server, running the `archive` command in a subprocess.
"""
from __future__ import annotations

import html
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, unquote_plus, urlsplit, parse_qsl

from conftest import PLACES, make_doc, write_corpus

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------
# The canary corpus
# ---------------------------------------------------------------------------

CANARY_ID = "canary-zt-7731"
CANARY_LATIN = "Zhanargul Tleukhanova"
CANARY_CYRILLIC = "Жанаргүл Тлеуханова"
CANARY_ARABIC = "جانارگۇل تلەۋحانوۆا"
CANARY_CHINESE = "扎纳尔古丽·特列乌哈诺娃"
CANARY_FORMS = [CANARY_LATIN, CANARY_CYRILLIC, CANARY_ARABIC, CANARY_CHINESE]
#: Words only the canary testimony uses.
CANARY_WORDS = ["quorvinthal", "blenmarrow", "vestigrund"]
#: The only place and year the canary (and the restricted person's events) speak of.
CANARY_PLACE = "Karamay"
CANARY_YEAR = 1994
MENTIONS_ID = "aigerim-serikkyzy-testimony"
CHILD_ID = "canary-appendix-photos"

#: Strings no public response may show (compared case-insensitively).
SECRETS = [
    "Zhanargul", "Tleukhanov", "Жанаргүл", "Тлеуханов", "جانارگۇل", "تلەۋحانوۆا",
    "扎纳尔古丽", "特列乌哈诺娃", CANARY_ID, "zt-7731", *CANARY_WORDS, CANARY_PLACE,
    "Karamai", "Карамай", "克拉玛依",
]

CANARY_PLACES = {"places": PLACES["places"] + [
    {"id": "karamay", "name": CANARY_PLACE, "kind": "city", "within": "china",
     "aliases": {"en": ["Karamai"], "ru": ["Карамай"], "zh": ["克拉玛依"]}},
]}

CANARY_PERSON = {"name": CANARY_LATIN, "role": "narrator",
                 "variants": [CANARY_CYRILLIC, CANARY_ARABIC, CANARY_CHINESE]}


def canary_docs() -> dict[str, str]:
    """The restricted canary, a public document naming the canary person, and public fillers."""
    docs = {}
    docs[CANARY_ID] = make_doc(
        CANARY_ID,
        f"""
        {CANARY_LATIN} tells of her brother, taken in {CANARY_YEAR} near {CANARY_PLACE}.
        The quorvinthal of the blenmarrow was sealed; only the vestigrund remained.
        {CANARY_CYRILLIC} — {CANARY_CHINESE} — {CANARY_ARABIC}.
        """,
        title=f"{CANARY_LATIN}: the vestigrund", access="restricted",
        people=[CANARY_PERSON,
                {"role": "mentioned", "relation": "brother",
                 "events": [{"event": "detained", "when": str(CANARY_YEAR), "place": CANARY_PLACE,
                             "text": "taken from the quorvinthal"}]}],
        places=[CANARY_PLACE, "China"],
        captions=[f"{CANARY_LATIN} beside the blenmarrow"],
    )
    docs[MENTIONS_ID] = make_doc(
        MENTIONS_ID,
        f"""
        Aigerim Serikkyzy speaks of the pomegranate orchard in Almaty.
        Her cousin {CANARY_LATIN} was with her when the police came in 2018.
        Zhanargul's husband still asks after her. По словам Тлеухановой, всё началось в Урумчи.
        {CANARY_CYRILLIC}дің інісі сол жылы кетті. 我的表妹扎纳尔古丽也在那里。 {CANARY_ARABIC} كەلدى.
        Nobody heard from TLEUKHANOVA again.
        """,
        title=f"Aigerim Serikkyzy and {CANARY_LATIN}",
        people=[
            {"name": "Aigerim Serikkyzy", "role": "narrator"},
            {"role": "mentioned", "relation": "father",
             "events": [{"event": "detained", "when": "2018-04", "place": "Urumqi",
                         "text": f"detained the day after {CANARY_LATIN} was questioned"}]},
            {**CANARY_PERSON, "role": "mentioned", "relation": "cousin", "access": "restricted",
             "events": [{"event": "detained", "when": str(CANARY_YEAR), "place": CANARY_PLACE,
                         "text": "held for 3 months"}]},
        ],
        places=["Almaty", "Urumqi"],
        dates=[{"text": f"when {CANARY_LATIN} left", "when": "2018"}],
        captions=[f"{CANARY_LATIN} and Aigerim Serikkyzy in the orchard", "The pomegranate orchard"],
        credits=[{"name": "Ofeliya Zhakayeva", "role": "interviews"}],
    )
    docs[CHILD_ID] = make_doc(
        CHILD_ID, "Photographs of a mountain road near Almaty, taken in 2019.",
        title="Photographs of a mountain road", part_of=CANARY_ID, type="article",
        places=["Almaty"],
    )
    fillers = [
        ("gulpiya-kazybek", "Gulpiya Kazybek", "en", "Her husband was detained in Urumqi in 2017.", ["Urumqi"]),
        ("baibolat-kunbolat", "Baibolat Kunbolat", "en", "He stood on the picket line in Almaty in 2019.",
         ["Almaty"]),
        ("kumyskhan-baban", "Kumyskhan Baban", "ru", "Её брат был задержан в Китае в 2018 году.", ["China"]),
        ("jamilya-maken", "Jamilya Maken", "kk", "Інісі 2017 жылы Үрімшіде ұсталды.", ["Urumqi"]),
        ("li-ming-account", "Li Ming", "zh", "他的哥哥在2017年被拘留。", ["China"]),
    ]
    for doc_id, name, lang, body, places in fillers:
        docs[doc_id] = make_doc(doc_id, body, title=name, language=lang, places=places,
                                people=[{"name": name, "role": "narrator"},
                                        {"role": "mentioned", "relation": "brother"}])
    return docs


PUBLIC_IDS = sorted(set(canary_docs()) - {CANARY_ID})


def write_canary_corpus(root: Path) -> Path:
    return write_corpus(root, canary_docs(), CANARY_PLACES)


# ---------------------------------------------------------------------------
# Looking for secrets in responses
# ---------------------------------------------------------------------------

def response_text(response) -> str:
    """Body and headers, plus their URL-decoded and HTML-unescaped readings."""
    body = response.get_data(as_text=True)
    parts = [body]
    if response.is_json:
        try:
            parts.append(json.dumps(response.get_json(), ensure_ascii=False))
        except Exception:
            pass
    parts += [f"{k}: {v}" for k, v in response.headers.items()]
    text = "\n".join(parts)
    return "\n".join([text, html.unescape(text), unquote_plus(text), html.unescape(unquote_plus(text)),
                      unquote_plus(html.unescape(text))])


def asked_values(url: str, extra=()) -> list[str]:
    """What a request itself says: its path segments and parameter values, whole and word by word."""
    parts = urlsplit(url)
    values = [unquote(seg) for seg in parts.path.split("/") if seg]
    values += [v for _k, v in parse_qsl(parts.query, keep_blank_values=True)]
    values += list(extra)
    out = set()
    for v in values:
        if not v:
            continue
        out.add(v)
        out.update(w for w in re.split(r"[\s\"'()*?:·\-]+", v) if len(w) >= 2)
    return sorted(out, key=len, reverse=True)


def leaks(response, url: str = "", extra=()) -> list[str]:
    """The secrets a response shows, after removing echoes of what the request asked."""
    text = response_text(response).casefold()
    for value in asked_values(url, extra):
        text = text.replace(value.casefold(), " ")
    return [s for s in SECRETS if s.casefold() in text]


# ---------------------------------------------------------------------------
# Signing in
# ---------------------------------------------------------------------------

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(client, path: str = "/login") -> str:
    page = client.get(path).get_data(as_text=True)
    m = _CSRF.search(page)
    assert m, f"no CSRF token in {path}"
    return html.unescape(m.group(1))


def sign_in(client, username: str, password: str):
    token = csrf_from(client)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


# ---------------------------------------------------------------------------
# A generated corpus big enough that a build takes a second or two
# ---------------------------------------------------------------------------

_GIVEN = ["Aigerim", "Baurzhan", "Dana", "Erlan", "Gulnar", "Kairat", "Madina", "Nurlan", "Saule", "Timur",
          "Zarina", "Yerbol", "Asel", "Bolat", "Karlygash", "Marat"]
_FAMILY = ["Akhmetov", "Bekova", "Dzhaksybekov", "Esenova", "Ismailov", "Kassymova", "Mukanov", "Nurpeisova",
           "Omarov", "Sadykova", "Tokayev", "Zhunusova", "Abenov", "Kenzhebayeva"]
_WORDS = ("market orchard letter river winter school camp border consulate village mountain railway "
          "bread garden kitchen station hospital factory notebook photograph").split()


def generated_docs(n: int, seed: int = 7, prefix: str = "gen") -> dict[str, str]:
    rnd = random.Random(seed)
    docs = {}
    for i in range(n):
        name = f"{rnd.choice(_GIVEN)} {rnd.choice(_FAMILY)}"
        year = rnd.randint(2000, 2020)
        body = " ".join(rnd.choice(_WORDS) for _ in range(60))
        doc_id = f"{prefix}-{i:04d}"
        docs[doc_id] = make_doc(
            doc_id, f"{name} remembers {year}. {body}.\n",
            title=f"{name} {i}", places=[rnd.choice(["Almaty", "Urumqi", "China", "Kazakhstan"])],
            access="restricted" if i % 10 == 9 else "public",
            people=[{"name": name, "role": "narrator"},
                    {"role": "mentioned", "relation": "brother",
                     "events": [{"event": "detained", "when": str(year)}]}],
        )
    return docs


def public_count(docs: dict[str, str]) -> int:
    return sum("access: public" in text for text in docs.values())


# ---------------------------------------------------------------------------
# Processes and servers
# ---------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def archive_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env.update(extra)
    return env


def archive_cmd(*args) -> list[str]:
    return [sys.executable, "-m", "indexer.cli", *map(str, args)]


def run_archive(*args, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(archive_cmd(*args), cwd=ROOT, env=archive_env(), capture_output=True, text=True,
                          timeout=timeout, **kwargs)


class ServerThread:
    """A real threaded werkzeug server on 127.0.0.1 in a background thread."""

    def __init__(self, app):
        from werkzeug.serving import make_server

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)
