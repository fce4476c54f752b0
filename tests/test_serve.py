"""`make serve`: rebuilds with the code and dictionaries as they are now, not as they were when it started; the
warm worker's incremental rebuild gives the site a full build gives; the reload script stays out of site/."""

from __future__ import annotations

import dataclasses
import http.client
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import build_scripts.__main__ as cli
from build_scripts.build import build
from build_scripts.cli import preview, serve
from build_scripts.publish.output import write_marker
from build_scripts.settings import Paths, resolve

from .conftest import ROOT

OTHER = ROOT / "tests" / "fixtures" / "other-country"


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


@pytest.mark.slow
def test_a_rebuild_uses_the_edited_dictionary_and_code(tmp_path):
    paths = _project_copy(tmp_path / "project")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    running = serve.start(paths, port, poll=0.2)
    try:
        page = paths.site / "zh-Hant" / "statements" / "2015-04-20" / "index.html"
        assert _builds(port) == 1 and "巴基斯坦伊斯蘭共和國" in page.read_text(encoding="utf-8")
        # The project's OpenCC phrases: the server process converted with them already (and cached the converter).
        phrases = paths.mkdocs_yml.parent / "build_scripts" / "convert" / "opencc" / "s2tw.txt"
        phrases.write_text(phrases.read_text(encoding="utf-8") + "伊斯兰共和国\t伊斯蘭共合國\n", encoding="utf-8")
        _wait_for_build(port, 1)
        assert "巴基斯坦伊斯蘭共合國" in page.read_text(encoding="utf-8")
        # The generator's code: a module the server process imported before the edit (in a subpackage: the words the
        # theme shows, render/interface.py).
        _edit(paths.mkdocs_yml.parent / "build_scripts" / "render" / "interface.py", '"zh-Hant": "zh_TW"',
              '"zh-Hant": "zh_XX"')
        _wait_for_build(port, 2)
        assert '<meta property="og:locale" content="zh_XX">' in page.read_text(encoding="utf-8")
    finally:
        running.close()


@pytest.mark.slow
def test_a_failed_rebuild_keeps_serving_the_previous_site(tmp_path, capfd):
    paths = _project_copy(tmp_path / "project")
    state = serve._State()
    try:
        serve._rebuild(paths, state)
        assert state.builds == 1
        built = (paths.site / "zh-Hans" / "index.html").read_bytes()
        _edit(paths.source / "manifest.toml", "\n[corpus]\n", "\n[corpus\n")
        serve._rebuild(paths, state)
        assert state.builds == 1 and (paths.site / "zh-Hans" / "index.html").read_bytes() == built
        assert "build failed, still serving the previous site" in capfd.readouterr().err
        line = paths.source.joinpath("manifest.toml").read_text(encoding="utf-8").split("\n").index("[corpus") + 1
        assert state.failures == 1 and state.error and f"manifest.toml:{line}:" in state.error  # what pages show
        _edit(paths.source / "manifest.toml", "\n[corpus\n", "\n[corpus]\n")  # fixed: the same worker builds again
        serve._rebuild(paths, state)
        assert state.builds == 2
    finally:
        state.close()


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _same_tree(preview_site: Path, full_site: Path) -> None:
    ours, full = _tree(preview_site), _tree(full_site)
    assert sorted(ours) == sorted(full)
    assert [rel for rel in full if ours[rel] != full[rel]] == []
    assert not any(serve.RELOAD in data for data in ours.values())  # the reload script is added when served only


@pytest.mark.slow
def test_an_incremental_rebuild_gives_the_site_a_full_build_gives(tmp_path, monkeypatch):
    """The warm worker's rebuild after an edit (MkDocs dirty builds: only changed pages rendered) against a full
    build of the same inputs, every file byte for byte; then an edit that changes the navigation (full builds)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # the worker sets it for MkDocs; undone after the test
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    source = tmp_path / "source"
    shutil.copytree(ROOT / "source", source)
    paths = Paths(ROOT / "mkdocs.yml", source, tmp_path / "served", tmp_path / "unused-docs", tmp_path / "unused-work")
    (tmp_path / "private").mkdir()
    worker = preview.Preview(resolve(paths), tmp_path / "private")
    assert worker.build()["editions"] == {"zh-Hans": "full", "zh-Hant": "full"}
    raw = next(p for p in sorted(source.glob("*.txt")) if "2022年11月" in p.read_text(encoding="utf-8"))
    _edit(raw, "双方重申", "双方重申预览")
    summary = worker.build()
    assert summary["editions"] == {"zh-Hans": "dirty", "zh-Hant": "dirty"}
    assert 0 < summary["files_copied"] < 60  # only what changed reached the served site
    full = dataclasses.replace(paths, site=tmp_path / "full")
    build(full, quiet=True, offline_zip=False)
    assert "双方重申预览" in (paths.site / "zh-Hans" / "statements" / "2022-11-02" / "index.html").read_text(encoding="utf-8")
    _same_tree(paths.site, full.site)
    # A statement's place is in every page's navigation: each edition is built whole again.
    _edit(source / "manifest.toml", 'date = 2022-11-02\nplace = "北京"', 'date = 2022-11-02\nplace = "北京市"')
    assert worker.build()["editions"] == {"zh-Hans": "full", "zh-Hant": "full"}
    assert "北京市" in (paths.site / "zh-Hans" / "index.html").read_text(encoding="utf-8")
    build(full, quiet=True, offline_zip=False)
    _same_tree(paths.site, full.site)
    # Only the config changes (every page's footer links the repository's issues): every page is built again. A worker
    # resolves its settings once, from the environment serve started it in: given to it here as a new worker would be.
    monkeypatch.setenv("REPO_URL", "https://example.org/statements")
    worker.settings = dataclasses.replace(worker.settings, repo_url="https://example.org/statements")
    assert worker.build()["editions"] == {"zh-Hans": "full", "zh-Hant": "full"}
    build(full, quiet=True, offline_zip=False)
    _same_tree(paths.site, full.site)


def test_a_page_reloads_as_soon_as_the_next_build_is_published(tmp_path):
    """/__build?after=N (the reload script's long poll) answers when build N+1 is published, not before."""
    state = serve._State()
    state.builds = 3
    (tmp_path / "index.html").write_text("<html><body>x</body></html>", encoding="utf-8")
    server = serve.http.server.ThreadingHTTPServer(("127.0.0.1", 0), serve.functools.partial(
        serve._Handler, state, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, args=(serve.POLL_S,), daemon=True).start()
    port = server.server_address[1]
    try:
        assert _builds(port) == 3
        answered: list[tuple[float, bytes]] = []
        waiting = threading.Thread(target=lambda: answered.append(
            (time.monotonic(), urllib.request.urlopen(f"http://127.0.0.1:{port}/__build?after=3").read())))
        waiting.start()
        time.sleep(0.5)
        assert answered == []  # still waiting for build 4
        published = time.monotonic()
        with state.published:
            state.builds = 4
            state.published.notify_all()
        waiting.join(5)
        assert answered and answered[0][1] == b"4" and answered[0][0] - published < 0.5
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as r:
            assert serve.RELOAD in r.read()  # added to the page as it is served
        assert serve.RELOAD not in (tmp_path / "index.html").read_bytes()
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def served(tmp_path):
    """The preview's request handler over a small folder, on a free port: (address, state); the state says 3
    builds were published."""
    state = serve._State()
    state.builds = 3
    (tmp_path / "zh-Hans" / "statements").mkdir(parents=True)
    (tmp_path / "zh-Hans" / "statements" / "index.html").write_text('<link href="../assets/x.css"><body>x</body>')
    (tmp_path / "big.bin").write_bytes(os.urandom(1 << 23))
    server = serve.http.server.ThreadingHTTPServer(("127.0.0.1", 0), serve.functools.partial(
        serve._Handler, state, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, args=(serve.POLL_S,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", state
    server.shutdown()
    server.server_close()


@pytest.fixture
def handler_server(served):
    return served[0]


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body, redirects not followed."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


@pytest.mark.parametrize("after", ["²", "٣", "-1", "+1", "1.0", " 1", "1e3", "9" * 5000, "x", "1&after=2"])
def test_a_build_count_that_is_not_ascii_digits_is_a_400_without_a_traceback(handler_server, capfd, after):
    status, _, _ = _get(f"{handler_server}/__build?after={urllib.parse.quote(after, safe='&=')}")
    assert status == 400
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("query, answer", [("", b"3"), ("?after=2", b"3"), ("?after=", b"3")])
def test_a_build_count_in_ascii_digits_is_answered(handler_server, query, answer):
    assert _get(f"{handler_server}/__build{query}")[::2] == (200, answer)


def test_a_page_without_its_trailing_slash_is_redirected_there_as_a_static_host_does(handler_server):
    """Served as it is, the page's relative links (its stylesheet) would resolve one folder up and 404."""
    status, headers, _ = _get(f"{handler_server}/zh-Hans/statements?q=1")
    assert status == 301 and headers["Location"] == "/zh-Hans/statements/?q=1"
    status, _, body = _get(f"{handler_server}/zh-Hans/statements/")
    assert status == 200 and serve.RELOAD in body


def _publish(state: serve._State, ok: bool = True, error: str = "") -> None:
    """What _rebuild does with the worker's reply."""
    with state.published:
        if ok:
            state.builds, state.error = state.builds + 1, None
        else:
            state.failures, state.error = state.failures + 1, error
        state.published.notify_all()


@pytest.mark.parametrize("path", ["/__build?after=3", "/big.bin"], ids=["the reload script's long poll", "a large file"])
def test_a_reader_who_reloads_mid_answer_costs_no_traceback(served, capfd, path):
    """Issue 22: an ordinary reload broke the long poll's connection and the server printed a BrokenPipeError
    traceback when it answered. A closed connection is the reader's business: nothing is printed."""
    url, state = served
    port = int(url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        time.sleep(0.3)  # the long poll waits for build 4; the large file is being sent
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # closed at once, as a tab is
    _publish(state)
    time.sleep(0.5)  # the handler answers into the closed connection
    assert _get(f"{url}/__build")[::2] == (200, b"4")  # still serving
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Error" not in err, err


def test_while_the_last_rebuild_failed_every_page_shows_its_error_over_the_last_good_site(served):
    """Issue 22: a failed rebuild showed nothing in the browser. The reload script's long poll answers a failure
    too, and the page it reloads carries the error (file, line, message) over the page as it was."""
    url, state = served
    error = "source/manifest.toml:5:1: not valid TOML: expected ']' <script>alert(1)</script>"
    waiting: list[bytes] = []
    poll = threading.Thread(target=lambda: waiting.append(_get(f"{url}/__build?after=3")[2]))
    poll.start()
    time.sleep(0.3)
    _publish(state, ok=False, error=error)
    poll.join(5)
    assert waiting == [b"4"]  # the open page reloads
    status, _, body = _get(f"{url}/zh-Hans/statements/")
    assert status == 200 and b"<body>x" in body and serve.RELOAD in body  # the last good page, still reloading
    text = body.decode()
    assert 'role="alert"' in text and "source/manifest.toml:5:1: not valid TOML" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script>alert" not in text  # shown, never run
    status, _, body = _get(f"{url}/zh-Hans/missing/")  # a page the last good site lacks: the error, and the poll
    assert status == 500 and b"source/manifest.toml:5:1" in body and serve.RELOAD in body
    assert _get(f"{url}/zh-Hans/assets/missing.css")[0] == 404  # not a page: as a static host answers
    _publish(state)  # fixed: the next build clears it
    assert b"build-error" not in _get(f"{url}/zh-Hans/statements/")[2] and _get(f"{url}/__build")[2] == b"5"


def test_a_busy_port_is_refused_before_the_site_is_touched(tmp_path, capsys):
    """The port is taken before the first build: a busy port used to cost the existing site its offline zip."""
    site = tmp_path / "site"  # a built site, in short: what a preview build would change, the zip first
    for rel in ("index.html", "downloads/offline-site.zip", "zh-Hans/index.html"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(b"built")
    write_marker(site)
    before = _tree(site)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = cli.main(["serve", "--source", str(OTHER), "--site-dir", str(site), "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert err.splitlines() == [f"error: 127.0.0.1:{port} is in use (another `serve`?): give another --port",
                                f"serve failed: 1 error; {site} is unchanged"]
    assert _tree(site) == before


def _serving(tmp_path: Path, **popen) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "build_scripts", "serve", "--source", str(OTHER), "--site-dir", str(tmp_path / "site"),
           "--port", "0"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, TMPDIR=str(tmp_path)), **popen)
    assert proc.stderr
    deadline = time.monotonic() + 120
    for line in proc.stderr:  # the worker's first build, then the server's line
        if line.startswith("serving http://127.0.0.1:") or time.monotonic() > deadline:
            break
    return proc


@pytest.mark.parametrize("group", [False, pytest.param(True, marks=pytest.mark.slow)],
                         ids=["the server", "its process group (a terminal's Ctrl-C)"])
@pytest.mark.slow  # seconds on its own: the inner loop (make test-fast) leaves it to make test
def test_ctrl_c_stops_serving_with_one_line_and_exit_130(tmp_path, group):
    proc = _serving(tmp_path, start_new_session=True)
    if group:
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in err, err
    assert err.splitlines() == [f"interrupted: stopped serving {tmp_path / 'site'}"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("build_scripts")] == []  # the worker's folder


@pytest.mark.browser
def test_a_failed_rebuild_shows_its_error_in_the_open_page_until_it_is_fixed(tmp_path, browser):
    """`make serve` as a reader sees it in Chromium: a broken manifest, then the fix, with the page left open."""
    from .conftest import tmp_paths

    source = tmp_path / "source"
    shutil.copytree(ROOT / "source", source)
    running = serve.start(tmp_paths(tmp_path, source), 0, poll=0.3)
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{running.port}/zh-Hans/timeline/")
        page.wait_for_timeout(1000)  # the reload script has seen the first build and waits for the next
        manifest = source / "manifest.toml"
        good = manifest.read_text(encoding="utf-8")
        manifest.write_text(good.replace("\n[corpus]\n", "\n[corpus\n", 1), encoding="utf-8")
        line = good.split("\n").index("[corpus]") + 1
        page.wait_for_selector("#build-error", timeout=120_000)
        shown = page.locator("#build-error").inner_text()
        assert f"manifest.toml:{line}:" in shown and "Build failed" in shown, shown
        assert "洪灾后的援助与重建" in page.locator("article").inner_text()  # the last good page, under the error
        manifest.write_text(good, encoding="utf-8")
        page.wait_for_selector("#build-error", state="detached", timeout=120_000)
        page.close()
    finally:
        running.close()
