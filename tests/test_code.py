"""Properties of the generator's own code: nothing patched at run time, conversion passed in."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from build_scripts import build
from build_scripts.cli import audit
from build_scripts.read.siteconfig import Edition

from .conftest import ROOT, tmp_paths

MODULES = sorted((ROOT / "build_scripts").rglob("*.py"))
ENGINE_PACKAGES = ("mkdocs", "material")  # only the adapters under build_scripts/engines/ may import them
ADAPTERS = ROOT / "build_scripts" / "engines"


def _engine_imports(path: Path) -> list[str]:
    """Absolute imports of MkDocs or Material in one module, anywhere in it (inside functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append((node.lineno, node.module))
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    return [f"{where}:{line}: imports {name}" for line, name in names
            if name.split(".")[0] in ENGINE_PACKAGES]


def _patches(path: Path) -> list[str]:
    """Run-time patching in one module: unittest.mock, setattr on a module, or `module.name = …`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    modules = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)
               for alias in node.names}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("unittest"):
            found.append(f"{path.name}:{node.lineno}: imports from {node.module}")
        if isinstance(node, ast.Import) and any(a.name.startswith("unittest") for a in node.names):
            found.append(f"{path.name}:{node.lineno}: imports unittest")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr" \
                and isinstance(node.args[0], ast.Name) and node.args[0].id in modules:
            found.append(f"{path.name}:{node.lineno}: setattr on module {node.args[0].id}")
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [f"{path.name}:{node.lineno}: assigns {t.value.id}.{t.attr}" for t in targets
                      if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id in modules]
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_production_code_patches_nothing_at_run_time(path):
    assert _patches(path) == []


@pytest.mark.slow
def test_nothing_outside_the_engine_adapters_imports_mkdocs_or_material():
    """The rest of the generator, the tests and the bench see MkDocs only through build_scripts/engines/
    (the bench and tests may run `mkdocs` as a subprocess)."""
    modules = [p for d in ("build_scripts", "tests", "bench") for p in sorted((ROOT / d).rglob("*.py"))]
    assert len(modules) > 60
    assert [f for p in modules if not p.is_relative_to(ADAPTERS) for f in _engine_imports(p)] == []
    assert _engine_imports(ADAPTERS / "mkdocs.py")  # the adapter itself does: the finder sees them


# Who may touch the process's environment: settings.py reads the deploy settings once (Settings, which the command
# line resolves at its start), the engine adapters hand the environment, SOURCE_DATE_EPOCH set, to MkDocs, and
# cache.py finds its file (BUILD_SCRIPTS_CACHE, XDG_CACHE_HOME): a place on this machine that changes no byte of
# any page (tests/test_cache.py), not a setting of the site.
ENVIRONMENT_READERS = ("build_scripts/settings.py", "build_scripts/engines/", "build_scripts/cache.py")


def _environment_uses(path: Path) -> list[str]:
    """Every os.environ or os.getenv in one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [f"{path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path}:{node.lineno}: os.{node.attr}"
            for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "putenv")
            and isinstance(node.value, ast.Name) and node.value.id == "os"]


def test_no_stage_reads_the_environment_the_settings_are_handed_down():
    """SITE_URL, REPO_URL and SOURCE_DATE_EPOCH reach every stage through the one Settings resolved at the start."""
    assert [f for p in MODULES if not p.relative_to(ROOT).as_posix().startswith(ENVIRONMENT_READERS)
            for f in _environment_uses(p)] == []
    assert _environment_uses(ROOT / "build_scripts" / "settings.py")  # the finder sees them


def test_the_engine_import_finder_finds_imports(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import material\nfrom mkdocs.utils import meta\nfrom .engines import mkdocs\n"
                   "def f():\n    import mkdocs.config as c\n", encoding="utf-8")
    assert [line.rsplit(": ", 1)[1] for line in _engine_imports(bad)] == [
        "imports material", "imports mkdocs.utils", "imports mkdocs.config"]


def test_the_patch_finder_finds_patches(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from unittest.mock import patch\nfrom . import build\nimport os\n"
                   "build.converter = None\nsetattr(os, 'sep', '/')\n", encoding="utf-8")
    assert len(_patches(bad)) == 3


@pytest.mark.slow  # a second build of the whole corpus: seconds (make test runs it)
def test_generate_converts_through_the_converter_it_is_given(tmp_path):
    """Each edition gets its converter from convert_for; nothing is taken from a module global."""
    seen: list[str] = []

    def upper(edition: Edition):
        seen.append(edition.lang)
        return (lambda text: text) if edition.opencc is None else (lambda text: "«" + text + "»")

    site = build.generate(tmp_paths(tmp_path), convert_for=upper)
    statements = site.statements
    assert seen == ["zh-Hans", "zh-Hant"]
    hans, hant = site.editions
    assert hans.statements[0].title == statements[0].title
    assert hant.statements[0].title == "«" + statements[0].title + "»"
    assert hant.interface.site_name.startswith("«")
    assert _live(site) == []  # plain data: everything the converter and the templates made is in it as text


PLAIN = (str, bytes, int, float, bool, type(None), dt.date)


def _live(value: object, where: str = "site") -> list[str]:
    """Where a value holds anything but plain data (strings, bytes, numbers, dates; tuples, lists, dicts and
    dataclasses of them): a callable, a template environment, a converter …"""
    if isinstance(value, PLAIN):
        return []
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [w for f in dataclasses.fields(value) for w in _live(getattr(value, f.name), f"{where}.{f.name}")]
    if isinstance(value, tuple | list):
        return [w for i, v in enumerate(value) for w in _live(v, f"{where}[{i}]")]
    if isinstance(value, dict):
        return [w for k, v in value.items() for w in _live(k, f"{where} key") + _live(v, f"{where}[{k!r}]")]
    return [f"{where}: {type(value).__name__}"]


def test_the_plain_data_finder_finds_live_values():
    @dataclasses.dataclass(frozen=True)
    class Holder:
        convert: object
        pages: tuple

    assert _live(Holder(str.upper, ("a", {"b": print}))) == ["site.convert: method_descriptor",
                                                               "site.pages[1]['b']: builtin_function_or_method"]


def test_only_the_engines_package_names_an_engine_adapter(tmp_path):
    """The driver, the preview and the audit reach the engine through its interface (engines.ENGINE), never by an
    adapter's own functions."""
    bad = tmp_path / "bad.py"
    bad.write_text("from .engines import ENGINE, mkdocs\nfrom ..engines.mkdocs import run_mkdocs\n", encoding="utf-8")
    assert _adapter_imports(bad) == ["line 1", "line 2"]
    named = [f"{p.relative_to(ROOT)}: {imp}" for p in MODULES if not p.is_relative_to(ADAPTERS)
             for imp in _adapter_imports(p)]
    assert named == []


def _adapter_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [f"line {node.lineno}" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
            and ((node.module or "").endswith("engines.mkdocs")
                 or ((node.module or "").endswith("engines") and any(a.name == "mkdocs" for a in node.names)))]


def test_the_audit_records_through_the_converter_it_injects(tmp_path):
    given = audit.shown_strings("s2tw", tmp_path, ROOT)
    assert given["首页"] == "首頁" and given["版本"] == "版本"
