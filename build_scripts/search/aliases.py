"""source/aliases.toml: words a reader types for words the statements print.

Each group holds terms that mean the same to a reader: an abbreviation and its
full name (南盟 ↔ 南亚区域合作联盟), or a near-synonym (减贫 ↔ 脱贫). A search for
any term of a group also finds the others. Terms are written in the source
script (Simplified); every edition gets them through its own converter.

    groups = [
      ["南盟", "南亚区域合作联盟"],
      ["减贫", "脱贫"],
    ]

Errors point at the term: aliases.toml:LINE:COL: what is wrong, what was expected. The file is read with the
rest of source/ (read/source.py, through the one reader of read/files.py), and its lines counted as an editor
counts them.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ..errors import SourceError, SourceErrors
from ..read.encoding import split_lines
from ..read.files import toml_error_at
from ..text import characters

NAME = "aliases.toml"
TERM = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9·\-]+")
STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
EXAMPLE = 'groups = [["南盟", "南亚区域合作联盟"], ["减贫", "脱贫"]]'


def _string_positions(text: str) -> list[tuple[int, int]]:
    """(line, column) of every quoted string, in file order, comments skipped: the k-th is the k-th term."""
    positions = []
    for lineno, line in enumerate(split_lines(text), start=1):
        at = 0
        while at < len(line):
            quote, hash_ = line.find('"', at), line.find("#", at)
            if quote < 0 or 0 <= hash_ < quote:
                break
            match = STRING.match(line, quote)
            if not match:
                break
            positions.append((lineno, match.start() + 1))
            at = match.end()
    return positions


def parse_aliases(text: str, path: Path | str = NAME) -> tuple[tuple[str, ...], ...]:
    """The groups of aliases.toml, every error collected (SourceErrors) before giving up."""
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        line, col, reason = toml_error_at(e, split_lines(text))
        raise SourceErrors([SourceError(path, line, col, f"not valid TOML: {reason} (at line {line}, column {col}); "
                                                         f"expected e.g. {EXAMPLE}")]) from None
    if set(data) != {"groups"} or not isinstance(data["groups"], list):
        raise SourceErrors([SourceError(path, 1, 1, f"expected exactly one key, groups (a list of lists of terms), "
                                                    f"found {sorted(data)!r}; e.g. {EXAMPLE}")])
    positions = iter(_string_positions(text))
    errors: list[SourceError] = []
    seen: dict[str, tuple[int, int]] = {}
    groups = []
    for number, group in enumerate(data["groups"], start=1):
        if not isinstance(group, list) or not all(isinstance(t, str) for t in group):
            errors.append(SourceError(path, 1, 1, f"group {number}: expected a list of quoted terms, found {group!r}"))
            break  # the string positions no longer line up with the terms
        spots = [next(positions, (1, 1)) for _ in group]
        if len(group) < 2:
            line, col = spots[0] if spots else (1, 1)
            errors.append(SourceError(path, line, col,
                                      f"group {number} {group!r}: expected two terms or more that mean the same"))
        for term, (line, col) in zip(group, spots, strict=True):
            at = characters.unfit(term)
            if at is not None:  # named, as in every input: the rule below would only say it is not a letter
                errors.append(SourceError(path, line, col, f"term {term!r} holds {characters.describe(term[at])}: "
                                                           f"{characters.LINE_EXPECTED}"))
            elif not TERM.fullmatch(term):
                errors.append(SourceError(path, line, col, f"term {term!r}: expected Han characters, letters or digits "
                                                           "with no space or punctuation (a query is cut there)"))
            elif term in seen:
                errors.append(SourceError(path, line, col, f"term {term!r} is already in the group at line "
                                                           f"{seen[term][0]}: expected each term in one group only"))
            else:
                seen[term] = (line, col)
        groups.append(tuple(group))
    if errors:
        raise SourceErrors(errors)
    return tuple(groups)


def load_aliases(text: str | None) -> tuple[tuple[str, ...], ...]:
    """source/aliases.toml's groups, from its text as read (read/source.py); none without the file (a corpus may have
    no aliases yet)."""
    return () if text is None else parse_aliases(text, NAME)
