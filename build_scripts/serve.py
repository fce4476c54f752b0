"""Live preview: serve site/ on 127.0.0.1, rebuild when an input changes, and reload open pages.

Both editions and the switcher between them work here, which `mkdocs serve`
on a single edition could not show. Each HTML page served gets a small script
that polls /__build and reloads the page when a rebuild has finished. Preview
builds skip the offline zip, so a change shows in seconds.

watchdog reports changes; every build runs in a fresh Python process
(`python -m build_scripts.serve PATHS_JSON`), so an edited .py file, template
or OpenCC phrase file (build_scripts/opencc/*.txt, read once and cached per
process) is what the rebuild uses — never the code or dictionary the server
started with.
"""

from __future__ import annotations

import dataclasses
import functools
import http.server
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .build import Paths, build
from .errors import BuildError

RELOAD = b"""<script>(function(){var seen=null;setInterval(function(){fetch("/__build",{cache:"no-store"})
.then(function(r){return r.text();}).then(function(t){if(seen!==null&&t!==seen)location.reload();seen=t;})
.catch(function(){});},1000);})();</script>"""


class _State:
    def __init__(self) -> None:
        self.builds = 0


def _watched(paths: Paths) -> list[Path]:
    """What a rebuild reads: the statements, the generator's code and dictionaries, the theme, the base config."""
    root = paths.mkdocs_yml.parent
    return [paths.source, root / "build_scripts", root / "overrides", paths.mkdocs_yml]


class _Changes(FileSystemEventHandler):
    """Sets `changed` when a watched file is written, created, moved or deleted (not caches or editors' swap files)."""

    def __init__(self, paths: Paths, changed: threading.Event) -> None:
        self.files = {p for p in _watched(paths) if not p.is_dir()}
        self.dirs = [p for p in _watched(paths) if p.is_dir()]
        self.changed = changed

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or event.is_directory:
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            path = Path(str(raw)) if raw else None
            if path and "__pycache__" not in path.parts and not path.name.endswith(("~", ".swp", ".swx")) and (
                    path in self.files or any(path.is_relative_to(d) for d in self.dirs)):
                self.changed.set()


def _rebuild(paths: Paths, state: _State) -> None:
    """One preview build in a fresh interpreter, run from the project root so it imports the code as it is now."""
    fields = {k: str(v) for k, v in dataclasses.asdict(paths).items()}
    result = subprocess.run([sys.executable, "-m", "build_scripts.serve", json.dumps(fields)],
                            cwd=paths.mkdocs_yml.parent, capture_output=True, text=True)
    if result.returncode == 0:
        state.builds += 1
        print(f"rebuilt: {result.stdout.strip()}", file=sys.stderr)
    else:
        print(f"build failed, still serving the previous site:\n{result.stdout}{result.stderr}", file=sys.stderr)


def preview_build(fields: str) -> int:
    """The child's side of _rebuild: build without the offline zip; exit 1 on a build error, printing it."""
    paths = Paths(**{k: Path(v) for k, v in json.loads(fields).items()})
    try:
        records = build(paths, quiet=True, offline_zip=False)
    except BuildError as e:
        print(e)
        return 1
    print(f"{len(records)} clauses")
    return 0


def start(paths: Paths, port: int, poll: float = 0.3) -> tuple[http.server.ThreadingHTTPServer, threading.Event]:
    """Build, then serve and watch in background threads; set the returned event to stop watching.

    A rebuild starts once no change has come for `poll` seconds, so saving several files builds once.
    """
    state = _State()
    _rebuild(paths, state)
    handler = functools.partial(_Handler, state, directory=str(paths.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
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
            if not stop.is_set():
                _rebuild(paths, state)
        observer.stop()

    threading.Thread(target=rebuild_on_change, daemon=True).start()
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


if __name__ == "__main__":
    sys.exit(preview_build(sys.argv[1]))
