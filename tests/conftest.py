"""Shared fixtures: the real corpus built once into a temporary site, served on 127.0.0.1, and Chromium."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import signal
import threading
import zipfile
from pathlib import Path

import pytest
import yaml

from build_scripts.build import build
from build_scripts.settings import Paths

# `make test` started in the background (nohup … &, a non-interactive shell's `&`) inherits SIGINT ignored, and so would
# every process the tests start: the tests of Ctrl-C need it as a terminal gives it. A Python handler is not inherited
# across exec, so the processes the tests start get the default again.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def update_golden() -> bool:
    return os.environ.get("UPDATE_GOLDEN") == "1"


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/<name>; `make golden` rewrites it for review with git diff."""
    path = GOLDEN / name
    if update_golden():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}: run `make golden` and review the diff"
    assert actual == path.read_text(encoding="utf-8"), f"output differs from {path}; if intended, run `make golden`"


# MkDocs's own reading of front matter (mkdocs.utils.meta.get_data): this pattern, then YAML's safe loader (the C one
# where PyYAML has it). The tests read front matter as MkDocs does without importing MkDocs (tests/test_code.py).
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)


def front_matter(markdown: str) -> tuple[str, dict]:
    """(body, meta) of a generated page as MkDocs reads it: the generated pages must survive this reading."""
    m = FRONT_MATTER.match(markdown)
    if not m:
        return markdown, {}
    try:
        meta = yaml.load(m.group(1), getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return markdown, {}
    return (markdown[m.end():].lstrip("\n"), meta) if isinstance(meta, dict) else (markdown, {})


def tmp_paths(base: Path, source: Path | None = None) -> Paths:
    return Paths(ROOT / "mkdocs.yml", source or ROOT / "source", base / "site", base / "docs", base / "work")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus, built with the real pipeline (mkdocs --strict included) into a temporary site."""
    paths = tmp_paths(tmp_path_factory.mktemp("build"))
    build(paths, quiet=True)
    return paths.site


@pytest.fixture(scope="session")
def clauses(built: Path) -> list[dict]:
    return json.loads((built / "data" / "clauses.json").read_text(encoding="utf-8"))


def unpack(archive: Path, target: Path) -> Path:
    """Unpack an offline zip into target, as a reader does; the one folder it makes (its root: index.html)."""
    with zipfile.ZipFile(archive) as z:
        z.extractall(target)
    made = sorted(p.name for p in target.iterdir())
    assert len(made) == 1 and (target / made[0]).is_dir(), f"the zip unpacks {made[:6]} into the current folder"
    return target / made[0]


@pytest.fixture(scope="session")
def unpacked(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real build's offline zip, unpacked once (tests open it from file:// and never write to it): its folder."""
    return unpack(built / "downloads" / "offline-site.zip", tmp_path_factory.mktemp("offline"))


def clipboard_page(browser, origin: str):
    """A page in a fresh browser context allowed to use the clipboard at `origin` (close its .context when done)."""
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    return context.new_page()


@pytest.fixture(scope="session")
def server(built: Path):
    handler = functools.partial(_Quiet, directory=str(built))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records every request it makes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.requests = []  # type: ignore[attr-defined]
    pg.on("request", lambda r: pg.requests.append(r.url))  # type: ignore[attr-defined]
    yield pg
    context.close()


BROWSER_FIXTURES = frozenset({"browser", "page"})  # a test that asks for either drives Chromium


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses Chromium is marked `browser` by the fixtures it asks for (directly or through another
    fixture), so `make test-fast` (-m "not browser") never starts it, whether or not the test was marked by hand."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
