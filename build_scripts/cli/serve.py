"""Live preview: serve site/ on 127.0.0.1, rebuild when an input changes, and reload open pages.

Both editions and the switcher between them work here, which `mkdocs serve`
on a single edition could not show. Each HTML page served gets a small script
that asks /__build?after=N, which answers as soon as rebuild N+1 has finished
(a long poll; N counts rebuilds published or failed), and reloads the page then.
While the last rebuild failed, every page served carries the error (file, line,
message, as the terminal prints it) over the last good site, which stays. The
script and the error are added as pages are served, never written into site/.
A reader who reloads or closes a page while a request is answered is no error:
the broken connection is dropped silently. Preview builds skip the offline zip.

Rebuilds run in a warm worker process (build_scripts/cli/preview.py: OpenCC, jieba,
templates and MkDocs stay loaded; only changed pages are rendered again by
MkDocs). A change to anything but the source — the generator's code,
templates, OpenCC dictionaries (build_scripts/), the theme (overrides/),
mkdocs.yml — starts a new worker, so what the rebuild uses is always the code
and dictionaries as they are now, never what the server started with.
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import html
import http.server
import json
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from ..errors import BuildError
from ..publish import interrupt
from ..settings import Paths

RELOAD = b"""<script>(function(){var seen=null;function poll(){fetch("/__build"+(seen===null?"":"?after="+seen),
{cache:"no-store"}).then(function(r){return r.text();}).then(function(t){if(seen!==null&&t!==seen){location.reload();
return;}seen=t;poll();}).catch(function(){setTimeout(poll,1000);});}poll();})();</script>"""
LONG_POLL_S = 25  # a /__build?after=N request waits at most this long for build N+1
WORKER_CLOSE_S = 10  # a worker that has not ended this long after its input closed is killed



POLL_S = 0.05  # how often the server looks for a shutdown: stopping waits this long at most (its default, 0.5 s)

class _Worker:
    """One warm build_scripts.cli.preview process, started from the project root so it imports the code as it is now."""

    def __init__(self, paths: Paths) -> None:
        fields = json.dumps({k: str(v) for k, v in dataclasses.asdict(paths).items()})
        # Its own session: a terminal's Ctrl-C reaches the server, which ends the worker by closing its input
        # (the worker then removes its folder), not the worker in the middle of a build with a traceback.
        self.proc = subprocess.Popen([sys.executable, "-m", "build_scripts.cli.preview", fields], cwd=paths.mkdocs_yml.parent,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
                                     start_new_session=True)

    def build(self) -> dict:
        assert self.proc.stdin and self.proc.stdout
        try:
            self.proc.stdin.write("build\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait()
            return {"ok": False, "error": f"the preview worker stopped (exit status {self.proc.returncode}): see above"}
        return json.loads(line)

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()  # end of input: the worker removes its private directory and exits
        try:
            self.proc.wait(WORKER_CLOSE_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()


class _State:
    def __init__(self) -> None:
        self.builds = 0  # rebuilds published
        self.failures = 0  # rebuilds failed (the site then stays as it was)
        self.error: str | None = None  # the last rebuild's error while it is the latest outcome: shown on every page
        self.published = threading.Condition()
        self.worker: _Worker | None = None
        self.last: dict = {}  # the last successful rebuild's summary (times, what it rebuilt): printed, and read by bench

    @property
    def finished(self) -> int:
        """Rebuilds finished, published or failed: what the reload script waits on."""
        return self.builds + self.failures

    def close(self) -> None:
        if self.worker:
            self.worker.close()
            self.worker = None


def _watched(paths: Paths) -> list[Path]:
    """What a rebuild reads: the statements, the generator's code and dictionaries, the theme, the base config."""
    root = paths.mkdocs_yml.parent
    return [paths.source, root / "build_scripts", root / "overrides", paths.mkdocs_yml]


class _Changes(FileSystemEventHandler):
    """Sets `changed` when a watched file is written, created, moved or deleted (not caches or editors' swap files);
    `code` too when the file is not under the source folder."""

    def __init__(self, paths: Paths, changed: threading.Event) -> None:
        self.files = {p for p in _watched(paths) if not p.is_dir()}
        self.dirs = [p for p in _watched(paths) if p.is_dir()]
        self.source = paths.source
        self.changed = changed
        self.code = False

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or event.is_directory:
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            path = Path(str(raw)) if raw else None
            if path and "__pycache__" not in path.parts and not path.name.endswith(("~", ".swp", ".swx")) and (
                    path in self.files or any(path.is_relative_to(d) for d in self.dirs)):
                if not path.is_relative_to(self.source):
                    self.code = True
                self.changed.set()


def _rebuild(paths: Paths, state: _State, restart: bool = False) -> None:
    """One preview build in the warm worker; a new worker first if restart (code changed) or none is running."""
    if restart or state.worker is None or state.worker.proc.poll() is not None:
        state.close()
        state.worker = _Worker(paths)
    reply = state.worker.build()
    with state.published:  # open pages reload either way: onto the new site, or to show the error over the old one
        if reply["ok"]:
            state.builds += 1
            state.last = reply["summary"]
            state.error = None
        else:
            state.failures += 1
            state.error = reply["error"]
        state.published.notify_all()
    if reply["ok"]:
        print(f"rebuilt: {json.dumps(reply['summary'], ensure_ascii=False)}", file=sys.stderr)
    else:
        print(f"build failed, still serving the previous site:\n{reply['error']}", file=sys.stderr)


class PortInUse(BuildError):
    """The preview's port is taken: refused before anything is built or the site touched."""


@dataclass
class Running:
    """A started preview: the server (bound to 127.0.0.1, serving in a thread) and the watcher that rebuilds."""

    server: http.server.ThreadingHTTPServer
    stop: threading.Event
    watcher: threading.Thread

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def close(self) -> None:
        """Stop watching and serving; the warm worker ends (removing its folder) before this returns."""
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()
        self.watcher.join(WORKER_CLOSE_S + 5)


def start(paths: Paths, port: int, poll: float = 0.1) -> Running:
    """Take the port, build, then serve and watch in background threads (Running.close() stops them).

    The port comes first: if it is taken, nothing has been built and the site is as it was. A rebuild starts once
    no change has come for `poll` seconds, so saving several files builds once.
    """
    state = _State()
    handler = functools.partial(_Handler, state, directory=str(paths.site))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            raise PortInUse(f"127.0.0.1:{port} is in use (another `serve`?): give another --port") from None
        raise
    try:
        _rebuild(paths, state)
    except BaseException:  # Ctrl-C during the first build: the port and the worker are let go
        server.server_close()
        state.close()
        raise
    threading.Thread(target=server.serve_forever, args=(POLL_S,), daemon=True).start()
    stop, changed = threading.Event(), threading.Event()
    observer = Observer()
    events = _Changes(paths, changed)
    for target in _watched(paths):
        if target.is_dir():
            observer.schedule(events, str(target), recursive=True)
    observer.schedule(events, str(paths.mkdocs_yml.parent), recursive=False)  # mkdocs.yml (editors replace it)
    observer.start()

    def rebuild_on_change() -> None:
        while not stop.is_set():
            if not changed.wait(0.2):
                continue
            while changed.is_set():  # let a burst of saves settle
                changed.clear()
                time.sleep(poll)
            restart, events.code = events.code, False
            if not stop.is_set():
                _rebuild(paths, state, restart)
        observer.stop()
        state.close()

    watcher = threading.Thread(target=rebuild_on_change, daemon=True)
    watcher.start()
    return Running(server, stop, watcher)


def serve(paths: Paths, port: int) -> None:
    """Serve until interrupted (Ctrl-C, SIGTERM), which ends it as KeyboardInterrupt once everything has stopped."""
    running = start(paths, port)
    try:
        print(f"serving http://127.0.0.1:{running.port}/ — edit source/, templates or mkdocs.yml; "
              f"open pages reload when the rebuild is done", file=sys.stderr)
        while True:
            time.sleep(3600)
    finally:
        with interrupt.deferred():  # stopped whole: the worker's folder removed before the process ends
            running.close()


BUILD_NUMBER = re.compile(r"[0-9]{1,18}")  # ASCII digits only (str.isdigit() takes ² and ٣, which int() refuses)
ERROR_STYLE = ("position:fixed;z-index:10000;left:0;right:0;top:0;max-height:60vh;overflow:auto;margin:0;"
               "padding:1rem 1.5rem;background:#fff3f3;color:#5c0000;border-bottom:4px solid #b00020;"
               "font:14px/1.5 system-ui,sans-serif;box-shadow:0 2px 12px rgba(0,0,0,.3)")


def error_overlay(error: str) -> bytes:
    """What a page shows while the last rebuild failed: the error as the terminal prints it, escaped, over the page."""
    return (f'<div id="build-error" role="alert" lang="en" style="{ERROR_STYLE}">'
            '<strong>Build failed: this is the last good site. Fix the error and save; the page reloads.</strong>'
            '<pre style="white-space:pre-wrap;margin:.5rem 0 0;font:13px/1.45 ui-monospace,monospace">'
            f"{html.escape(error)}</pre></div>").encode()


def error_page(error: str) -> bytes:
    """A page the last good site lacks (the first build failed, say), while the last rebuild failed."""
    return (b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Build failed</title></head><body>'
            + error_overlay(error) + RELOAD + b"</body></html>")


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, state: _State, *args, **kwargs):
        self.state = state
        super().__init__(*args, **kwargs)

    def handle(self) -> None:
        """A reader who reloads or closes the page while it is answered (the long poll above all) breaks the
        connection: nothing to report, no traceback."""
        try:
            super().handle()
        except ConnectionError:  # BrokenPipeError, ConnectionResetError, ConnectionAbortedError
            self.close_connection = True

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/__build":
            after = parse_qs(url.query, keep_blank_values=True).get("after", [""])
            if len(after) != 1 or (after[0] and not BUILD_NUMBER.fullmatch(after[0])):
                return self.send_error(400, "after: expected one build number in ASCII digits")
            return self._send(str(self._wait_for_build(int(after[0]) if after[0] else None)).encode(), "text/plain")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not url.path.endswith("/"):  # as a static host does: 301 to the folder, so relative links resolve
                return super().do_GET()
            path = path / "index.html"
        error = self.state.error
        if path.suffix == ".html" and path.is_file():
            added = (error_overlay(error) if error else b"") + RELOAD
            return self._send(path.read_bytes().replace(b"</body>", added + b"</body>", 1), "text/html; charset=utf-8")
        if error and path.suffix in (".html", "") and not path.exists():
            return self._send(error_page(error), "text/html; charset=utf-8", 500)
        return super().do_GET()

    def _wait_for_build(self, after: int | None) -> int:
        """Rebuilds finished now, or, given after=N, as soon as they exceed N (at most LONG_POLL_S later)."""
        with self.state.published:
            if after is not None:
                self.state.published.wait_for(lambda: self.state.finished > after, LONG_POLL_S)
            return self.state.finished

    def _send(self, body: bytes, kind: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass
