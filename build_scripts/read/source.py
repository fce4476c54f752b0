"""source/ read whole: the statements (with manifest.toml) and topics.toml, every error of both in one report.

This is what a build and `check` call; each file is read by its own module (parse.py, manifest.py, topics.py),
all through the one reader of files.py.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import SourceError, SourceErrors
from ..model import Corpus, LinkParams, Statement, Topic
from .files import regular_file_error
from .parse import parse_corpus
from .topics import read_topics


def read_source(source_dir: Path) -> tuple[Corpus, list[Statement], tuple[Topic, ...], LinkParams]:
    """Statements and topics, or every error of both in one SourceErrors (manifest's, raw files', topics.toml's)."""
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
