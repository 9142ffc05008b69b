"""A small corpus with one draft, its index and an archivist: what the document form, withdraw
and the audit log are tested on, in the test client and in the browser."""
from __future__ import annotations

from pathlib import Path

from conftest import app_for, make_doc, write_corpus
from indexer.index.build import build_index
from webapp.users import add_user

ARCHIVIST, PASSWORD = "dana", "a long password 1"
DRAFT_ID = "almaty-brother-detained-draft"
NARRATOR, NARRATOR_CYRILLIC = "Aliya Nurlanqyzy", "Алия Нурланкызы"
#: The restricted brother: his name must never reach a public answer.
BROTHER, BROTHER_CYRILLIC = "Serik Zhaksylykov", "Серик Жаксылыков"
BAD_WHEN, GOOD_WHEN = "2018-13", "2018-03"


def draft_text(when: str = BAD_WHEN) -> str:
    """A draft as `archive import` writes one: restricted, status draft; its brother's event has a
    month the check rejects."""
    return make_doc(
        DRAFT_ID,
        f"\n{NARRATOR} lives in Almaty. Her brother {BROTHER} was detained in Urumqi in March 2018.\n"
        f"Nobody has heard from {BROTHER} since.\n",
        title=f"{NARRATOR}: my brother", access="restricted", status="draft",
        people=[{"name": NARRATOR, "role": "narrator", "variants": [NARRATOR_CYRILLIC]},
                {"name": BROTHER, "role": "mentioned", "relation": "brother", "access": "restricted",
                 "variants": [BROTHER_CYRILLIC],
                 "events": [{"event": "detained", "when": when, "place": "Urumqi"}]}],
        places=["Almaty", "Urumqi"],
    )


def published_docs() -> dict[str, str]:
    return {
        "gulpiya": make_doc("gulpiya-kazybek", "Her husband was detained in Urumqi in 2017.",
                            title="Gulpiya Kazybek", places=["Urumqi"],
                            people=[{"name": "Gulpiya Kazybek", "role": "narrator", "variants": ["Гүлпия Қазыбек"]},
                                    {"role": "mentioned", "relation": "husband",
                                     "events": [{"event": "detained", "when": "2017", "place": "Urumqi"}]}]),
        "closed": make_doc("closed-testimony", "Kept for archivists only.", title="Closed testimony",
                           access="restricted", people=[{"name": "Marat Omarov", "role": "narrator"}]),
    }


def editing_archive(root: Path, **config):
    """(app, corpus, index): a small corpus indexed, then a draft written beside it (as an import
    leaves one), and an archivist account."""
    corpus = write_corpus(root / "corpus", published_docs())
    index = root / "index"
    build_index(corpus, index, workers=1)
    (corpus / "documents" / f"{DRAFT_ID}.md").write_text(draft_text(), "utf-8")
    add_user(root / "users.sqlite3", ARCHIVIST, PASSWORD)
    app = app_for(index, CORPUS_DIR=str(corpus), USERS_DB=str(root / "users.sqlite3"), **config)
    return app, corpus, index


#: A received testimony as an archivist uploads it: a plain text whose heading names the narrator in
#: Cyrillic and whose text names a relative. Its file is named after the relative, as families name
#: what they send; once he is restricted, the draft's id (the file's name) is what the check flags.
UPLOAD_NAME = "nurlan-dzhaksybekov.txt"
UPLOAD_ID = "nurlan-dzhaksybekov"
UPLOAD_NARRATOR = "Айгерим Серикқызы"
UPLOAD_RELATIVE = "Nurlan Dzhaksybekov"
UPLOAD_TEXT = (f"{UPLOAD_NARRATOR}\n\n"
               "My name is Aigerim Serikkyzy. I live in Almaty. My husband Nurlan Dzhaksybekov was "
               "detained in Urumqi in March 2018. He was sentenced to 10 years.\n\n"
               "Nobody has heard from Nurlan Dzhaksybekov since.\n")
