"""Live preview: serve site/ on 127.0.0.1 and rebuild when an input changes.

Both editions and the switcher between them work here, which `mkdocs serve`
on a single edition could not show.
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


def _inputs(paths: Paths) -> dict[Path, float]:
    root = paths.mkdocs_yml.parent
    watched = [paths.source, root / "build_scripts", root / "overrides"]
    files = [paths.mkdocs_yml] + [p for d in watched for p in sorted(d.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    return {p: p.stat().st_mtime for p in files}


def _rebuild(paths: Paths) -> None:
    try:
        records = build(paths, quiet=True)
        print(f"rebuilt: {len(records)} clauses", file=sys.stderr)
    except BuildError as e:
        print(f"build failed, still serving the previous site:\n{e}", file=sys.stderr)


def serve(paths: Paths, port: int) -> None:
    _rebuild(paths)
    handler = functools.partial(_QuietHandler, directory=str(paths.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving http://127.0.0.1:{port}/ — edit source/, templates or mkdocs.yml and reload", file=sys.stderr)
    seen = _inputs(paths)
    try:
        while True:
            time.sleep(1)
            now = _inputs(paths)
            if now != seen:
                seen = now
                _rebuild(paths)
    except KeyboardInterrupt:
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass
