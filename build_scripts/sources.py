"""What the generator reads from the source folder: regular files inside it, nothing else.

A symlink pointing outside the folder is refused (its lines would be quoted in
error messages and published), and so is anything that is not a regular file:
a FIFO named x.txt would make `check` wait forever, a directory named
topics.toml would give a traceback. read_source gathers the statements' and
topics.toml's errors into one report.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import SourceError, SourceErrors
from .link import LinkParams, Topic
from .model import Corpus, Statement


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


def read_source(source_dir: Path) -> tuple[Corpus, list[Statement], tuple[Topic, ...], LinkParams]:
    """Statements and topics, or every error of both in one SourceErrors (manifest's, raw files', topics.toml's)."""
    from .parse import parse_corpus
    from .topics import read_topics

    errors: list[SourceError] = []
    manifest = source_dir / "manifest.toml"
    refused = regular_file_error(manifest, source_dir, manifest.name) if manifest.exists() or manifest.is_symlink() else None
    corpus: Corpus | None = None
    statements: list[Statement] = []
    if refused:
        errors.append(refused)
    else:
        try:
            corpus, statements = parse_corpus(source_dir)
        except SourceErrors as e:
            errors += e.errors
    topics = read_topics(source_dir / "topics.toml")
    errors += topics.errors
    if errors or corpus is None:
        raise SourceErrors(errors)
    return corpus, statements, topics.topics, topics.params
