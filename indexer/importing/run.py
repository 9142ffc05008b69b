"""`archive import`: received files to drafts in the corpus, all of them or none.

Every file is read and drafted before anything is written: a file that cannot
be read (a damaged DOCX, a PDF without text) or a draft whose name is taken
stops the import with a message naming it, and nothing is written. An import
that fails while writing takes back the drafts it wrote; one killed half-way
leaves only whole drafts (see `writer`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..corpus.reader import GAZETTEER_FILE
from ..places.gazetteer import load_gazetteer
from ..places.mentions import PlaceFinder
from ..problems import Problem
from .draft import draft, slug
from .language import language_and_script
from .readers import Unreadable, read_source
from .sections import lay_out
from .writer import refuse_taken, remove_leftovers, render, write_draft


class ImportFailed(RuntimeError):
    """Nothing was written; `problems` says why, each naming its file."""

    def __init__(self, problems: list):
        super().__init__(f"{len(problems)} problem(s): nothing was written")
        self.problems = problems


@dataclass
class Drafted:
    path: Path
    meta: dict
    body: str
    source: Path


@dataclass
class Importer:
    """Drafts with the corpus's gazetteer (places found the way the index finds them)."""

    corpus: Path
    gazetteer: object = None
    finder: PlaceFinder | None = None
    problems: list = field(default_factory=list)

    def __post_init__(self):
        gazetteer, problems = load_gazetteer(Path(self.corpus) / GAZETTEER_FILE)
        self.gazetteer = gazetteer
        self.finder = PlaceFinder(gazetteer) if gazetteer.places else None
        if problems and not gazetteer.places:
            raise ImportFailed(problems)

    def drafts_of(self, path: Path, out_dir: Path) -> list[Drafted]:
        """The drafts one file gives: an article and one testimony per narrator it holds."""
        source = read_source(path)
        text = "\n".join(source["paragraphs"])
        language, _ = language_and_script(text)
        layout = lay_out(source, language, self.finder)
        if not layout.parts:
            raise Unreadable(f"{path}: no text to draft from")
        published = layout.published or date.fromtimestamp(path.stat().st_mtime)
        base = slug(path.stem)
        out, first_id = [], None
        for i, part in enumerate(layout.parts):
            doc_id = base if i == 0 else f"{base}-{slug(part.narrator or str(i))}"
            meta = draft(part, layout, doc_id=doc_id, part_of=first_id if i else None, finder=self.finder,
                         received=path.name, published=published)
            first_id = first_id or (doc_id if len(layout.parts) > 1 else None)
            out.append(Drafted(out_dir / f"{doc_id}.md", meta, "\n\n".join(part.paragraphs), path))
        return out

    def plan(self, paths: list[Path], out_dir: Path) -> list[Drafted]:
        """Every draft of every file; ImportFailed (naming each file) if any cannot be drafted."""
        drafted, problems = [], []
        for path in paths:
            try:
                drafted += self.drafts_of(Path(path), out_dir)
            except Unreadable as exc:
                problems.append(Problem(Path(path), None, str(exc).removeprefix(f"{path}: ")))
        seen: dict[Path, Path] = {}
        for d in drafted:
            if d.path in seen:
                problems.append(Problem(d.source, None, f"drafts {d.path.name} as {seen[d.path].name} does: "
                                                        "import one of them into another folder with --out"))
            seen.setdefault(d.path, d.source)
        if problems:
            raise ImportFailed(problems)
        return drafted

    def write(self, drafted: list[Drafted]) -> list[Path]:
        """Write the drafts (none exists yet, checked first); the paths written."""
        for folder in {d.path.parent for d in drafted}:
            if folder.is_dir():
                remove_leftovers(folder)
        refuse_taken([d.path for d in drafted])
        written = []
        try:
            for d in drafted:
                problems = write_draft(d.path, render(d.meta, d.body), self.gazetteer)
                if problems:
                    raise ImportFailed([Problem(d.source, None, f"its draft {d.path.name}: {p.message}")
                                        for p in problems])
                written.append(d.path)
        except BaseException:
            _take_back(written)
            raise
        return written


def _take_back(written: list[Path]) -> None:
    """Remove the drafts an import wrote before it failed: each was linked in by that import
    (a link never replaces a file), so nothing else is touched and the corpus is as it was."""
    for path in written:
        try:
            path.unlink()
        except OSError:
            pass
