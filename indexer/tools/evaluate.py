"""Score the archive on a queries file (names, negatives, places, years, text).

The cases are run through whatever `search(params) -> dict` is given, in
practice the JSON API through Flask's test client, so the score is the score
users get.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

Search = Callable[[dict], dict]


def label(result: dict) -> str:
    """How queries files name a document: 'article', or its narrator's name."""
    if result["type"] == "article":
        return "article"
    return result["people"][0] if result["people"] else result["id"]


def named_in(result: dict) -> list[str]:
    """Everyone a search result names: its people, then its credits (where a
    credited author, whom name search finds too, is listed)."""
    return result["people"] + [c["name"] for c in result.get("credits", [])]


@dataclass
class SectionScore:
    passed: int = 0
    total: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.passed += ok
        if not ok:
            self.failures.append(what)

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 1.0


def _all_labels(search: Search, params: dict) -> list[str]:
    result = search({**params, "per_page": 100})
    return [label(r) for r in result["results"]]


def evaluate(cases: dict, search: Search) -> dict[str, SectionScore]:
    scores = {s: SectionScore() for s in ("names", "negatives", "places", "years", "text")}
    for case in cases.get("names") or []:
        top = search({"name": case["q"], "per_page": 3})["results"][:3]
        ok = any(case["person"] in named_in(r) for r in top)
        scores["names"].add(ok, f"name {case['q']!r} → {case['person']!r}: got {[label(r) for r in top]}")
    for q in cases.get("negatives") or []:
        result = search({"name": q})
        scores["negatives"].add(result["total"] == 0,
                                f"negative {q!r} matched {[label(r) for r in result['results']]}")
    for section, param in (("places", "place"), ("years", "year")):
        for case in cases.get(section) or []:
            got = set(_all_labels(search, {param: case["q"]}))
            if "exact" in case:
                ok = got == set(case["exact"])
            else:
                ok = set(case["includes"]) <= got
            scores[section].add(ok, f"{param} {case['q']!r}: expected {case.get('exact') or case.get('includes')}, "
                                    f"got {sorted(got)}")
    for case in cases.get("text") or []:
        labels = _all_labels(search, {"q": case["q"]})
        if case.get("none"):
            ok = not labels
        else:
            ok = bool(labels) and labels[0] == case["top"]
        scores["text"].add(ok, f"q {case['q']!r}: expected {case.get('top', 'nothing')}, got {labels[:3]}")
    return scores


def load_cases(path: Path) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}


def report(scores: dict[str, SectionScore]) -> str:
    lines = ["| section | passed | total | rate |", "|---|---|---|---|"]
    for name, s in scores.items():
        shown = name if name != "negatives" else "negatives (no false hit)"
        lines.append(f"| {shown} | {s.passed} | {s.total} | {s.rate:.0%} |")
    for s in scores.values():
        lines += [f"FAIL {f}" for f in s.failures]
    return "\n".join(lines)
