"""The project's own errors: each points at the source and says what was expected."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class BuildError(Exception):
    """Base of every error the generator reports without a traceback."""


@dataclass
class SourceError(BuildError):
    """Something in a file under source/ is not what the parser expected.

    path is relative to the source directory for the raw files and the
    manifest. line and column count from 1, the column in characters of the
    line as the file has it (whitespace variants included; a leading BOM is not
    a character), so an editor's go-to-line finds the spot. The message quotes
    the offending text with !r and says what was expected.
    """

    path: Path | str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class SourceErrors(BuildError):
    """Every error found in one run, reported together: the manifest's, each file's in name order (at most one
    per statement), then statements that clash."""

    def __init__(self, errors: list[SourceError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class OutputError(BuildError):
    """The build would damage something it does not own (a folder that is not a site it built: UnsafeSiteDir)."""
