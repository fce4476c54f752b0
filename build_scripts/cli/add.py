"""`python -m build_scripts add FILE`: a page copy into source/, read and explained, the raw text as received.

The file is read exactly as every build will read it — in a copy of the source folder with the new file and
its manifest entry beside the others, so a clash with a statement already there (the same date) is found
too — and only when it reads does anything reach the source folder: the raw bytes unchanged under a name of
their own (NNN_<first 16 hex digits of their SHA-256>.txt), a [[statement]] entry in manifest.toml holding
what the user said the text lacks (--date, --place, --title), and its line in SHA256SUMS. The user reviews
one diff. A refused file leaves the source folder as it was, and every error says what to add.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from ..errors import SourceError, SourceErrors
from ..publish import interrupt
from ..publish.output import private_dir
from ..read.explain import explain_statement
from ..read.files import read_source_text, regular_file_error, source_files
from ..read.parse import parse_corpus


def add(file: Path, source: Path, date: dt.date | None = None, place: str | None = None, title: str | None = None,
        quotes: dict[str, str | tuple[str, ...]] | None = None) -> str:
    """Add one raw statement to `source`; the explain report of it. SourceErrors naming `file`, and nothing
    written, if it does not read. `quotes`: starts, ends, outside, clause_numbers for the manifest entry."""
    try:
        return _add(file, source, date, place, title, quotes or {})
    except SourceErrors as e:
        raise SourceErrors([dataclasses.replace(x, path=file.resolve(), message=_for_add(x.message))
                            if str(x.path).endswith("_" + _digest(file)[:16] + ".txt") else x for x in e.errors]) from None


# What a manifest entry can hold, and the option of add that writes it.
OPTIONS = {"date": "--date YYYY-MM-DD", "place": "--place …", "title": "--title …", "starts": "--starts QUOTE",
           "ends": "--ends QUOTE", "outside": "--outside QUOTE", "clause_numbers": "--clause-number QUOTE"}


def _for_add(message: str) -> str:
    """The parser's advice names the statement's manifest entry, which add writes from its options (and no file of
    that name is written until the statement reads): each key the advice names is given as the option that sets it."""
    named = [option for key, option in OPTIONS.items() if re.search(rf"(?<![\w-]){key}(?![\w-])", message)]
    if "manifest.toml" not in message or not named:
        return message
    return f"{message} (with add: {', '.join(named)}; add writes the entry)"


def _digest(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


def _add(file: Path, source: Path, date: dt.date | None, place: str | None, title: str | None,
         quotes: dict[str, str | tuple[str, ...]]) -> str:
    refused = regular_file_error(file, file.parent, file.name)
    if refused:
        raise SourceErrors([refused])
    data = file.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    files, _ = source_files(source)
    same = next((f for f in files if hashlib.sha256(f.read_bytes()).digest().hex() == digest), None)
    if same:
        raise SourceErrors([SourceError(file.name, 1, 1, f"already in the source folder as {same.name}: expected a "
                                                         f"statement not yet added")])
    name = f"{len(files):03d}_{digest[:16]}.txt"
    entry = _entry(name, date, place, title, quotes)
    try:  # the one reader of every input (read/files.py): a FIFO or a link out of the folder is refused, never read
        manifest_text = read_source_text(source / "manifest.toml", source, "manifest.toml") if entry else ""
    except SourceError as e:
        raise SourceErrors([e]) from None
    with private_dir("add") as work:  # removed however add ends; if it is killed, by the next run
        trial = work / "source"
        shutil.copytree(source, trial, symlinks=True)
        (trial / name).write_bytes(data)
        if entry:
            (trial / "manifest.toml").write_text(_appended(manifest_text, entry), encoding="utf-8")
        statements = parse_corpus(trial)[1]
    [statement] = [s for s in statements if s.source == name]
    # The text, its entry and its checksum, all three: a signal now is too late to stop it (the CLI would say the
    # source is unchanged), and the add is done within milliseconds.
    with interrupt.deferred(raise_after=False):
        _write(source / name, data)
        if entry:
            _write(source / "manifest.toml", _appended(manifest_text, entry).encode("utf-8"))
        sums = source / "SHA256SUMS"
        if sums.exists():
            _write(sums, sums.read_bytes() + f"{digest}  {name}\n".encode("ascii"))
    return explain_statement(statement)


def _entry(name: str, date: dt.date | None, place: str | None, title: str | None,
           quotes: dict[str, str | tuple[str, ...]]) -> str:
    """The manifest entry of what the user gave, or "" when the text says it all."""
    if date is None and place is None and title is None and not quotes:
        return ""
    lines = ["[[statement]]", f"file = {_toml(name)}"]
    if date is not None:
        lines.append(f"date = {date.isoformat()}")
    if place is not None:
        lines.append(f"place = {_toml(place)}")
    if title is not None:
        lines.append(f"title = {_toml(title)}")
    for key, value in sorted(quotes.items()):
        lines.append(f"{key} = {_toml(value) if isinstance(value, str) else '[' + ', '.join(map(_toml, value)) + ']'}")
    return "\n".join(lines) + "\n"


def _toml(text: str) -> str:
    """A TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(ch if ch >= " " and ch != "\x7f" else f"\\u{ord(ch):04X}" for ch in escaped) + '"'


def _appended(manifest: str, entry: str) -> str:
    if not entry:
        return manifest
    return manifest.rstrip("\n") + "\n\n" + entry


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all: a temporary file beside the target, renamed over it."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
