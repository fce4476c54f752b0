"""What the generator reads from the source folder: regular files inside it, nothing else, through one reader.

read_source_text is the only way any file of the source folder is read — the raw
statements, manifest.toml, topics.toml, aliases.toml, published.urls, and what
`explain` and `add` read. A symlink pointing outside the folder is refused (its
lines would be quoted in error messages and published), and so is anything that
is not a regular file: a FIFO named x.txt would make `check` wait forever, a
directory named topics.toml would give a traceback. The bytes are decoded by
encoding.decode (UTF-8, anything else an error at file:line:col naming the
encoding the file looks like), and lines are counted as an editor counts them:
only LF, CRLF and CR end a line (encoding.split_lines; str.splitlines would also
split at U+2028, U+0085, a form feed …, which an editor shows inside a line).
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path

from ..errors import SourceError, SourceErrors
from ..text import characters
from .encoding import decode


def regular_file_error(path: Path, folder: Path, name: str) -> SourceError | None:
    """Why `path` may not be read as a source file, or None: it must be a regular file inside `folder`."""
    try:
        info = os.stat(path)  # follows a symlink: what would be read
    except OSError as e:
        return SourceError(name, 1, 1, f"cannot read: {e.strerror}")
    if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
        return SourceError(name, 1, 1, f"a symbolic link to {os.readlink(path)!r}, outside the source folder: "
                                       "expected a regular file inside it (copy the file in)")
    if not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a FIFO" if stat.S_ISFIFO(info.st_mode) else "not a regular file"
        return SourceError(name, 1, 1, f"{kind}: expected a regular text file")
    return None


def present(path: Path) -> bool:
    """Is there anything at `path` (a dangling symlink, a FIFO included)? An input that may be absent is read if so."""
    return os.path.lexists(path)


def optional_text(folder: Path, name: str) -> str | None:
    """The text of source/<name>, an input a corpus may lack: None if nothing is there; SourceErrors if it is not a
    regular text file inside the folder."""
    path = folder / name
    if not present(path):
        return None
    try:
        return read_source_text(path, folder, name)
    except SourceError as e:
        raise SourceErrors([e]) from None


def read_source_text(path: Path, folder: Path, name: str) -> str:
    """The text of one file of the source folder: a SourceError naming `name` unless it is a regular file inside
    `folder`, in UTF-8. The file is opened without blocking and checked again once open, so a FIFO put in its
    place after the check cannot hang the read."""
    refused = regular_file_error(path, folder, name)
    if refused:
        raise refused
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as e:
        raise SourceError(name, 1, 1, f"cannot read: {e.strerror}") from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise SourceError(name, 1, 1, "not a regular file: expected a regular text file")
        try:
            data = f.read()
        except OSError as e:
            raise SourceError(name, 1, 1, f"cannot read: {e.strerror}") from None
    return decode(data, name)


TOML_POSITION = re.compile(r"^(.*) \(at (?:line (\d+), column (\d+)|end of document)\)$", re.S)


def toml_error_at(e: tomllib.TOMLDecodeError, lines: list[str]) -> tuple[int, int, str]:
    """Line, column and reason of tomllib's error, in the terms of an editor showing `lines` (encoding.split_lines).

    tomllib counts lines by LF alone, after reading CRLF as LF, and refuses a CR anywhere else: its line and column
    are the editor's. A character TOML may not hold there is named (U+001B (ESCAPE)) rather than shown raw."""
    m = TOML_POSITION.match(str(e))
    reason = m[1] if m else str(e)
    if m and m[2]:
        line, column = int(m[2]), int(m[3])
    else:  # the end of the document: after its last character, where what is missing (a ]) would go
        line = max((n for n, text in enumerate(lines, 1) if text.strip()), default=1)
        column = len(lines[line - 1]) + 1 if lines else 1
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    at_line_end = column == len(text) + 1 and line < len(lines) and text != lines[-1]
    if 0 < column <= len(text) and characters.unfit(text[column - 1]) is not None:
        reason += f": {characters.describe(text[column - 1])}"
    elif at_line_end and ("'\\r'" in reason or reason.startswith("Expected newline")):
        # tomllib reads no CR as a line end: it names the CR, or finds the statement going on past the line's end
        reason += ": a line that ends in CR alone (expected LF or CRLF line ends in TOML)"
    elif at_line_end and "'\\n'" in reason:  # the line ends inside a one-line string
        reason += ": a string left open at the end of its line (expected its closing quote on the same line)"
    return line, column, reason


def source_files(source_dir: Path, pattern: str = "*.txt") -> tuple[list[Path], list[SourceError]]:
    """The raw statement files, in name order, and an error for every entry matching `pattern` that may not be read."""
    files, errors = [], []
    for path in sorted(source_dir.glob(pattern)):
        refused = regular_file_error(path, source_dir, path.name)
        if refused:
            errors.append(refused)
        else:
            files.append(path)
    return files, errors
