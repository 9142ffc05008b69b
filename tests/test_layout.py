"""The layering of `indexer/`, checked over every import statement.

The corpus is read and checked (corpus, places, text, names), turned into
index records and written as snapshots (index), and queried (search); tools
and the command line stand on top. A package may import its own layer and the
ones below, never one above, so the tree keeps showing the stages.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Each package of indexer/ and the packages it may import (its own always).
MAY_IMPORT = {
    "problems": set(),
    "memos": set(),                 # the package's bounded memos, emptied by long runs
    "names": {"problems"},
    "text": {"problems"},
    "places": {"problems", "names", "text"},
    "corpus": {"problems", "names", "text", "places"},
    "index": {"problems", "memos", "names", "text", "places", "corpus"},
    "importing": {"problems", "names", "text", "places", "corpus"},
    "search": {"problems", "memos", "names", "text", "places", "corpus", "index"},
    "tools": {"problems", "memos", "names", "text", "places", "corpus", "index", "search", "importing", "webapp"},
    "cli": {"problems", "memos", "names", "text", "places", "corpus", "index", "search", "importing", "tools", "webapp"},
}
#: Packages that read and check the corpus: they know nothing of Whoosh or the web app.
#: `text` may use Whoosh's language resources (Snowball stemmers, stop words,
#: accent folding tables), which are data, not the index.
NO_WHOOSH = {"problems", "names", "places", "corpus", "importing"}
TEXT_WHOOSH_RESOURCES = ("whoosh.lang", "whoosh.support.charset")


def _module_name(path: Path, root: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(root).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_package else parts), is_package


def imports_of(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in a file, relative ones resolved."""
    module, is_package = _module_name(path, root)
    package = module.split(".") if is_package else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from . import store` imports a module: check that module, not its package.
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


def layer_of(module: str) -> str | None:
    """The layer of an `indexer` module, `webapp` for the web app, None for anything else."""
    parts = module.split(".")
    if parts[0] == "webapp":
        return "webapp"
    if parts[0] != "indexer" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in MAY_IMPORT else None


def violations(root: Path) -> list[str]:
    """Every import under root/indexer that breaks the layering, as 'file:line: what'."""
    out = []
    for path in sorted((root / "indexer").rglob("*.py")):
        module, _ = _module_name(path, root)
        here = layer_of(module)
        if here is None:
            if module != "indexer":
                out.append(f"{path.relative_to(root)}: not in any layer of {sorted(MAY_IMPORT)}")
            continue
        for line, target in imports_of(path, root):
            where = f"{path.relative_to(root)}:{line}"
            if target.split(".")[0] == "whoosh":
                allowed_resource = here == "text" and target.startswith(TEXT_WHOOSH_RESOURCES)
                if here in NO_WHOOSH or (here == "text" and not allowed_resource):
                    out.append(f"{where}: the {here} layer imports {target}")
                continue
            there = layer_of(target)
            if there is None and target.split(".")[0] == "indexer" and target != "indexer":
                there = layer_of(".".join(target.split(".")[:2]))
            if there is None or there == here:
                continue
            if there not in MAY_IMPORT[here]:
                out.append(f"{where}: the {here} layer imports {target} ({there})")
    return out


def webapp_violations(root: Path) -> list[str]:
    """Imports of the web app that reach the tools or the command line, which stand above it."""
    out = []
    for path in sorted((root / "webapp").rglob("*.py")):
        for line, target in imports_of(path, root):
            if layer_of(target) in ("tools", "cli"):
                out.append(f"{path.relative_to(root)}:{line}: the web app imports {target}")
    return out


def test_layering_holds():
    assert violations(ROOT) == []
    assert webapp_violations(ROOT) == []


def test_the_web_app_importing_a_tool_is_caught(tmp_path):
    (tmp_path / "webapp").mkdir()
    (tmp_path / "webapp" / "views.py").write_text("from indexer.tools import bench\n")
    assert webapp_violations(tmp_path) == ["webapp/views.py:1: the web app imports indexer.tools.bench"]


def test_every_module_is_in_a_layer():
    packages = {p.name for p in (ROOT / "indexer").iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in (ROOT / "indexer").glob("*.py") if p.stem != "__init__"}
    assert packages | modules <= set(MAY_IMPORT)


@pytest.mark.parametrize("file, source, expected", [
    ("indexer/corpus/reader.py", "from ..search.archive import Archive\n", "the corpus layer imports indexer.search"),
    ("indexer/index/build.py", "from indexer.search import compiler\n", "the index layer imports indexer.search"),
    ("indexer/names/match.py", "from whoosh import query\n", "the names layer imports whoosh"),
    ("indexer/text/analysis.py", "from whoosh.analysis import Token\n", "the text layer imports whoosh.analysis"),
    ("indexer/search/archive.py", "import webapp\n", "the search layer imports webapp"),
    ("indexer/places/gazetteer.py", "def f():\n    from ..corpus import model\n", "the places layer imports indexer.corpus"),
])
def test_a_lower_layer_importing_a_higher_one_is_caught(tmp_path, file, source, expected):
    for package in MAY_IMPORT:
        if package not in ("cli", "problems"):
            (tmp_path / "indexer" / package).mkdir(parents=True, exist_ok=True)
            (tmp_path / "indexer" / package / "__init__.py").write_text("")
    (tmp_path / "indexer" / "__init__.py").write_text("")
    (tmp_path / file).write_text(source)
    found = violations(tmp_path)
    assert len(found) == 1 and expected in found[0] and found[0].startswith(file), found


def test_allowed_imports_pass(tmp_path):
    (tmp_path / "indexer" / "search").mkdir(parents=True)
    (tmp_path / "indexer" / "text").mkdir(parents=True)
    (tmp_path / "indexer" / "__init__.py").write_text("")
    (tmp_path / "indexer" / "search" / "archive.py").write_text(
        "from ..index import store\nfrom whoosh import query\nfrom . import docsets\n")
    (tmp_path / "indexer" / "text" / "analysis.py").write_text("from whoosh.lang import stemmer_for_language\n")
    assert violations(tmp_path) == []
