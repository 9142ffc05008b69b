"""Real names as public sources print them: recall of /api/search?name= on a cases file.

The cases file (``../shared/dev-eval/real-names.yaml``) lists real people, each
with the forms Wikipedia, the press and news sites print (Latin, Cyrillic,
Arabic script, Chinese, pinyin), and confusable pairs of different people.
It is run the way its header says, so the score is the one a family gets:

- two rounds; in each, a copy of the bundled corpus plus one testimony per
  person whose narrator is named in ONE form (first round: the first, English
  press form; second round: the first Cyrillic form, else Arabic-script, else
  Chinese) is indexed, and every other form not marked ``uncertain`` must
  bring that person's testimony into the top 3 of a name search;
- confusable pairs: with a testimony for each pair's first name indexed, the
  second name must return no document at all.
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import names
from ..index.build import build_index
from ..search.archive import Archive
from ..search.request import SearchRequest
from .shared_cases import dev_eval_file

#: Round 2 names the narrator in the first form of the first of these scripts.
NATIVE_ORDER = ("cyrillic", "arabic", "han")
TOP = 3


def default_cases() -> Path:
    """``../shared/dev-eval/real-names.yaml`` beside the project."""
    return dev_eval_file("real-names.yaml")


@dataclass
class Score:
    """Found / asked per script, the misses, and the confusable pairs merged."""

    found: dict[str, int] = field(default_factory=dict)
    asked: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)

    def add(self, script: str, ok: bool, what: str) -> None:
        self.asked[script] = self.asked.get(script, 0) + 1
        self.found[script] = self.found.get(script, 0) + ok
        if not ok:
            self.misses.append(what)

    @property
    def total(self) -> int:
        return sum(self.asked.values())

    @property
    def passed(self) -> int:
        return sum(self.found.values())

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 1.0


def load_cases(path: Path) -> dict:
    """The cases file, checked enough to name what is wrong with it."""
    path = Path(path)
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    if not isinstance(data, dict) or not isinstance(data.get("people"), list):
        raise ValueError(f"{path}: expected a mapping with a 'people' list")
    for i, person in enumerate(data["people"]):
        if not isinstance(person, dict) or not person.get("id") or not person.get("forms"):
            raise ValueError(f"{path}: people[{i}] needs an 'id' and 'forms'")
        for j, form in enumerate(person["forms"]):
            if not isinstance(form, dict) or not str(form.get("text") or "").strip():
                raise ValueError(f"{path}: people[{i}] ({person['id']}) forms[{j}] needs a 'text'")
    for i, pair in enumerate(data.get("confusable_pairs") or []):
        if not isinstance(pair, list) or len(pair) < 2:
            raise ValueError(f"{path}: confusable_pairs[{i}] needs two names")
    return data


def _script(form: dict) -> str:
    return str(form.get("script") or names.detect_script(form["text"]))


def _kind(form: dict) -> str:
    """The script a form is scored under; pinyin (a note says so) apart from other Latin."""
    script = _script(form)
    if script == "latin" and "pinyin" in str(form.get("note") or "").lower():
        return "pinyin"
    return script


def narrator_form(person: dict, round_: int) -> dict:
    """The one form the testimony names its narrator in, for round 1 or 2."""
    forms = person["forms"]
    if round_ == 1:
        return forms[0]
    for script in NATIVE_ORDER:
        for form in forms:
            if _script(form) == script:
                return form
    return forms[0]


def _testimony(doc_id: str, narrator: str) -> str:
    meta = {"id": doc_id, "type": "testimony", "title": f"Testimony {doc_id}", "language": "en",
            "access": "public",
            "source": {"title": "Name evaluation", "publisher": "Testimony archive", "published": "2024-01-01"},
            "people": [{"name": narrator, "role": "narrator"}], "places": []}
    return ("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
            + "---\nA testimony written for the name evaluation.\n")


def _index(corpus: Path, work: Path, narrators: dict[str, str]) -> Archive:
    """An index of a copy of `corpus` plus one testimony per {doc id: narrator name}."""
    copy = work / "corpus"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(corpus, copy)
    folder = copy / "documents" / "real-names"
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, narrator in narrators.items():
        (folder / f"{doc_id}.md").write_text(_testimony(doc_id, narrator), "utf-8")
    index = work / "index"
    if index.exists():
        shutil.rmtree(index)
    build_index(copy, index, show_progress=False, workers=1)
    return Archive(index, "public")


def _search(archive: Archive, name: str, per_page: int = TOP) -> dict:
    return archive.search(SearchRequest.from_args({"name": name, "per_page": str(per_page)}))


def _doc_id(person: dict) -> str:
    return f"real-name-{person['id']}"


def evaluate(cases: dict, corpus: Path, work: Path | None = None) -> Score:
    """Run both rounds and the confusable pairs; the bundled corpus is `corpus`."""
    score = Score()
    owned = work is None
    work = Path(work or tempfile.mkdtemp(prefix="eval-names-"))
    try:
        people = cases["people"]
        for round_ in (1, 2):
            indexed = {_doc_id(p): narrator_form(p, round_) for p in people}
            archive = _index(corpus, work, {d: f["text"] for d, f in indexed.items()})
            for person in people:
                doc_id, shown = _doc_id(person), indexed[_doc_id(person)]
                for form in person["forms"]:
                    if form is shown or form.get("uncertain"):
                        continue
                    top = [r["id"] for r in _search(archive, form["text"])["results"][:TOP]]
                    score.add(_kind(form), doc_id in top,
                              f"round {round_} [{_kind(form)}] {form['text']!r} → {person['id']} "
                              f"(indexed as {shown['text']!r}): got {top}")
        pairs = [p for p in cases.get("confusable_pairs") or []]
        if pairs:
            firsts = {f"confusable-{i}": str(p[0]) for i, p in enumerate(pairs)}
            archive = _index(corpus, work, firsts)
            for pair in pairs:
                result = _search(archive, str(pair[1]), per_page=5)
                if result["total"]:
                    score.merged.append(f"{pair[1]!r} (not {pair[0]!r}) matched "
                                        f"{[r['people'][:1] for r in result['results']]}")
    finally:
        if owned:
            shutil.rmtree(work, ignore_errors=True)
    return score


def report(score: Score, pairs: int) -> str:
    lines = ["| script | found in top 3 | asked | rate |", "|---|---|---|---|"]
    for script in sorted(score.asked):
        n, k = score.asked[script], score.found[script]
        lines.append(f"| {script} | {k} | {n} | {k / n:.0%} |")
    lines.append(f"| all | {score.passed} | {score.total} | {score.rate:.1%} |")
    lines.append(f"confusable pairs kept apart: {pairs - len(score.merged)} of {pairs}")
    lines += [f"MISS {m}" for m in score.misses]
    lines += [f"MERGED {m}" for m in score.merged]
    return "\n".join(lines)
