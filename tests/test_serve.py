"""`make serve` rebuilds with the code and dictionaries as they are now, not as they were when it started."""

from __future__ import annotations

import shutil
import socket
import time
import urllib.request
from pathlib import Path

import pytest

from build_scripts import serve
from build_scripts.build import Paths

from .conftest import ROOT

pytestmark = pytest.mark.slow


def _project_copy(root: Path) -> Paths:
    """The generator, theme, config and statements in a directory of their own: the test edits them freely."""
    ignore = shutil.ignore_patterns("__pycache__")
    for name in ("build_scripts", "overrides", "source"):
        shutil.copytree(ROOT / name, root / name, ignore=ignore)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "node_modules").symlink_to(ROOT / "node_modules")  # the vendored search polyfill
    return Paths.at(root)


def _builds(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__build") as r:
        return int(r.read())


def _wait_for_build(port: int, after: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while _builds(port) <= after:
        assert time.monotonic() < deadline, "no rebuild after the change"
        time.sleep(0.2)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_rebuild_uses_the_edited_dictionary_and_code(tmp_path):
    paths = _project_copy(tmp_path / "project")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server, stop = serve.start(paths, port, poll=0.2)
    try:
        page = paths.site / "zh-Hant" / "statements" / "2015-04-20" / "index.html"
        assert _builds(port) == 1 and "巴基斯坦伊斯蘭共和國" in page.read_text(encoding="utf-8")
        # The project's OpenCC phrases: the server process converted with them already (and cached the converter).
        phrases = paths.mkdocs_yml.parent / "build_scripts" / "opencc" / "s2tw.txt"
        phrases.write_text(phrases.read_text(encoding="utf-8") + "伊斯兰共和国\t伊斯蘭共合國\n", encoding="utf-8")
        _wait_for_build(port, 1)
        assert "巴基斯坦伊斯蘭共合國" in page.read_text(encoding="utf-8")
        # The generator's code: a module the server process imported before the edit (in a subpackage, the adapter).
        _edit(paths.mkdocs_yml.parent / "build_scripts" / "engines" / "mkdocs.py", '"zh-Hant": "zh_TW"', '"zh-Hant": "zh_XX"')
        _wait_for_build(port, 2)
        assert '<meta property="og:locale" content="zh_XX">' in page.read_text(encoding="utf-8")
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def test_a_failed_rebuild_keeps_serving_the_previous_site(tmp_path, capfd):
    paths = _project_copy(tmp_path / "project")
    state = serve._State()
    serve._rebuild(paths, state)
    assert state.builds == 1
    built = (paths.site / "zh-Hans" / "index.html").read_bytes()
    _edit(paths.source / "manifest.toml", "\n[corpus]\n", "\n[corpus\n")
    serve._rebuild(paths, state)
    assert state.builds == 1 and (paths.site / "zh-Hans" / "index.html").read_bytes() == built
    assert "build failed, still serving the previous site" in capfd.readouterr().err
