"""The importer's language data, read once from `data/*.yaml` (each file names its sources)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"
#: Language data the importer shares with the layers below it (the kinship words the
#: place finder also reads): kept with the text layer's data.
TEXT_DATA = Path(__file__).resolve().parent.parent / "text" / "data"


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    path = DATA / f"{name}.yaml"
    if not path.is_file():
        path = TEXT_DATA / f"{name}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def base_language(tag: str | None) -> str:
    """The data key of a language tag: kk-Arab -> kk, zh-Hans -> zh; unknown -> en."""
    return (tag or "en").split("-")[0].lower()


def for_language(data: dict, tag: str | None):
    """A data file's entry for a language tag: the tag's own (kk-arab: Kazakh in Arabic script,
    whose words are spelt otherwise than in Cyrillic), else its language's (kk), else None."""
    tag = (tag or "en").lower()
    return data.get(tag) if tag in data else data.get(base_language(tag))
