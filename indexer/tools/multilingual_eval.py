"""Score multilingual full text on a cases file (documents + cases, scored per tier).

The file (the shared `dev-eval/multilingual.yaml`) says how it is run: each of
its documents is added to a copy of the bundled corpus as a testimony whose
front matter gives only its id, language, narrator and `places: [Kazakhstan]`
(so places, years and words can only come from the text), the copy is
indexed, and every case asks /api/search with its q= / place= / year= and
per_page=100. A case scores the share of its `includes` among the results; a
`none` case scores 1 when nothing comes back. A case may also list `excludes`,
documents that must not come back (a word whose own stem is found elsewhere,
but whose expansion must not bring these): one of them among the results
scores the case 0. A tier's score is the mean of its cases'.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

Search = Callable[[dict], dict]
#: The parameters of /api/search a case may set.
CASE_PARAMS = ("q", "place", "year")


@dataclass
class TierScore:
    scores: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return sum(self.scores) / len(self.scores) if self.scores else 1.0


def load_cases(path: Path) -> dict:
    """The documents and cases of a cases file, checked enough to name what is wrong."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read the cases: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise ValueError(f"{path}: expected a mapping with 'documents' and 'cases' lists")
    for number, case in enumerate(data["cases"], 1):
        if not isinstance(case, dict) or "tier" not in case or not any(p in case for p in CASE_PARAMS):
            raise ValueError(f"{path}: case {number} needs a tier and one of {', '.join(CASE_PARAMS)}")
        if not case.get("none") and not case.get("includes") and not case.get("excludes"):
            raise ValueError(f"{path}: case {number} needs 'includes', 'excludes' or 'none: true'")
    for number, doc in enumerate(data.get("documents") or [], 1):
        missing = [k for k in ("id", "language", "text") if not doc.get(k)]
        if missing:
            raise ValueError(f"{path}: document {number} lacks {', '.join(missing)}")
    return data


def document_file(doc: dict) -> str:
    """A case document as a corpus file: only id, language, narrator and Kazakhstan.

    The corpus format requires a title and a source; the title is the
    narrator's name (already in the document) and the source names the cases.
    """
    narrator = doc.get("narrator") or doc["id"]
    meta = {
        "id": doc["id"], "type": "testimony", "title": narrator, "language": doc["language"],
        "access": "public",
        "source": {"title": "Multilingual development cases", "publisher": "Testimony archive",
                   "published": "2024-01-01"},
        "people": [{"name": narrator, "role": "narrator"}],
        "places": ["Kazakhstan"],
    }
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + doc["text"] + "\n"


def write_corpus(cases: dict, bundled: Path, dest: Path) -> Path:
    """A copy of the bundled corpus in `dest` with the cases' documents added."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(bundled, dest)
    for doc in cases.get("documents") or []:
        (dest / "documents" / f"{doc['id']}.md").write_text(document_file(doc), encoding="utf-8")
    return dest


def evaluate(cases: dict, search: Search) -> dict[str, TierScore]:
    """Per tier, in the order the file gives them: each case's score and every miss."""
    tiers: dict[str, TierScore] = {}
    for case in cases["cases"]:
        params = {p: case[p] for p in CASE_PARAMS if p in case}
        asked = " ".join(f"{k}={v}" for k, v in params.items())
        answer = search({**params, "per_page": 100})
        tier = tiers.setdefault(case["tier"], TierScore())
        if "results" not in answer:
            tier.scores.append(0.0)
            tier.misses.append(f"{case['tier']}: {asked}: the search failed: {answer.get('error', answer)}")
            continue
        found = [r["id"] for r in answer["results"]]
        if case.get("none"):
            tier.scores.append(float(not found))
            if found:
                tier.misses.append(f"{case['tier']}: {asked}: expected nothing, got {found[:5]}")
            continue
        wrong = [d for d in case.get("excludes") or () if d in found]
        if wrong:
            tier.scores.append(0.0)
            tier.misses.append(f"{case['tier']}: {asked}: false hits {wrong}")
            continue
        wanted = case.get("includes") or []
        missing = [d for d in wanted if d not in found]
        tier.scores.append(1 - len(missing) / len(wanted) if wanted else 1.0)
        if missing:
            tier.misses.append(f"{case['tier']}: {asked}: missed {missing}")
    return tiers


def report(tiers: dict[str, TierScore]) -> str:
    """The per-tier table, then every miss."""
    lines = ["| tier | cases | score |", "|---|---|---|"]
    lines += [f"| {name} | {len(t.scores)} | {t.rate:.2f} |" for name, t in tiers.items()]
    total = [s for t in tiers.values() for s in t.scores]
    lines.append(f"| overall | {len(total)} | {sum(total) / max(len(total), 1):.2f} |")
    lines += [f"MISS {m}" for t in tiers.values() for m in t.misses]
    return "\n".join(lines)


def run(cases_path: Path, bundled: Path, workdir: Path) -> dict[str, TierScore]:
    """Build the corpus copy and its index under `workdir`, then score the cases."""
    from webapp import create_app

    from ..index.build import build_index

    cases = load_cases(cases_path)
    corpus = write_corpus(cases, bundled, workdir / "corpus")
    index = workdir / "index"
    if index.exists():
        shutil.rmtree(index)
    build_index(corpus, index, show_progress=False, workers=1)
    app = create_app({"INDEX_DIR": str(index), "TESTING": True, "SECRET_KEY": "eval",
                      "USERS_DB": str(workdir / "users.sqlite3")})
    client = app.test_client()
    return evaluate(cases, lambda params: client.get("/api/search", query_string=params).get_json())
