"""Live preview: serve site/ on 127.0.0.1, rebuild when an input changes, and reload open pages.

Both editions and the switcher between them work here, which `mkdocs serve`
on a single edition could not show. Each HTML page served gets a small script
that polls /__build and reloads the page when a rebuild has finished. Preview
builds skip the offline zip, so a change shows in seconds.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from pathlib import Path

from .build import Paths, build
from .errors import BuildError

RELOAD = b"""<script>(function(){var seen=null;setInterval(function(){fetch("/__build",{cache:"no-store"})
.then(function(r){return r.text();}).then(function(t){if(seen!==null&&t!==seen)location.reload();seen=t;})
.catch(function(){});},1000);})();</script>"""


class _State:
    def __init__(self) -> None:
        self.builds = 0


def _inputs(paths: Paths) -> dict[Path, float]:
    root = paths.mkdocs_yml.parent
    watched = [paths.source, root / "build_scripts", root / "overrides"]
    files = [paths.mkdocs_yml] + [p for d in watched for p in sorted(d.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    return {p: p.stat().st_mtime for p in files}


def _rebuild(paths: Paths, state: _State) -> None:
    try:
        records = build(paths, quiet=True, offline_zip=False)
        state.builds += 1
        print(f"rebuilt: {len(records)} clauses", file=sys.stderr)
    except BuildError as e:
        print(f"build failed, still serving the previous site:\n{e}", file=sys.stderr)


def start(paths: Paths, port: int, poll: float = 1.0) -> tuple[http.server.ThreadingHTTPServer, threading.Event]:
    """Build, then serve and watch in background threads; set the returned event to stop watching."""
    state = _State()
    _rebuild(paths, state)
    handler = functools.partial(_Handler, state, directory=str(paths.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stop = threading.Event()

    def watch() -> None:
        seen = _inputs(paths)
        while not stop.wait(poll):
            now = _inputs(paths)
            if now != seen:
                seen = now
                _rebuild(paths, state)

    threading.Thread(target=watch, daemon=True).start()
    return server, stop


def serve(paths: Paths, port: int) -> None:
    server, stop = start(paths, port)
    print(f"serving http://127.0.0.1:{server.server_address[1]}/ — edit source/, templates or mkdocs.yml; "
          f"open pages reload when the rebuild is done", file=sys.stderr)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        stop.set()
        server.shutdown()


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, state: _State, *args, **kwargs):
        self.state = state
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if self.path == "/__build":
            return self._send(str(self.state.builds).encode(), "text/plain")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            html = path.read_bytes().replace(b"</body>", RELOAD + b"</body>", 1)
            return self._send(html, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass
